# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""Membership roster: members grouped by task force, agency or sub task force, with counts per group.

Region scoping: qb does not apply User Permissions, so the query adds the user's regions itself
(tppo_app.regions.get_user_regions), the same scope list views get.
"""

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.query_builder.functions import Coalesce

from tppo_app.regions import get_user_regions, in_region
from tppo_app.utils.reports import safe_report

Filters = frappe._dict

GROUP_FIELDS = {
	"Task Force": ("task_force", "task_force_name"),
	"Agency": ("agency", "agency_name"),
	"Sub Task Force": ("sub_task_force", "sub_task_force_name"),
}


@safe_report
def execute(filters: dict | None = None):
	filters = Filters(filters or {})
	filters.group_by = filters.group_by or "Task Force"
	if filters.group_by not in GROUP_FIELDS:
		frappe.throw(_("Group by must be one of: {0}.").format(", ".join(_(g) for g in GROUP_FIELDS)))

	members = get_members(filters)
	data = group_rows(members, filters.group_by)
	groups = [row for row in data if row["indent"] == 0]
	return get_columns(filters), data, None, get_chart(groups, filters), get_summary(members, groups, filters)


def get_columns(filters: Filters) -> list[dict]:
	return [
		{"label": _(filters.group_by), "fieldname": "group", "fieldtype": "Data", "width": 280},
		{"label": _("Members"), "fieldname": "members", "fieldtype": "Int", "width": 90},
		{"label": _("Full Name"), "fieldname": "full_name", "fieldtype": "Data", "width": 200},
		{"label": _("Role in Task Force"), "fieldname": "task_force_role", "fieldtype": "Data", "width": 170},
		{"label": _("Position (Jabatan)"), "fieldname": "position", "fieldtype": "Data", "width": 200},
		{"label": _("Agency"), "fieldname": "agency_name", "fieldtype": "Data", "width": 220},
		{"label": _("Task Force"), "fieldname": "task_force_name", "fieldtype": "Data", "width": 240},
		{"label": _("Sub Task Force"), "fieldname": "sub_task_force_name", "fieldtype": "Data", "width": 200},
		{"label": _("Region"), "fieldname": "region_name", "fieldtype": "Data", "width": 160},
		{"label": _("Email"), "fieldname": "email", "fieldtype": "Data", "width": 200},
		{"label": _("Mobile Number"), "fieldname": "mobile_no", "fieldtype": "Data", "width": 140},
		{"label": _("Active"), "fieldname": "is_active", "fieldtype": "Check", "width": 70},
		{
			"label": _("Member"),
			"fieldname": "member",
			"fieldtype": "Link",
			"options": "Task Force Member",
			"width": 110,
		},
	]


def get_members(filters: Filters) -> list[dict]:
	member = frappe.qb.DocType("Task Force Member")
	task_force = frappe.qb.DocType("Task Force")
	agency = frappe.qb.DocType("Agency")
	sub_task_force = frappe.qb.DocType("Sub Task Force")
	region = frappe.qb.DocType("Region")

	query = (
		frappe.qb.from_(member)
		.join(task_force)
		.on(task_force.name == member.task_force)
		.left_join(agency)
		.on(agency.name == member.agency)
		.left_join(sub_task_force)
		.on(sub_task_force.name == member.sub_task_force)
		.left_join(region)
		.on(region.name == member.region)
		.select(
			member.name.as_("member"),
			member.full_name,
			member.task_force_role,
			member.position,
			member.email,
			member.mobile_no,
			member.is_active,
			member.task_force,
			member.agency,
			member.sub_task_force,
			task_force.task_force_name,
			Coalesce(agency.agency_name, member.agency).as_("agency_name"),
			sub_task_force.sub_task_force_name,
			region.region_name,
		)
		.orderby(task_force.task_force_name, member.task_force_role, member.full_name, order=Order.asc)
	)
	allowed = get_user_regions(doctype="Task Force Member")
	if allowed is not None:
		query = query.where(member.region.isin(allowed))
	if filters.active_only:
		query = query.where(member.is_active == 1)
	for fieldname in ("task_force", "agency", "sub_task_force"):
		if filters.get(fieldname):
			query = query.where(member[fieldname] == filters.get(fieldname))
	if filters.region:
		query = query.where(in_region(member.region, filters.region))
	return query.run(as_dict=True)


def group_rows(members: list[dict], group_by: str) -> list[dict]:
	"""A group row (indent 0, with its member count) followed by its members (indent 1)."""
	key_field, label_field = GROUP_FIELDS[group_by]
	groups: dict[str, list[dict]] = {}
	for row in members:
		groups.setdefault(row[key_field] or "", []).append(row)

	data = []
	for key in sorted(groups, key=lambda k: (not k, (groups[k][0][label_field] or "").lower())):
		rows = groups[key]
		label = rows[0][label_field] if key else _("(none)")
		if group_by == "Sub Task Force" and key:
			label = _(label)  # named after its function, a list the app translates
		data.append({"group": label, "members": len(rows), "indent": 0})
		data.extend(
			{
				**row,
				"task_force_role": _(row.get("task_force_role") or ""),
				"group": row["full_name"],
				"indent": 1,
			}
			for row in rows
		)
	return data


def get_chart(groups: list[dict], filters: Filters) -> dict | None:
	if not groups:
		return None
	top = sorted(groups, key=lambda g: -g["members"])[:15]
	return {
		"data": {
			"labels": [g["group"] for g in top],
			"datasets": [{"name": _("Members"), "values": [g["members"] for g in top]}],
		},
		"type": "bar",
		"colors": ["#b91c1c"],
	}


def get_summary(members: list[dict], groups: list[dict], filters: Filters) -> list[dict]:
	return [
		{"value": len(members), "label": _("Members"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": sum(1 for m in members if m.is_active),
			"label": _("Active Members"),
			"datatype": "Int",
			"indicator": "Green",
		},
		{"value": len(groups), "label": _(filters.group_by), "datatype": "Int", "indicator": "Grey"},
	]
