# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""Overdue actions: open recommendations past their due date, longest overdue first, with a chart by
responsible agency. Computed from the dates (not the daily flag), so it is right even before the daily job
has run. Region scoping: the query adds the user's regions itself (tppo_app.coordination.reporting).
"""

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.utils import getdate, today

from tppo_app.coordination import rules
from tppo_app.coordination.reporting import scoped
from tppo_app.utils.reports import safe_report

Filters = frappe._dict


@safe_report
def execute(filters: dict | None = None):
	filters = Filters(filters or {})
	data = get_data(filters)
	return get_columns(), data, None, get_chart(data), get_summary(data)


def get_columns() -> list[dict]:
	return [
		{
			"label": _("Recommendation"),
			"fieldname": "recommendation",
			"fieldtype": "Link",
			"options": "Recommendation",
			"width": 140,
		},
		{"label": _("Title"), "fieldname": "title", "fieldtype": "Data", "width": 280},
		{"label": _("Responsible Agency"), "fieldname": "agency_name", "fieldtype": "Data", "width": 220},
		{
			"label": _("Responsible Person"),
			"fieldname": "responsible_person",
			"fieldtype": "Data",
			"width": 160,
		},
		{"label": _("Due Date"), "fieldname": "due_date", "fieldtype": "Date", "width": 100},
		{"label": _("Days Overdue"), "fieldname": "days_overdue", "fieldtype": "Int", "width": 110},
		{"label": _("Status"), "fieldname": "status", "fieldtype": "Data", "width": 100},
		{"label": _("Last Update"), "fieldname": "last_update_on", "fieldtype": "Date", "width": 100},
		{"label": _("Task Force"), "fieldname": "task_force_name", "fieldtype": "Data", "width": 240},
		{
			"label": _("Meeting"),
			"fieldname": "meeting",
			"fieldtype": "Link",
			"options": "Coordination Meeting",
			"width": 150,
		},
		{"label": _("Meeting Date"), "fieldname": "meeting_date", "fieldtype": "Date", "width": 100},
	]


def get_data(filters: Filters) -> list[dict]:
	recommendation = frappe.qb.DocType("Recommendation")
	meeting = frappe.qb.DocType("Coordination Meeting")
	agency = frappe.qb.DocType("Agency")
	task_force = frappe.qb.DocType("Task Force")
	member = frappe.qb.DocType("Task Force Member")
	today_date = getdate(today())
	query = (
		frappe.qb.from_(recommendation)
		.join(meeting)
		.on(meeting.name == recommendation.meeting)
		.left_join(agency)
		.on(agency.name == recommendation.responsible_agency)
		.left_join(task_force)
		.on(task_force.name == recommendation.task_force)
		.left_join(member)
		.on(member.name == recommendation.responsible_member)
		.select(
			recommendation.name.as_("recommendation"),
			recommendation.title,
			recommendation.status,
			recommendation.due_date,
			recommendation.last_update_on,
			recommendation.responsible_user,
			recommendation.meeting,
			meeting.meeting_date,
			agency.agency_name,
			task_force.task_force_name,
			member.full_name.as_("responsible_person"),
		)
		.where(
			(meeting.docstatus < 2)
			& recommendation.status.isin(rules.OPEN_STATUSES)
			& (recommendation.due_date < today_date)
		)
		.orderby(recommendation.due_date, recommendation.name, order=Order.asc)
	)
	query = scoped(query, recommendation, filters, "Recommendation")
	if filters.agency:
		query = query.where(recommendation.responsible_agency == filters.agency)
	rows = query.run(as_dict=True)
	for row in rows:
		row.days_overdue = rules.days_overdue(getdate(row.due_date), today_date)
		row.responsible_person = row.responsible_person or row.responsible_user
		row.status = _(row.status)
	return rows


def get_chart(data: list[dict]) -> dict | None:
	if not data:
		return None
	counts: dict[str, int] = {}
	for row in data:
		counts[row.agency_name or _("(none)")] = counts.get(row.agency_name or _("(none)"), 0) + 1
	top = sorted(counts.items(), key=lambda kv: -kv[1])[:15]
	return {
		"data": {
			"labels": [label for label, _count in top],
			"datasets": [{"name": _("Overdue"), "values": [count for _label, count in top]}],
		},
		"type": "bar",
		"colors": ["#b91c1c"],
	}


def get_summary(data: list[dict]) -> list[dict]:
	days = [row.days_overdue for row in data]
	return [
		{"value": len(data), "label": _("Overdue Actions"), "datatype": "Int", "indicator": "Red"},
		{
			"value": round(sum(days) / len(days)) if days else 0,
			"label": _("Average Days Overdue"),
			"datatype": "Int",
			"indicator": "Orange",
		},
	]
