"""RAN Achievement as a formatted Excel matrix: clusters with their roll-up, their items indented below.

Built from the same data as the RAN Achievement report, with the same filters (action_plan,
include_adopting_plans, year, reporting_period, cluster, region, agency, include_unapproved): `progress_rows`
(region-scoped to the user, approved reports unless include_unapproved), each task force's latest period per
item and year, every row under the item of the plan it is or adopts, and `rollup_tree` over cluster → item.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

import frappe
from frappe import _
from frappe.utils import cint

from tppo_app.action_plan.achievement import rollup_tree
from tppo_app.action_plan.achievement_data import plan_view_rows
from tppo_app.action_plan.report_template import (
	empty_label,
	item_values,
	rows_by_path,
	sort_rows,
	value_labels,
)

Filters = frappe._dict

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
CLUSTER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="BDD7EE")
THIN = Side(style="thin", color="BFBFBF")
PERCENT_FORMAT = "0.00%"
NUMBER_FORMAT = "#,##0.##"


def matrix_columns() -> list[tuple[str, str, int]]:
	"""(key, header, width) of the matrix's columns, in order."""
	return [
		("label", _("Cluster / Activity"), 60),
		("item_code", _("Code"), 10),
		("indicator", _("Indicator"), 45),
		("unit", _("Unit"), 12),
		("measure_type", _("Measure Type"), 16),
		("target", _("Target"), 16),
		("realised", _("Realised"), 16),
		("items", _("Items"), 9),
		("reported", _("Reported"), 11),
		("achievement", _("Achievement"), 14),
	]


@frappe.whitelist()
def achievement_matrix(filters: str | dict | None = None) -> None:
	"""Streams the achievement matrix (.xlsx) for the RAN Achievement report's filters."""
	if not frappe.has_permission("Progress Report", "report"):
		raise frappe.PermissionError(_("You cannot report on progress reports."))
	filters = Filters(frappe.parse_json(filters) if isinstance(filters, str) else (filters or {}))
	output = BytesIO()
	build_workbook(filters).save(output)
	plan = frappe.db.get_value("Action Plan", filters.action_plan, "title") if filters.action_plan else None
	name = " ".join(str(part) for part in (_("RAN Achievement"), plan, filters.year) if part)
	frappe.response.filename = f"{name}.xlsx".replace("/", "-")
	frappe.response.filecontent = output.getvalue()
	frappe.response.type = "binary"


def matrix_rows(filters: Filters) -> tuple[list[dict], list[str]]:
	"""The item rows the matrix rolls up (the same as RAN Achievement's) and the fields it groups them by."""
	return plan_view_rows(filters), ["cluster", "plan_item"]


def build_workbook(filters: Filters) -> Workbook:
	rows, fields = matrix_rows(filters)
	labels = {field: value_labels(field, (r[field] for r in rows)) for field in fields}
	rows = sort_rows(rows, fields, labels)
	tree = rollup_tree(rows, fields)
	groups = rows_by_path(rows, fields)
	items = _item_details({r[fields[1]] for r in rows})

	workbook = Workbook()
	sheet = workbook.active
	sheet.title = _("Achievement")[:31]
	columns = matrix_columns()
	sheet.append([header for _key, header, _width in columns])
	for index, (_key, _header, width) in enumerate(columns, start=1):
		cell = sheet.cell(row=1, column=index)
		cell.font = Font(bold=True, color="FFFFFF")
		cell.fill = HEADER_FILL
		cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
		sheet.column_dimensions[get_column_letter(index)].width = width
	sheet.row_dimensions[1].height = 30
	sheet.freeze_panes = "B2"

	for cluster in tree.children:
		label = labels["cluster"].get(cluster.key, {}).get("label") or empty_label("cluster")
		_append(sheet, columns, {"label": label, **_totals(cluster)}, style="cluster")
		for item in cluster.children:
			target, realised = item_values(groups[item.path], fields[1])
			details = items.get(item.key, {})
			values = {
				"label": details.get("activity") or item.key,
				"item_code": details.get("item_code"),
				"indicator": details.get("indicator"),
				"unit": details.get("unit"),
				"measure_type": _(details["measure_type"]) if details.get("measure_type") else None,
				"target": target,
				"realised": realised,
				**_totals(item),
			}
			_append(sheet, columns, values, style="item")
	_append(sheet, columns, {"label": _("Total"), **_totals(tree)}, style="total")
	sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{sheet.max_row}"
	return workbook


def _totals(node) -> dict:
	return {"items": node.items, "reported": node.reported, "achievement": node.achievement}


def _item_details(names: set) -> dict:
	return {
		i.name: i
		for i in frappe.get_all(
			"Action Plan Item",
			filters={"name": ("in", names or {""})},
			fields=["name", "item_code", "activity", "indicator", "unit", "measure_type"],
		)
	}


def _append(sheet, columns, values: dict, style: str) -> None:
	row = [values.get(key) for key, _header, _width in columns]
	achievement = columns.index(next(c for c in columns if c[0] == "achievement"))
	if row[achievement] is not None:
		row[achievement] = row[achievement] / 100  # shown with a percent format
	sheet.append(row)
	number = sheet.max_row
	for index, (key, _header, _width) in enumerate(columns, start=1):
		cell = sheet.cell(row=number, column=index)
		cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
		cell.alignment = Alignment(vertical="top", wrap_text=key in ("label", "indicator"))
		if key == "achievement":
			cell.number_format = PERCENT_FORMAT
		elif key in ("target", "realised"):
			cell.number_format = NUMBER_FORMAT
		if style in ("cluster", "total"):
			cell.font = Font(bold=True)
			cell.fill = CLUSTER_FILL if style == "cluster" else TOTAL_FILL
	if style == "item":
		sheet.cell(row=number, column=1).alignment = Alignment(indent=2, vertical="top", wrap_text=True)
