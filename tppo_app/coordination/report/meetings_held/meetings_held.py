# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""Meetings held per task force per period (month, quarter or year), with those whose minutes are approved and
those still planned; cancelled meetings are left out (their amendments count). Region scoping: the query adds
the user's regions itself (tppo_app.coordination.reporting).
"""

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.utils import getdate

from tppo_app.coordination import rules
from tppo_app.coordination.reporting import period_filter, scoped
from tppo_app.utils.periods import period_key
from tppo_app.utils.reports import date_range, safe_report

Filters = frappe._dict


@safe_report
def execute(filters: dict | None = None):
	filters = Filters(filters or {})
	period = period_filter(filters)
	meetings = get_meetings(filters)
	data = group_rows(meetings, period)
	return get_columns(), data, None, get_chart(meetings, period), get_summary(meetings)


def get_columns() -> list[dict]:
	return [
		{"label": _("Task Force"), "fieldname": "task_force_name", "fieldtype": "Data", "width": 280},
		{"label": _("Period"), "fieldname": "period", "fieldtype": "Data", "width": 100},
		{"label": _("Held"), "fieldname": "held", "fieldtype": "Int", "width": 80},
		{"label": _("Minutes Approved"), "fieldname": "approved", "fieldtype": "Int", "width": 140},
		{"label": _("Planned"), "fieldname": "planned", "fieldtype": "Int", "width": 80},
		{"label": _("Meetings"), "fieldname": "total", "fieldtype": "Int", "width": 90},
		{
			"label": _("Task Force ID"),
			"fieldname": "task_force",
			"fieldtype": "Link",
			"options": "Task Force",
			"width": 110,
		},
	]


def get_meetings(filters: Filters) -> list[dict]:
	meeting = frappe.qb.DocType("Coordination Meeting")
	task_force = frappe.qb.DocType("Task Force")
	query = (
		frappe.qb.from_(meeting)
		.left_join(task_force)
		.on(task_force.name == meeting.task_force)
		.select(
			meeting.name, meeting.task_force, meeting.meeting_date, meeting.status, task_force.task_force_name
		)
		.where(meeting.docstatus < 2)
		.orderby(meeting.meeting_date, order=Order.asc)
	)
	query = scoped(query, meeting, filters, "Coordination Meeting")
	query = date_range(query, meeting.meeting_date, filters)
	if filters.meeting_type:
		query = query.where(meeting.meeting_type == filters.meeting_type)
	return query.run(as_dict=True)


def is_held(status: str) -> bool:
	return status in (rules.HELD, rules.MINUTES_APPROVED)


def group_rows(meetings: list[dict], period: str) -> list[dict]:
	groups: dict[tuple, dict] = {}
	for m in meetings:
		key = (m.task_force_name or m.task_force, period_key(getdate(m.meeting_date), period))
		group = groups.setdefault(
			key,
			{
				"task_force": m.task_force,
				"task_force_name": key[0],
				"period": key[1],
				"held": 0,
				"approved": 0,
				"planned": 0,
				"total": 0,
			},
		)
		group["total"] += 1
		group["held"] += int(is_held(m.status))
		group["approved"] += int(m.status == rules.MINUTES_APPROVED)
		group["planned"] += int(m.status == rules.PLANNED)
	return [groups[k] for k in sorted(groups, key=lambda k: ((k[0] or "").lower(), k[1]))]


def get_chart(meetings: list[dict], period: str) -> dict | None:
	if not meetings:
		return None
	held: dict[str, int] = {}
	planned: dict[str, int] = {}
	for m in meetings:
		key = period_key(getdate(m.meeting_date), period)
		held.setdefault(key, 0)
		planned.setdefault(key, 0)
		if is_held(m.status):
			held[key] += 1
		elif m.status == rules.PLANNED:
			planned[key] += 1
	labels = sorted(held)
	return {
		"data": {
			"labels": labels,
			"datasets": [
				{"name": _("Held"), "values": [held[k] for k in labels]},
				{"name": _("Planned"), "values": [planned[k] for k in labels]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#16a34a", "#f59e0b"],
	}


def get_summary(meetings: list[dict]) -> list[dict]:
	return [
		{
			"value": sum(1 for m in meetings if is_held(m.status)),
			"label": _("Meetings Held"),
			"datatype": "Int",
			"indicator": "Green",
		},
		{
			"value": sum(1 for m in meetings if m.status == rules.MINUTES_APPROVED),
			"label": _("Minutes Approved"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{
			"value": len({m.task_force for m in meetings if is_held(m.status)}),
			"label": _("Task Forces Meeting"),
			"datatype": "Int",
			"indicator": "Grey",
		},
	]
