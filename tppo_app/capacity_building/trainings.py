"""Trainings: dates, participants and their scores, and the connection to the action plan item they serve."""

import frappe
from frappe import _
from frappe.utils import flt, getdate

from tppo_app.case_management import rules


class InvalidTrainingDatesError(frappe.ValidationError):
	pass


class InvalidParticipantError(frappe.ValidationError):
	pass


class InvalidScoreError(frappe.ValidationError):
	pass


def validate_dates(doc) -> None:
	if getdate(doc.end_date) < getdate(doc.start_date):
		frappe.throw(
			_("The training ends ({0}) before it starts ({1}).").format(
				frappe.format(getdate(doc.end_date), "Date"), frappe.format(getdate(doc.start_date), "Date")
			),
			InvalidTrainingDatesError,
			title=_("Invalid dates"),
		)


def validate_participants(doc) -> None:
	"""Each participant is a task force member or a named person, once, with scores from 0 to 100."""
	seen = set()
	for row in doc.participants:
		if row.task_force_member:
			if not frappe.has_permission("Task Force Member", doc=row.task_force_member):
				# Link validation does not check scope: a member of another region is not copied here.
				frappe.throw(
					_("Row {0}: task force member {1} cannot be chosen here.").format(
						row.idx, frappe.bold(row.task_force_member)
					),
					frappe.PermissionError,
					title=_("Not permitted"),
				)
			member = frappe.db.get_value(
				"Task Force Member", row.task_force_member, ["full_name", "agency", "position"], as_dict=True
			)
			row.participant_name = row.participant_name or member.full_name
			row.agency = row.agency or member.agency
			row.position = row.position or member.position
		row.participant_name = " ".join((row.participant_name or "").split())
		if not row.participant_name:
			frappe.throw(
				_("Row {0}: choose a task force member or type the participant's name.").format(row.idx),
				InvalidParticipantError,
				title=_("Participant missing"),
			)
		key = row.task_force_member or row.participant_name.lower()
		if key in seen:
			frappe.throw(
				_("Row {0}: {1} is listed twice.").format(row.idx, frappe.bold(row.participant_name)),
				InvalidParticipantError,
				title=_("Duplicate participant"),
			)
		seen.add(key)
		for _code, label, value in rules.score_problems(flt(row.pre_test_score), flt(row.post_test_score)):
			frappe.throw(
				_("Row {0}: the {1} score must lie between 0 and 100, not {2}.").format(
					row.idx, _("pre-test") if label == "pre" else _("post-test"), value
				),
				InvalidScoreError,
				title=_("Invalid score"),
			)


def tested(row) -> bool:
	"""A participant with both scores at 0 took no test."""
	return bool(flt(row.pre_test_score) or flt(row.post_test_score))


def set_totals(doc) -> None:
	doc.participant_count = len(doc.participants)
	doc.female_participants = sum(1 for row in doc.participants if row.sex == rules.FEMALE)
	doc.male_participants = sum(1 for row in doc.participants if row.sex == rules.MALE)
	scored = [(flt(row.pre_test_score), flt(row.post_test_score)) for row in doc.participants if tested(row)]
	doc.average_pre_test = round(sum(p for p, _post in scored) / len(scored), 1) if scored else 0
	doc.average_post_test = round(sum(post for _p, post in scored) / len(scored), 1) if scored else 0
	doc.average_score_gain = rules.score_gain(scored) or 0
