"""One row per reported plan item: the data every achievement report and report template aggregates.

RAN Achievement, Item Detail and the report-template renderer all read `progress_rows`, so the same question
gets the same numbers wherever it is asked. Aggregation (item → cluster → plan, district → province →
national) is `tppo_app.action_plan.achievement.rollup_tree` over these rows.

Conventions:
- a row's realised value is the year-to-date value at the end of its reporting period, so a year's
  achievement is read from the latest period reported in that year (`latest_per_year`);
- only approved reports count unless `include_unapproved` is set;
- region scope: qb ignores User Permissions, so the user's regions are applied here, the same scope list
  views get;
- custom fields a national admin adds to Progress Report or its rows (Customize Form) come along as columns.
"""

from pypika.terms import ExistsCriterion

import frappe
from frappe import _
from frappe.query_builder import Case, Order
from frappe.query_builder.functions import Coalesce, Count, GroupConcat, Max, Min, Sum

from tppo_app.regional_adaptation.regional_fields import NUMBER_TYPES
from tppo_app.regions import get_user_regions, in_region

Filters = frappe._dict

ROW_FIELDS = (
	"report",
	"task_force",
	"region",
	"region_name",
	"province",
	"province_name",
	"level",
	"action_plan",
	"plan_type",
	"reporting_period",
	"period_label",
	"year",
	"period_end",
	"workflow_state",
	"item",
	"item_code",
	"root_item",
	"cluster",
	"activity",
	"indicator",
	"unit",
	"measure_type",
	"responsible_agency",
	"agency_name",
	"target",
	"realised",
	"status",
	"achievement",
	"reported",
)


def custom_fields(doctype: str) -> list[str]:
	"""Fieldnames of value-holding custom fields (Customize Form) on a doctype."""
	return [
		df.fieldname
		for df in frappe.get_meta(doctype).fields
		if df.get("is_custom_field") and df.fieldtype not in frappe.model.no_value_fields
	]


def progress_rows(filters: dict | None = None) -> list[dict]:
	filters = Filters(filters or {})
	report = frappe.qb.DocType("Progress Report")
	row = frappe.qb.DocType("Progress Report Item")
	item = frappe.qb.DocType("Action Plan Item")
	parent_item = frappe.qb.DocType("Action Plan Item").as_("parent_item")
	plan = frappe.qb.DocType("Action Plan")
	period = frappe.qb.DocType("Reporting Period")
	region = frappe.qb.DocType("Region")
	province = frappe.qb.DocType("Region").as_("province")
	agency = frappe.qb.DocType("Agency")
	plan_target = frappe.qb.DocType("Action Plan Item Target")

	# A district's province is its parent region; a province is its own; the national level has none.
	province_code = Case().when(report.level == "District", region.parent_region).else_(report.region)

	query = (
		frappe.qb.from_(row)
		.join(report)
		.on((report.name == row.parent) & (row.parenttype == "Progress Report"))
		.join(item)
		.on(item.name == row.action_plan_item)
		.left_join(parent_item)
		.on(parent_item.name == item.parent_item)
		.join(plan)
		.on(plan.name == report.action_plan)
		.join(period)
		.on(period.name == report.reporting_period)
		.join(region)
		.on(region.name == report.region)
		.left_join(province)
		.on(province.name == province_code)
		.left_join(agency)
		.on(agency.name == item.responsible_agency)
		.left_join(plan_target)
		.on(
			(plan_target.parent == item.name)
			& (plan_target.parenttype == "Action Plan Item")
			& (plan_target.year == period.year)
		)
		.select(
			report.name.as_("report"),
			report.task_force,
			report.region,
			region.region_name,
			province_code.as_("province"),
			province.region_name.as_("province_name"),
			report.level,
			report.action_plan,
			plan.plan_type,
			report.reporting_period,
			period.period_label,
			period.year,
			period.end_date.as_("period_end"),
			report.workflow_state,
			row.action_plan_item.as_("item"),
			row.item_code,
			# The RAN item a regional item descends from (a district's item adopts the province's, which
			# adopts the RAN's): what national rollups group by.
			Coalesce(parent_item.parent_item, item.parent_item, item.name).as_("root_item"),
			row.cluster,
			item.activity,
			row.indicator,
			row.unit,
			row.measure_type,
			item.responsible_agency,
			agency.agency_name,
			row.target,
			row.realised,
			row.status,
			row.achievement_percent.as_("achievement"),
			plan_target.name.as_("plan_target"),
		)
		.orderby(report.region, period.end_date, row.idx, order=Order.asc)
	)
	for fieldname in custom_fields("Progress Report"):
		query = query.select(report[fieldname])
	for fieldname in custom_fields("Progress Report Item"):
		query = query.select(row[fieldname])

	query = where_reports(query, report, period, filters)
	if filters.cluster:
		query = query.where(row.cluster == filters.cluster)
	if filters.item:
		query = query.where(
			(row.action_plan_item == filters.item)
			| (item.parent_item == filters.item)
			| (parent_item.parent_item == filters.item)
		)
	if filters.agency:
		query = query.where(item.responsible_agency == filters.agency)

	rows = query.run(as_dict=True)
	attach_regional_values(rows)
	for r in rows:
		r.reported = bool(r.status) and r.status != "Not Applicable"
		# Frappe stores an empty number as 0, so a missing target reads as 0. Against a target of 0 any
		# reported value scores 100% (achievement_percent): 0% against 0 means the row had no target for its
		# year when it was saved. Such a row (or one whose plan item has no target for the year) cannot be
		# scored and must not count as 0%.
		plan_target = r.pop("plan_target")
		if not r.target and (not plan_target or (r.reported and not r.achievement)):
			r.target = None
		if not r.reported or r.target is None:
			r.achievement = None
	return rows


