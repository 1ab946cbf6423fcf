# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""National Reporting Compliance (Kepatuhan Pelaporan Nasional): for every task force in the user's regions, the
plan in force it reports on (the RAN for the national task force, the nearest active RAD of its region or the
regions above for every other one, as `reporting.expected_reporters` decides for a single plan), and each of
that plan's periods of the year: on time, late, missing or not yet due. Rows are grouped by province; the
columns show each period and the totals.

The database does the counting: four queries (task forces, plans, periods, and the submitted reports grouped by
task force and period), whatever the number of reports; Python only places some 2,200 cells nationally.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Min
from frappe.utils import date_diff, getdate

from tppo_app.action_plan.reporting import (
	LATE,
	MISSING,
	STATUS_FIELDS,
	SUBMITTED_STATES,
	compliance_indicator,
	compliance_status,
	count_columns,
	count_statuses,
)
from tppo_app.regions import in_region, scope_query
from tppo_app.utils.reports import ReportFilterError, safe_report

Filters = frappe._dict

# The period filter: (period type, period number).
PERIODS = {
	"Q1": ("Quarter", 1),
	"Q2": ("Quarter", 2),
	"Q3": ("Quarter", 3),
	"Q4": ("Quarter", 4),
	"S1": ("Semester", 1),
	"S2": ("Semester", 2),
}


@safe_report
def execute(filters: dict | None = None):
	filters = Filters(filters or {})
	result = compute(filters)
	columns = get_columns(result.period_labels)
	return columns, result.rows, None, get_chart(result), get_summary(result)


def compute(filters: Filters) -> frappe._dict:
	"""The cells and rows of the report for the session user; also used by the Task Force Report."""
	year = check_year(filters.get("year"))
	period = filters.get("period") or None
	if period and period not in PERIODS:
		frappe.throw(_("Choose a period from the list."), ReportFilterError, title=_("Invalid filter"))

	task_forces = get_task_forces(filters.get("region"))
	plans = get_plans()
	tree = region_parents()
	periods = get_periods(year, period)
	reports = get_submissions(year, filters.get("region"))
	today = getdate()

	cells, without_plan = [], []
	for tf in task_forces:
		plan_names = plans_for(tf, plans, tree)
		if not plan_names:
			without_plan.append(tf)
			continue
		tf.plans = plan_names
		tf.province = province_of(tf, tree)
		for plan in plan_names:
			for p in periods.get(plan, ()):
				submitted_on = reports.get((tf.name, p.name))
				cells.append(
					frappe._dict(
						task_force=tf.name,
						action_plan=plan,
						reporting_period=p.name,
						period_label=p.period_label,
						deadline=p.submission_deadline,
						submitted_on=submitted_on,
						status=status_of(submitted_on, p.submission_deadline, today),
					)
				)
	period_labels = sorted({c.period_label for c in cells})
	rows = build_rows(task_forces, cells, period_labels)
	return frappe._dict(
		year=year,
		cells=cells,
		rows=rows,
		period_labels=period_labels,
		task_forces=task_forces,
		without_plan=without_plan,
	)


def check_year(value) -> int:
	try:
		year = int(value)
	except (TypeError, ValueError):
		year = 0
	if not 2000 <= year <= 2100:
		frappe.throw(_("Choose the year to check."), ReportFilterError, title=_("Year required"))
	return year


def get_task_forces(region: str | None) -> list[frappe._dict]:
	"""Active task forces in the user's regions (and under the region filter), in region-tree order."""
	task_force = frappe.qb.DocType("Task Force")
	reg = frappe.qb.DocType("Region")
	query = (
		frappe.qb.from_(task_force)
		.join(reg)
		.on(reg.name == task_force.region)
		.select(
			task_force.name,
			task_force.task_force_name,
			task_force.region,
			task_force.level,
			reg.region_name,
			reg.region_type,
			reg.parent_region,
			reg.lft,
		)
		.where(task_force.status == "Active")
		.orderby(reg.lft)
		.orderby(task_force.name)
	)
	query = scope_query(query, task_force.region, "Progress Report")
	if region:
		query = query.where(in_region(task_force.region, region))
	return query.run(as_dict=True)


