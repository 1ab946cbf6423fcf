# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""Suspects of the cases reported, by region, modus, role in the network, nationality or status, as women
and men. Suspects are counted, never named (their aliases stay on the case).

Region scope (the case's region) is re-applied on the query; small counts are masked for users who may not
see victims' identities (tppo_app.case_management.statistics).
"""

import frappe
from frappe import _

from tppo_app.case_management import rules, statistics
from tppo_app.regions import in_region, scope_query
from tppo_app.utils.reports import date_range, safe_report

Filters = frappe._dict

GROUPS = (
	"Region",
	"Province",
	"Modus",
	"Role in the Network",
	"Nationality",
	"Status",
	"Year",
)
WOMEN, MEN, SEX_UNKNOWN = "women", "men", "sex_unknown"


@safe_report
def execute(filters: dict | None = None):
	filters = Filters(filters or {})
	filters.group_by = filters.group_by or "Role in the Network"
	if filters.group_by not in GROUPS:
		frappe.throw(_("Group by must be one of: {0}.").format(", ".join(_(g) for g in GROUPS)))

	k = statistics.masking_threshold()
	records = get_suspects(filters)
	row_key, row_label, by_label = grouping(records, filters.group_by)
	columns = [(WOMEN, _("Women")), (MEN, _("Men")), (SEX_UNKNOWN, _("Sex Not Recorded"))]
	data = statistics.cross_tab(
		records, row_key, sex_column, columns, k, row_label=row_label, sort_by_label=by_label
	)
	return (
		[
			statistics.group_column(_(filters.group_by)),
			*statistics.count_columns(columns, k),
			statistics.total_column(k),
		],
		data,
		statistics.masking_message(k),
		statistics.bar_chart(data, _("Suspects"), colour="#334155"),
		statistics.summary(data, _("Suspects"), k),
	)


def sex_column(suspect: dict) -> str:
	return {rules.FEMALE: WOMEN, rules.MALE: MEN}.get(suspect.sex, SEX_UNKNOWN)


def get_suspects(filters: Filters) -> list[dict]:
	suspect = frappe.qb.DocType("TPPO Case Suspect")
	case = frappe.qb.DocType("TPPO Case")
	query = (
		frappe.qb.from_(suspect)
		.join(case)
		.on((case.name == suspect.parent) & (suspect.parenttype == "TPPO Case"))
		.select(
			suspect.role_in_network,
			suspect.sex,
			suspect.nationality,
			suspect.status,
			case.region,
			case.modus,
			case.police_report_date,
		)
	)
	query = scope_query(query, case.region, "TPPO Case")
	query = date_range(query, case.police_report_date, filters)
	if filters.region:
		query = query.where(in_region(case.region, filters.region))
	if filters.modus:
		query = query.where(case.modus == filters.modus)
	return query.run(as_dict=True)


def grouping(records: list[dict], group_by: str):
	if group_by == "Year":
		period = statistics.period_of("Year")
		return (lambda r: period(r, "police_report_date")), (lambda key: key), False
	if group_by in ("Region", "Province"):
		key = (lambda r: r.region) if group_by == "Region" else (lambda r: statistics.province_code(r.region))
		names = statistics.region_names(key(r) for r in records)
		return key, (lambda code: names.get(code, code)), True
	fieldname = {
		"Modus": "modus",
		"Role in the Network": "role_in_network",
		"Nationality": "nationality",
		"Status": "status",
	}[group_by]
	return (lambda r: r[fieldname]), (lambda key: _(key)), True