def where_reports(query, report, period, filters: Filters):
	"""The criteria on the report and its period that every plan view shares: approved only unless asked, the
	user's regions (qb ignores User Permissions), the plan (and those adopting it), year, period, region."""
	query = query.where(report.docstatus == 1 if not filters.include_unapproved else report.docstatus < 2)
	allowed = get_user_regions(doctype="Progress Report")
	if allowed is not None:
		query = query.where(report.region.isin(allowed))
	if filters.action_plan:
		plans = (
			adopting_plans(filters.action_plan) if filters.include_adopting_plans else [filters.action_plan]
		)
		query = query.where(report.action_plan.isin(plans))
	if filters.year:
		query = query.where(period.year == int(filters.year))
	if filters.reporting_period:
		query = query.where(report.reporting_period == filters.reporting_period)
	if filters.period_end:
		query = query.where(period.end_date == filters.period_end)
	if filters.period_label:
		query = query.where(period.period_label == filters.period_label)
	if filters.region:
		query = query.where(in_region(report.region, filters.region))
	return query


def resolve_period(filters: Filters) -> Filters:
	"""A chosen reporting period as the criteria it stands for: its own year, and the period itself or, when
	adopting plans count (they have periods of their own), every period ending on the same day."""
	filters = Filters(filters)
	if not filters.reporting_period:
		return filters
	period = frappe.db.get_value(
		"Reporting Period", filters.reporting_period, ["year", "end_date"], as_dict=True
	)
	if not period:
		frappe.throw(_("Reporting period {0} does not exist.").format(frappe.bold(filters.reporting_period)))
	filters.year = period.year
	if filters.include_adopting_plans:
		filters.period_end = period.end_date
		filters.reporting_period = None
	return filters


def latest_per_year(rows: list[dict]) -> list[dict]:
	"""Each task force's latest reported period per item and year (realised values are year to date)."""
	latest: dict[tuple, dict] = {}
	for r in rows:
		key = (r["task_force"], r["item"], r["year"])
		if key not in latest or r["period_end"] > latest[key]["period_end"]:
			latest[key] = r
	return list(latest.values())


