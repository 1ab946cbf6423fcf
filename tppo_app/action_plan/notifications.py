"""The approval workflow's default notifications, installed once as ordinary Notification records so that
admins can edit them in the browser (a standard notification is read-only outside developer mode).

Subjects and messages are Jinja with `_()` so that they go out in the site's language. The channel is
System Notification: it works on a site without an outgoing email account (the Email channel fails outright
there), and Frappe emails each notification to its user once an email account is set up.
"""

import frappe

from tppo_app.approval.states import APPROVED, REGIONAL_REVIEW, RETURNED, SUBMITTED, VERIFIED

DEFAULT_NOTIFICATIONS = (
	{
		"name": "Progress Report Awaiting Verification",
		"document_type": "Progress Report",
		"condition": f'doc.workflow_state == "{SUBMITTED}"',
		"recipients": [{"receiver_by_document_field": "next_approvers"}],
		"subject": '{{ _("Progress report to verify: {0}").format(doc.title) }}',
		"message": '<p>{{ _("{0} submitted the progress report {1}. Please verify it or return it with a reason.").format(doc.submitted_by, doc.title) }}</p>',
	},
	{
		"name": "Progress Report Awaiting Regional Review",
		"document_type": "Progress Report",
		"condition": f'(doc.workflow_state or "").startswith("{REGIONAL_REVIEW}")',
		"recipients": [{"receiver_by_document_field": "next_approvers"}],
		"subject": '{{ _("Progress report to review: {0}").format(doc.title) }}',
		"message": '<p>{{ _("The progress report {0} waits for your review ({1}).").format(doc.title, doc.workflow_state) }}</p>',
	},
	{
		"name": "Progress Report Awaiting Approval",
		"document_type": "Progress Report",
		"condition": f'doc.workflow_state == "{VERIFIED}"',
		"recipients": [{"receiver_by_document_field": "next_approvers"}],
		"subject": '{{ _("Progress report to approve: {0}").format(doc.title) }}',
		"message": '<p>{{ _("The progress report {0} is ready for the ministry\'s approval.").format(doc.title) }}</p>',
	},
	{
		"name": "Progress Report Returned",
		"document_type": "Progress Report",
		"condition": f'doc.workflow_state == "{RETURNED}"',
		"recipients": [{"receiver_by_document_field": "submitted_by"}],
		"subject": '{{ _("Progress report returned for revision: {0}").format(doc.title) }}',
		"message": '<p>{{ _("{0} returned your progress report {1}. Reason: {2}").format(doc.returned_by, doc.title, doc.return_reason) }}</p>',
	},
	{
		"name": "Progress Report Approved",
		"document_type": "Progress Report",
		"condition": f'doc.workflow_state == "{APPROVED}"',
		"recipients": [{"receiver_by_document_field": "submitted_by"}],
		"subject": '{{ _("Progress report approved: {0}").format(doc.title) }}',
		"message": '<p>{{ _("The ministry approved your progress report {0}.").format(doc.title) }}</p>',
	},
)

LEVEL_OVERDUE = {
	"name": "Progress Report Review Level Overdue",
	"document_type": "Progress Report",
	"event": "Days After",
	"date_changed": "level_deadline",
	"days_in_advance": 1,
	"condition": f'(doc.workflow_state or "").startswith("{REGIONAL_REVIEW}")',
	"recipients": [{"receiver_by_document_field": "next_approvers"}],
	"subject": '{{ _("Review overdue: {0}").format(doc.title) }}',
	"message": '<p>{{ _("The progress report {0} has waited at {1} beyond its deadline of {2}.").format(doc.title, doc.workflow_state, frappe.format(doc.level_deadline, "Date")) }}</p>',
}

REMINDER = {
	"name": "Progress Report Deadline Reminder",
	"document_type": "Reporting Reminder",
	"event": "New",
	"recipients": [{"receiver_by_document_field": "recipients"}],
	"subject": '{{ _("Reminder: progress report due on {0}").format(frappe.format(doc.submission_deadline, "Date")) }}',
	"message": '<p>{{ _("The progress report of {0} for {1} has not been submitted yet. It is due on {2}.").format(doc.task_force, doc.reporting_period, frappe.format(doc.submission_deadline, "Date")) }}</p>',
}


def install_notifications() -> list[str]:
	"""Inserts the notifications a site lacks and brings unedited ones up to this release (tppo_app.shipped)."""
	from tppo_app.shipped import sync_notifications

	specs = []
	for spec in (*DEFAULT_NOTIFICATIONS, LEVEL_OVERDUE, REMINDER):
		values = {"event": "Value Change", "value_changed": "workflow_state", **spec}
		if values["event"] != "Value Change":
			values.pop("value_changed")
		specs.append(values)
	return sync_notifications(specs)
