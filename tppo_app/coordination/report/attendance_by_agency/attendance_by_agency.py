# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""Attendance rate by agency: of the invitations to meetings that were held, how many the agency attended in
person or through a representative. Unmarked invitations are shown but not counted in the rate; people who came
without an invitation are left out. Region scoping: the query adds the user's regions itself
(tppo_app.coordination.reporting).
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce

from tppo_app.coordination import rules
from tppo_app.coordination.reporting import scoped
from tppo_app.utils.reports import date_range, safe_report

Filters = frappe._dict


@safe_report
def execute(filters: dict | None = None):
	filters = Filters(filters or {})
	data = group_rows(get_attendance(filters))
	return get_columns(), data, None, get_chart(data), get_summary(data)


def get_columns() -> list[dict]:
	return [
		{"label": _("Agency"), "fieldname": "agency_name", "fieldtype": "Data", "width": 300},
		{"label": _("Invited"), "fieldname": "invited", "fieldtype": "Int", "width": 80},
		{"label": _("Present"), "fieldname": "present", "fieldtype": "Int", "width": 80},
		{"label": _("Represented"), "fieldname": "represented", "fieldtype": "Int", "width": 110},
		{"label": _("Absent"), "fieldname": "absent", "fieldtype": "Int", "width": 80},
		{"label": _("Not Marked"), "fieldname": "unmarked", "fieldtype": "Int", "width": 100},
		{"label": _("Attendance Rate"), "fieldname": "attendance_rate", "fieldtype": "Percent", "width": 130},
		{"label": _("Meetings"), "fieldname": "meetings", "fieldtype": "Int", "width": 90},
		{
			"label": _("Agency ID"),
			"fieldname": "agency",
			"fieldtype": "Link",
			"options": "Agency",
			"width": 110,
		},
	]


def get_attendance(filters: Filters) -> list[dict]:
	meeting = frappe.qb.DocType("Coordination Meeting")
	attendance = frappe.qb.DocType("Coordination Meeting Attendance")
	agency = frappe.qb.DocType("Agency")
	query = (
		frappe.qb.from_(attendance)
		.join(meeting)
		.on(
			(meeting.name == attendance.parent)
			& (attendance.parenttype == "Coordination Meeting")
			& (attendance.parentfield == "attendance")
		)
		.left_join(agency)
		.on(agency.name == attendance.agency)
		.select(
			meeting.name.as_("meeting"),
			attendance.agency,
			attendance.attendance,
			Coalesce(agency.agency_name, attendance.agency).as_("agency_name"),
		)
		.where(
			(meeting.docstatus < 2)
			& meeting.status.isin((rules.HELD, rules.MINUTES_APPROVED))
			& (attendance.invited == 1)
		)
	)
	query = scoped(query, meeting, filters, "Coordination Meeting")
	query = date_range(query, meeting.meeting_date, filters)
	if filters.agency:
		query = query.where(attendance.agency == filters.agency)
	return query.run(as_dict=True)


def group_rows(rows: list[dict]) -> list[dict]:
	groups: dict[str, dict] = {}
	for row in rows:
		key = row.agency or ""
		group = groups.setdefault(
			key,
			{
				"agency": row.agency,
				"agency_name": row.agency_name or _("(none)"),
				"invited": 0,
				"present": 0,
				"represented": 0,
				"absent": 0,
				"unmarked": 0,
				"marks": [],
				"meetings": set(),
			},
		)
		group["invited"] += 1
		group[
			{"Present": "present", "Represented": "represented", "Absent": "absent"}.get(
				row.attendance, "unmarked"
			)
		] += 1
		group["marks"].append(row.attendance)
		group["meetings"].add(row.meeting)
	data = []
	for group in groups.values():
		group["attendance_rate"] = rules.attendance_rate(group.pop("marks"))
		group["meetings"] = len(group["meetings"])
		data.append(group)
	return sorted(data, key=lambda g: (-g["invited"], g["agency_name"].lower()))


def get_chart(data: list[dict]) -> dict | None:
	rated = [g for g in data if g["attendance_rate"] is not None][:20]
	if not rated:
		return None
	return {
		"data": {
			"labels": [g["agency_name"] for g in rated],
			"datasets": [
				{"name": _("Attendance Rate"), "values": [round(g["attendance_rate"], 1) for g in rated]}
			],
		},
		"type": "bar",
		"colors": ["#2563eb"],
	}


def get_summary(data: list[dict]) -> list[dict]:
	invited = sum(g["invited"] - g["unmarked"] for g in data)
	attended = sum(g["present"] + g["represented"] for g in data)
	return [
		{"value": len(data), "label": _("Agencies"), "datatype": "Int", "indicator": "Grey"},
		{"value": attended, "label": _("Attended"), "datatype": "Int", "indicator": "Green"},
		{
			"value": rules.percent(attended, invited) or 0,
			"label": _("Attendance Rate"),
			"datatype": "Percent",
			"indicator": "Blue",
		},
	]