def adopting_plans(action_plan: str) -> list[str]:
	"""The plan and every plan that adopts it, directly or through a provincial RAD."""
	plans = [action_plan]
	frontier = [action_plan]
	while frontier:
		frontier = frappe.get_all("Action Plan", filters={"parent_plan": ("in", frontier)}, pluck="name")
		plans.extend(frontier)
	return plans


def attach_regional_values(rows: list[dict]) -> None:
	"""A province's own fields on its reports (and on their item rows), under each field's name, typed, so that
	report templates can group, measure and filter by them like any other field."""
	reports = {r["report"] for r in rows}
	if not reports:
		return
	value = frappe.qb.DocType("Regional Value")
	field = frappe.qb.DocType("Regional Field")
	stored = (
		frappe.qb.from_(value)
		.join(field)
		.on(field.name == value.regional_field)
		.select(
			value.parent,
			value.row_name,
			value.fieldname,
			value.value,
			value.value_number,
			value.value_date,
			field.fieldtype,
		)
		.where((value.parenttype == "Progress Report") & value.parent.isin(list(reports)))
		.run(as_dict=True)
	)
	by_report: dict[tuple, dict] = {}
	for v in stored:
		typed = (
			v.value_number
			if v.fieldtype in NUMBER_TYPES
			else v.value_date
			if v.fieldtype == "Date"
			else v.value
		)
		by_report.setdefault((v.parent, v.row_name or None), {})[v.fieldname] = typed
	for r in rows:
		# Regional values never replace a row's own data (their names all start with r<province code>_).
		for values in (by_report.get((r["report"], None), {}), by_report.get((r["report"], r["item"]), {})):
			for fieldname, typed in values.items():
				r.setdefault(fieldname, typed)


ITEM_FIELDS = (
	"name",
	"parent_item",
	"action_plan",
	"item_code",
	"indicator",
	"unit",
	"measure_type",
	"cluster",
	"responsible_agency",
)


def plan_view_rows(filters: dict) -> list[dict]:
	"""The rows a view of one plan counts (RAN Achievement, its Excel matrix, report templates): the latest
	period of each year, each row with `plan_item` (the plan's item it is or descends from) and its details."""
	filters = Filters(filters)
	query = resolve_period(
		Filters(
			action_plan=filters.action_plan,
			include_adopting_plans=filters.include_adopting_plans,
			include_unapproved=filters.include_unapproved,
			year=filters.year,
			reporting_period=filters.reporting_period,
			cluster=filters.cluster,
			region=filters.region,
			agency=filters.agency,
		)
	)
	rows = progress_rows(query)
	return attach_plan_items(latest_per_year(rows), filters.action_plan)


def attach_plan_items(rows: list[dict], action_plan: str | None) -> list[dict]:
	"""Sets each row's `plan_item`: its own item, or the item of `action_plan` it adopts (directly or through a
	provincial RAD); without a plan, the RAN item it descends from. Rows whose item does not descend from one of
	the plan's items are dropped."""
	items = item_ancestry({r.item for r in rows})
	agencies = agency_names({i.responsible_agency for i in items.values()})
	kept = []
	for r in rows:
		name = r.item
		if action_plan:
			while name and items[name].action_plan != action_plan:
				name = items[name].parent_item
		else:
			while items[name].parent_item:
				name = items[name].parent_item
		if not name:
			continue
		plan_item = items[name]
		r.plan_item = name
		r.plan_item_code = plan_item.item_code
		r.plan_indicator = plan_item.indicator
		r.plan_unit = plan_item.unit
		r.plan_measure_type = plan_item.measure_type
		r.plan_agency = agencies.get(plan_item.responsible_agency)
		r.cluster = plan_item.cluster
		kept.append(r)
	return kept


def agency_names(names: set[str | None]) -> dict[str, str]:
	return dict(
		frappe.get_all(
			"Agency",
			filters={"name": ("in", list(names - {None}) or [""])},
			fields=["name", "agency_name"],
			as_list=True,
		)
	)


