"""Report templates: an admin composes an achievement report in the browser (RAN Report Template) and the one
generic Script Report `RAN Template Report` renders any template.

A template names its row dimensions (outermost first), its measures, its filters (including conditions on
custom fields) and a chart. Every number comes from `achievement_data.progress_rows` with the template's
filters, then:

- conditions on fields filter the rows (before the latest period is chosen, like the approval filter);
- without a Period dimension each task force's latest period per item and year is used (`latest_per_year`:
  realised values are year to date); with a Period dimension every period is its own row;
- Items, Reported and Achievement % of every group come from `rollup_tree` over the item rows: a group's
  achievement is the mean over its own item rows, not a mean of its subgroups' means;
- Target and Realised are `sum_values` over the latest row per task force, item and year, and are shown only
  for groups of ONE item in ONE year (values of different indicators, or of different years, do not add up;
  a template showing them needs the Item dimension);
- as in RAN Achievement, each row counts under the item of the template's plan it is or adopts (with
  "Include adopting plans", a district's row counts under the province's or the RAN's item); rows of a
  regional plan's own items are then not part of the plan and are left out. Without a plan, rows count under
  the RAN item they descend from.

The Excel export of RAN Achievement (`tppo_app.action_plan.export`) shares the labels and item values.
"""

import math
import re
from collections.abc import Iterable

import frappe
from frappe import _
from frappe.utils import cint, flt, get_datetime, getdate

from tppo_app.action_plan import summary as achievement_summary
from tppo_app.action_plan.achievement import RollupNode, rollup_tree, sum_values
from tppo_app.action_plan.achievement_data import (
	TOTALS_ROW_LIMIT,
	attach_plan_items,
	chosen_reports,
	combined,
	custom_fields,
	latest_per_year,
	progress_rows,
	totals_tree,
)
from tppo_app.utils.document import NUMBER_TYPES

Filters = frappe._dict

# Standard dimensions → the progress_rows field they group by.
DIMENSION_FIELDS = {
	"Cluster": "cluster",
	"Item": "plan_item",
	"Province": "province",
	"Region": "region",
	"Agency": "responsible_agency",
	"Period": "period_label",
	"Year": "year",
}
STANDARD_DIMENSIONS = tuple(DIMENSION_FIELDS)

# Measure → (column fieldname, fieldtype).
MEASURES = {
	"Items": ("items", "Int"),
	"Reported": ("reported", "Int"),
	"Target": ("target", "Float"),
	"Realised": ("realised", "Float"),
	"Achievement %": ("achievement", "Percent"),
}
ITEM_VALUE_MEASURES = ("Target", "Realised")

OPERATORS = ("=", "!=", "in", ">", "<")
CHART_TYPES = ("Bar", "Line", "Pie")

# Standard row fields a condition may test besides the custom fields.
STANDARD_CONDITION_FIELDS = {
	"level": ("Level", "Data"),
	"plan_type": ("Plan Type", "Data"),
	"measure_type": ("Measure Type", "Data"),
	"status": ("Status", "Data"),
	"unit": ("Unit", "Data"),
}
CUSTOM_FIELD_DOCTYPES = ("Progress Report", "Progress Report Item")


class InvalidTemplateError(frappe.ValidationError):
	pass


# ---- what a template may use --------------------------------------------------------------------------


def custom_field_options() -> list[dict]:
	"""Value-holding custom fields of Progress Report and its rows, usable as dimensions and in conditions."""
	options = []
	for doctype in CUSTOM_FIELD_DOCTYPES:
		meta = frappe.get_meta(doctype)
		for fieldname in custom_fields(doctype):
			df = meta.get_field(fieldname)
			options.append(
				{
					"value": fieldname,
					"label": _("{0} ({1})").format(_(df.label or fieldname), _(doctype)),
					"fieldtype": df.fieldtype,
					"doctype": doctype,
				}
			)
	return options


def regional_field_options() -> list[dict]:
	"""A province's own fields (Regional Field), for its templates."""
	from tppo_app.regional_adaptation.regional_fields import label_of, template_field_options

	return [
		{
			"value": f.fieldname,
			"label": _("{0} ({1})").format(label_of(f), f.province),
			"fieldtype": f.fieldtype,
			"doctype": "Progress Report",
		}
		for f in template_field_options()
	]


def dimension_options() -> list[dict]:
	return (
		[{"value": d, "label": _(d)} for d in STANDARD_DIMENSIONS]
		+ custom_field_options()
		+ regional_field_options()
	)


