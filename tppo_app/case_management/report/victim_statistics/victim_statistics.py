# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""Victims identified, as girls, boys, women and men, by region, origin, modus or period.

Never a personal field: the query reads the code, region, origin region, sex, age group and dates only.
A victim's modus and form of exploitation are those of the earliest case they are linked to.
Region scope is re-applied on the query; small counts are masked for users who may not see victims'
identities (tppo_app.case_management.statistics).
"""

import frappe
from frappe import _
from frappe.query_builder import Order

from tppo_app.case_management import rules, statistics
from tppo_app.regions import in_region, scope_query
from tppo_app.utils.reports import date_range, safe_report

Filters = frappe._dict

GROUPS = (
	"Region",
	"Province",
	"Origin",
	"Origin Province",
	"Modus",
	"Form of Exploitation",
	"Nationality",
	"Trafficking Status",
	"Year",
	"Quarter",
	"Month",
)
GIRLS, BOYS, WOMEN, MEN, AGE_UNKNOWN = "girls", "boys", "women", "men", "age_unknown"


@safe_report
def execute(filters: dict | None = None):
	filters = Filters(filters or {})
	filters.group_by = filters.group_by or "Region"
	if filters.group_by not in GROUPS:
		frappe.throw(_("Group by must be one of: {0}.").format(", ".join(_(g) for g in GROUPS)))

	k = statistics.masking_threshold()
	records = get_victims(filters)
	row_key, row_label, by_label = grouping(records, filters.group_by)
	columns = victim_columns()
	data = statistics.cross_tab(
		records, row_key, category, columns, k, row_label=row_label, sort_by_label=by_label
	)
	return (
		[
			statistics.group_column(_(filters.group_by)),
			*statistics.count_columns(columns, k),
			statistics.total_column(k),
		],
		data,
		statistics.masking_message(k),
		statistics.bar_chart(data, _("Victims")),
		statistics.summary(data, _("Victims"), k),
	)


def victim_columns() -> list[tuple[str, str]]:
	return [
		(GIRLS, _("Girls")),
		(BOYS, _("Boys")),
		(WOMEN, _("Women")),
		(MEN, _("Men")),
		(AGE_UNKNOWN, _("Age Unknown")),
	]


def category(victim: dict) -> str:
	"""Girls, boys, women or men, as victims are counted (seed 000, TIP report)."""
	if victim.age_group == rules.CHILD:
		return GIRLS if victim.sex == rules.FEMALE else BOYS
	if victim.age_group == rules.ADULT:
		return WOMEN if victim.sex == rules.FEMALE else MEN
	return AGE_UNKNOWN


def get_victims(filters: Filters) -> list[dict]:
	victim = frappe.qb.DocType("Victim")
	query = frappe.qb.from_(victim).select(
		victim.name,
		victim.region,
		victim.origin_region,
		victim.nationality,
		victim.trafficking_status,
		victim.sex,
		victim.age_group,
		victim.identification_date,
	)
	query = scope_query(query, victim.region, "Victim")
	query = date_range(query, victim.identification_date, filters)
	if filters.region:
		query = query.where(in_region(victim.region, filters.region))
	if not filters.include_non_victims:
		query = query.where(victim.trafficking_status != "Not a Victim")
	records = query.run(as_dict=True)

	first_case = first_cases([r.name for r in records])
	for record in records:
		case = first_case.get(record.name) or {}
		record.modus = case.get("modus")
		record.exploitation_form = case.get("exploitation_form")
	if filters.modus:
		records = [r for r in records if r.modus == filters.modus]
	if filters.exploitation_form:
		records = [r for r in records if r.exploitation_form == filters.exploitation_form]
	return records


def first_cases(victims: list[str]) -> dict[str, dict]:
	"""victim → modus and form of exploitation of the earliest case listing them."""
	if not victims:
		return {}
	link = frappe.qb.DocType("TPPO Case Victim")
	case = frappe.qb.DocType("TPPO Case")
	rows = (
		frappe.qb.from_(link)
		.join(case)
		.on((case.name == link.parent) & (link.parenttype == "TPPO Case"))
		.select(link.victim, case.modus, case.exploitation_form)
		.where(link.victim.isin(victims))
		.orderby(case.police_report_date, case.name, order=Order.asc)
		.run(as_dict=True)
	)
	first = {}
	for row in rows:
		first.setdefault(row.victim, row)
	return first


def grouping(records: list[dict], group_by: str):
	if group_by in ("Year", "Quarter", "Month"):
		period = statistics.period_of(group_by)
		return (lambda r: period(r, "identification_date")), (lambda key: key), False
	region_keys = {
		"Region": lambda r: r.region,
		"Province": lambda r: statistics.province_code(r.region),
		"Origin": lambda r: r.origin_region,
		"Origin Province": lambda r: statistics.province_code(r.origin_region),
	}
	if group_by in region_keys:
		key = region_keys[group_by]
		names = statistics.region_names(key(r) for r in records)
		return key, (lambda code: names.get(code, code)), True
	fieldname = {
		"Modus": "modus",
		"Form of Exploitation": "exploitation_form",
		"Nationality": "nationality",
		"Trafficking Status": "trafficking_status",
	}[group_by]
	return (lambda r: r[fieldname]), (lambda key: _(key)), True
