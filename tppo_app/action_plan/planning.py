"""Action plans: reporting periods for a plan's span, and adopting RAN items into a RAD."""

import frappe
from frappe import _

from tppo_app.action_plan.periods import plan_periods


def generate_reporting_periods(action_plan: str) -> int:
	"""Creates the reporting periods a plan's span still lacks. Returns how many it created."""
	plan = frappe.get_doc("Action Plan", action_plan)
	existing = set(
		frappe.get_all("Reporting Period", filters={"action_plan": plan.name}, pluck="period_label")
	)
	created = 0
	for period in plan_periods(
		plan.reporting_frequency, plan.start_year, plan.end_year, plan.submission_days or 0
	):
		if period["period_label"] in existing:
			continue
		frappe.get_doc(doctype="Reporting Period", action_plan=plan.name, **period).insert()
		created += 1
	return created


def adopt_items(action_plan: str, items: list[str]) -> list[str]:
	"""Copies chosen items of the parent plan into a regional plan, each linked back to its source.

	Items already adopted are skipped, so adopting twice adds nothing.
	"""
	plan = frappe.get_doc("Action Plan", action_plan)
	if plan.plan_type != "RAD" or not plan.parent_plan:
		frappe.throw(_("Only a regional action plan (RAD) with a parent plan adopts items."))
	already = set(
		frappe.get_all(
			"Action Plan Item",
			filters={"action_plan": plan.name, "parent_item": ("is", "set")},
			pluck="parent_item",
		)
	)
	created = []
	for name in items:
		source = frappe.get_doc("Action Plan Item", name)
		if source.action_plan != plan.parent_plan:
			frappe.throw(
				_("Item {0} does not belong to {1}, the plan this one adopts.").format(
					frappe.bold(source.item_code or source.name), frappe.bold(plan.parent_plan)
				)
			)
		if source.name in already:
			continue
		copy = frappe.copy_doc(source)
		copy.action_plan = plan.name
		copy.parent_item = source.name
		copy.targets = [t for t in copy.targets if plan.start_year <= t.year <= plan.end_year]
		copy.insert()
		created.append(copy.name)
	return created