def get_plans() -> dict[str, list[frappe._dict]]:
	"""Active plans by region (plans are reference data: a region reads the plans of the regions above)."""
	plan = frappe.qb.DocType("Action Plan")
	plans: dict[str, list[frappe._dict]] = {}
	for p in (
		frappe.qb.from_(plan)
		.select(plan.name, plan.plan_type, plan.region)
		.where((plan.status == "Active") & plan.region.isnotnull())
		.orderby(plan.name)
		.run(as_dict=True)
	):
		plans.setdefault(p.region, []).append(p)
	return plans


def region_parents() -> frappe._dict:
	"""The upper levels of the tree (the country and the provinces): each one's parent and type."""
	reg = frappe.qb.DocType("Region")
	rows = (
		frappe.qb.from_(reg)
		.select(reg.name, reg.parent_region, reg.region_type)
		.where(reg.region_type.isin(["Country", "Province"]))
		.run(as_dict=True)
	)
	return frappe._dict(
		parent={r.name: r.parent_region for r in rows}, type={r.name: r.region_type for r in rows}
	)


def ancestors(region: str, first_parent: str | None, tree: frappe._dict) -> list[str]:
	"""The region and the regions above it, nearest first."""
	chain, current = [region], first_parent
	while current and current not in chain:
		chain.append(current)
		current = tree.parent.get(current)
	return chain


def plans_for(tf: frappe._dict, plans: dict, tree: frappe._dict) -> list[str]:
	"""The plans the task force reports on: the RAN of its own region (the national task force), else the active
	RADs of the nearest region, its own first, that has one."""
	chain = ancestors(tf.region, tf.parent_region, tree)
	for depth, region in enumerate(chain):
		found = [p.name for p in plans.get(region, ()) if p.plan_type == "RAD" or depth == 0]
		if found:
			return found
	return []


def province_of(tf: frappe._dict, tree: frappe._dict) -> str:
	for region in ancestors(tf.region, tf.parent_region, tree):
		if tree.type.get(region) in ("Province", "Country"):
			return region
	return tf.region


def get_periods(year: int, period: str | None) -> dict[str, list[frappe._dict]]:
	"""The year's reporting periods of every active plan, by plan."""
	rp = frappe.qb.DocType("Reporting Period")
	plan = frappe.qb.DocType("Action Plan")
	query = (
		frappe.qb.from_(rp)
		.join(plan)
		.on(plan.name == rp.action_plan)
		.select(rp.name, rp.action_plan, rp.period_label, rp.submission_deadline)
		.where((rp.year == year) & (plan.status == "Active"))
		.orderby(rp.end_date)
	)
	if period:
		period_type, period_no = PERIODS[period]
		query = query.where((rp.period_type == period_type) & (rp.period_no == period_no))
	found: dict[str, list[frappe._dict]] = {}
	for p in query.run(as_dict=True):
		found.setdefault(p.action_plan, []).append(p)
	return found


def get_submissions(year: int, region: str | None) -> dict[tuple, object]:
	"""(task force, period) -> when it was first submitted, for the year's reports in a submitted state in the
	user's regions: one grouped query."""
	report = frappe.qb.DocType("Progress Report")
	rp = frappe.qb.DocType("Reporting Period")
	query = (
		frappe.qb.from_(report)
		.join(rp)
		.on(rp.name == report.reporting_period)
		.select(report.task_force, report.reporting_period, Min(report.submitted_on))
		.where((rp.year == year) & (report.docstatus < 2) & report.workflow_state.isin(SUBMITTED_STATES))
		.groupby(report.task_force, report.reporting_period)
	)
	query = scope_query(query, report.region, "Progress Report")
	if region:
		query = query.where(in_region(report.region, region))
	return {(tf, period): on for tf, period, on in query.run()}


def status_of(submitted_on, deadline, today) -> str:
	return compliance_status(bool(submitted_on), submitted_on, deadline, today)


def tally(cells) -> dict:
	counts = count_statuses(c.status for c in cells)
	if counts["compliance"] is not None:
		counts["compliance"] = round(counts["compliance"], 2)
	return counts


def period_field(label: str) -> str:
	return "p_" + frappe.scrub(label)


