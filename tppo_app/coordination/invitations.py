"""Meeting invitations by email, each with the meeting as a calendar file (.ics) attached.

The email goes through frappe.sendmail, so it is queued (Email Queue) and sent by the scheduler with the
site's outgoing Email Account. A site without one cannot send anything: frappe.sendmail then raises
OutgoingEmailError before queueing; that case is turned into a message saying what to do, and the calendar
file stays downloadable from the meeting so that the secretariat can share it another way.
"""

import frappe
from frappe import _
from frappe.utils import (
	escape_html,
	format_time,
	get_datetime,
	get_system_timezone,
	get_url_to_form,
	now_datetime,
)

from tppo_app.coordination import rules
from tppo_app.coordination.ics import build_ics


class NoEmailAccountError(frappe.ValidationError):
	pass


class NoInviteesError(frappe.ValidationError):
	pass


class InvitationClosedError(frappe.ValidationError):
	pass


def meeting_location(doc) -> str:
	return ", ".join(filter(None, (doc.venue, doc.online_link)))


def meeting_ics(doc, sequence: int | None = None) -> str:
	agenda = "\n".join(f"{row.idx}. {row.topic}" for row in doc.agenda)
	description = "\n".join(
		filter(
			None,
			(
				doc.title,
				_("Task force: {0}").format(
					frappe.db.get_value("Task Force", doc.task_force, "task_force_name")
				),
				_("Online meeting link: {0}").format(doc.online_link) if doc.online_link else "",
				_("Agenda:") + "\n" + agenda if agenda else "",
			),
		)
	)
	organiser = frappe.db.get_value("Agency", doc.organising_agency, ["agency_name", "email"]) or (None, None)
	return build_ics(
		uid=f"{doc.name}@{frappe.local.site}",
		start=get_datetime(doc.starts_at),
		end=get_datetime(doc.ends_at),
		summary=doc.title,
		location=meeting_location(doc),
		description=description,
		url=doc.online_link or "",
		organizer=organiser if organiser[1] else None,
		attendees=[(row.invitee_name, row.email) for row in doc.invitees if row.email],
		tz=get_system_timezone(),
		sequence=doc.invitation_sequence if sequence is None else sequence,
	)


def invitation_message(doc) -> str:
	rows = [
		(_("Date"), frappe.format(doc.meeting_date, "Date")),
		(
			_("Time"),
			" – ".join(
				filter(None, (frappe.format(doc.start_time, "Time"), frappe.format(doc.end_time, "Time")))
			),
		),
		(_("Place"), doc.venue),
		(_("Online Meeting Link"), doc.online_link),
		(_("Chair"), doc.chair),
	]
	table = "".join(
		f"<tr><td style='padding-right:12px'>{escape_html(label)}</td><td>{escape_html(value)}</td></tr>"
		for label, value in rows
		if value
	)
	agenda = "".join(f"<li>{escape_html(row.topic)}</li>" for row in doc.agenda)
	return (
		f"<p>{escape_html(_('You are invited to the following meeting of the task force.'))}</p>"
		f"<p><b>{escape_html(doc.title)}</b></p><table>{table}</table>"
		+ (f"<p>{escape_html(_('Agenda'))}:</p><ol>{agenda}</ol>" if agenda else "")
		+ f"<p>{escape_html(_('The calendar file attached adds the meeting to your calendar.'))}</p>"
		+ f"<p><a href='{get_url_to_form(doc.doctype, doc.name)}'>{escape_html(doc.name)}</a></p>"
	)


def send_invitations(doc) -> dict:
	"""Emails every invitee with an email address; records when. Returns how many were queued and who has no
	address."""
	doc.check_permission("write")
	if doc.docstatus != 0 or doc.status != rules.PLANNED:
		frappe.throw(
			_("Invitations are sent for a planned meeting; this one is {0}.").format(
				frappe.bold(_(doc.status))
			),
			InvitationClosedError,
			title=_("Meeting already held"),
		)
	recipients = sorted({row.email for row in doc.invitees if row.email})
	without_email = [row.invitee_name for row in doc.invitees if not row.email]
	if not recipients:
		frappe.throw(
			_("None of the invitees has an email address. Add invitees (or their email addresses) first."),
			NoInviteesError,
			title=_("No one to invite"),
		)
	sequence = (doc.invitation_sequence or 0) + (1 if doc.invitations_sent_on else 0)
	subject = _("Invitation: {0}, {1}").format(doc.title, frappe.format(doc.meeting_date, "Date"))
	try:
		frappe.sendmail(
			recipients=recipients,
			subject=subject,
			message=invitation_message(doc),
			attachments=[{"fname": f"{doc.name}.ics", "fcontent": meeting_ics(doc, sequence)}],
			reference_doctype=doc.doctype,
			reference_name=doc.name,
		)
	except frappe.OutgoingEmailError:
		frappe.clear_last_message()  # Frappe's own "set up an Email Account" message; ours says more
		frappe.throw(
			_(
				"No outgoing email account is set up on this site, so the invitations were not sent. Ask an administrator to add one (Email Account, with Enable Outgoing and Default Outgoing ticked), then send them again. Meanwhile you can download the calendar file (.ics) from this meeting and share it yourself."
			),
			NoEmailAccountError,
			title=_("Email is not set up"),
		)
	sent_on = now_datetime()
	for row in doc.invitees:
		if row.email:
			row.invitation_sent_on = sent_on
	doc.invitations_sent_on = sent_on
	doc.invitation_sequence = sequence
	doc.save()
	return {"sent": len(recipients), "without_email": without_email}


def download_ics(meeting: str) -> None:
	doc = frappe.get_doc("Coordination Meeting", meeting)
	doc.check_permission("read")
	frappe.response.filename = f"{doc.name}.ics"
	frappe.response.filecontent = meeting_ics(doc)
	frappe.response.type = "download"
