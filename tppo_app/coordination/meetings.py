"""Coordination meetings (rapat koordinasi, rakor): invitations, attendance, status, the follow-up review on
the agenda, the letter head of the printed minutes.

A meeting is submittable: submitting it approves the minutes, which then lock; changing approved minutes
means cancelling and amending, as for any Frappe document (the amendment takes the recommendations along).
Its status follows the data: Planned until the date has come and attendance or minutes are recorded (Held),
Minutes Approved once submitted, Cancelled once cancelled.

A case conference links its case (`tppo_case`, a TPPO Case). Meetings and their minutes hold no victim's
personal data: there is no field for it, and the minutes of a case conference name the case, whose victims
appear only by their codes in the case's own records.
"""

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.utils import get_datetime, getdate, now_datetime, strip_html, today

from tppo_app.coordination import rules


class InvalidMeetingTimeError(frappe.ValidationError):
	pass


class InvalidJointTaskForceError(frappe.ValidationError):
	pass


class InvalidInviteeError(frappe.ValidationError):
	pass


class UninvitedAttendeeError(frappe.ValidationError):
	pass


class MissingRepresentativeError(frappe.ValidationError):
	pass


class AttendanceBeforeMeetingError(frappe.ValidationError):
	pass


class MinutesNotReadyError(frappe.ValidationError):
	pass


# ---- times -----------------------------------------------------------------------------------------------


def set_times(doc) -> None:
	"""starts_at/ends_at (for the calendar) from the date and times; a meeting moved in the calendar view
	(which writes starts_at/ends_at) gets its date and times from them instead."""
	if not doc.is_new() and doc.has_value_changed("starts_at") and not _date_or_time_changed(doc):
		starts_at = get_datetime(doc.starts_at)
		doc.meeting_date, doc.start_time = starts_at.date(), starts_at.time()
		if doc.ends_at:
			doc.end_time = get_datetime(doc.ends_at).time()

	start = rules.combine(getdate(doc.meeting_date), _time(doc.start_time))
	end = rules.combine(getdate(doc.meeting_date), _time(doc.end_time)) if doc.end_time else None
	if end and end <= start:
		frappe.throw(
			_("The meeting ends ({0}) before it starts ({1}).").format(
				frappe.bold(frappe.format(doc.end_time, "Time")),
				frappe.bold(frappe.format(doc.start_time, "Time")),
			),
			InvalidMeetingTimeError,
			title=_("Invalid time"),
		)
	doc.starts_at = start
	doc.ends_at = rules.meeting_end(start, end)


def _date_or_time_changed(doc) -> bool:
	return any(doc.has_value_changed(f) for f in ("meeting_date", "start_time", "end_time"))


def _time(value):
	from frappe.utils import get_time

	return get_time(value) if value else None


# ---- defaults, joint meetings, invitations ------------------------------------------------------------------


def set_defaults(doc) -> None:
	"""The organiser is the task force's secretariat; the chair its daily chair; the letter head the one
	named after the task force or its region (else Frappe's default letter head applies)."""
	task_force = frappe.db.get_value(
		"Task Force",
		doc.task_force,
		["secretariat_agency", "daily_chair_name", "daily_chair_position", "task_force_name"],
		as_dict=True,
	)
	if not task_force:
		return
	if not doc.organising_agency:
		doc.organising_agency = task_force.secretariat_agency
	if not doc.chair and task_force.daily_chair_name:
		doc.chair, doc.chair_position = task_force.daily_chair_name, task_force.daily_chair_position
	if not doc.letter_head:
		doc.letter_head = region_letter_head(task_force.task_force_name, doc.region)


def region_letter_head(task_force_name: str | None, region: str | None) -> str | None:
	"""The enabled Letter Head named after the task force, its region's name or its region's code."""
	region_name = region and frappe.db.get_value("Region", region, "region_name", cache=True)
	for candidate in (task_force_name, region_name, region):
		if candidate and frappe.db.exists("Letter Head", {"name": candidate, "disabled": 0}):
			return candidate
	return None


def meeting_task_forces(doc) -> list[str]:
	return [doc.task_force, *(row.task_force for row in doc.other_task_forces)]


