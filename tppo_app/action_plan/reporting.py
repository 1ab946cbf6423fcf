"""Who reports on which plan, and the deadline reminders.

A task force reports on the nearest regional plan (RAD) of its own region or the regions above it: a regency
with no RAD of its own reports on its province's RAD. `expected_reporters` answers that for one plan; the
compliance report and the reminders both use it. How a task force stands for a period (on time, late, missing,
not yet due) and how such statuses are counted is said here once, for both compliance reports.
"""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from tppo_app.approval.states import APPROVED, MAX_LEVELS, SUBMITTED, VERIFIED, regional_review
from tppo_app.regions import users_with_role_in_region
from tppo_app.roles import DISTRICT_FOCAL_POINT, PROVINCIAL_ADMIN

# A report has been submitted once it left Draft/Returned: in a regional review level, with the province, or beyond.
SUBMITTED_STATES = (
	*(regional_review(level) for level in range(1, MAX_LEVELS + 1)),
	SUBMITTED,
	VERIFIED,
	APPROVED,
)


def expected_reporters(action_plan: str) -> list[dict]:
	"""Active task forces that report on this plan: name, region, level."""
	plan = frappe.get_cached_doc("Action Plan", action_plan)
	lft, rgt = frappe.db.get_value("Region", plan.region, ["lft", "rgt"])
	region = frappe.qb.DocType("Region")
	task_force = frappe.qb.DocType("Task Force")
	candidates = (
		frappe.qb.from_(task_force)
		.join(region)
		.on(region.name == task_force.region)
		.select(task_force.name, task_force.region, task_force.level, region.lft, region.rgt)
		.where((task_force.status == "Active") & (region.lft >= lft) & (region.rgt <= rgt))
		.run(as_dict=True)
	)
	if plan.plan_type == "RAN":
		# Regions report on their RADs; on the RAN itself only the national task force does.
		return [tf for tf in candidates if tf.region == plan.region]
	# Regions below the plan's region with an active RAD of their own report on that one instead.
	own_plans = frappe.get_all(
		"Action Plan",
		filters={
			"plan_type": "RAD",
			"status": "Active",
			"name": ("!=", plan.name),
			"region": ("!=", plan.region),
		},
		pluck="region",
	)
	bounds = [frappe.db.get_value("Region", r, ["lft", "rgt"]) for r in own_plans]
	return [
		tf
		for tf in candidates
		if not any(b_lft <= tf.lft and tf.rgt <= b_rgt for b_lft, b_rgt in bounds if lft < b_lft)
	]


def reporting_contacts(task_force: str) -> list[str]:
	"""Emails of the people who submit for a task force: its focal points (or its province's admins)."""
	region, level = frappe.db.get_value("Task Force", task_force, ["region", "level"])
	role = DISTRICT_FOCAL_POINT if level == "District" else PROVINCIAL_ADMIN
	users = set(users_with_role_in_region(role, region))
	users |= set(
		frappe.get_all(
			"Task Force Member",
			filters={"task_force": task_force, "is_active": 1, "user": ("is", "set")},
			pluck="user",
		)
	)
	return sorted(users)


def send_deadline_reminders() -> int:
	"""Daily: a Reporting Reminder (its Notification sends the email) for each task force that has not
	submitted a period's report N days before its deadline. Returns how many reminders it created."""
	days = frappe.db.get_single_value("TPPO Settings", "reminder_days") or 7
	deadline = add_days(today(), days)
	created = 0
	for period in frappe.get_all(
		"Reporting Period", filters={"submission_deadline": deadline}, fields=["name", "action_plan"]
	):
		for task_force in expected_reporters(period.action_plan):
			if has_submitted(task_force.name, period.name) or frappe.db.exists(
				"Reporting Reminder", {"task_force": task_force.name, "reporting_period": period.name}
			):
				continue
			frappe.get_doc(
				doctype="Reporting Reminder",
				task_force=task_force.name,
				reporting_period=period.name,
				recipients=",".join(reporting_contacts(task_force.name)),
			).insert(ignore_permissions=True)
			created += 1
	return created


def has_submitted(task_force: str, reporting_period: str) -> bool:
	return bool(
		frappe.db.exists(
			"Progress Report",
			{
				"task_force": task_force,
				"reporting_period": reporting_period,
				"workflow_state": ("in", SUBMITTED_STATES),
				"docstatus": ("<", 2),
			},
		)
	)


def is_late(submitted_on, deadline) -> bool:
	return bool(submitted_on and deadline and getdate(submitted_on) > getdate(deadline))


# How a task force stands for a period, and the fields compliance counts each under.
ON_TIME, LATE, MISSING, NOT_DUE = "On Time", "Late", "Missing", "Not Due"
STATUS_FIELDS = {ON_TIME: "on_time", LATE: "late", MISSING: "missing", NOT_DUE: "not_due"}


def compliance_status(submitted: bool, submitted_on, deadline, on_date) -> str:
	"""A submitted report is on time or late by its submission date; none yet is missing once the deadline has
	passed, and not due before."""
	if submitted:
		return LATE if is_late(submitted_on, deadline) else ON_TIME
	return MISSING if getdate(deadline) < on_date else NOT_DUE


def count_statuses(statuses) -> dict:
	"""Reports per status, the reports due (expected) and the share of them on time, in percent (None when none
	is due yet)."""
	counts = {field: 0 for field in STATUS_FIELDS.values()}
	for status in statuses:
		counts[STATUS_FIELDS[status]] += 1
	due = counts["on_time"] + counts["late"] + counts["missing"]
	counts["expected"] = due
	counts["compliance"] = counts["on_time"] * 100 / due if due else None
	return counts


def compliance_indicator(value: float | None) -> str:
	if value is None:
		return "Grey"
	return "Green" if value >= 90 else "Orange" if value >= 60 else "Red"


def count_columns() -> list[dict]:
	"""The count columns both compliance reports show."""
	return [
		{"label": _("Expected"), "fieldname": "expected", "fieldtype": "Int", "width": 90},
		{"label": _("On Time"), "fieldname": "on_time", "fieldtype": "Int", "width": 80},
		{"label": _("Late"), "fieldname": "late", "fieldtype": "Int", "width": 70},
		{"label": _("Missing"), "fieldname": "missing", "fieldtype": "Int", "width": 80},
		{"label": _("Not Due"), "fieldname": "not_due", "fieldtype": "Int", "width": 80},
		{"label": _("Compliance %"), "fieldname": "compliance", "fieldtype": "Percent", "width": 110},
	]
