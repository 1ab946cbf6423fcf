"""Recommendations of coordination meetings and their follow-up: rules on save, the overdue flag, reminders
before the due date and escalation to the task force's secretariat once overdue.

"Rakor ini bukan untuk mengumpulkan rekomendasi saja. Setiap rekomendasi harus berubah menjadi langkah
nyata." (seed 001): every recommendation has an owner, a due date and progress updates.

Reminders use the small-record pattern of Reporting Reminder rather than a Notification with "Days Before"
on the due date. The daily job (`send_follow_up_reminders`) writes one Recommendation Reminder per
recommendation, kind and due date; an editable Notification on a new Recommendation Reminder tells its
recipients (installed once by tppo_app.coordination.notifications). Why not "Days Before"/"Days After":
- a "Days Before" notification fires only on the exact day: a scheduler that missed that day never reminds,
  while the job here catches up anything now within the window, and never reminds twice (the record is the
  proof) unless the due date is postponed;
- the people to tell are computed, not a field or a role: the responsible person's user (or their member
  record's user) for a reminder, the task force's secretariat for an escalation, falling back to the region's
  admins or focal points. Notification "receiver by role" would reach every region's users;
- the records are the trail of who was reminded and escalated to, and when, in the recommendation's links;
- admins still edit the wording, the channel and any condition in the two Notification records, and the
  number of days before the due date in TPPO Settings (the same setting as the reporting reminders).
"""

import frappe
from frappe import _
from frappe.utils import getdate, today

from tppo_app.coordination import rules
from tppo_app.roles import DISTRICT_FOCAL_POINT, NATIONAL_ADMIN, PROVINCIAL_ADMIN


class InvalidDueDateError(frappe.ValidationError):
	pass


class MissingProgressError(frappe.ValidationError):
	pass


class MissingDropReasonError(frappe.ValidationError):
	pass


class CancelledMeetingError(frappe.ValidationError):
	pass


class InvalidProgressUpdateError(frappe.ValidationError):
	pass


REMINDER, ESCALATION = "Reminder", "Escalation"


# ---- on save ----------------------------------------------------------------------------------------------


def validate_meeting(doc) -> None:
	if not (doc.is_new() or doc.has_value_changed("meeting")):
		return
	if frappe.db.get_value("Coordination Meeting", doc.meeting, "docstatus") == 2:
		frappe.throw(
			_("Meeting {0} was cancelled; add the recommendation to its amendment.").format(
				frappe.bold(doc.meeting)
			),
			CancelledMeetingError,
			title=_("Meeting cancelled"),
		)


def validate_due_date(doc) -> None:
	meeting_date = frappe.db.get_value("Coordination Meeting", doc.meeting, "meeting_date")
	doc.meeting_date = meeting_date
	if doc.due_date and meeting_date and getdate(doc.due_date) < getdate(meeting_date):
		frappe.throw(
			_(
				"The due date ({0}) is before the meeting ({1}). Choose a date on or after the meeting."
			).format(
				frappe.bold(frappe.format(doc.due_date, "Date")),
				frappe.bold(frappe.format(meeting_date, "Date")),
			),
			InvalidDueDateError,
			title=_("Invalid due date"),
		)


def set_responsible(doc) -> None:
	"""The responsible member's agency and user fill the agency and user when those are empty (the user
	follows a change of member)."""
	if not doc.responsible_member:
		return
	member = frappe.db.get_value(
		"Task Force Member", doc.responsible_member, ["agency", "user"], as_dict=True
	)
	doc.responsible_agency = doc.responsible_agency or member.agency
	if member.user and (not doc.responsible_user or doc.has_value_changed("responsible_member")):
		doc.responsible_user = member.user


