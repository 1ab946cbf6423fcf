# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class AccessChangeLog(Document):
	"""Written by tppo_app.access.grants for every grant and withdrawal of access; nobody edits an entry."""

	def validate(self):
		if not self.is_new():
			frappe.throw(_("An access log entry cannot be changed."), frappe.PermissionError)
