from frappe import _


def get_data():
	return {
		"fieldname": "meeting",
		"transactions": [{"label": _("Follow-up"), "items": ["Recommendation"]}],
	}
