"""What the Action Plans workspace shows: report defaults and the number cards' counts.

Every count stays in the user's regions: frappe.get_list applies the Region User Permissions, and the qb
queries apply `get_user_regions` themselves (qb ignores User Permissions).
"""

import re

import frappe
from frappe.model.workflow import get_workflow, get_workflow_name, get_workflow_safe_globals
from frappe.query_builder import Order
from frappe.query_builder.functions import Max
from frappe.utils import getdate

from tppo_app.action_plan.achievement_data import adopting_plans
from tppo_app.action_plan.reporting import SUBMITTED_STATES
from tppo_app.regions import get_default_region, get_user_regions


@frappe.whitelist()
def report_defaults() -> dict:
	"""Filter defaults of the action-plan reports: the plan the user works with, and its latest year with
	approved reports (this year when it has none yet)."""
	action_plan = default_plan()
	return {"action_plan": action_plan, "year": latest_year(action_plan) or getdate().year}


def default_plan(user: str | None = None) -> str | None:
	"""The active plan nearest to the user: their region's RAD, else the RAD of the region above, else the RAN."""
	user = user or frappe.session.user
	plans = frappe.get_list(
		"Action Plan",
		filters={"status": "Active"},
		fields=["name", "plan_type", "region"],
		order_by="start_year desc, creation desc",
	)
	if not plans:
		return None
	region = get_default_region(user) if get_user_regions(user, "Action Plan") is not None else None
	for candidate in _region_and_ancestors(region) if region else []:
		for plan in plans:
			if plan.region == candidate:
				return plan.name
	rans = [plan.name for plan in plans if plan.plan_type == "RAN"]
	return rans[0] if rans else plans[0].name


def latest_year(action_plan: str | None) -> int | None:
	"""The latest year with an approved report on the plan (or the plans adopting it), in the user's regions."""
	report = frappe.qb.DocType("Progress Report")
	period = frappe.qb.DocType("Reporting Period")
	query = (
		frappe.qb.from_(report)
		.join(period)
		.on(period.name == report.reporting_period)
		.select(Max(period.year))
		.where(report.docstatus == 1)
	)
	if action_plan:
		query = query.where(report.action_plan.isin(adopting_plans(action_plan)))
	allowed = get_user_regions(doctype="Progress Report")
	if allowed is not None:
		query = query.where(report.region.isin(allowed))
	return query.run()[0][0]


def _region_and_ancestors(region: str) -> list[str]:
	"""The region and the regions above it, nearest first."""
	bounds = frappe.db.get_value("Region", region, ["lft", "rgt"], as_dict=True)
	if not bounds:
		return []
	table = frappe.qb.DocType("Region")
	return [
		r[0]
		for r in frappe.qb.from_(table)
		.select(table.name)
		.where((table.lft <= bounds.lft) & (table.rgt >= bounds.rgt))
		.orderby(table.lft, order=Order.desc)
		.run()
	]


# ---- number cards ----------------------------------------------------------------------------------------


def actionable_transitions() -> list:
	"""The Progress Report workflow's transitions the session user's roles may take (the Workflow as kept)."""
	if not get_workflow_name("Progress Report"):
		return []
	roles = set(frappe.get_roles())
	return [t for t in get_workflow("Progress Report").transitions if t.allowed in roles]


def awaiting_action_count() -> tuple[int, list[str]]:
	"""Progress Reports in the user's regions that wait in a state the user can act on, and those states.

	"Can act on" is what the workflow offers the user on the report, as the form's action menu decides it: a
	transition from the report's state for one of the user's roles whose condition holds. With the default
	workflow that is a district's drafts and returned reports for its focal point, the submitted district
	reports and the province's own drafts for a provincial admin, verified reports for a ministry reviewer.
	Conditions are evaluated once per distinct combination of the fields they read, not once per report.
	"""
	transitions = actionable_transitions()
	states = sorted({t.state for t in transitions})
	if not states:
		return 0, []
	columns = set(frappe.get_meta("Progress Report").get_valid_columns())
	read = {"workflow_state"}
	for t in transitions:
		read |= set(re.findall(r"\bdoc\.(\w+)", t.condition or "")) & columns
	read = sorted(read)
	groups = frappe.get_list(
		"Progress Report",
		filters={"workflow_state": ("in", states), "docstatus": 0},
		fields=[*read, "count(name) as count"],
		group_by=", ".join(read),
		order_by="workflow_state asc",
	)
	count = 0
	for group in groups:
		doc = frappe._dict({field: group.get(field) for field in read}, doctype="Progress Report")
		if any(t.state == doc.workflow_state and _condition_holds(t, doc) for t in transitions):
			count += group["count"]
	return count, states