def item_ancestry(names: set[str]) -> dict[str, frappe._dict]:
	"""The items and every item they adopt, up to the RAN (at most three levels)."""
	items: dict[str, frappe._dict] = {}
	frontier = set(names)
	while frontier:
		found = frappe.get_all(
			"Action Plan Item", filters={"name": ("in", list(frontier))}, fields=list(ITEM_FIELDS)
		)
		items.update({i.name: i for i in found})
		frontier = {i.parent_item for i in found if i.parent_item and i.parent_item not in items}
	return items


# ---- totals in the database, for national-scale views ------------------------------------------------------

# Above this many item rows a plan view is totalled in the database (`plan_totals`) instead of row by row:
# a national RAN view counts some 80,000 rows a year, which no one reads one by one, and which Python would
# take seconds to fetch.
TOTALS_ROW_LIMIT = 5000

TOTALS_LEVELS = ("cluster", "plan_item", "province", "region", "responsible_agency", "year", "period_label")


def chosen_reports(filters: dict) -> list[frappe._dict]:
	"""The reports a plan view counts: each task force's latest report per year among those matching the
	filters (name, task_force, items_count, modified). A report holds a row for every item of its plan, so the
	latest report of a year carries each item's latest (year-to-date) value: the same rows `latest_per_year`
	keeps."""
	report = frappe.qb.DocType("Progress Report")
	period = frappe.qb.DocType("Reporting Period")
	query = (
		frappe.qb.from_(report)
		.join(period)
		.on(period.name == report.reporting_period)
		.select(
			report.name, report.task_force, report.items_count, report.modified, period.year, period.end_date
		)
	)
	chosen: dict[tuple, frappe._dict] = {}
	for r in where_reports(query, report, period, resolve_period(filters)).run(as_dict=True):
		key = (r.task_force, r.year)
		if key not in chosen or r.end_date > chosen[key].end_date:
			chosen[key] = r
	return list(chosen.values())


def item_rows():
	"""Progress report rows joined by primary key to their report, period and region, their plan item and the
	items it adopts (up to two levels up): the join both the views (`plan_totals`) and the achievement summary
	(`summary.expected_rows`) read. Returns the query (no columns yet) and its tables by name."""
	t = frappe._dict(
		row=frappe.qb.DocType("Progress Report Item"),
		report=frappe.qb.DocType("Progress Report"),
		period=frappe.qb.DocType("Reporting Period"),
		region=frappe.qb.DocType("Region"),
		item=frappe.qb.DocType("Action Plan Item"),
		parent_item=frappe.qb.DocType("Action Plan Item").as_("parent_item"),
		grand_item=frappe.qb.DocType("Action Plan Item").as_("grand_item"),
	)
	query = (
		frappe.qb.from_(t.row)
		.join(t.report)
		.on(t.report.name == t.row.parent)
		.join(t.period)
		.on(t.period.name == t.report.reporting_period)
		.join(t.region)
		.on(t.region.name == t.report.region)
		.join(t.item)
		.on(t.item.name == t.row.action_plan_item)
		.left_join(t.parent_item)
		.on(t.parent_item.name == t.item.parent_item)
		.left_join(t.grand_item)
		.on(t.grand_item.name == t.parent_item.parent_item)
	)
	return query, t