def condition_field_options() -> list[dict]:
	standard = [
		{"value": fieldname, "label": _(label), "fieldtype": fieldtype}
		for fieldname, (label, fieldtype) in STANDARD_CONDITION_FIELDS.items()
	]
	return standard + custom_field_options() + regional_field_options()


# ---- validation ----------------------------------------------------------------------------------------


def validate_template(doc) -> None:
	"""Refuses what a template cannot render, each problem with its own message."""
	validate_dimensions(doc)
	validate_measures(doc)
	validate_chart(doc)
	validate_conditions(doc)
	if doc.filter_year and not 2000 <= cint(doc.filter_year) <= 2100:
		_throw(_("The year filter must be a year between 2000 and 2100, not {0}.").format(doc.filter_year))


def validate_dimensions(doc) -> None:
	if not doc.dimensions:
		_throw(_("Add at least one row dimension (for example Cluster)."), _("Dimensions missing"))
	allowed = {option["value"]: option["label"] for option in dimension_options()}
	seen = set()
	for row in doc.dimensions:
		row.dimension = (row.dimension or "").strip()
		if row.dimension not in allowed:
			_throw(
				_("Dimension row {0}: {1} is not a dimension a template can use. Choose one of: {2}.").format(
					row.idx, frappe.bold(row.dimension or _("(empty)")), ", ".join(allowed.values())
				),
				_("Unknown dimension"),
			)
		if row.dimension in seen:
			_throw(
				_("Dimension row {0}: {1} is chosen twice.").format(
					row.idx, frappe.bold(allowed[row.dimension])
				),
				_("Duplicate dimension"),
			)
		seen.add(row.dimension)


def validate_measures(doc) -> None:
	if not doc.measures:
		_throw(
			_("Choose at least one measure: {0}.").format(", ".join(_(m) for m in MEASURES)),
			_("Measures missing"),
		)
	seen = set()
	for row in doc.measures:
		if row.measure not in MEASURES:
			_throw(
				_("Measure row {0}: {1} is not a measure. Choose one of: {2}.").format(
					row.idx, frappe.bold(row.measure or _("(empty)")), ", ".join(_(m) for m in MEASURES)
				),
				_("Unknown measure"),
			)
		if row.measure in seen:
			_throw(
				_("Measure row {0}: {1} is chosen twice.").format(row.idx, frappe.bold(_(row.measure))),
				_("Duplicate measure"),
			)
		seen.add(row.measure)
	item_values = [m for m in ITEM_VALUE_MEASURES if m in seen]
	if item_values and "Item" not in {row.dimension for row in doc.dimensions}:
		_throw(
			_(
				"{0} add up one item's values of one year across regions; add the Item dimension to show them."
			).format(", ".join(_(m) for m in item_values)),
			_("Item dimension needed"),
		)


def validate_chart(doc) -> None:
	if not doc.chart_type:
		doc.chart_measure = None
		return
	if doc.chart_type not in CHART_TYPES:
		_throw(_("Chart type {0} is not one of: {1}.").format(doc.chart_type, ", ".join(CHART_TYPES)))
	if doc.chart_measure not in {row.measure for row in doc.measures}:
		_throw(
			_("Choose which of the template's measures the chart shows."),
			_("Chart measure missing"),
		)


def validate_conditions(doc) -> None:
	fields = {option["value"]: option for option in condition_field_options()}
	for row in doc.conditions:
		row.fieldname = (row.fieldname or "").strip()
		if row.fieldname not in fields:
			_throw(
				_("Condition row {0}: {1} is not a field a condition can test. Choose one of: {2}.").format(
					row.idx,
					frappe.bold(row.fieldname or _("(empty)")),
					", ".join(option["value"] for option in fields.values()),
				),
				_("Unknown field"),
			)
		if row.operator not in OPERATORS:
			_throw(
				_("Condition row {0}: the operator must be one of {1}.").format(row.idx, " ".join(OPERATORS)),
				_("Unknown operator"),
			)
		if row.operator in ("in", ">", "<") and not (row.value or "").strip():
			_throw(
				_("Condition row {0}: enter the value to compare with.").format(row.idx), _("Value missing")
			)
		condition_value(row, fields[row.fieldname]["fieldtype"])


def condition_value(row, fieldtype: str):
	"""The condition's value typed like the field (a list for "in"); a bad number is refused."""
	text = (row.value or "").strip()
	if row.operator == "in":
		return [_typed(part.strip(), fieldtype, row.idx) for part in re.split(r"[,\n]", text) if part.strip()]
	return _typed(text, fieldtype, row.idx)