def taking_part(doc) -> list[str]:
	"""The task forces of the recommendation's meeting: its own and, for a joint meeting, every one taking part."""
	task_forces = {doc.task_force} - {None, ""}
	if doc.meeting:
		task_forces |= set(
			frappe.get_all(
				"Coordination Meeting Task Force",
				filters={"parent": doc.meeting, "parenttype": "Coordination Meeting"},
				pluck="task_force",
			)
		)
		task_forces.add(frappe.db.get_value("Coordination Meeting", doc.meeting, "task_force"))
	return sorted(task_forces - {None, ""})


def validate_responsible(doc) -> None:
	"""The responsible member and user belong to a task force taking part: the recommendation is shared with
	the responsible user, so anyone else would be handed another region's record."""
	allowed = taking_part(doc)
	if doc.responsible_member and (
		frappe.db.get_value("Task Force Member", doc.responsible_member, "task_force") not in allowed
	):
		frappe.throw(
			_("The responsible member must belong to a task force taking part in the meeting."),
			frappe.ValidationError,
			title=_("Not a member"),
		)
	if doc.responsible_user and not frappe.db.exists(
		"Task Force Member", {"user": doc.responsible_user, "task_force": ("in", allowed), "is_active": 1}
	):
		frappe.throw(
			_("The responsible user must be an active member of a task force taking part in the meeting."),
			frappe.ValidationError,
			title=_("Not a member"),
		)


def stamp_progress_updates(doc) -> None:
	meeting_date = getdate(doc.meeting_date) if doc.meeting_date else None
	today_date = getdate(today())
	for row in doc.progress_updates:
		row.note = (row.note or "").strip()
		if not row.updated_by:
			row.updated_by = frappe.session.user
		update_date = getdate(row.update_date)
		if update_date > today_date or (meeting_date and update_date < meeting_date):
			frappe.throw(
				_("Progress update row {0}: the date {1} must fall between the meeting and today.").format(
					row.idx, frappe.bold(frappe.format(row.update_date, "Date"))
				),
				InvalidProgressUpdateError,
				title=_("Invalid date"),
			)


def validate_status(doc) -> None:
	if doc.status == rules.DONE and not any(row.note for row in doc.progress_updates):
		frappe.throw(
			_(
				"Add at least one progress update saying what was done before marking the recommendation Done."
			),
			MissingProgressError,
			title=_("Progress update required"),
		)
	if doc.status == rules.DROPPED and not (doc.drop_reason or "").strip():
		frappe.throw(
			_("Write why the recommendation is dropped."), MissingDropReasonError, title=_("Reason required")
		)


def set_computed(doc) -> None:
	today_date = getdate(today())
	doc.is_overdue = int(rules.is_overdue(doc.status, getdate(doc.due_date), today_date))
	if doc.status == rules.DONE:
		doc.completed_on = doc.completed_on or today_date
	else:
		doc.completed_on = None
	dates = [getdate(row.update_date) for row in doc.progress_updates if row.update_date]
	doc.last_update_on = max(dates) if dates else None


def share_with_responsible(doc) -> None:
	"""The responsible user may update the recommendation (a write share), whatever their role; a replaced
	one loses that share."""
	before = doc.get_doc_before_save()
	previous = before and before.responsible_user
	if previous and previous != doc.responsible_user:
		frappe.share.remove(doc.doctype, doc.name, previous, flags={"ignore_share_permission": True})
	if doc.responsible_user and doc.responsible_user != previous and doc.responsible_user != "Administrator":
		frappe.share.add_docshare(
			doc.doctype,
			doc.name,
			doc.responsible_user,
			read=1,
			write=1,
			flags={"ignore_share_permission": True},
		)


# ---- daily ------------------------------------------------------------------------------------------------


