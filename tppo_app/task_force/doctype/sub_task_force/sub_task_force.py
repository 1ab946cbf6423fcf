# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _

from tppo_app.utils.document import TPPODocument


class SubTaskForce(TPPODocument):
	def validate(self):
		if not self.sub_task_force_name:
			self.sub_task_force_name = frappe.db.get_value(
				"Sub Task Force Function", self.function, "function_name"
			)
		self.validate_unique_function()

	def validate_unique_function(self):
		existing = frappe.db.exists(
			"Sub Task Force",
			{"task_force": self.task_force, "function": self.function, "name": ("!=", self.name)},
		)
		if existing:
			frappe.throw(
				_("This task force already has a sub task force for {0}.").format(frappe.bold(self.function)),
				frappe.DuplicateEntryError,
				title=_("Duplicate sub task force"),
			)