def _typed(text: str, fieldtype: str, idx: int):
	if fieldtype in NUMBER_TYPES:
		if text == "":
			return 0
		try:
			number = float(text.replace(",", "."))
		except ValueError:
			number = math.nan
		if not math.isfinite(number):
			_throw(_("Condition row {0}: {1} is not a number.").format(idx, frappe.bold(text)))
		return number
	if fieldtype in ("Date", "Datetime"):
		if not text:
			return None
		try:
			return getdate(text) if fieldtype == "Date" else get_datetime(text)
		except Exception:
			_throw(_("Condition row {0}: {1} is not a date.").format(idx, frappe.bold(text)))
	return text


def _throw(message: str, title: str | None = None) -> None:
	frappe.throw(message, InvalidTemplateError, title=title or _("Invalid report template"))


# ---- rows ----------------------------------------------------------------------------------------------


def row_filters(template, overrides: dict | None = None) -> Filters:
	"""progress_rows filters of a template; `overrides` (action_plan, year) come from the report's filters."""
	overrides = Filters(overrides or {})
	return Filters(
		action_plan=overrides.action_plan or template.action_plan,
		include_adopting_plans=cint(template.include_adopting_plans),
		cluster=template.filter_cluster,
		region=template.filter_region,
		agency=template.filter_agency,
		year=cint(overrides.year or template.filter_year) or None,
		period_label=(template.filter_period_label or "").strip() or None,
		include_unapproved=cint(template.include_unapproved),
	)


def dimension_fields(template) -> list[str]:
	"""The row field each dimension groups by."""
	return [DIMENSION_FIELDS.get(row.dimension, row.dimension) for row in template.dimensions]


def template_rows(template, overrides: dict | None = None) -> list[dict]:
	filters = row_filters(template, overrides)
	rows = progress_rows(filters)
	rows = apply_conditions(rows, template.conditions)
	if "Period" not in {row.dimension for row in template.dimensions}:
		rows = latest_per_year(rows)
	rows = attach_plan_items(rows, filters.action_plan)
	for field in dimension_fields(template):
		for row in rows:
			if row[field] == "":  # an empty text reads as not set, like NULL
				row[field] = None
	return rows


def apply_conditions(rows: list[dict], conditions) -> list[dict]:
	fields = {option["value"]: option["fieldtype"] for option in condition_field_options()}
	tests = []
	for row in conditions:
		fieldtype = fields.get(row.fieldname)
		if fieldtype is None:  # a custom field removed since the template was saved
			_throw(
				_("The template tests {0}, which no longer exists; edit the template.").format(
					frappe.bold(row.fieldname)
				)
			)
		tests.append((row.fieldname, row.operator, condition_value(row, fieldtype), fieldtype))
	return [r for r in rows if all(_matches(r.get(f), op, v, ft) for f, op, v, ft in tests)]


def _matches(value, operator: str, expected, fieldtype: str) -> bool:
	if fieldtype in NUMBER_TYPES:
		value = flt(value)
	elif fieldtype == "Date":
		value = getdate(value) if value else None
	elif fieldtype == "Datetime":
		value = get_datetime(value) if value else None
	else:
		value = "" if value is None else str(value)
	if operator == "=":
		return value == expected
	if operator == "!=":
		return value != expected
	if operator == "in":
		return value in expected
	if value is None or value == "":
		return False
	return value > expected if operator == ">" else value < expected


# ---- shared by the renderer and the Excel export -------------------------------------------------------


def item_values(rows: list[dict], item_field: str = "plan_item") -> tuple[float | None, float | None]:
	"""Target and realised of a group of rows of ONE item in ONE year (None, None otherwise): `sum_values`
	over the latest row per task force (realised values are year to date)."""
	latest = latest_per_year(rows)
	if not latest or len({(r[item_field], r["measure_type"], r["year"]) for r in latest}) != 1:
		return None, None
	measure_type = latest[0]["measure_type"]
	target = sum_values(measure_type, [r["target"] for r in latest])
	realised = sum_values(measure_type, [r["realised"] if r["reported"] else None for r in latest])
	return target, realised


def rows_by_path(rows: list[dict], fields: list[str]) -> dict[tuple, list[dict]]:
	"""The rows under each node of rollup_tree(rows, fields), keyed by the node's path."""
	groups: dict[tuple, list[dict]] = {(): []}
	for row in rows:
		values = tuple(row[f] for f in fields)
		for depth in range(len(fields) + 1):
			groups.setdefault(values[:depth], []).append(row)
	return groups