def validate_joint_task_forces(doc) -> None:
	seen = {doc.task_force}
	for row in doc.other_task_forces:
		if row.task_force in seen:
			frappe.throw(
				_("Other task forces, row {0}: {1} is already part of this meeting.").format(
					row.idx, frappe.bold(_task_force_name(row.task_force))
				),
				InvalidJointTaskForceError,
				title=_("Joint meeting"),
			)
		seen.add(row.task_force)


def _task_force_name(task_force: str) -> str:
	return frappe.db.get_value("Task Force", task_force, "task_force_name") or task_force


def fill_invitees(doc) -> None:
	"""Each invitation names a member of one of the meeting's task forces, or an agency; name, agency,
	position and email come from the member (or the agency) when left empty."""
	task_forces = set(meeting_task_forces(doc))
	members_seen = set()
	for row in doc.invitees:
		if not row.member and not row.agency:
			frappe.throw(
				_("Invitation row {0}: choose a task force member or an agency.").format(row.idx),
				InvalidInviteeError,
				title=_("Invalid invitation"),
			)
		if row.member:
			member = frappe.db.get_value(
				"Task Force Member",
				row.member,
				["full_name", "agency", "position", "email", "user", "task_force"],
				as_dict=True,
			)
			if member.task_force not in task_forces:
				frappe.throw(
					_(
						"Invitation row {0}: {1} is a member of {2}, which is not part of this meeting. Add that task force under Joint Meeting first."
					).format(
						row.idx,
						frappe.bold(member.full_name),
						frappe.bold(_task_force_name(member.task_force)),
					),
					InvalidInviteeError,
					title=_("Invalid invitation"),
				)
			if row.member in members_seen:
				frappe.throw(
					_("Invitation row {0}: {1} is invited twice.").format(
						row.idx, frappe.bold(member.full_name)
					),
					InvalidInviteeError,
					title=_("Invalid invitation"),
				)
			members_seen.add(row.member)
			row.agency = row.agency or member.agency
			row.invitee_name = row.invitee_name or member.full_name
			row.position = row.position or member.position
			row.email = row.email or member.email or _user_email(member.user)
		else:
			agency = frappe.db.get_value("Agency", row.agency, ["agency_name", "email"], as_dict=True)
			row.invitee_name = row.invitee_name or agency.agency_name
			row.email = row.email or agency.email
		if row.email:
			row.email = row.email.strip().lower()


def _user_email(user: str | None) -> str | None:
	return user and frappe.db.get_value("User", user, "email")


# ---- attendance ---------------------------------------------------------------------------------------------


def _invitation_keys(doc) -> tuple[set, set]:
	members = {row.member for row in doc.invitees if row.member}
	agencies = {row.agency for row in doc.invitees if not row.member and row.agency}
	return members, agencies


def _is_invited(row, members: set, agencies: set) -> bool:
	if row.member:
		return row.member in members
	return bool(row.agency) and row.agency in agencies


def sync_attendance(doc) -> None:
	"""Every invitee has an attendance row (unmarked until someone marks it); an unmarked row of someone no
	longer invited goes away."""
	members, agencies = _invitation_keys(doc)
	kept = [
		row
		for row in doc.attendance
		if row.attendance or not row.invited or _is_invited(row, members, agencies)
	]
	present = {(row.member or None, None if row.member else row.agency) for row in kept}
	added = []
	for invitee in doc.invitees:
		key = (invitee.member or None, None if invitee.member else invitee.agency)
		if key in present:
			continue
		present.add(key)
		added.append(
			{
				"member": invitee.member,
				"agency": invitee.agency,
				"attendee_name": invitee.invitee_name,
				"position": invitee.position,
				"invited": 1,
			}
		)
	if added or len(kept) != len(doc.attendance):
		doc.set("attendance", [_row_values(row) for row in kept] + added)


def _row_values(row) -> dict:
	values = row.as_dict()
	for key in ("idx", "parent", "parentfield", "parenttype", "doctype"):
		values.pop(key, None)
	return values


