# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""The year's law enforcement and protection figures in the categories of the US State Department's
Trafficking in Persons report:

- Investigations: cases whose investigation (penyidikan) began in the year;
- Prosecutions: cases whose prosecution began in the year, and the defendants in them;
- Convictions: cases with a conviction in the year, and the suspects convicted in them;
- Victims identified: victims (possible or actual) identified in the year;
- Victims assisted: victims who started at least one service in the year.

Region scope is re-applied on every query; small counts are masked for users who may not see victims'
identities (tppo_app.case_management.statistics).
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Extract
from frappe.utils import cint, getdate, today

from tppo_app.case_management import rules, statistics
from tppo_app.regions import scope_query, subtree
from tppo_app.utils.reports import safe_report

Filters = frappe._dict


@safe_report
def execute(filters: dict | None = None):
	filters = Filters(filters or {})
	this_year = getdate(today()).year
	filters.from_year = cint(filters.from_year) or this_year - 4
	filters.to_year = cint(filters.to_year) or this_year
	if filters.from_year > filters.to_year:
		frappe.throw(_("The From year comes after the To year."), title=_("Invalid filters"))
	regions = subtree(filters.region) if filters.region else None

	k = statistics.masking_threshold()
	figures = {
		"investigations": case_counts("investigation_date", filters, regions),
		"prosecutions": case_counts("prosecution_date", filters, regions),
		"defendants": suspect_counts("prosecution_date", filters, regions),
		"convictions": case_counts("verdict_date", filters, regions, convicted=True),
		"traffickers_convicted": suspect_counts("verdict_date", filters, regions, convicted=True),
		"victims_identified": victims_identified(filters, regions),
		"victims_assisted": victims_assisted(filters, regions),
	}
	data = []
	for year in range(filters.from_year, filters.to_year + 1):
		row = {"year": str(year)}
		row.update({key: counts.get(year, 0) for key, counts in figures.items()})
		data.append(row)
	if k:
		for row in data:
			for key in figures:
				if rules.masked(row[key], k):
					row[key] = rules.mask_label(k)
	total = {"year": _("Total"), "is_total_row": 1}
	total.update({key: rules.visible_sum(row[key] for row in data) for key in figures})
	data.append(total)
	return get_columns(k), data, statistics.masking_message(k), get_chart(data), get_summary(total)


def get_columns(k: int | None) -> list[dict]:
	count = "Data" if k else "Int"
	columns = [
		("investigations", _("Investigations (Cases)")),
		("prosecutions", _("Prosecutions (Cases)")),
		("defendants", _("Defendants Prosecuted")),
		("convictions", _("Convictions (Cases)")),
		("traffickers_convicted", _("Traffickers Convicted")),
		("victims_identified", _("Victims Identified")),
		("victims_assisted", _("Victims Assisted")),
	]
	return [{"label": _("Year"), "fieldname": "year", "fieldtype": "Data", "width": 90}] + [
		{"label": label, "fieldname": fieldname, "fieldtype": count, "width": 150}
		for fieldname, label in columns
	]


def _in_years(field, filters: Filters):
	return (Extract("year", field) >= filters.from_year) & (Extract("year", field) <= filters.to_year)


def case_counts(date_field: str, filters: Filters, regions, convicted: bool = False) -> dict[int, int]:
	case = frappe.qb.DocType("TPPO Case")
	year = Extract("year", case[date_field])
	query = (
		frappe.qb.from_(case)
		.select(year.as_("year"), Count(case.name).as_("n"))
		.where(case[date_field].isnotnull() & _in_years(case[date_field], filters))
		.groupby(year)
	)
	if convicted:
		query = query.where(case.verdict == "Convicted")
	query = scope_query(query, case.region, "TPPO Case")
	if regions is not None:
		query = query.where(case.region.isin(regions))
	return {cint(row.year): row.n for row in query.run(as_dict=True)}


def suspect_counts(date_field: str, filters: Filters, regions, convicted: bool = False) -> dict[int, int]:
	case = frappe.qb.DocType("TPPO Case")
	suspect = frappe.qb.DocType("TPPO Case Suspect")
	year = Extract("year", case[date_field])
	query = (
		frappe.qb.from_(suspect)
		.join(case)
		.on((case.name == suspect.parent) & (suspect.parenttype == "TPPO Case"))
		.select(year.as_("year"), Count(suspect.name).as_("n"))
		.where(case[date_field].isnotnull() & _in_years(case[date_field], filters))
		.groupby(year)
	)
	if convicted:
		query = query.where((case.verdict == "Convicted") & (suspect.status == "Convicted"))
	query = scope_query(query, case.region, "TPPO Case")
	if regions is not None:
		query = query.where(case.region.isin(regions))
	return {cint(row.year): row.n for row in query.run(as_dict=True)}


def victims_identified(filters: Filters, regions) -> dict[int, int]:
	victim = frappe.qb.DocType("Victim")
	year = Extract("year", victim.identification_date)
	query = (
		frappe.qb.from_(victim)
		.select(year.as_("year"), Count(victim.name).as_("n"))
		.where(_in_years(victim.identification_date, filters) & (victim.trafficking_status != "Not a Victim"))
		.groupby(year)
	)
	query = scope_query(query, victim.region, "Victim")
	if regions is not None:
		query = query.where(victim.region.isin(regions))
	return {cint(row.year): row.n for row in query.run(as_dict=True)}


def victims_assisted(filters: Filters, regions) -> dict[int, int]:
	service = frappe.qb.DocType("Victim Service")
	year = Extract("year", service.date_started)
	query = (
		frappe.qb.from_(service)
		.select(year.as_("year"), Count(service.victim).distinct().as_("n"))
		.where(
			service.date_started.isnotnull()
			& _in_years(service.date_started, filters)
			& (service.status != "Cancelled")
		)
		.groupby(year)
	)
	query = scope_query(query, service.region, "Victim Service")
	if regions is not None:
		query = query.where(service.region.isin(regions))
	return {cint(row.year): row.n for row in query.run(as_dict=True)}


def get_chart(data: list[dict]) -> dict | None:
	rows = [row for row in data if not row.get("is_total_row")]
	if not rows:
		return None

	def values(key):
		return [row[key] if isinstance(row[key], int) else 0 for row in rows]

	return {
		"data": {
			"labels": [row["year"] for row in rows],
			"datasets": [
				{"name": _("Investigations (Cases)"), "values": values("investigations")},
				{"name": _("Prosecutions (Cases)"), "values": values("prosecutions")},
				{"name": _("Convictions (Cases)"), "values": values("convictions")},
			],
		},
		"type": "bar",
		"colors": ["#b91c1c", "#f59e0b", "#334155"],
	}


def get_summary(total: dict) -> list[dict]:
	return [
		{
			"value": total["investigations"],
			"label": _("Investigations"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{
			"value": total["prosecutions"],
			"label": _("Prosecutions"),
			"datatype": "Int",
			"indicator": "Orange",
		},
		{"value": total["convictions"], "label": _("Convictions"), "datatype": "Int", "indicator": "Red"},
		{
			"value": total["victims_identified"],
			"label": _("Victims Identified"),
			"datatype": "Int",
			"indicator": "Grey",
		},
		{
			"value": total["victims_assisted"],
			"label": _("Victims Assisted"),
			"datatype": "Int",
			"indicator": "Green",
		},
	]
