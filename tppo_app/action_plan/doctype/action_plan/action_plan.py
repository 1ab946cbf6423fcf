# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _

from tppo_app.action_plan import planning
from tppo_app.regions import get_ancestor_regions
from tppo_app.utils.document import TPPODocument


class InvalidPlanError(frappe.ValidationError):
	pass


class ActionPlan(TPPODocument):
	def validate(self):
		self.validate_years()
		self.validate_type_and_level()
		self.validate_parent_plan()

	def validate_years(self):
		if not (2000 <= (self.start_year or 0) <= (self.end_year or 0) <= 2100):
			frappe.throw(
				_("The plan's years must run forward between 2000 and 2100 (start {0}, end {1}).").format(
					self.start_year, self.end_year
				),
				InvalidPlanError,
				title=_("Invalid period"),
			)

	def validate_type_and_level(self):
		level = frappe.db.get_value("Task Force", self.task_force, "level")
		if (self.plan_type == "RAN") != (level == "National"):
			frappe.throw(
				_(
					"A RAN belongs to the national task force; a RAD to a provincial or regency/city task force."
				),
				InvalidPlanError,
				title=_("Plan type and task force do not match"),
			)

	def validate_parent_plan(self):
		if self.plan_type == "RAN":
			self.parent_plan = None
			return
		parent = frappe.db.get_value("Action Plan", self.parent_plan, ["plan_type", "region"], as_dict=True)
		if not parent or parent.region not in get_ancestor_regions([self.region]):
			frappe.throw(
				_("A regional plan adopts the RAN or the plan of the region above it."),
				InvalidPlanError,
				title=_("Invalid parent plan"),
			)

	@frappe.whitelist()
	def generate_reporting_periods(self) -> int:
		self.check_permission("write")
		return planning.generate_reporting_periods(self.name)

	@frappe.whitelist()
	def adopt_items(self, items: list[str]) -> list[str]:
		self.check_permission("write")
		return planning.adopt_items(self.name, items)
