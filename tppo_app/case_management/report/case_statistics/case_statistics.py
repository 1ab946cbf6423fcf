# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""Cases by period, region, modus or reporting unit, with a column per stage.

Region scope is re-applied on the query (qb ignores User Permissions); small counts are masked for users who
may not see victims' identities (tppo_app.case_management.statistics).
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Count

from tppo_app.case_management import rules, statistics
from tppo_app.regions import in_region, scope_query
from tppo_app.utils.reports import date_range, safe_report

Filters = frappe._dict

GROUPS = (
	"Region",
	"Province",
	"Modus",
	"Form of Exploitation",
	"Reporting Unit",
	"Year",
	"Quarter",
	"Month",
)


@safe_report
def execute(filters: dict | None = None):
	filters = Filters(filters or {})
	filters.group_by = filters.group_by or "Region"
	if filters.group_by not in GROUPS:
		frappe.throw(_("Group by must be one of: {0}.").format(", ".join(_(g) for g in GROUPS)))

	k = statistics.masking_threshold()
	records = get_cases(filters)
	stage_columns = [(stage_column(stage), _(stage)) for stage in rules.STAGES]
	row_key, row_label, by_label = grouping(records, filters.group_by)
	data = statistics.cross_tab(
		records,
		row_key,
		lambda r: stage_column(r.stage),
		stage_columns,
		k,
		row_label=row_label,
		sort_by_label=by_label,
	)
	columns = [
		statistics.group_column(_(filters.group_by)),
		*statistics.count_columns(stage_columns, k),
		statistics.total_column(k),
	]
	return (
		columns,
		data,
		statistics.masking_message(k),
		statistics.bar_chart(data, _("Cases")),
		statistics.summary(data, _("Cases"), k),
	)


def stage_column(stage: str) -> str:
	"""inquiry, investigation, p21, prosecution, verdict, final_verdict, sp3."""
	return rules.STAGE_DATE_FIELDS[stage].removesuffix("_date")


# The case field each grouping reads.
GROUP_FIELDS = {
	"Region": "region",
	"Province": "region",
	"Modus": "modus",
	"Form of Exploitation": "exploitation_form",
	"Reporting Unit": "reporting_unit",
	"Year": "police_report_date",
	"Quarter": "police_report_date",
	"Month": "police_report_date",
}


def get_cases(filters: Filters) -> list[dict]:
	"""Cases counted by the database per value of the grouping's field and stage (`record_count`), rather than
	fetched one by one: a national view counts 100,000 cases."""
	case = frappe.qb.DocType("TPPO Case")
	field = case[GROUP_FIELDS[filters.group_by]]
	query = (
		frappe.qb.from_(case)
		.select(field, case.stage, Count("*").as_("record_count"))
		.groupby(field, case.stage)
	)
	query = scope_query(query, case.region, "TPPO Case")
	query = date_range(query, case.police_report_date, filters)
	if filters.region:
		query = query.where(in_region(case.region, filters.region))
	for fieldname in ("modus", "exploitation_form", "stage"):
		if filters.get(fieldname):
			query = query.where(case[fieldname] == filters.get(fieldname))
	return query.run(as_dict=True)


def grouping(records: list[dict], group_by: str):
	"""(row key of a record, label of a key, whether rows sort by label) for a grouping."""
	if group_by in ("Year", "Quarter", "Month"):
		period = statistics.period_of(group_by)
		return (lambda r: period(r, "police_report_date")), (lambda key: key), False
	if group_by in ("Region", "Province"):
		key = (lambda r: r.region) if group_by == "Region" else (lambda r: statistics.province_code(r.region))
		names = statistics.region_names(key(r) for r in records)
		return key, (lambda code: names.get(code, code)), True
	if group_by == "Reporting Unit":
		names = dict(
			frappe.get_all(
				"Agency",
				filters={"name": ("in", list({r.reporting_unit for r in records if r.reporting_unit}))},
				fields=["name", "agency_name"],
				as_list=True,
			)
		)
		return (lambda r: r.reporting_unit), (lambda key: names.get(key, key)), True
	fieldname = "modus" if group_by == "Modus" else "exploitation_form"
	return (lambda r: r[fieldname]), (lambda key: _(key)), True
