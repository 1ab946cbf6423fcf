"""Cases: police report numbers, stages and their dates, places, verdict, restitution, suspects and victims."""

import frappe
from frappe import _
from frappe.utils import flt, getdate, today

from tppo_app.case_management import rules


class DuplicatePoliceReportError(frappe.ValidationError):
	pass


class FutureStageDateError(frappe.ValidationError):
	pass


class MissingStageDateError(frappe.ValidationError):
	pass


class StageOrderError(frappe.ValidationError):
	pass


class VerdictBeforeProsecutionError(frappe.ValidationError):
	pass


class InvalidVerdictError(frappe.ValidationError):
	pass


class RestitutionError(frappe.ValidationError):
	pass


class InvalidPlaceError(frappe.ValidationError):
	pass


class DuplicateCaseVictimError(frappe.ValidationError):
	pass


def normalise_report_number(number: str) -> str:
	"""LP numbers are compared without case or spacing differences: "lp/b/12 /xi/2024" → "LP/B/12/XI/2024"."""
	parts = [part.strip() for part in (number or "").upper().split("/")]
	return "/".join(" ".join(part.split()) for part in parts)


def validate_report_number(doc) -> None:
	doc.police_report_number = normalise_report_number(doc.police_report_number)
	case = frappe.qb.DocType("TPPO Case")
	other = (
		frappe.qb.from_(case)
		.select(case.name)
		.where((case.police_report_number == doc.police_report_number) & (case.name != (doc.name or "")))
		.limit(1)
		.run()
	)
	if other and frappe.has_permission("TPPO Case", doc=other[0][0]):
		frappe.throw(
			_("Police report {0} is already recorded as case {1}.").format(
				frappe.bold(doc.police_report_number), frappe.bold(other[0][0])
			),
			DuplicatePoliceReportError,
			title=_("Case already recorded"),
		)
	if other:
		# Recorded by a region the user cannot see: say neither where nor by whom.
		frappe.throw(
			_(
				"This police report number cannot be used here. If the case is handled elsewhere, ask the national admin."
			),
			DuplicatePoliceReportError,
			title=_("Case already recorded"),
		)
	if getdate(doc.police_report_date) > getdate(today()):
		frappe.throw(
			_("The police report date, {0}, lies in the future.").format(
				frappe.format(getdate(doc.police_report_date), "Date")
			),
			FutureStageDateError,
			title=_("Invalid date"),
		)


def stage_dates(doc) -> dict:
	return {
		stage: doc.get(fieldname) and getdate(doc.get(fieldname))
		for stage, fieldname in rules.STAGE_DATE_FIELDS.items()
	}


def _date(value) -> str:
	return frappe.format(value, "Date")


def validate_stages(doc) -> None:
	"""Stages in order, each reached stage dated, no later stage before an earlier one, no verdict before the
	prosecution, nothing in the future."""
	problems = rules.stage_problems(doc.stage, stage_dates(doc), getdate(today()))
	if not problems:
		doc.case_status = "Closed" if rules.case_is_closed(doc.stage) else "Open"
		return
	code, *values = problems[0]
	label = _(values[0]) if values else ""
	if code == "future_date":
		message, error = (
			_("The {0} date, {1}, lies in the future.").format(label, _date(values[1])),
			FutureStageDateError,
		)
	elif code == "missing_stage_date":
		message, error = (
			_("The case is at stage {0}: enter the date it reached that stage.").format(frappe.bold(label)),
			MissingStageDateError,
		)
	elif code == "date_beyond_stage":
		message, error = (
			_(
				"The case is at stage {0} but has a date for {1}, a later stage. Move the stage on or clear that date."
			).format(frappe.bold(_(values[1])), frappe.bold(label)),
			StageOrderError,
		)
	elif code == "stopped_after_p21":
		message, error = (
			_(
				"A case is stopped (SP3) during inquiry or investigation; this one has a date for {0}. Clear it or choose another stage."
			).format(frappe.bold(label)),
			StageOrderError,
		)
	elif code == "verdict_without_prosecution":
		message, error = (
			_("A {0} needs a prosecution before it: enter the prosecution date.").format(label.lower()),
			VerdictBeforeProsecutionError,
		)
	elif code == "final_without_verdict":
		message, error = (
			_("A final verdict needs the first verdict's date."),
			VerdictBeforeProsecutionError,
		)
	elif code == "stage_order":
		later, later_date, earlier, earlier_date = values
		message = _("{0} ({1}) cannot come before {2} ({3}).").format(
			frappe.bold(_(later)), _date(later_date), frappe.bold(_(earlier)), _date(earlier_date)
		)
		error = VerdictBeforeProsecutionError if earlier == "Prosecution" else StageOrderError
	else:
		message, error = _("{0} is not a stage of a case.").format(frappe.bold(label)), StageOrderError
	frappe.throw(message, error, title=_("Invalid stage"))


