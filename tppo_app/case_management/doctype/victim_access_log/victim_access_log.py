# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class VictimAccessLog(Document):
	"""Written by tppo_app.case_management.privacy; nobody edits an entry."""

	def validate(self):
		if not self.is_new():
			frappe.throw(_("An access log entry cannot be changed."), frappe.PermissionError)
