# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""Service coverage: of the victims identified in the period, how many received each service, and how long
the referral took to start (median and mean days from referral to start).

Region scope is re-applied on the query; for users who may not see victims' identities, counts from 1 to
k-1 are masked, and percentages and waiting times are left out where they would rest on fewer than k
victims or services (tppo_app.case_management.statistics).
"""

import frappe
from frappe import _

from tppo_app.case_management import rules, statistics
from tppo_app.regions import in_region, scope_query
from tppo_app.utils.reports import date_range, safe_report

Filters = frappe._dict
COUNT_FIELDS = ("victims", "started", "completed", "overdue")


@safe_report
def execute(filters: dict | None = None):
	filters = Filters(filters or {})
	k = statistics.masking_threshold()
	cohort = get_cohort(filters)
	services = get_services(list(cohort))
	data = coverage_rows(len(cohort), services, k)
	return (
		get_columns(k),
		data,
		statistics.masking_message(k),
		get_chart(data),
		get_summary(len(cohort), k),
	)


def get_columns(k: int | None) -> list[dict]:
	count = "Data" if k else "Int"
	return [
		{"label": _("Service"), "fieldname": "service_type", "fieldtype": "Data", "width": 220},
		{"label": _("Victims Served"), "fieldname": "victims", "fieldtype": count, "width": 120},
		{"label": _("Coverage (%)"), "fieldname": "coverage", "fieldtype": "Percent", "width": 110},
		{"label": _("Victims Started"), "fieldname": "started", "fieldtype": count, "width": 120},
		{"label": _("Victims Completed"), "fieldname": "completed", "fieldtype": count, "width": 130},
		{"label": _("Victims Waiting Past Due"), "fieldname": "overdue", "fieldtype": count, "width": 150},
		{"label": _("Median Days to Start"), "fieldname": "median_days", "fieldtype": "Float", "width": 150},
		{"label": _("Mean Days to Start"), "fieldname": "mean_days", "fieldtype": "Float", "width": 140},
	]


def get_cohort(filters: Filters) -> set[str]:
	"""The victims identified in the period and region the user may see."""
	victim = frappe.qb.DocType("Victim")
	query = frappe.qb.from_(victim).select(victim.name).where(victim.trafficking_status != "Not a Victim")
	query = scope_query(query, victim.region, "Victim")
	query = date_range(query, victim.identification_date, filters)
	if filters.region:
		query = query.where(in_region(victim.region, filters.region))
	return {row[0] for row in query.run()}


def get_services(victims: list[str]) -> list[dict]:
	if not victims:
		return []
	service = frappe.qb.DocType("Victim Service")
	return (
		frappe.qb.from_(service)
		.select(
			service.victim,
			service.service_type,
			service.status,
			service.date_started,
			service.date_completed,
			service.days_to_start,
			service.is_overdue,
		)
		.where(service.victim.isin(victims) & (service.status != "Cancelled"))
		.run(as_dict=True)
	)


def coverage_rows(cohort: int, services: list[dict], k: int | None) -> list[dict]:
	types = frappe.get_all(
		"Victim Service Type", fields=["name"], order_by="sort_order asc, name asc", pluck="name"
	)
	types += sorted({s.service_type for s in services} - set(types))
	rows = [summarise(_("Any Service"), services, cohort, k)]
	rows[0]["is_total_row"] = 1
	rows.extend(summarise(_(t), [s for s in services if s.service_type == t], cohort, k) for t in types)
	return rows


def summarise(label: str, services: list[dict], cohort: int, k: int | None) -> dict:
	days = [s.days_to_start for s in services if s.date_started and s.days_to_start is not None]
	median, mean = rules.median_and_mean(days)
	row = {
		"service_type": label,
		"victims": len({s.victim for s in services}),
		"started": len({s.victim for s in services if s.date_started}),
		"completed": len({s.victim for s in services if s.date_completed}),
		"overdue": len({s.victim for s in services if s.is_overdue}),
		"median_days": median,
		"mean_days": mean,
	}
	row["coverage"] = round(100 * row["victims"] / cohort, 1) if cohort else None
	if k:
		if rules.masked(row["victims"], k) or rules.masked(cohort, k):
			row["coverage"] = None
		if len(days) < k:
			row["median_days"] = row["mean_days"] = None
		for fieldname in COUNT_FIELDS:
			if rules.masked(row[fieldname], k):
				row[fieldname] = rules.mask_label(k)
	return row


def get_chart(data: list[dict]) -> dict | None:
	rows = [row for row in data if not row.get("is_total_row") and row["coverage"] is not None]
	if not rows:
		return None
	return {
		"data": {
			"labels": [row["service_type"] for row in rows],
			"datasets": [{"name": _("Coverage (%)"), "values": [row["coverage"] for row in rows]}],
		},
		"type": "bar",
		"colors": ["#0f766e"],
	}


def get_summary(cohort: int, k: int | None) -> list[dict]:
	masked = k and rules.masked(cohort, k)
	return [
		{
			"value": rules.mask_label(k) if masked else cohort,
			"label": _("Victims Identified"),
			"datatype": "Data" if masked else "Int",
			"indicator": "Blue",
		}
	]