def validate_attendance(doc) -> None:
	"""Someone who was not invited is recorded only with a name; "Represented" needs the representative's
	name; nobody attends a meeting that has not happened yet."""
	members, agencies = _invitation_keys(doc)
	future = getdate(doc.meeting_date) > getdate(today())
	for row in doc.attendance:
		row.invited = int(_is_invited(row, members, agencies))
		if row.member:
			member = frappe.db.get_value(
				"Task Force Member", row.member, ["full_name", "agency", "position"], as_dict=True
			)
			row.attendee_name = row.attendee_name or member.full_name
			row.agency = row.agency or member.agency
			row.position = row.position or member.position
		row.attendee_name = (row.attendee_name or "").strip()
		if not row.attendance:
			continue
		if not row.invited and not row.attendee_name:
			frappe.throw(
				_(
					"Attendance row {0}: {1} was not invited. Write the name of the person who attended, or invite them first."
				).format(row.idx, frappe.bold(_who(row))),
				UninvitedAttendeeError,
				title=_("Name required"),
			)
		if row.attendance == rules.REPRESENTED and not (row.represented_by or "").strip():
			frappe.throw(
				_(
					"Attendance row {0}: {1} was represented; write the name of the person who came instead."
				).format(row.idx, frappe.bold(_who(row))),
				MissingRepresentativeError,
				title=_("Representative required"),
			)
		if row.attendance in rules.ATTENDED and future:
			frappe.throw(
				_(
					"Attendance row {0}: the meeting is on {1}; record attendance once it has taken place."
				).format(row.idx, frappe.bold(frappe.format(doc.meeting_date, "Date"))),
				AttendanceBeforeMeetingError,
				title=_("Meeting not held yet"),
			)
	marks = [row.attendance for row in doc.attendance if row.invited]
	doc.attendance_rate = rules.attendance_rate(marks) or 0


def _who(row) -> str:
	if row.attendee_name:
		return row.attendee_name
	if row.agency:
		return frappe.db.get_value("Agency", row.agency, "agency_name") or row.agency
	return _("this attendee")


# ---- status, approval, amendment ----------------------------------------------------------------------------


def has_minutes(doc) -> bool:
	return bool(strip_html(doc.minutes or "").strip())


def data_status(doc, docstatus: int | None = None) -> str:
	attended = any(row.attendance in rules.ATTENDED for row in doc.attendance)
	return rules.meeting_status(
		doc.docstatus if docstatus is None else docstatus,
		getdate(doc.meeting_date),
		getdate(today()),
		attended,
		has_minutes(doc),
	)


def set_status(doc) -> None:
	doc.status = data_status(doc)
	if doc.docstatus == 0:
		doc.approved_by = doc.approved_on = None


def approve_minutes(doc) -> None:
	"""Submitting approves the minutes: the meeting must have been held, with minutes and every invitee's
	attendance marked."""
	if data_status(doc, docstatus=0) != rules.HELD:
		frappe.throw(
			_("Minutes are approved after the meeting: record its attendance first."),
			MinutesNotReadyError,
			title=_("Meeting not held yet"),
		)
	if not has_minutes(doc):
		frappe.throw(
			_("Write the minutes before approving them."), MinutesNotReadyError, title=_("No minutes")
		)
	unmarked = [
		row.attendee_name or _who(row) for row in doc.attendance if row.invited and not row.attendance
	]
	if unmarked:
		frappe.throw(
			_("Mark the attendance of every invitee before approving the minutes: {0}.").format(
				", ".join(frappe.bold(name) for name in unmarked)
			),
			MinutesNotReadyError,
			title=_("Attendance incomplete"),
		)
	doc.status = rules.MINUTES_APPROVED
	doc.approved_by = frappe.session.user
	doc.approved_on = now_datetime()


def move_recommendations(from_meeting: str, to_meeting: str) -> None:
	"""An amendment takes over the recommendations of the meeting it amends."""
	recommendation = frappe.qb.DocType("Recommendation")
	frappe.qb.update(recommendation).set(recommendation.meeting, to_meeting).where(
		recommendation.meeting == from_meeting
	).run()


# ---- follow-up review on a new meeting's agenda -------------------------------------------------------------