def build_rows(task_forces: list[dict], cells: list[dict], period_labels: list[str]) -> list[dict]:
	"""A row per province (its task forces' totals, bold) with a row per task force and plan under it (a region
	with two plans in force has a row for each)."""
	by_row: dict[tuple, list] = {}
	for c in cells:
		by_row.setdefault((c.task_force, c.action_plan), []).append(c)
	provinces: dict[str, list] = {}
	for tf in task_forces:
		for plan in tf.get("plans") or ():
			if (tf.name, plan) in by_row:
				provinces.setdefault(tf.province, []).append((tf, plan))
	names = dict(
		frappe.get_all(
			"Region", filters={"name": ("in", list(provinces))}, fields=["name", "region_name"], as_list=True
		)
	)
	# Some 2,200 cells nationally: each label, field name and today's date worked out once.
	fields = {label: period_field(label) for label in period_labels}
	translated = {status: _(status) for status in STATUS_FIELDS}
	levels = {level: _(level) for level in {tf.level for tf in task_forces if tf.level}}
	today = getdate()
	rows = []
	for province, members in provinces.items():
		group_cells = [c for tf, plan in members for c in by_row[(tf.name, plan)]]
		group = {
			"indent": 0,
			"label": names.get(province, province),
			"region": province,
			**tally(group_cells),
		}
		for label in period_labels:
			counts = tally([c for c in group_cells if c.period_label == label])
			due = counts["expected"]
			group[fields[label]] = (
				f"{counts['on_time']}/{due}" if due else _("Not Due") if counts["not_due"] else None
			)
		rows.append(group)
		for tf, plan in members:
			own = {c.period_label: c for c in by_row[(tf.name, plan)]}
			row = {
				"indent": 1,
				"label": tf.region_name,
				"region": tf.region,
				"task_force": tf.name,
				"task_force_name": tf.task_force_name,
				"level": levels[tf.level] if tf.level else None,
				"action_plan": plan,
				**tally(own.values()),
			}
			for label, cell in own.items():
				field = fields[label]
				row[field] = translated[cell.status]
				row[field + "_code"] = cell.status
				if cell.status in (LATE, MISSING):
					end = getdate(cell.submitted_on) if cell.submitted_on else today
					row[field + "_days"] = date_diff(end, cell.deadline)
			rows.append(row)
	return rows


def get_columns(period_labels: list[str]) -> list[dict]:
	columns = [
		{"label": _("Province / Region"), "fieldname": "label", "fieldtype": "Data", "width": 240},
		{"label": _("Level"), "fieldname": "level", "fieldtype": "Data", "width": 90},
	]
	columns += [
		{"label": label, "fieldname": period_field(label), "fieldtype": "Data", "width": 100}
		for label in period_labels
	]
	columns += [
		*count_columns(),
		{
			"label": _("Task Force"),
			"fieldname": "task_force",
			"fieldtype": "Link",
			"options": "Task Force",
			"width": 110,
		},
		{
			"label": _("Action Plan"),
			"fieldname": "action_plan",
			"fieldtype": "Link",
			"options": "Action Plan",
			"width": 130,
		},
	]
	return columns


def get_chart(result: frappe._dict) -> dict | None:
	by_label: dict[str, list] = {}
	for c in result.cells:
		by_label.setdefault(c.period_label, []).append(c)
	counts = {label: tally(cells) for label, cells in by_label.items()}
	labels = [label for label in result.period_labels if counts[label]["expected"]]
	if not labels:
		return None
	return {
		"data": {
			"labels": labels,
			"datasets": [
				{"name": _("On Time"), "values": [counts[label]["on_time"] for label in labels]},
				{"name": _("Late"), "values": [counts[label]["late"] for label in labels]},
				{"name": _("Missing"), "values": [counts[label]["missing"] for label in labels]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#16a34a", "#f59e0b", "#b91c1c"],
	}


def get_summary(result: frappe._dict) -> list[dict]:
	counts = tally(result.cells)
	return [
		{
			"value": counts["compliance"],
			"label": _("Compliance"),
			"datatype": "Percent",
			"indicator": compliance_indicator(counts["compliance"]),
		},
		{"value": counts["expected"], "label": _("Reports Due"), "datatype": "Int", "indicator": "Blue"},
		{"value": counts["on_time"], "label": _("On Time"), "datatype": "Int", "indicator": "Green"},
		{"value": counts["late"], "label": _("Late"), "datatype": "Int", "indicator": "Orange"},
		{"value": counts["missing"], "label": _("Missing"), "datatype": "Int", "indicator": "Red"},
		{"value": counts["not_due"], "label": _("Not Yet Due"), "datatype": "Int", "indicator": "Grey"},
		{
			"value": len(result.without_plan),
			"label": _("Task Forces Without a Plan"),
			"datatype": "Int",
			"indicator": "Grey",
		},
	]
