# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""Item Detail: one action-plan item and the regional copies that adopt it, region by region and period by
period: target, realised (year to date), achievement and where the report stands in its approval.

The rows come from `achievement_data.progress_rows` (approved reports only unless "Include unapproved" is set,
in the user's regions); a period's achievement in the chart is the mean over the regions that reported it, and
the summary's achievement for a year reads each region's latest period of that year.
"""

import frappe
from frappe import _

from tppo_app.action_plan.achievement import rollup, round_display
from tppo_app.action_plan.achievement_data import latest_per_year, progress_rows
from tppo_app.action_plan.report.ran_achievement.ran_achievement import achievement_indicator
from tppo_app.utils.reports import safe_report

Filters = frappe._dict


@safe_report
def execute(filters: dict | None = None):
	filters = Filters(filters or {})
	if not filters.item:
		frappe.throw(_("Choose the item to show."), title=_("Item required"))
	frappe.has_permission("Action Plan Item", doc=filters.item, throw=True)

	rows = get_rows(filters)
	data = [detail_row(r) for r in rows]
	return get_columns(), data, None, get_chart(rows), get_summary(filters.item, rows)


def get_rows(filters: Filters) -> list[dict]:
	rows = progress_rows(
		Filters(
			item=filters.item,
			year=filters.year,
			region=filters.region,
			include_unapproved=filters.include_unapproved,
		)
	)
	return sorted(rows, key=lambda r: (r.province or "", r.region, r.period_end))


def detail_row(r: dict) -> dict:
	return {
		"province_name": r.province_name or _("National"),
		"region_name": r.region_name,
		"level": _(r.level) if r.level else None,
		"period_label": r.period_label,
		"year": r.year,
		"item_code": r.item_code,
		"target": r.target,
		"realised": r.realised if r.reported else None,
		"achievement": round_display(r.achievement),
		"status": _(r.status) if r.status else _("Not reported"),
		"workflow_state": _(r.workflow_state) if r.workflow_state else None,
		"report": r.report,
		"action_plan": r.action_plan,
		"task_force": r.task_force,
	}


def get_columns() -> list[dict]:
	return [
		{"label": _("Province"), "fieldname": "province_name", "fieldtype": "Data", "width": 160},
		{"label": _("Region"), "fieldname": "region_name", "fieldtype": "Data", "width": 180},
		{"label": _("Level"), "fieldname": "level", "fieldtype": "Data", "width": 90},
		{"label": _("Period"), "fieldname": "period_label", "fieldtype": "Data", "width": 90},
		{"label": _("Target"), "fieldname": "target", "fieldtype": "Float", "width": 100},
		{"label": _("Realised"), "fieldname": "realised", "fieldtype": "Float", "width": 100},
		{"label": _("Achievement %"), "fieldname": "achievement", "fieldtype": "Percent", "width": 120},
		{"label": _("Status"), "fieldname": "status", "fieldtype": "Data", "width": 110},
		{"label": _("Approval State"), "fieldname": "workflow_state", "fieldtype": "Data", "width": 110},
		{
			"label": _("Progress Report"),
			"fieldname": "report",
			"fieldtype": "Link",
			"options": "Progress Report",
			"width": 140,
		},
		{"label": _("Item Code"), "fieldname": "item_code", "fieldtype": "Data", "width": 90},
		{
			"label": _("Action Plan"),
			"fieldname": "action_plan",
			"fieldtype": "Link",
			"options": "Action Plan",
			"width": 110,
		},
		{
			"label": _("Task Force"),
			"fieldname": "task_force",
			"fieldtype": "Link",
			"options": "Task Force",
			"width": 110,
		},
	]


def period_achievement(rows: list[dict]) -> list[tuple[str, float]]:
	"""(period label, mean achievement of the regions that reported it), in time order; unscored periods left out."""
	order = {}
	for r in rows:
		order.setdefault(r.period_label, r.period_end)
	totals = rollup(rows, "period_label")
	return [
		(label, totals[label].achievement)
		for label in sorted(order, key=lambda label: (order[label], label))
		if totals[label].achievement is not None
	]


def get_chart(rows: list[dict]) -> dict | None:
	points = period_achievement(rows)
	if not points:
		return None
	return {
		"data": {
			"labels": [label for label, _value in points],
			"datasets": [{"name": _("Achievement %"), "values": [round_display(v) for _label, v in points]}],
		},
		"type": "line",
		"fieldtype": "Percent",
		"colors": ["#b91c1c"],
	}


def get_summary(item: str, rows: list[dict]) -> list[dict]:
	details = frappe.db.get_value("Action Plan Item", item, ["item_code", "indicator"], as_dict=True)
	summary = [
		{
			"value": " · ".join(filter(None, (details.item_code, details.indicator))),
			"label": _("Item"),
			"datatype": "Data",
			"indicator": "Blue",
		},
		{
			"value": len({r.task_force for r in rows if r.reported}),
			"label": _("Task Forces Reporting"),
			"datatype": "Int",
			"indicator": "Grey",
		},
	]
	if rows:
		year = max(r.year for r in rows)
		latest = rollup(latest_per_year([r for r in rows if r.year == year]), "year")[year]
		achievement = round_display(latest.achievement)
		summary.append(
			{
				"value": achievement,
				"label": _("Achievement {0}").format(year),
				"datatype": "Percent",
				"indicator": achievement_indicator(achievement),
			}
		)
	return summary