def refresh_overdue_flags() -> None:
	"""The overdue flag follows the date: set once a due date has passed, cleared once closed or postponed."""
	recommendation = frappe.qb.DocType("Recommendation")
	today_date = getdate(today())
	open_ = recommendation.status.isin(rules.OPEN_STATUSES)
	(
		frappe.qb.update(recommendation)
		.set(recommendation.is_overdue, 1)
		.where(open_ & (recommendation.due_date < today_date) & (recommendation.is_overdue == 0))
		.run()
	)
	(
		frappe.qb.update(recommendation)
		.set(recommendation.is_overdue, 0)
		.where(
			(recommendation.is_overdue == 1)
			& (recommendation.status.notin(rules.OPEN_STATUSES) | (recommendation.due_date >= today_date))
		)
		.run()
	)


def send_follow_up_reminders() -> dict:
	"""Daily (scheduler_events): refreshes the overdue flags, then writes a Recommendation Reminder for each
	open recommendation due within N days (TPPO Settings) and a Recommendation Escalation for each overdue
	one, once per due date. Their Notifications tell the people named in them. Returns the counts."""
	refresh_overdue_flags()
	days = frappe.db.get_single_value("TPPO Settings", "reminder_days") or 7
	today_date = getdate(today())
	counts = {REMINDER: 0, ESCALATION: 0}
	for row in frappe.get_all(
		"Recommendation",
		filters={"status": ("in", rules.OPEN_STATUSES)},
		fields=["name", "status", "due_date", "task_force", "responsible_user", "responsible_member"],
		order_by="due_date asc",
	):
		due = getdate(row.due_date)
		if rules.reminder_due(row.status, due, today_date, days):
			kind, recipients = REMINDER, responsible_contacts(row)
		elif rules.is_overdue(row.status, due, today_date):
			kind, recipients = ESCALATION, secretariat_contacts(row.task_force)
		else:
			continue
		if frappe.db.exists(
			"Recommendation Reminder", {"recommendation": row.name, "reminder_type": kind, "due_date": due}
		):
			continue
		frappe.get_doc(
			doctype="Recommendation Reminder",
			recommendation=row.name,
			reminder_type=kind,
			due_date=due,
			recipients=",".join(recipients),
		).insert(ignore_permissions=True)
		counts[kind] += 1
	return {"reminders": counts[REMINDER], "escalations": counts[ESCALATION]}


def _emails(users) -> list[str]:
	users = [u for u in set(filter(None, users)) if u not in ("Administrator", "Guest")]
	if not users:
		return []
	return sorted(
		set(frappe.get_all("User", filters={"name": ("in", users), "enabled": 1}, pluck="email")) - {None, ""}
	)


def responsible_contacts(row) -> list[str]:
	"""The responsible user and the responsible member's user; the secretariat when neither exists."""
	member_user = row.responsible_member and frappe.db.get_value(
		"Task Force Member", row.responsible_member, "user"
	)
	return _emails([row.responsible_user, member_user]) or secretariat_contacts(row.task_force)


def secretariat_contacts(task_force: str) -> list[str]:
	"""The users of the task force's active secretaries and of its active members from the secretariat
	agency; when it has none, the admins (province, national) or focal points (district) of its region."""
	tf = frappe.db.get_value(
		"Task Force", task_force, ["secretariat_agency", "region", "level"], as_dict=True
	)
	if not tf:
		return []
	member = frappe.qb.DocType("Task Force Member")
	condition = member.task_force_role == "Secretary"
	if tf.secretariat_agency:
		condition = condition | (member.agency == tf.secretariat_agency)
	users = [
		r[0]
		for r in frappe.qb.from_(member)
		.select(member.user)
		.where(
			(member.task_force == task_force) & (member.is_active == 1) & member.user.isnotnull() & condition
		)
		.run()
	]
	if emails := _emails(users):
		return emails
	from tppo_app.regions import users_with_role_in_region

	if tf.level == "National":
		return _emails(users_with_role_in_region(NATIONAL_ADMIN, None))
	role = DISTRICT_FOCAL_POINT if tf.level == "District" else PROVINCIAL_ADMIN
	return _emails(users_with_role_in_region(role, tf.region))