def sort_rows(rows: list[dict], fields: list[str], labels: dict[str, dict]) -> list[dict]:
	"""Rows in display order, so that rollup_tree's siblings come sorted (clusters by their sort order, items
	by code, regions by code, periods and years in time order, texts alphabetically, empty values last)."""

	def key(row):
		return tuple(_sort_key(labels.get(f, {}).get(row[f], {}).get("sort", row[f])) for f in fields)

	return sorted(rows, key=key)


def _sort_key(value):
	if value is None or value == "":
		return (2, 0, "")
	if isinstance(value, tuple):
		return (0, 0, tuple(_sort_key(v) for v in value))
	if isinstance(value, int | float):
		return (0, value, "")
	return (1, 0, natural_key(str(value)))


def natural_key(text: str) -> tuple:
	"""Numbers inside text sort as numbers: 1.2 before 1.10, Item 9 before Item 10."""
	return tuple(
		(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text.casefold())
	)


def value_labels(field: str, values: Iterable) -> dict:
	"""{value: {"label": shown text, "sort": sort key}} for the values of one grouping field."""
	values = {v for v in values if v not in (None, "")}
	result = {}
	if field == "cluster":
		for c in frappe.get_all(
			"Action Plan Cluster",
			filters={"name": ("in", values)},
			fields=["name", "cluster_name", "sort_order"],
		):
			result[c.name] = {"label": _(c.cluster_name), "sort": (cint(c.sort_order), _(c.cluster_name))}
	elif field in ("item", "root_item", "plan_item"):
		for i in frappe.get_all(
			"Action Plan Item", filters={"name": ("in", values)}, fields=["name", "item_code", "activity"]
		):
			label = f"{i.item_code} {i.activity}" if i.item_code else i.activity
			result[i.name] = {"label": label, "sort": (i.item_code or "~", i.name)}
	elif field in ("region", "province"):
		for r in frappe.get_all("Region", filters={"name": ("in", values)}, fields=["name", "region_name"]):
			result[r.name] = {"label": r.region_name, "sort": r.name}
	elif field == "responsible_agency":
		for a in frappe.get_all("Agency", filters={"name": ("in", values)}, fields=["name", "agency_name"]):
			result[a.name] = {"label": a.agency_name, "sort": a.agency_name}
	elif (df := _custom_field(field)) and df.fieldtype == "Check":
		result = {v: {"label": _("Yes") if cint(v) else _("No"), "sort": -cint(v)} for v in values}
	for value in values:
		result.setdefault(value, {"label": str(value), "sort": value})
	return result


def _custom_field(fieldname: str):
	from tppo_app.regional_adaptation.regional_fields import regional_field_meta

	for doctype in CUSTOM_FIELD_DOCTYPES:
		if fieldname in custom_fields(doctype):
			return frappe.get_meta(doctype).get_field(fieldname)
	return regional_field_meta(fieldname)


def empty_label(field: str) -> str:
	return _("National") if field == "province" else _("(not set)")


# ---- rendering -----------------------------------------------------------------------------------------


def render(template, overrides: dict | None = None) -> tuple[list[dict], list[dict], dict | None, list[dict]]:
	"""Columns, data (a tree: `indent` per row, the total first), chart and summary of a template: row by row, or
	totalled by the database at national scale (`totals_apply`); the numbers are the same."""
	validate_dimensions(template)  # a custom field it groups by may have been removed since
	fields = dimension_fields(template)
	measures = [row.measure for row in template.measures]
	item_values_wanted = "plan_item" in fields and any(m in ITEM_VALUE_MEASURES for m in measures)
	if totals_apply(template, overrides):
		tree, labels, node_values = totals_source(template, overrides, fields, item_values_wanted)
	else:
		tree, labels, node_values = rows_source(template, overrides, fields, item_values_wanted)

	data = []
	for node in tree.walk():
		values = {"items": node.items, "reported": node.reported, "achievement": node.achievement}
		values.update(node_values(node))
		data.append(
			{
				"group": node_label(node, labels),
				"dimension": dimension_label(template.dimensions[node.depth - 1].dimension)
				if node.depth
				else "",
				"indent": node.depth,
				**{MEASURES[m][0]: values.get(MEASURES[m][0]) for m in measures},
			}
		)
	return columns(template), data, chart(template, tree, data), summary(tree)