def _condition_holds(transition, doc: frappe._dict) -> bool:
	if not transition.condition:
		return True
	try:
		return bool(frappe.safe_eval(transition.condition, get_workflow_safe_globals(), {"doc": doc}))
	except Exception:
		return False  # as the form's action menu would fail to offer it


@frappe.whitelist()
def reports_awaiting_my_action(filters: str | dict | list | None = None) -> dict:
	"""Number card "Reports Awaiting My Action"."""
	count, states = awaiting_action_count()
	return {
		"value": count,
		"fieldtype": "Int",
		"route": ["List", "Progress Report"],
		"route_options": {"workflow_state": ["in", states]} if states else {},
	}


def overdue_pairs(user: str | None = None, today=None) -> set[tuple[str, str]]:
	"""(task force, reporting period) pairs in the user's regions that are past the period's deadline without
	a submitted report.

	A task force reports on the active RAD of the nearest region at or above its own that has one (the national
	task force on the RAN), as `reporting.expected_reporters` decides for one plan; here it is decided for all
	active plans at once, with a handful of queries whatever the number of plans.
	"""
	today = getdate(today)
	region = frappe.qb.DocType("Region")
	plan = frappe.qb.DocType("Action Plan")
	task_force = frappe.qb.DocType("Task Force")
	period = frappe.qb.DocType("Reporting Period")
	report = frappe.qb.DocType("Progress Report")

	plans = (
		frappe.qb.from_(plan)
		.join(region)
		.on(region.name == plan.region)
		.select(plan.name, plan.plan_type, plan.region, region.lft, region.rgt)
		.where(plan.status == "Active")
		.run(as_dict=True)
	)
	if not plans:
		return set()
	query = (
		frappe.qb.from_(task_force)
		.join(region)
		.on(region.name == task_force.region)
		.select(task_force.name, task_force.region, region.lft, region.rgt)
		.where(task_force.status == "Active")
	)
	allowed = get_user_regions(user, "Progress Report")
	if allowed is not None:
		query = query.where(task_force.region.isin(allowed))
	task_forces = query.run(as_dict=True)

	expected: dict[str, list[str]] = {}  # plan -> task forces reporting on it
	rads = [p for p in plans if p.plan_type == "RAD"]
	for tf in task_forces:
		for p in plans:
			if p.plan_type == "RAN" and p.region == tf.region:
				expected.setdefault(p.name, []).append(tf.name)
		containing = [p for p in rads if p.lft <= tf.lft and tf.rgt <= p.rgt]
		if containing:
			nearest = max(p.lft for p in containing)
			for p in containing:
				if p.lft == nearest:
					expected.setdefault(p.name, []).append(tf.name)
	if not expected:
		return set()

	periods = (
		frappe.qb.from_(period)
		.select(period.name, period.action_plan)
		.where(period.action_plan.isin(list(expected)) & (period.submission_deadline < today))
		.run(as_dict=True)
	)
	if not periods:
		return set()
	due = {(tf, p.name) for p in periods for tf in expected[p.action_plan]}
	submitted = (
		frappe.qb.from_(report)
		.select(report.task_force, report.reporting_period)
		.where(
			report.reporting_period.isin([p.name for p in periods])
			& report.workflow_state.isin(SUBMITTED_STATES)
			& (report.docstatus < 2)
		)
		.run()
	)
	return due - {tuple(row) for row in submitted}


@frappe.whitelist()
def overdue_reports(filters: str | dict | list | None = None) -> dict:
	"""Number card "Overdue Reports"."""
	frappe.has_permission("Progress Report", "read", throw=True)
	return {
		"value": len(overdue_pairs()),
		"fieldtype": "Int",
		"route": ["query-report", "Reporting Compliance"],
	}
