# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""RAN Achievement: target, realised and achievement of an action plan's items, rolled up item → cluster → plan,
or region: district → province → plan.

The rows come from `achievement_data.progress_rows` (approved reports only unless "Include unapproved" is set,
in the user's regions) and roll up with `achievement.rollup_tree`: every level is the mean achievement of its
item rows, never a mean of its children's means. Without a reporting period, each task force's latest period
of each year counts (realised values are year to date). With "Include adopting plans", the regional plans that
adopt the plan (a RAN's RADs, a province's district RADs) count too, each row under the item of this plan it
descends from; a regional plan's own items are not part of this plan and are left out.
"""

import frappe
from frappe import _

from tppo_app.action_plan import summary as achievement_summary
from tppo_app.action_plan.achievement import (
	rollup,
	rollup_tree,
	round_display,
	sum_values,
)
from tppo_app.action_plan.achievement_data import (
	TOTALS_ROW_LIMIT,
	agency_names,
	chosen_reports,
	combined,
	plan_view_rows,
	totals_tree,
)
from tppo_app.action_plan.report_template import natural_key
from tppo_app.case_management.statistics import region_names
from tppo_app.utils.reports import safe_report

Filters = frappe._dict

GROUP_BY = {"Cluster": ["cluster", "plan_item"], "Region": ["province", "region"]}


@safe_report
def execute(filters: dict | None = None):
	filters = Filters(filters or {})
	filters.group_by = filters.group_by or "Cluster"
	if filters.group_by not in GROUP_BY:
		frappe.throw(_("Group by must be one of: {0}.").format(", ".join(_(g) for g in GROUP_BY)))
	if filters.action_plan:
		frappe.has_permission("Action Plan", doc=filters.action_plan, throw=True)

	reports = chosen_reports(filters)
	if filters.totals_only or sum(r.items_count or 0 for r in reports) > TOTALS_ROW_LIMIT:
		return totals_view(filters, reports)

	rows = get_rows(filters)
	root = rollup_tree(rows, GROUP_BY[filters.group_by])
	data = tree_rows(root, rows, filters)
	summary = get_summary(
		root.achievement,
		len({r.plan_item for r in rows}),
		root.reported,
		root.not_reported,
		len({r.task_force for r in rows}),
		filters,
	)
	return get_columns(filters), data, None, get_chart(rows), summary


# ---- rows ------------------------------------------------------------------------------------------------


def get_rows(filters: Filters) -> list[dict]:
	"""The item rows the report counts, each with `plan_item` (the plan's item it descends from) and its details."""
	return sort_rows(plan_view_rows(filters))


def sort_rows(rows: list[dict]) -> list[dict]:
	"""Clusters in their managed-list order, items by code, regions by code, periods by date."""
	order = dict(frappe.get_all("Action Plan Cluster", fields=["name", "sort_order"], as_list=True))
	return sorted(
		rows,
		key=lambda r: (
			order.get(r.cluster) or 0,
			r.cluster or "",
			natural_key(r.plan_item_code or r.plan_item),
			r.province or "",
			r.region or "",
			r.period_end,
		),
	)


# ---- tree ------------------------------------------------------------------------------------------------


def tree_rows(root, rows: list[dict], filters: Filters) -> list[dict]:
	"""One report row per node of the roll-up tree (parents first, with `indent`) and one per item row below
	the last level."""
	by_path: dict[tuple, list[dict]] = {}
	levels = GROUP_BY[filters.group_by]
	for r in rows:
		by_path.setdefault(tuple(r[level] for level in levels), []).append(r)

	data = []
	for node in root.walk():
		data.append(node_row(node, by_path, filters))
		if len(node.path) == len(levels):
			data.extend(leaf_row(r, node.depth + 1, filters) for r in by_path[node.path])
	return data


def node_row(node, by_path: dict, filters: Filters) -> dict:
	rows = [r for path, group in by_path.items() if path[: node.depth] == node.path for r in group]
	row = {
		"indent": node.depth,
		"achievement": round_display(node.achievement),
		"items": len({r.plan_item for r in rows}),
		"rows": node.items,
		"reported": node.reported,
	}
	if node.level is None:
		row["label"] = plan_title(filters.action_plan)
	elif node.level == "cluster":
		row["label"] = _(node.key) if node.key else _("(no cluster)")
	elif node.level == "plan_item":
		first = rows[0]
		row.update(
			label=first.plan_item_code or first.plan_indicator,
			item_code=first.plan_item_code,
			indicator=first.plan_indicator,
			unit=first.plan_unit,
			measure_type=_(first.plan_measure_type),
			agency_name=first.plan_agency,
			**item_totals(first.plan_measure_type, rows),
		)
	elif node.level == "province":
		row["label"] = rows[0].province_name or _("National")
	elif node.level == "region":
		row["label"] = rows[0].region_name
	return row


def item_totals(measure_type: str, rows: list[dict]) -> dict:
	"""Target and realised of one item over regions (a sum, or a mean for percentages), for a single year."""
	if len({r.year for r in rows}) != 1:
		return {}
	return {
		"target": sum_values(measure_type, [r.target for r in rows]),
		"realised": sum_values(measure_type, [r.realised for r in rows if r.reported]),
	}


def leaf_row(r: dict, indent: int, filters: Filters) -> dict:
	by_item = filters.group_by == "Region"
	return {
		"indent": indent,
		"label": (r.plan_item_code or r.plan_indicator) if by_item else r.region_name,
		"item_code": r.plan_item_code,
		"indicator": r.plan_indicator,
		"unit": r.plan_unit,
		"measure_type": _(r.plan_measure_type),
		"agency_name": r.agency_name,
		"region_name": r.region_name,
		"period_label": r.period_label,
		"target": r.target,
		"realised": r.realised if r.reported else None,
		"achievement": round_display(r.achievement),
		"status": _(r.status) if r.status else _("Not reported"),
		"workflow_state": _(r.workflow_state) if r.workflow_state else None,
		"report": r.report,
	}


def plan_title(action_plan: str | None) -> str:
	if not action_plan:
		return _("All plans")
	return frappe.db.get_value("Action Plan", action_plan, "title") or action_plan


# ---- columns, chart, summary -----------------------------------------------------------------------------


def get_columns(filters: Filters) -> list[dict]:
	first = _("Plan / Cluster / Item") if filters.group_by == "Cluster" else _("Plan / Province / District")
	return [
		{"label": first, "fieldname": "label", "fieldtype": "Data", "width": 280},
		{"label": _("Target"), "fieldname": "target", "fieldtype": "Float", "width": 110},
		{"label": _("Realised"), "fieldname": "realised", "fieldtype": "Float", "width": 110},
		{"label": _("Achievement %"), "fieldname": "achievement", "fieldtype": "Percent", "width": 120},
		{"label": _("Items"), "fieldname": "items", "fieldtype": "Int", "width": 70},
		{"label": _("Rows"), "fieldname": "rows", "fieldtype": "Int", "width": 70},
		{"label": _("Scored"), "fieldname": "reported", "fieldtype": "Int", "width": 80},
		{"label": _("Indicator"), "fieldname": "indicator", "fieldtype": "Data", "width": 260},
		{"label": _("Unit"), "fieldname": "unit", "fieldtype": "Data", "width": 90},
		{"label": _("Measure Type"), "fieldname": "measure_type", "fieldtype": "Data", "width": 110},
		{"label": _("Responsible Agency"), "fieldname": "agency_name", "fieldtype": "Data", "width": 180},
		{"label": _("Region"), "fieldname": "region_name", "fieldtype": "Data", "width": 150},
		{"label": _("Period"), "fieldname": "period_label", "fieldtype": "Data", "width": 90},
		{"label": _("Status"), "fieldname": "status", "fieldtype": "Data", "width": 110},
		{"label": _("Approval State"), "fieldname": "workflow_state", "fieldtype": "Data", "width": 110},
		{
			"label": _("Progress Report"),
			"fieldname": "report",
			"fieldtype": "Link",
			"options": "Progress Report",
			"width": 140,
		},
	]


def get_chart(rows: list[dict]) -> dict | None:
	clusters = [(c, t) for c, t in rollup(rows, "cluster").items() if t.achievement is not None]
	if not clusters:
		return None
	return {
		"data": {
			"labels": [_(cluster) if cluster else _("(no cluster)") for cluster, _totals in clusters],
			"datasets": [
				{"name": _("Achievement %"), "values": [round_display(t.achievement) for _c, t in clusters]}
			],
		},
		"type": "bar",
		"fieldtype": "Percent",
		"colors": ["#b91c1c"],
	}


def achievement_indicator(value: float | None) -> str:
	if value is None:
		return "Grey"
	return "Green" if value >= 100 else "Orange" if value >= 50 else "Red"


def get_summary(
	achievement: float | None, items: int, scored: int, not_scored: int, task_forces: int, filters: Filters
) -> list[dict]:
	achievement = round_display(achievement)
	return [
		{
			"value": achievement,
			"label": _("Achievement"),
			"datatype": "Percent",
			"indicator": achievement_indicator(achievement),
		},
		{"value": items, "label": _("Items"), "datatype": "Int", "indicator": "Blue"},
		{"value": scored, "label": _("Rows Scored"), "datatype": "Int", "indicator": "Green"},
		{"value": not_scored, "label": _("Rows Not Scored"), "datatype": "Int", "indicator": "Orange"},
		{"value": task_forces, "label": _("Task Forces Reporting"), "datatype": "Int", "indicator": "Grey"},
		{
			"value": _("All reports") if filters.include_unapproved else _("Approved reports only"),
			"label": _("Counting"),
			"datatype": "Data",
			"indicator": "Orange" if filters.include_unapproved else "Grey",
		},
	]


# ---- totals only (national scale) ------------------------------------------------------------------------


def totals_view(filters: Filters, reports: list[dict]):
	"""The same tree without a row per region and item: totalled by the database (`plan_totals`, `totals_tree`),
	for views with more rows than anyone reads one by one (a national RAN view counts some 80,000 a year)."""
	levels = GROUP_BY[filters.group_by]
	# From the achievement summary (kept by the approvals) for the reports it holds, from the rows for the rest.
	groups = achievement_summary.totals(filters, levels, reports)
	items, names = {}, {}
	if levels[0] == "cluster":
		items = item_details({g.plan_item for g in groups})
		order = dict(frappe.get_all("Action Plan Cluster", fields=["name", "sort_order"], as_list=True))
		groups.sort(
			key=lambda g: (
				order.get(g.cluster) or 0,
				g.cluster,
				natural_key(items[g.plan_item].item_code or g.plan_item),
			)
		)
	else:
		names = region_names({g.province for g in groups} | {g.region for g in groups})
		groups.sort(key=lambda g: (g.province, g.region))
	root = totals_tree(groups, levels)

	data = []
	for node in root.walk():
		row = {
			"indent": node.depth,
			"achievement": round_display(node.achievement),
			"items": len(node.totals.item_set),
			"rows": node.items,
			"reported": node.reported,
		}
		if node.level is None:
			row["label"] = plan_title(filters.action_plan)
		elif node.level == "cluster":
			row["label"] = _(node.key) if node.key else _("(no cluster)")
		elif node.level == "plan_item":
			item, t = items[node.key], node.totals
			row.update(
				label=item.item_code or item.indicator,
				item_code=item.item_code,
				indicator=item.indicator,
				unit=item.unit,
				measure_type=_(item.measure_type),
				agency_name=item.agency_name,
			)
			if t.year_min == t.year_max:
				row.update(
					target=combined(item.measure_type, t.target_sum, t.target_n, t.target_min),
					realised=combined(item.measure_type, t.realised_sum, t.realised_n, t.realised_min),
				)
		elif node.level == "province":
			row["label"] = names.get(node.key) or _("National")
		else:
			row["label"] = names.get(node.key) or node.key
		data.append(row)

	message = _(
		"Totals only: the {0} item rows counted here are more than a report lists one by one. Choose a province, "
		"a region or a cluster to see each row."
	).format(frappe.format(root.items, "Int"))
	first_level = [row for row in data if row["indent"] == 1 and row["achievement"] is not None]
	chart = (
		{
			"data": {
				"labels": [row["label"] for row in first_level],
				"datasets": [
					{"name": _("Achievement %"), "values": [row["achievement"] for row in first_level]}
				],
			},
			"type": "bar",
			"fieldtype": "Percent",
			"colors": ["#b91c1c"],
		}
		if first_level
		else None
	)
	summary = get_summary(
		root.achievement,
		len(root.totals.item_set),
		root.reported,
		root.not_reported,
		len({r.task_force for r in reports}),
		filters,
	)
	return get_columns(filters), data, message, chart, summary


def item_details(names: set[str]) -> dict:
	items = {
		i.name: i
		for i in frappe.get_all(
			"Action Plan Item",
			filters={"name": ("in", list(names) or [""])},
			fields=["name", "item_code", "indicator", "unit", "measure_type", "responsible_agency"],
		)
	}
	agencies = agency_names({i.responsible_agency for i in items.values()})
	for i in items.values():
		i.agency_name = agencies.get(i.responsible_agency)
	return items