def validate_verdict(doc) -> None:
	if doc.verdict and not doc.verdict_date:
		frappe.throw(
			_("Enter the verdict's date, or clear the verdict."),
			InvalidVerdictError,
			title=_("Invalid verdict"),
		)
	if doc.verdict_date and not doc.verdict:
		frappe.throw(
			_("The case has a verdict date: choose the verdict."),
			InvalidVerdictError,
			title=_("Invalid verdict"),
		)
	if doc.verdict != "Convicted":
		doc.sentence_months = 0
		doc.fine_amount = 0
	if (doc.sentence_months or 0) < 0 or flt(doc.fine_amount) < 0:
		frappe.throw(
			_("A sentence and a fine cannot be negative."), InvalidVerdictError, title=_("Invalid verdict")
		)


def validate_restitution(doc) -> None:
	amounts = {
		_("Assessed (LPSK)"): doc.restitution_assessed,
		_("Claimed (Indictment)"): doc.restitution_claimed,
		_("Ordered (Court)"): doc.restitution_ordered,
		_("Paid"): doc.restitution_paid,
	}
	for label, amount in amounts.items():
		if flt(amount) < 0:
			frappe.throw(
				_("Restitution {0} cannot be negative.").format(label),
				RestitutionError,
				title=_("Invalid restitution"),
			)
	if flt(doc.restitution_ordered) and doc.verdict != "Convicted":
		frappe.throw(
			_("Restitution is ordered with a conviction: record the verdict first."),
			RestitutionError,
			title=_("Invalid restitution"),
		)
	if flt(doc.restitution_paid) > flt(doc.restitution_ordered) and flt(doc.restitution_ordered):
		frappe.throw(
			_("More restitution is recorded as paid ({0}) than the court ordered ({1}).").format(
				frappe.format(doc.restitution_paid, "Currency"),
				frappe.format(doc.restitution_ordered, "Currency"),
			),
			RestitutionError,
			title=_("Invalid restitution"),
		)
	if flt(doc.restitution_paid) and not doc.restitution_paid_date:
		frappe.throw(
			_("Enter the date the restitution was paid."), RestitutionError, title=_("Invalid restitution")
		)
	if doc.restitution_paid_date and getdate(doc.restitution_paid_date) > getdate(today()):
		frappe.throw(
			_("The restitution payment date lies in the future."),
			RestitutionError,
			title=_("Invalid restitution"),
		)


def validate_places(doc) -> None:
	for prefix, label in (
		("origin", _("Origin")),
		("transit", _("Transit")),
		("destination", _("Destination")),
	):
		country = doc.get(f"{prefix}_country")
		if doc.get(f"{prefix}_region") and country and country != "Indonesia":
			frappe.throw(
				_("{0}: a place is either a region of Indonesia or a country abroad, not both.").format(
					label
				),
				InvalidPlaceError,
				title=_("Invalid place"),
			)


def validate_people(doc) -> None:
	seen = set()
	before = doc.get_doc_before_save()
	listed_before = {r.victim for r in before.victims} if before else set()
	for row in doc.victims:
		if row.victim in seen:
			frappe.throw(
				_("Row {0}: victim {1} is listed twice.").format(row.idx, frappe.bold(row.victim)),
				DuplicateCaseVictimError,
				title=_("Duplicate victim"),
			)
		seen.add(row.victim)
		if row.victim not in listed_before and not frappe.has_permission("Victim", doc=row.victim):
			# Link validation does not check User Permissions: without this, a case could list (and learn
			# about) a victim handled by another region.
			frappe.throw(
				_("Row {0}: victim {1} cannot be linked here. Ask the national admin.").format(
					row.idx, frappe.bold(row.victim)
				),
				frappe.PermissionError,
				title=_("Not permitted"),
			)
		row.sex, row.age_group = frappe.db.get_value("Victim", row.victim, ["sex", "age_group"])
	doc.number_of_victims = len(doc.victims)
	doc.number_of_suspects = len(doc.suspects)


def set_exploitation_form(doc) -> None:
	if doc.modus and not doc.exploitation_form:
		doc.exploitation_form = frappe.db.get_value("Trafficking Modus", doc.modus, "exploitation_form")