def plan_totals(filters: dict, levels: list[str], reports: list[str]) -> list[frappe._dict]:
	"""Totals of a plan view's rows by `levels` (of TOTALS_LEVELS, or the name of a custom field of Progress
	Report or its rows, or of a regional field), computed by the database over the `reports` of
	`chosen_reports`; the levels above are sums of these (`totals_tree`).

	Each row has the level keys and: rows, scored (rows with an achievement), achievement_sum, year_min and
	year_max, the plan items it covers (when not grouped by item), and the target and realised totals (sum,
	count, min): the numbers
	`rollup_tree` and `sum_values` compute row by row, under the same rules (a row counts as reported once its
	status says so; a row without a target for its year is not scored).

	Query shape: one pass over the chosen reports' rows (the `parent` index of the child table), each joined by
	primary key to its item and the items it adopts; no rollup or distinct count, which would sort every row.
	"""
	filters = Filters(filters)
	query, t = item_rows()
	row, report, period, region = t.row, t.report, t.period, t.region
	item, parent_item, grand_item = t.item, t.parent_item, t.grand_item
	plan_target = frappe.qb.DocType("Action Plan Item Target")

	# The item of the plan a row counts under: its own, or the one it adopts (directly or through a province).
	if filters.action_plan:
		plan = filters.action_plan
		plan_item = (
			Case()
			.when(item.action_plan == plan, item.name)
			.when(parent_item.action_plan == plan, parent_item.name)
			.when(grand_item.action_plan == plan, grand_item.name)
		)
		plan_cluster = (
			Case()
			.when(item.action_plan == plan, item.cluster)
			.when(parent_item.action_plan == plan, parent_item.cluster)
			.when(grand_item.action_plan == plan, grand_item.cluster)
		)
	else:
		plan_item = Coalesce(grand_item.name, parent_item.name, item.name)
		plan_cluster = Coalesce(grand_item.cluster, parent_item.cluster, item.cluster)
	keys = {
		"cluster": Coalesce(plan_cluster, ""),
		"plan_item": plan_item,
		"province": Case().when(report.level == "District", region.parent_region).else_(report.region),
		"region": report.region,
		"responsible_agency": item.responsible_agency,
		"year": period.year,
		"period_label": period.period_label,
	}
	joins = []
	for level in levels:
		if level in keys:
			continue
		if level in custom_fields("Progress Report"):
			keys[level] = report[level]
		elif level in custom_fields("Progress Report Item"):
			keys[level] = row[level]
		else:
			keys[level], join = regional_key(level, report, row)
			joins.append(join)
	reported = row.status.notin(["", "Not Applicable"]) & row.status.notnull()
	# As `progress_rows`: a stored target of 0 is "no target" when the plan has none for the year, or when a
	# reported row scored 0 against it (0 is what Frappe stores for an empty number).
	# The plan's target is looked up only for such rows (a subquery after the AND, which MariaDB evaluates
	# only when the row's target is 0): a join for every row would double the query's time.
	has_plan_target = ExistsCriterion(
		frappe.qb.from_(plan_target)
		.select(plan_target.name)
		.where(
			(plan_target.parent == item.name)
			& (plan_target.parenttype == "Action Plan Item")
			& (plan_target.year == period.year)
		)
	)
	no_target = (Coalesce(row.target, 0) == 0) & (
		has_plan_target.negate() | (reported & (Coalesce(row.achievement_percent, 0) == 0))
	)
	scored = reported & ~no_target

	def when(condition, value):
		return Case().when(condition, value)

	selected = [keys[level].as_(level) for level in levels]
	for table, on in joins:
		query = query.left_join(table).on(on)
	query = (
		query.select(
			*selected,
			Count("*").as_("rows"),
			Sum(when(scored, 1).else_(0)).as_("scored"),
			Sum(when(scored, row.achievement_percent)).as_("achievement_sum"),
			Min(period.year).as_("year_min"),
			Max(period.year).as_("year_max"),
			Sum(when(~no_target, row.target)).as_("target_sum"),
			Count(when(~no_target, row.target)).as_("target_n"),
			Min(when(~no_target, row.target)).as_("target_min"),
			Sum(when(reported, row.realised)).as_("realised_sum"),
			Count(when(reported, row.realised)).as_("realised_n"),
			Min(when(reported, row.realised)).as_("realised_min"),
		)
		.where((row.parenttype == "Progress Report") & row.parent.isin(reports or [""]))
		.where(plan_item.notnull())
		.groupby(*[keys[level] for level in levels])
	)
	if "plan_item" not in levels:
		# The items under a region, so that a province's (or the nation's) distinct items can be counted.
		query = query.select(GroupConcat(plan_item).as_("plan_items"))
	if filters.cluster:
		query = query.where(plan_cluster == filters.cluster)
	if filters.agency:
		query = query.where(item.responsible_agency == filters.agency)
	return query.run(as_dict=True)


