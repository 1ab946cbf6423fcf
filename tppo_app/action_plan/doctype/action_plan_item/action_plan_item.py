# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _

from tppo_app.utils.document import TPPODocument


class InvalidTargetError(frappe.ValidationError):
	pass


class ActionPlanItem(TPPODocument):
	def validate(self):
		self.validate_targets()
		self.validate_parent_item()
		self.supporting_agencies = [
			row for row in self.supporting_agencies if row.agency != self.responsible_agency
		]

	def validate_targets(self):
		start, end = frappe.db.get_value("Action Plan", self.action_plan, ["start_year", "end_year"])
		seen = set()
		for row in self.targets:
			if not start <= row.year <= end:
				frappe.throw(
					_("Row {0}: {1} is outside the plan's years {2}-{3}.").format(
						row.idx, row.year, start, end
					),
					InvalidTargetError,
					title=_("Invalid target"),
				)
			if row.year in seen:
				frappe.throw(
					_("Row {0}: the year {1} has a target already.").format(row.idx, row.year),
					InvalidTargetError,
					title=_("Invalid target"),
				)
			seen.add(row.year)
			if (row.target or 0) < 0:
				frappe.throw(
					_("Row {0}: a target cannot be negative.").format(row.idx),
					InvalidTargetError,
					title=_("Invalid target"),
				)
			if self.measure_type == "Yes/No" and row.target not in (0, 1):
				frappe.throw(
					_("Row {0}: a Yes/No target is 1 (yes) or 0 (no).").format(row.idx),
					InvalidTargetError,
					title=_("Invalid target"),
				)

	def validate_parent_item(self):
		if not self.parent_item:
			return
		parent_plan = frappe.db.get_value("Action Plan", self.action_plan, "parent_plan")
		if frappe.db.get_value("Action Plan Item", self.parent_item, "action_plan") != parent_plan:
			frappe.throw(
				_("An adopted item must come from the plan this plan adopts."), title=_("Invalid source item")
			)

	def target_for(self, year: int) -> float | None:
		return next((row.target for row in self.targets if row.year == year), None)