def rows_source(template, overrides: dict | None, fields: list[str], item_values_wanted: bool):
	"""The roll-up tree of the template's rows, their labels, and each node's target and realised."""
	rows = template_rows(template, overrides)
	labels = {f: value_labels(f, (r[f] for r in rows)) for f in fields}
	rows = sort_rows(rows, fields, labels)
	groups = rows_by_path(rows, fields)

	def node_values(node) -> dict:
		if not item_values_wanted:
			return {}
		target, realised = item_values(groups[node.path])
		return {"target": target, "realised": realised}

	return rollup_tree(rows, fields), labels, node_values


def totals_apply(template, overrides: dict | None) -> bool:
	"""Whether the database totals the template (`totals_source`): at national scale, unless the template has
	conditions on rows or a Period dimension (both pick rows one by one)."""
	if template.conditions or "Period" in [row.dimension for row in template.dimensions]:
		return False
	if (overrides or {}).get("totals_only"):
		return True
	reports = chosen_reports(row_filters(template, overrides))
	return sum(r.items_count or 0 for r in reports) > TOTALS_ROW_LIMIT


def totals_source(template, overrides: dict | None, fields: list[str], item_values_wanted: bool):
	"""`rows_source` with the rows totalled by the database (`plan_totals`, `totals_tree`), without fetching
	the tens of thousands of rows a national template counts."""
	filters = row_filters(template, overrides)
	# From the achievement summary (kept by the approvals) for the reports it holds, from the rows for the rest.
	groups = achievement_summary.totals(filters, fields, chosen_reports(filters))
	for group in groups:
		for field in fields:
			if group[field] == "":
				group[field] = None
	labels = {f: value_labels(f, (g[f] for g in groups)) for f in fields}
	measure_types = {}
	if item_values_wanted:
		measure_types = dict(
			frappe.get_all(
				"Action Plan Item",
				filters={"name": ("in", list({g.plan_item for g in groups}) or [""])},
				fields=["name", "measure_type"],
				as_list=True,
			)
		)

	def node_values(node) -> dict:
		t = node.totals
		# As `item_values`: target and realised of one item in one year.
		if not (item_values_wanted and len(t.item_set) == 1 and t.year_min == t.year_max):
			return {}
		measure_type = measure_types.get(next(iter(t.item_set)))
		return {
			"target": combined(measure_type, t.target_sum, t.target_n, t.target_min),
			"realised": combined(measure_type, t.realised_sum, t.realised_n, t.realised_min),
		}

	return totals_tree(sort_rows(groups, fields, labels), fields), labels, node_values


def dimension_label(dimension: str) -> str:
	if dimension in STANDARD_DIMENSIONS:
		return _(dimension)
	df = _custom_field(dimension)
	return _(df.label) if df and df.label else dimension


def node_label(node: RollupNode, labels: dict) -> str:
	if node.level is None:
		return _("Total")
	if node.key in (None, ""):
		return empty_label(node.level)
	return labels[node.level].get(node.key, {}).get("label", str(node.key))


def columns(template) -> list[dict]:
	label = " › ".join(dimension_label(row.dimension) for row in template.dimensions) or _("Group")
	result = [
		{"label": label, "fieldname": "group", "fieldtype": "Data", "width": 360},
		{"label": _("Dimension"), "fieldname": "dimension", "fieldtype": "Data", "width": 120},
	]
	for row in template.measures:
		fieldname, fieldtype = MEASURES[row.measure]
		result.append({"label": _(row.measure), "fieldname": fieldname, "fieldtype": fieldtype, "width": 120})
	return result


def chart(template, tree: RollupNode, data: list[dict]) -> dict | None:
	"""The template's chart over the first-level groups."""
	if not template.chart_type or not template.chart_measure or not tree.children:
		return None
	fieldname, fieldtype = MEASURES[template.chart_measure]
	first_level = [row for row in data if row["indent"] == 1]
	return {
		"data": {
			"labels": [row["group"] for row in first_level],
			"datasets": [
				{
					"name": _(template.chart_measure),
					"values": [row.get(fieldname) or 0 for row in first_level],
				}
			],
		},
		"type": template.chart_type.lower(),
		"fieldtype": fieldtype,
	}


def summary(tree: RollupNode) -> list[dict]:
	return [
		{"value": tree.items, "label": _("Items"), "datatype": "Int", "indicator": "Blue"},
		{"value": tree.reported, "label": _("Reported"), "datatype": "Int", "indicator": "Green"},
		{
			"value": tree.achievement,
			"label": _("Average Achievement"),
			"datatype": "Percent",
			"indicator": "Grey" if tree.achievement is None else "Green",
		},
	]
