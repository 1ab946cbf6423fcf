# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""Renders any RAN Report Template: rows grouped by the template's dimensions as a tree, its measures, its
chart. The numbers come from `progress_rows` (region-scoped to the user) and `rollup_tree`; see
tppo_app.action_plan.report_template."""

import frappe
from frappe import _

from tppo_app.action_plan import report_template
from tppo_app.utils.reports import safe_report

Filters = frappe._dict


@safe_report
def execute(filters: dict | None = None):
	filters = Filters(filters or {})
	if not filters.template:
		frappe.msgprint(_("Choose a report template."), alert=True)
		return [], []
	template = frappe.get_doc("RAN Report Template", filters.template)
	template.check_permission("read")
	if filters.action_plan:
		frappe.has_permission("Action Plan", doc=filters.action_plan, throw=True)
	columns, data, chart, summary = report_template.render(
		template, {"action_plan": filters.action_plan, "year": filters.year}
	)
	return columns, data, None, chart, summary
