# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""Reporting Compliance: which task forces reported on a plan on time, late or not at all, period by period.

The task forces expected to report are those `reporting.expected_reporters` names (the active task forces that
report on this plan), within the user's regions. A report counts once it is in a submitted state (Submitted,
Verified, Approved); it is late when it was submitted after the period's deadline. Without one, the report is
missing once the deadline has passed, and not yet due before that; reports not yet due are left out of the
compliance rate, which is the share of due reports that came in on time.
"""

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.utils import date_diff, getdate

from tppo_app.action_plan.reporting import (
	LATE,
	MISSING,
	NOT_DUE,
	ON_TIME,
	SUBMITTED_STATES,
	compliance_indicator,
	compliance_status,
	count_columns,
	count_statuses,
	expected_reporters,
)
from tppo_app.regions import get_user_regions
from tppo_app.utils.reports import safe_report

Filters = frappe._dict

COUNTED = (ON_TIME, LATE, MISSING)


@safe_report
def execute(filters: dict | None = None):
	filters = Filters(filters or {})
	if not filters.action_plan:
		frappe.throw(_("Choose the action plan to check."), title=_("Action plan required"))
	frappe.has_permission("Action Plan", doc=filters.action_plan, throw=True)

	periods = get_periods(filters)
	reporters = get_reporters(filters)
	rows = compliance_rows(periods, reporters, get_reports(filters.action_plan, periods, reporters))
	groups = period_groups(periods, rows)
	data = []
	for group in groups:
		data.append(group)
		data.extend(r for r in rows if r["reporting_period"] == group["reporting_period"])
	return get_columns(), data, None, get_chart(groups), get_summary(rows)


def get_periods(filters: Filters) -> list[dict]:
	period = frappe.qb.DocType("Reporting Period")
	query = (
		frappe.qb.from_(period)
		.select(
			period.name,
			period.period_label,
			period.year,
			period.end_date,
			period.submission_deadline,
		)
		.where(period.action_plan == filters.action_plan)
		.orderby(period.end_date, order=Order.asc)
	)
	if filters.year:
		query = query.where(period.year == int(filters.year))
	if filters.reporting_period:
		query = query.where(period.name == filters.reporting_period)
	return query.run(as_dict=True)


def get_reporters(filters: Filters) -> list[dict]:
	"""The task forces expected to report on the plan, in the user's regions (and the region filter)."""
	reporters = expected_reporters(filters.action_plan)
	allowed = get_user_regions(doctype="Progress Report")
	if allowed is not None:
		allowed = set(allowed)
		reporters = [tf for tf in reporters if tf.region in allowed]
	if filters.region:
		# An unknown (half-typed) region reports nobody, as `regions.in_region` does.
		lft, rgt = frappe.db.get_value("Region", filters.region, ["lft", "rgt"]) or (0, -1)
		reporters = [tf for tf in reporters if lft <= tf.lft and tf.rgt <= rgt]
	if not reporters:
		return []

	task_force = frappe.qb.DocType("Task Force")
	region = frappe.qb.DocType("Region")
	names = {
		r.name: r
		for r in frappe.qb.from_(task_force)
		.join(region)
		.on(region.name == task_force.region)
		.select(task_force.name, task_force.task_force_name, region.region_name)
		.where(task_force.name.isin([tf.name for tf in reporters]))
		.run(as_dict=True)
	}
	for tf in reporters:
		tf.update(task_force_name=names[tf.name].task_force_name, region_name=names[tf.name].region_name)
	return sorted(reporters, key=lambda tf: tf.lft)


def get_reports(action_plan: str, periods: list[dict], reporters: list[dict]) -> dict[tuple, dict]:
	"""The plan's reports of these task forces and periods, by (task force, period)."""
	if not periods or not reporters:
		return {}
	report = frappe.qb.DocType("Progress Report")
	found = (
		frappe.qb.from_(report)
		.select(
			report.name,
			report.task_force,
			report.reporting_period,
			report.workflow_state,
			report.submitted_on,
		)
		.where(
			(report.action_plan == action_plan)
			& (report.docstatus < 2)
			& report.reporting_period.isin([p.name for p in periods])
			& report.task_force.isin([tf.name for tf in reporters])
		)
		.run(as_dict=True)
	)
	return {(r.task_force, r.reporting_period): r for r in found}


def report_status(report: dict | None, deadline, today) -> str:
	submitted = bool(report and report.workflow_state in SUBMITTED_STATES)
	return compliance_status(submitted, report.submitted_on if submitted else None, deadline, today)


