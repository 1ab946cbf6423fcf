from frappe import _


def get_data():
	return {
		"fieldname": "recommendation",
		"transactions": [{"label": _("Reminders and Escalations"), "items": ["Recommendation Reminder"]}],
	}
