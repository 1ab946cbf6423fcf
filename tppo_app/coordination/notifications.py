"""The follow-up notifications, installed once as ordinary Notification records so that admins can edit
them in the browser (a standard notification is read-only outside developer mode), as
tppo_app.action_plan.notifications does for progress reports.

The channel is System Notification: it works on a site without an outgoing email account, and Frappe emails
each notification to its user once an email account is set up. The daily job decides who is told (see
tppo_app.coordination.follow_up); these records only word it.
"""

import frappe

DEFAULT_NOTIFICATIONS = (
	{
		"name": "Recommendation Due Reminder",
		"document_type": "Recommendation Reminder",
		"event": "New",
		"condition": 'doc.reminder_type == "Reminder"',
		"recipients": [{"receiver_by_document_field": "recipients"}],
		"subject": '{{ _("Reminder: recommendation due on {0}").format(frappe.format(doc.due_date, "Date")) }}',
		"message": '<p>{{ _("The recommendation {0} ({1}) is due on {2}. Please add a progress update or mark it done.").format(doc.title, doc.recommendation, frappe.format(doc.due_date, "Date")) }}</p>',
	},
	{
		"name": "Recommendation Overdue Escalation",
		"document_type": "Recommendation Reminder",
		"event": "New",
		"condition": 'doc.reminder_type == "Escalation"',
		"recipients": [{"receiver_by_document_field": "recipients"}],
		"subject": '{{ _("Overdue recommendation: {0}").format(doc.title) }}',
		"message": '<p>{{ _("The recommendation {0} ({1}) of {2} was due on {3} and is not done yet. Responsible agency: {4}.").format(doc.title, doc.recommendation, frappe.db.get_value("Task Force", doc.task_force, "task_force_name"), frappe.format(doc.due_date, "Date"), frappe.db.get_value("Agency", doc.responsible_agency, "agency_name")) }}</p>',
	},
)


def install_notifications() -> list[str]:
	"""Inserts the notifications a site lacks and brings unedited ones up to this release (tppo_app.shipped)."""
	from tppo_app.shipped import sync_notifications

	return sync_notifications(DEFAULT_NOTIFICATIONS)