def regional_key(fieldname: str, report, row):
	"""A regional field as a grouping key: its typed value on the report (or on the row, for a field of the
	rows), through a join on the Regional Value rows (indexed by parent)."""
	from tppo_app.regional_adaptation.regional_fields import NUMBER_TYPES as REGIONAL_NUMBERS

	field = frappe.db.get_value(
		"Regional Field", {"fieldname": fieldname}, ["fieldtype", "applies_to_rows"], as_dict=True
	)
	if not field:
		frappe.throw(_("{0} is not a field of this report.").format(frappe.bold(fieldname)))
	value = frappe.qb.DocType("Regional Value").as_(f"rv_{fieldname}")
	stored = (
		value.value_number
		if field.fieldtype in REGIONAL_NUMBERS
		else value.value_date
		if field.fieldtype == "Date"
		else value.value
	)
	on = (
		(value.parent == report.name)
		& (value.parenttype == "Progress Report")
		& (value.fieldname == fieldname)
	)
	on &= (
		(value.row_name == row.action_plan_item)
		if field.applies_to_rows
		else Coalesce(value.row_name, "") == ""
	)
	return stored, (value, on)


def combined(measure_type: str, total, count: int, minimum) -> float | None:
	"""`sum_values` from database totals: a sum, a mean for percentages, all-yes for Yes/No."""
	if not count:
		return None
	if measure_type == "Yes/No":
		return 1.0 if float(minimum) == 1 else 0.0
	if measure_type == "Percentage":
		return float(total) / count
	return float(total)


def totals_tree(groups: list[dict], levels: list[str]):
	"""A `rollup_tree` built from `plan_totals` groups (in display order) instead of rows: each node's numbers
	are sums over the groups under it, so they equal those of the rows. Each node gets `totals`: the summed
	group totals (rows, scored, achievement_sum, target and realised sums, counts and minimums, years)."""
	from tppo_app.action_plan.achievement import RollupNode

	def node_for(path: tuple, parent) -> RollupNode:
		node = RollupNode(
			level=levels[len(path) - 1] if path else None,
			key=path[-1] if path else None,
			path=path,
			items=0,
			reported=0,
			achievement=None,
		)
		node.totals = frappe._dict(
			rows=0,
			scored=0,
			achievement_sum=0.0,
			target_sum=0.0,
			target_n=0,
			target_min=None,
			realised_sum=0.0,
			realised_n=0,
			realised_min=None,
			year_min=None,
			year_max=None,
			item_set=set(),
		)
		if parent is not None:
			parent.children.append(node)
		return node

	root = node_for((), None)
	nodes = {(): root}
	for group in groups:
		path = tuple(group[level] for level in levels)
		for depth in range(len(levels) + 1):
			key = path[:depth]
			if key not in nodes:
				nodes[key] = node_for(key, nodes[path[: depth - 1]])
			add_group(nodes[key].totals, group)
	for node in nodes.values():
		t = node.totals
		node.items, node.reported = t.rows, t.scored
		node.achievement = t.achievement_sum / t.scored if t.scored else None
	return root


def add_group(total: dict, group: dict) -> None:
	total.rows += group.rows
	if group.get("plan_item"):
		total.item_set.add(group.plan_item)
	elif group.get("plan_items"):  # grouped without the item: the items it covers
		total.item_set.update(i for i in group.plan_items.split(",") if i)
	total.scored += int(group.scored or 0)
	total.achievement_sum += float(group.achievement_sum or 0)
	for measure in ("target", "realised"):
		total[f"{measure}_sum"] += float(group[f"{measure}_sum"] or 0)
		total[f"{measure}_n"] += group[f"{measure}_n"] or 0
		if group[f"{measure}_min"] is not None:
			current = total[f"{measure}_min"]
			total[f"{measure}_min"] = (
				min(current, group[f"{measure}_min"]) if current is not None else group[f"{measure}_min"]
			)
	for bound, pick in (("year_min", min), ("year_max", max)):
		if group[bound] is not None:
			total[bound] = pick(total[bound], group[bound]) if total[bound] is not None else group[bound]
