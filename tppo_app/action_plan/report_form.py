"""What the progress report form offers a focal point: the task force and plan filled in when there is one
choice, the periods still to report (with their deadlines, nearest first), and what the evidence uploader
accepts.

Everything here reads through the user's own permissions (frappe.get_list): a choice the user could not make by
hand is never offered."""

import frappe
from frappe import _
from frappe.utils import date_diff, formatdate, getdate, today

# How many open periods the picker lists at most (a five-year plan has 20 quarters).
MAX_PERIODS = 40


@frappe.whitelist()
def new_report_defaults() -> dict:
	"""The task force and plan of a new report when the user reports for exactly one task force: that one, and
	the active plan nearest to the user (their province's RAD before the RAN)."""
	from tppo_app.action_plan.dashboard import default_plan

	frappe.has_permission("Progress Report", "create", throw=True)
	task_forces = frappe.get_list("Task Force", pluck="name", limit=2, order_by="name asc")
	if len(task_forces) != 1:
		return {}
	return {"task_force": task_forces[0], "action_plan": default_plan()}


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def open_periods(doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: dict) -> list:
	"""The Reporting Period picker of a report: the plan's periods that have begun and have no report of the
	task force yet, nearest deadline first, each with its deadline (and "late" once past it)."""
	filters = filters if isinstance(filters, dict) else {}
	action_plan, task_force = filters.get("action_plan"), filters.get("task_force")
	# A plan the user may not read answers as an unknown one does: no periods (nothing tells them apart).
	if (
		not isinstance(action_plan, str)
		or not frappe.db.exists("Action Plan", action_plan)
		or not frappe.has_permission("Action Plan", doc=action_plan)
	):
		return []
	if not isinstance(task_force, str):
		task_force = None
	periods = frappe.get_list(
		"Reporting Period",
		filters={"action_plan": action_plan, "start_date": ("<=", today())},
		fields=["name", "period_label", "submission_deadline"],
		limit=MAX_PERIODS * 3,
		order_by="start_date desc",
	)
	reported = set()
	if task_force:
		reported = set(
			frappe.get_list(
				"Progress Report",
				filters={
					"task_force": task_force,
					"action_plan": action_plan,
					"docstatus": ("<", 2),
				},
				pluck="reporting_period",
			)
		)
	txt = (txt or "").strip().lower()
	now = getdate(today())
	rows = []
	for period in periods:
		if period.name in reported or (txt and txt not in (period.period_label or "").lower()):
			continue
		deadline = period.submission_deadline
		days = date_diff(deadline, now) if deadline else 10**6
		if not deadline:
			note = _("no deadline")
		elif days < 0:
			note = _("deadline {0} (late)").format(formatdate(deadline))
		else:
			note = _("deadline {0}").format(formatdate(deadline))
		rows.append((abs(days), period.name, period.period_label, note))
	rows.sort()
	return [row[1:] for row in rows[:MAX_PERIODS]]


@frappe.whitelist()
def evidence_rules() -> dict:
	"""The file types and size the evidence uploader accepts (TPPO Settings), so that it refuses a wrong file
	before uploading it; the report's own check on save stays."""
	frappe.has_permission("Progress Report", "read", throw=True)
	settings = frappe.get_cached_doc("TPPO Settings")
	return {
		"extensions": sorted(f".{ext.lower()}" for ext in settings.allowed_extensions()),
		"max_mb": settings.evidence_max_size_mb or 10,
	}
