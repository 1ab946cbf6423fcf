# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CoordinationMeetingTaskForce(Document):
	pass