def compliance_rows(periods: list[dict], reporters: list[dict], reports: dict[tuple, dict]) -> list[dict]:
	"""One row per period and task force expected to report."""
	today = getdate()
	rows = []
	for period in periods:
		for tf in reporters:
			report = reports.get((tf.name, period.name))
			status = report_status(report, period.submission_deadline, today)
			if status == LATE:
				days_late = date_diff(getdate(report.submitted_on), period.submission_deadline)
			elif status == MISSING:
				days_late = date_diff(today, period.submission_deadline)
			else:
				days_late = None
			rows.append(
				{
					"indent": 1,
					"label": tf.task_force_name,
					"reporting_period": period.name,
					"period_label": period.period_label,
					"submission_deadline": period.submission_deadline,
					"task_force": tf.name,
					"region_name": tf.region_name,
					"level": _(tf.level) if tf.level else None,
					"status": _(status),
					"status_code": status,
					"days_late": days_late,
					"report": report.name if report else None,
					"workflow_state": _(report.workflow_state) if report and report.workflow_state else None,
					"submitted_on": report.submitted_on if report else None,
				}
			)
	return rows


def tally(rows: list[dict]) -> dict:
	return count_statuses(r["status_code"] for r in rows)


def period_groups(periods: list[dict], rows: list[dict]) -> list[dict]:
	groups = []
	for period in periods:
		counts = tally([r for r in rows if r["reporting_period"] == period.name])
		groups.append(
			{
				"indent": 0,
				"label": period.period_label,
				"reporting_period": period.name,
				"period_label": period.period_label,
				"submission_deadline": period.submission_deadline,
				**counts,
				"compliance": round(counts["compliance"], 2) if counts["compliance"] is not None else None,
			}
		)
	return groups


def get_columns() -> list[dict]:
	return [
		{"label": _("Period / Task Force"), "fieldname": "label", "fieldtype": "Data", "width": 260},
		{"label": _("Deadline"), "fieldname": "submission_deadline", "fieldtype": "Date", "width": 100},
		{"label": _("Status"), "fieldname": "status", "fieldtype": "Data", "width": 100},
		{"label": _("Submitted On"), "fieldname": "submitted_on", "fieldtype": "Datetime", "width": 150},
		{"label": _("Days Late"), "fieldname": "days_late", "fieldtype": "Int", "width": 90},
		*count_columns(),
		{"label": _("Region"), "fieldname": "region_name", "fieldtype": "Data", "width": 160},
		{"label": _("Level"), "fieldname": "level", "fieldtype": "Data", "width": 90},
		{"label": _("Approval State"), "fieldname": "workflow_state", "fieldtype": "Data", "width": 110},
		{
			"label": _("Progress Report"),
			"fieldname": "report",
			"fieldtype": "Link",
			"options": "Progress Report",
			"width": 140,
		},
		{
			"label": _("Task Force"),
			"fieldname": "task_force",
			"fieldtype": "Link",
			"options": "Task Force",
			"width": 110,
		},
	]


def get_chart(groups: list[dict]) -> dict | None:
	due = [g for g in groups if g["expected"]]
	if not due:
		return None
	return {
		"data": {
			"labels": [g["period_label"] for g in due],
			"datasets": [
				{"name": _("On Time"), "values": [g["on_time"] for g in due]},
				{"name": _("Late"), "values": [g["late"] for g in due]},
				{"name": _("Missing"), "values": [g["missing"] for g in due]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#16a34a", "#f59e0b", "#b91c1c"],
	}


def get_summary(rows: list[dict]) -> list[dict]:
	counts = tally(rows)
	compliance = round(counts["compliance"], 2) if counts["compliance"] is not None else None
	return [
		{
			"value": compliance,
			"label": _("Compliance"),
			"datatype": "Percent",
			"indicator": compliance_indicator(compliance),
		},
		{"value": counts["expected"], "label": _("Reports Due"), "datatype": "Int", "indicator": "Blue"},
		{"value": counts["on_time"], "label": _("On Time"), "datatype": "Int", "indicator": "Green"},
		{"value": counts["late"], "label": _("Late"), "datatype": "Int", "indicator": "Orange"},
		{"value": counts["missing"], "label": _("Missing"), "datatype": "Int", "indicator": "Red"},
		{"value": counts["not_due"], "label": _("Not Yet Due"), "datatype": "Int", "indicator": "Grey"},
	]
