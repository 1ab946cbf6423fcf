# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""Follow-up rate of recommendations by responsible agency, task force or period (of the meeting).

Follow-up rate = done / (all - dropped): a dropped recommendation was decided against, so it counts neither
way. Region scoping: the query adds the user's regions itself (tppo_app.coordination.reporting).
"""

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.utils import getdate, today

from tppo_app.coordination import rules
from tppo_app.coordination.reporting import period_filter, scoped
from tppo_app.utils.periods import period_key
from tppo_app.utils.reports import date_range, safe_report

Filters = frappe._dict

GROUPS = ("Agency", "Task Force", "Period")


@safe_report
def execute(filters: dict | None = None):
	filters = Filters(filters or {})
	filters.group_by = filters.group_by or "Agency"
	if filters.group_by not in GROUPS:
		frappe.throw(_("Group by must be one of: {0}.").format(", ".join(_(g) for g in GROUPS)))
	period = period_filter(filters)
	rows = get_recommendations(filters)
	data = group_rows(rows, filters.group_by, period)
	return get_columns(filters), data, None, get_chart(data), get_summary(rows)


def get_columns(filters: Filters) -> list[dict]:
	label = {"Agency": _("Responsible Agency"), "Task Force": _("Task Force"), "Period": _("Period")}
	return [
		{"label": label[filters.group_by], "fieldname": "group", "fieldtype": "Data", "width": 300},
		{"label": _("Recommendations"), "fieldname": "total", "fieldtype": "Int", "width": 130},
		{"label": _("Open"), "fieldname": "open", "fieldtype": "Int", "width": 80},
		{"label": _("In Progress"), "fieldname": "in_progress", "fieldtype": "Int", "width": 100},
		{"label": _("Done"), "fieldname": "done", "fieldtype": "Int", "width": 80},
		{"label": _("Dropped"), "fieldname": "dropped", "fieldtype": "Int", "width": 90},
		{"label": _("Overdue"), "fieldname": "overdue", "fieldtype": "Int", "width": 90},
		{"label": _("Follow-up Rate"), "fieldname": "follow_up_rate", "fieldtype": "Percent", "width": 120},
	]


def get_recommendations(filters: Filters) -> list[dict]:
	recommendation = frappe.qb.DocType("Recommendation")
	meeting = frappe.qb.DocType("Coordination Meeting")
	agency = frappe.qb.DocType("Agency")
	task_force = frappe.qb.DocType("Task Force")
	query = (
		frappe.qb.from_(recommendation)
		.join(meeting)
		.on(meeting.name == recommendation.meeting)
		.left_join(agency)
		.on(agency.name == recommendation.responsible_agency)
		.left_join(task_force)
		.on(task_force.name == recommendation.task_force)
		.select(
			recommendation.name,
			recommendation.status,
			recommendation.due_date,
			recommendation.responsible_agency,
			recommendation.task_force,
			meeting.meeting_date,
			agency.agency_name,
			task_force.task_force_name,
		)
		.where(meeting.docstatus < 2)
		.orderby(meeting.meeting_date, recommendation.name, order=Order.asc)
	)
	query = scoped(query, recommendation, filters, "Recommendation")
	query = date_range(query, meeting.meeting_date, filters)
	if filters.agency:
		query = query.where(recommendation.responsible_agency == filters.agency)
	return query.run(as_dict=True)


def group_rows(rows: list[dict], group_by: str, period: str) -> list[dict]:
	today_date = getdate(today())
	groups: dict[str, dict] = {}
	for row in rows:
		if group_by == "Agency":
			key, label = row.responsible_agency, row.agency_name or row.responsible_agency
		elif group_by == "Task Force":
			key, label = row.task_force, row.task_force_name or row.task_force
		else:
			key = label = period_key(getdate(row.meeting_date), period)
		group = groups.setdefault(
			key,
			{"group": label, "total": 0, "open": 0, "in_progress": 0, "done": 0, "dropped": 0, "overdue": 0},
		)
		group["total"] += 1
		group[
			{"Open": "open", "In Progress": "in_progress", "Done": "done", "Dropped": "dropped"}[row.status]
		] += 1
		group["overdue"] += int(rules.is_overdue(row.status, getdate(row.due_date), today_date))
	for group in groups.values():
		group["follow_up_rate"] = rules.follow_up_rate(group["done"], group["total"], group["dropped"])
	if group_by == "Period":
		return [groups[k] for k in sorted(groups)]
	return sorted(groups.values(), key=lambda g: (-g["total"], (g["group"] or "").lower()))


def get_chart(data: list[dict]) -> dict | None:
	if not data:
		return None
	top = data[:15]
	return {
		"data": {
			"labels": [g["group"] for g in top],
			"datasets": [
				{"name": _("Done"), "values": [g["done"] for g in top]},
				{"name": _("In Progress"), "values": [g["in_progress"] for g in top]},
				{"name": _("Open"), "values": [g["open"] for g in top]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#16a34a", "#2563eb", "#f59e0b"],
	}


def get_summary(rows: list[dict]) -> list[dict]:
	today_date = getdate(today())
	done = sum(1 for r in rows if r.status == rules.DONE)
	dropped = sum(1 for r in rows if r.status == rules.DROPPED)
	overdue = sum(1 for r in rows if rules.is_overdue(r.status, getdate(r.due_date), today_date))
	rate = rules.follow_up_rate(done, len(rows), dropped)
	return [
		{"value": len(rows), "label": _("Recommendations"), "datatype": "Int", "indicator": "Blue"},
		{"value": done, "label": _("Done"), "datatype": "Int", "indicator": "Green"},
		{"value": overdue, "label": _("Overdue"), "datatype": "Int", "indicator": "Red"},
		{"value": rate or 0, "label": _("Follow-up Rate"), "datatype": "Percent", "indicator": "Blue"},
	]