def open_recommendations(task_force: str, until, exclude_meeting: str | None = None) -> list[dict]:
	"""Still-open recommendations of the task force's meetings up to a date, oldest due date first."""
	recommendation = frappe.qb.DocType("Recommendation")
	meeting = frappe.qb.DocType("Coordination Meeting")
	agency = frappe.qb.DocType("Agency")
	query = (
		frappe.qb.from_(recommendation)
		.join(meeting)
		.on(meeting.name == recommendation.meeting)
		.left_join(agency)
		.on(agency.name == recommendation.responsible_agency)
		.select(
			recommendation.name,
			recommendation.title,
			recommendation.status,
			recommendation.due_date,
			recommendation.meeting,
			meeting.meeting_date,
			agency.agency_name,
			agency.abbreviation,
		)
		.where(
			(meeting.task_force == task_force)
			& (meeting.docstatus < 2)
			& (meeting.meeting_date <= until)
			& recommendation.status.isin(rules.OPEN_STATUSES)
		)
		.orderby(recommendation.due_date, recommendation.name, order=Order.asc)
	)
	if exclude_meeting:
		query = query.where(meeting.name != exclude_meeting)
	return query.run(as_dict=True)


def follow_up_review_text(rows: list[dict]) -> str:
	today_date = getdate(today())
	lines = []
	for i, row in enumerate(rows, start=1):
		status = _(row.status)
		if rules.is_overdue(row.status, getdate(row.due_date), today_date):
			status = _("{0}, overdue").format(status)
		lines.append(
			_("{0}. {1} ({2}) — {3}; due {4}; status: {5}").format(
				i,
				row.title,
				row.name,
				row.abbreviation or row.agency_name or "-",
				frappe.format(row.due_date, "Date"),
				status,
			)
		)
	return "\n".join(lines)


def add_follow_up_review(doc) -> None:
	"""A new meeting (not an amendment) of a task force opens with a review of the recommendations of its
	earlier meetings that are still open, each with its status."""
	if doc.amended_from or not doc.task_force or not doc.meeting_date:
		return
	rows = open_recommendations(doc.task_force, doc.meeting_date)
	agenda = [_row_values(row) for row in doc.agenda if not row.is_follow_up_review]
	if rows:
		agenda.insert(
			0,
			{
				"topic": _("Follow-up of the recommendations of earlier meetings"),
				"presenter": _("Secretariat"),
				"details": follow_up_review_text(rows),
				"is_follow_up_review": 1,
			},
		)
	doc.set("agenda", agenda)


# ---- print ----------------------------------------------------------------------------------------------------


def recommendations_for_print(meeting: str) -> list[dict]:
	"""The meeting's recommendations with their owners, for the minutes."""
	recommendation = frappe.qb.DocType("Recommendation")
	agency = frappe.qb.DocType("Agency")
	member = frappe.qb.DocType("Task Force Member")
	rows = (
		frappe.qb.from_(recommendation)
		.left_join(agency)
		.on(agency.name == recommendation.responsible_agency)
		.left_join(member)
		.on(member.name == recommendation.responsible_member)
		.select(
			recommendation.name,
			recommendation.title,
			recommendation.details,
			recommendation.status,
			recommendation.due_date,
			agency.agency_name,
			member.full_name.as_("responsible_person"),
		)
		.where(recommendation.meeting == meeting)
		.orderby(recommendation.creation, order=Order.asc)
		.run(as_dict=True)
	)
	supporting = frappe.get_all(
		"Recommendation Agency",
		filters={"parenttype": "Recommendation", "parent": ("in", [r.name for r in rows] or [""])},
		fields=["parent", "agency"],
		order_by="idx asc",
	)
	names = {
		a.name: a.abbreviation or a.agency_name
		for a in frappe.get_all(
			"Agency",
			filters={"name": ("in", [s.agency for s in supporting] or [""])},
			fields=["name", "abbreviation", "agency_name"],
		)
	}
	for row in rows:
		row.supporting = ", ".join(
			names.get(s.agency) or s.agency for s in supporting if s.parent == row.name
		)
	return rows
