"""Timings on the benchmark site: each question answered by the app and, beside it, the naive way (Frappe's
generic `get_list` with the aggregation in Python, as a Report Builder user or a quick script would), as the
user who asks it; the median of several runs. Then many focal points submitting at once through the REST API
of a running server, and the same timings again once every province has added 20 fields of its own.

`run` prints a table and writes the results as JSON; `scripts/bench` calls it after generating the data.
"""

import json
import statistics
import threading
import time
import urllib.request
from collections import defaultdict

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow

from tppo_app.benchmark import data

# National views (the national RAN Achievement, the province x cluster template, national reporting compliance):
# 300 ms; compiling the national Task Force Report: 10 s (the Compile button waits for it).
TARGETS = {
	"national": 0.3,
	"report": 1.0,
	"list": 0.3,
	"form": 0.3,
	"save": 1.0,
	"compile": 10.0,
	"p95": 1.0,
	"ratio": 10,
}
YEAR = data.YEARS[1]


class Results:
	def __init__(self, runs: int):
		self.runs = runs
		self.rows: list[dict] = []

	def time(
		self,
		name: str,
		kind: str,
		user: str,
		fn,
		naive=None,
		after=None,
		sql=None,
		same=None,
		before=None,
		check=None,
		min_ratio=TARGETS["ratio"],
	) -> dict:
		"""Median seconds of `fn` (and of `naive`, and of `sql`: a hand-written query over the raw rows) as
		`user`; `before` and `after` run before and after each timed call, untimed (an approval, a rollback, so
		that a submission or an approval can be timed again); `same(result, other)` says where the answer
		differs from the SQL's (or, without `sql`, from the naive one's): an empty list when they agree;
		`check(result)` says what is wrong with the answer by itself. `min_ratio`: how many times faster than
		the naive way it must be (None: no ratio target)."""
		row = {"name": name, "kind": kind, "user": user}
		answers = {}
		for key, func in (("seconds", fn), ("naive_seconds", naive), ("sql_seconds", sql)):
			if not func:
				continue
			samples = []
			for _run in range(self.runs):
				if before:
					before()
				frappe.set_user(user)
				frappe.clear_cache(user=user) if _run == 0 else None
				start = time.perf_counter()
				result = func()
				samples.append(time.perf_counter() - start)
				frappe.set_user("Administrator")
				if after:
					after()
			row[key] = statistics.median(samples)
			row[key + "_all"] = [round(s, 4) for s in samples]
			answers[key] = result
			if key == "seconds":
				row["result_size"] = size_of(result)
		if naive:
			row["ratio"] = row["naive_seconds"] / row["seconds"] if row["seconds"] else None
		if sql:
			row["sql_ratio"] = row["sql_seconds"] / row["seconds"] if row["seconds"] else None
		if same or check:
			frappe.set_user(user)
			differences = []
			if same:
				other = answers["sql_seconds"] if sql else answers["naive_seconds"]
				differences += same(answers["seconds"], other)
			if check:
				differences += check(answers["seconds"])
			row["differences"] = differences[:10]
			frappe.set_user("Administrator")
		row["target"] = TARGETS[kind]
		row["min_ratio"] = min_ratio if naive else None
		row["held"] = (
			row["seconds"] <= TARGETS[kind]
			and (not row["min_ratio"] or row["ratio"] >= row["min_ratio"])
			and not row.get("differences")
		)
		self.rows.append(row)
		print(line(row), flush=True)
		for difference in row.get("differences") or []:
			where = "from the SQL" if sql else "from the naive answer" if same else "(check)"
			print(f"    differs {where}: " + difference, flush=True)
		return row


def size_of(result) -> int | None:
	"""Rows in a report's data (columns, data, ...) or a list view's page, for the record."""
	if isinstance(result, tuple) and len(result) > 1 and isinstance(result[1], list):
		return len(result[1])
	if isinstance(result, tuple) and result and isinstance(result[0], list):
		return len(result[0])
	return len(result) if isinstance(result, list | dict) else None


def line(row: dict) -> str:
	naive = (
		f"{row['naive_seconds'] * 1000:9.0f} ms  x{row['ratio']:6.1f}"
		if row.get("naive_seconds")
		else " " * 20
	)
	mark = "held" if row["held"] else "SHORT"
	sql = (
		f"  raw-row SQL {row['sql_seconds'] * 1000:.0f} ms (x{row['sql_ratio']:.1f}, "
		+ ("same numbers)" if not row.get("differences") else "DIFFERENT numbers)")
		if row.get("sql_seconds") is not None
		else ""
	)
	return f"  {row['name']:<58} {row['seconds'] * 1000:8.0f} ms {naive}  ({target_text(row['target'])}) {mark}{sql}"


def target_text(seconds: float) -> str:
	return f"< {seconds:g} s" if seconds >= 5 else f"< {seconds * 1000:.0f} ms"


# ---- the questions -----------------------------------------------------------------------------------------


def district_of(submitter: str) -> str:
	"""The district a benchmark focal point reports for: fp.<district>@<domain>."""
	return submitter.split("@")[0][3:]


def users() -> frappe._dict:
	domain = data.USER_DOMAIN
	submitters = frappe.get_all(
		"User", filters={"name": ("like", f"fp.%@{domain}")}, order_by="name", pluck="name"
	)
	district = district_of(submitters[0])
	province = district.split(".")[0]
	if not frappe.db.exists("User", f"case.{district}@{domain}"):  # data generated before it was added
		data.bench_user(f"case.{district}@{domain}", "TPPO Case Worker", district)
		frappe.db.commit()
	if not frappe.db.exists("User", f"national@{domain}"):  # the same
		from tppo_app.roles import NATIONAL_ADMIN

		data.bench_user(f"national@{domain}", NATIONAL_ADMIN, None)
		frappe.db.commit()
	# Data generated before bench_user set `enabled` holds disabled users: approvers must be enabled.
	user = frappe.qb.DocType("User")
	if frappe.db.count("User", {"name": ("like", f"%@{domain}"), "enabled": 0}):
		frappe.qb.update(user).set(user.enabled, 1).where(user.name.like(f"%@{domain}")).run()
		frappe.db.commit()
	return frappe._dict(
		reviewer=f"reviewer@{domain}",
		national_admin=f"national@{domain}",
		province_admin=f"admin.{province}@{domain}",
		focal_point=submitters[0],
		case_worker=f"case.{district}@{domain}",
		district=district,
		province=province,
		submitters=submitters,
	)


def ran() -> str:
	return frappe.db.get_value("Action Plan", {"plan_type": "RAN"})


def ran_achievement(filters: dict):
	from tppo_app.action_plan.report.ran_achievement import ran_achievement

	return ran_achievement.execute(filters)


def naive_achievement(plan: str, year: int, region: str | None = None) -> dict:
	"""RAN achievement by item the generic way: every approved row of the year through get_list (Report
	Builder's child-table columns), each task force's latest period per item, the mean per RAN item."""
	filters = [["Progress Report", "docstatus", "=", 1], ["Progress Report", "year", "=", year]]
	if region:
		filters.append(["Progress Report", "region", "like", f"{region}%"])
	rows = frappe.get_list(
		"Progress Report",
		filters=filters,
		fields=[
			"name",
			"task_force",
			"reporting_period",
			"`tabProgress Report Item`.action_plan_item",
			"`tabProgress Report Item`.achievement_percent",
			"`tabProgress Report Item`.status",
		],
		limit_page_length=0,
	)
	periods = {
		p.name: p.end_date
		for p in frappe.get_list(
			"Reporting Period", fields=["name", "end_date"], filters={"year": year}, limit_page_length=0
		)
	}
	items = {
		i.name: i.parent_item
		for i in frappe.get_list("Action Plan Item", fields=["name", "parent_item"], limit_page_length=0)
	}
	latest = {}
	for r in rows:
		key = (r.task_force, r.action_plan_item)
		if key not in latest or periods[r.reporting_period] > periods[latest[key].reporting_period]:
			latest[key] = r
	by_item = defaultdict(list)
	for r in latest.values():
		root = r.action_plan_item
		while items.get(root):
			root = items[root]
		if r.status and r.status != "Not Applicable":
			by_item[root].append(r.achievement_percent)
	return {item: sum(v) / len(v) for item, v in by_item.items()}


# ---- the same numbers by a hand-written query over the raw rows ---------------------------------------------

# Each task force's latest approved report of the year among the plan and the plans adopting it, every row of it
# under the plan's item it descends from, scored by the rules of the RAN monitoring standard (a row counts once
# its status says it was reported; a stored target of 0 is "no target" when the item has none for the year or
# when a reported row scored 0 against it). Parameters only (%(plan)s, %(year)s): no input in the text.
RAW_ROWS_SQL = """
WITH RECURSIVE plans AS (
	SELECT name FROM `tabAction Plan` WHERE name = %(plan)s
	UNION ALL
	SELECT child.name FROM `tabAction Plan` child JOIN plans ON child.parent_plan = plans.name
),
reports AS (
	SELECT report.name, report.level, report.region, period.end_date,
		MAX(period.end_date) OVER (PARTITION BY report.task_force) AS latest_end
	FROM `tabProgress Report` report
	JOIN `tabReporting Period` period ON period.name = report.reporting_period
	WHERE report.docstatus = 1 AND period.year = %(year)s AND report.action_plan IN (SELECT name FROM plans)
),
scored_rows AS (
	SELECT
		CASE WHEN item.action_plan = %(plan)s THEN item.name
			WHEN adopted.action_plan = %(plan)s THEN adopted.name
			WHEN ran.action_plan = %(plan)s THEN ran.name END AS plan_item,
		CASE WHEN reports.level = 'District' THEN region.parent_region ELSE reports.region END AS province,
		row.achievement_percent AS achievement,
		(row.status IS NOT NULL AND row.status NOT IN ('', 'Not Applicable'))
		AND NOT (
			COALESCE(row.target, 0) = 0 AND (
				NOT EXISTS (SELECT 1 FROM `tabAction Plan Item Target` target
					WHERE target.parent = item.name AND target.parenttype = 'Action Plan Item'
					AND target.year = %(year)s)
				OR COALESCE(row.achievement_percent, 0) = 0
			)
		) AS scored
	FROM reports
	JOIN `tabProgress Report Item` row ON row.parent = reports.name AND row.parenttype = 'Progress Report'
	JOIN `tabRegion` region ON region.name = reports.region
	JOIN `tabAction Plan Item` item ON item.name = row.action_plan_item
	LEFT JOIN `tabAction Plan Item` adopted ON adopted.name = item.parent_item
	LEFT JOIN `tabAction Plan Item` ran ON ran.name = adopted.parent_item
	WHERE reports.end_date = reports.latest_end
)
"""
BY_ITEM_SQL = (
	RAW_ROWS_SQL
	+ """SELECT plan_item.item_code AS item_code, COUNT(*) AS row_count, SUM(scored) AS scored,
	SUM(IF(scored, achievement, 0)) / NULLIF(SUM(scored), 0) AS achievement
FROM scored_rows JOIN `tabAction Plan Item` plan_item ON plan_item.name = scored_rows.plan_item
GROUP BY plan_item.name"""
)
BY_PROVINCE_CLUSTER_SQL = (
	RAW_ROWS_SQL
	+ """SELECT province.region_name AS province, cluster.cluster_name AS cluster, COUNT(*) AS row_count,
	SUM(scored) AS scored, SUM(IF(scored, achievement, 0)) / NULLIF(SUM(scored), 0) AS achievement
FROM scored_rows
JOIN `tabAction Plan Item` plan_item ON plan_item.name = scored_rows.plan_item
JOIN `tabRegion` province ON province.name = scored_rows.province
LEFT JOIN `tabAction Plan Cluster` cluster ON cluster.name = plan_item.cluster
GROUP BY scored_rows.province, plan_item.cluster"""
)


def sql_by_item(plan: str, year: int) -> list[dict]:
	return frappe.db.sql(BY_ITEM_SQL, {"plan": plan, "year": year}, as_dict=True)


def sql_by_province_cluster(plan: str, year: int) -> list[dict]:
	return frappe.db.sql(BY_PROVINCE_CLUSTER_SQL, {"plan": plan, "year": year}, as_dict=True)


def close(a, b) -> bool:
	if a is None or b is None:
		return a is None and b is None
	return abs(float(a) - float(b)) <= 0.006  # the view rounds to 2 places for display


def compare(view: dict, sql: dict) -> list[str]:
	"""Where two {key: (rows, scored, achievement)} answers differ."""
	out = [f"{key}: only in the SQL answer {sql[key]}" for key in sql.keys() - view.keys()]
	out += [f"{key}: only in the view {view[key]}" for key in view.keys() - sql.keys()]
	for key in view.keys() & sql.keys():
		(v_rows, v_scored, v_ach), (s_rows, s_scored, s_ach) = view[key], sql[key]
		if v_rows != s_rows or v_scored != s_scored or not close(v_ach, s_ach):
			out.append(f"{key}: view {view[key]}, SQL {sql[key]}")
	return sorted(out)


def same_by_item(result, sql_rows) -> list[str]:
	"""RAN Achievement (grouped by cluster, then item) against `sql_by_item`."""
	data = result[1]
	view = {
		r["item_code"]: (r["rows"], r["reported"], r["achievement"])
		for r in data
		if r.get("item_code") and r["indent"] == 2
	}
	sql = {r.item_code: (int(r.row_count), int(r.scored or 0), r.achievement) for r in sql_rows}
	return compare(view, sql)


def same_by_province_cluster(result, sql_rows) -> list[str]:
	"""The province x cluster template against `sql_by_province_cluster`."""
	data, view, province = result[1], {}, None
	for r in data:
		if r["indent"] == 1:
			province = r["group"]
		elif r["indent"] == 2:
			view[(province, r["group"])] = (r["items"], r["reported"], r["achievement"])
	sql = {
		(r.province, frappe._(r.cluster) if r.cluster else r.cluster): (
			int(r.row_count),
			int(r.scored or 0),
			r.achievement,
		)
		for r in sql_rows
	}
	return compare(view, sql)


def naive_compliance(plan_names: list[str], year: int) -> dict:
	reports = frappe.get_list(
		"Progress Report",
		filters={"action_plan": ("in", plan_names), "year": year},
		fields=["task_force", "reporting_period", "workflow_state", "submitted_on"],
		limit_page_length=0,
	)
	periods = {
		p.name: p
		for p in frappe.get_list(
			"Reporting Period",
			filters={"action_plan": ("in", plan_names), "year": year},
			fields=["name", "period_label", "submission_deadline"],
			limit_page_length=0,
		)
	}
	counts = defaultdict(lambda: defaultdict(int))
	for r in reports:
		period = periods[r.reporting_period]
		on_time = r.submitted_on and r.submitted_on.date() <= period.submission_deadline
		counts[period.period_label]["on_time" if on_time else "late"] += 1
	return counts


def naive_national_compliance(year: int) -> dict:
	"""National Reporting Compliance the generic way: the active task forces, the plans in force, the year's
	periods and reports through get_list, each task force given the plan it reports on (the RAN of its own
	region for the national one, else the RADs of the nearest region that has one) and its periods counted in
	Python: on time, late, missing, not yet due."""
	from tppo_app.action_plan.reporting import SUBMITTED_STATES, is_late

	parents = dict(
		frappe.get_list("Region", fields=["name", "parent_region"], as_list=True, limit_page_length=0)
	)
	plans = defaultdict(list)
	for p in frappe.get_list(
		"Action Plan",
		filters={"status": "Active"},
		fields=["name", "plan_type", "region"],
		limit_page_length=0,
	):
		plans[p.region].append(p)
	periods = defaultdict(list)
	for p in frappe.get_list(
		"Reporting Period",
		filters={"year": year},
		fields=["name", "action_plan", "submission_deadline"],
		limit_page_length=0,
	):
		periods[p.action_plan].append(p)
	submitted = {}
	for r in frappe.get_list(
		"Progress Report",
		filters={"year": year, "docstatus": ("<", 2), "workflow_state": ("in", SUBMITTED_STATES)},
		fields=["task_force", "reporting_period", "submitted_on"],
		limit_page_length=0,
	):
		key = (r.task_force, r.reporting_period)
		first = submitted.get(key)
		submitted[key] = min(first, r.submitted_on) if first and r.submitted_on else first or r.submitted_on
	today = frappe.utils.getdate()
	counts = {"on_time": 0, "late": 0, "missing": 0, "not_due": 0, "without_plan": 0}
	for tf in frappe.get_list(
		"Task Force", filters={"status": "Active"}, fields=["name", "region"], limit_page_length=0
	):
		region, depth, found = tf.region, 0, []
		while region and not found:
			found = [p.name for p in plans.get(region, ()) if p.plan_type == "RAD" or depth == 0]
			region, depth = parents.get(region), depth + 1
		if not found:
			counts["without_plan"] += 1
		for plan in found:
			for period in periods[plan]:
				on = submitted.get((tf.name, period.name))
				if on:
					counts["late" if is_late(on, period.submission_deadline) else "on_time"] += 1
				else:
					counts["missing" if period.submission_deadline < today else "not_due"] += 1
	return counts


def same_compliance(result, naive: dict) -> list[str]:
	"""The report's summary (on time, late, missing, not yet due, without a plan) against the naive count."""
	labels = {
		_("On Time"): "on_time",
		_("Late"): "late",
		_("Missing"): "missing",
		_("Not Yet Due"): "not_due",
		_("Task Forces Without a Plan"): "without_plan",
	}
	view = {labels[s["label"]]: s["value"] for s in result[4] if s["label"] in labels}
	return [f"{key}: report {view.get(key)}, naive {n}" for key, n in naive.items() if view.get(key) != n]


def national_report(u: frappe._dict) -> str:
	"""The national task force's draft report of the year, created once by the national admin and compiled now
	(committed), so that each timed compile is a recompile that compares the new snapshot with the stored one,
	as the button does the second time; the timed compiles are rolled back, the draft is kept for the next
	run."""
	from tppo_app.reporting.doctype.task_force_report.task_force_report import compile_report

	task_force = frappe.db.get_value("Task Force", {"level": "National", "region": "ID"})
	name = frappe.db.get_value(
		"Task Force Report", {"task_force": task_force, "year": YEAR, "docstatus": 0}, "name"
	)
	frappe.set_user(u.national_admin)
	if not name:
		name = (
			frappe.get_doc(
				doctype="Task Force Report",
				task_force=task_force,
				year=YEAR,
				addressed_to="Presiden Republik Indonesia",
			)
			.insert()
			.name
		)
	compile_report(name)
	frappe.set_user("Administrator")
	frappe.db.commit()
	return name


def empty_sections(name: str) -> list[str]:
	"""What the national report's snapshot lacks of the data the benchmark holds (the data has no coordination
	meetings, restitution, sub task forces or written obstacles: those sections stay empty)."""
	snapshot = json.loads(frappe.db.get_value("Task Force Report", name, "snapshot") or "{}")
	wanted = {
		"achievement.reports": ("achievement", "reports"),
		"achievement.by_cluster": ("achievement", "by_cluster"),
		"achievement.by_region": ("achievement", "by_region"),
		"achievement.behind": ("achievement", "behind"),
		"compliance.expected": ("compliance", "expected"),
		"compliance.by_province": ("compliance", "by_province"),
		"cases.total": ("cases", "total"),
		"cases.by_stage": ("cases", "by_stage"),
		"victims.by_sex": ("victims", "by_sex"),
		"victims.by_origin_province": ("victims", "by_origin_province"),
		"services.by_type": ("services", "by_type"),
		"trainings.count": ("trainings", "count"),
	}
	return [label for label, (section, key) in wanted.items() if not (snapshot.get(section) or {}).get(key)]


def naive_case_statistics() -> dict:
	cases = frappe.get_list(
		"TPPO Case", fields=["region", "stage", "police_report_date"], limit_page_length=0
	)
	counts = defaultdict(lambda: defaultdict(int))
	for c in cases:
		counts[c.region.split(".")[0]][c.stage] += 1
	return counts


def list_view(doctype: str, fields: list[str], order_by: str):
	"""What a list view asks: the first page and the count."""
	from frappe.desk.reportview import get_count

	page = frappe.get_list(doctype, fields=fields, order_by=order_by, limit_page_length=20)
	frappe.local.form_dict = frappe._dict(doctype=doctype, filters="[]")
	return page, get_count()


PROGRESS_LIST = [
	"name",
	"title",
	"task_force",
	"region",
	"action_plan",
	"reporting_period",
	"year",
	"workflow_state",
	"overall_achievement",
	"regional_summary",
	"modified",
	"docstatus",
]
VICTIM_LIST = [
	"name",
	"region",
	"identification_date",
	"trafficking_status",
	"sex",
	"age_group",
	"nationality",
	"origin_region",
	"modified",
]


def open_form(doctype: str, name: str):
	from frappe.desk.form.load import getdoc

	frappe.response.docs = []
	getdoc(doctype, name)
	return frappe.response.docs


def prepare_drafts(user: str, district: str, count: int) -> list[str]:
	"""Draft reports of the district's 2025 periods, with every row filled, ready to submit (made once)."""
	task_force = frappe.db.get_value("Task Force", {"region": district})
	plan = frappe.db.get_value("Action Plan", {"task_force": task_force})
	periods = frappe.get_all(
		"Reporting Period",
		filters={"action_plan": plan, "year": YEAR},
		order_by="end_date",
		pluck="name",
	)
	names = []
	frappe.set_user(user)
	for period in periods[:count]:
		existing = frappe.db.get_value(
			"Progress Report",
			{"task_force": task_force, "reporting_period": period, "docstatus": ("<", 2)},
			["name", "workflow_state"],
		)
		if existing:
			if existing[1] == "Draft":
				names.append(existing[0])
			continue
		doc = frappe.get_doc(
			doctype="Progress Report", task_force=task_force, action_plan=plan, reporting_period=period
		).insert()
		for row in doc.items:
			row.realised = 1 if row.measure_type == "Yes/No" else round((row.target or 0) * 0.6)
			row.status = "In Progress"
		doc.save()
		names.append(doc.name)
	frappe.set_user("Administrator")
	frappe.db.commit()
	return names


def submit(name: str):
	return apply_workflow(frappe.get_doc("Progress Report", name).as_dict(), "Submit")


def back_to_draft(names: list[str]) -> None:
	"""Submitted reports back to Draft (committed), so that the next run submits the same reports again."""
	report = frappe.qb.DocType("Progress Report")
	frappe.qb.update(report).set(report.workflow_state, "Draft").set(report.submitted_by, None).set(
		report.submitted_on, None
	).set(report.next_approvers, None).where(report.name.isin(names)).run()
	frappe.db.commit()


def approve_one(u: frappe._dict, periods: int = 1) -> str:
	"""A report of the measured district through its whole approval (submit, verify, approve, each by who does
	it), untimed, so that the next view is the first after an approval; rolled back after the timing. With
	`periods` > 1, the first of that many periods that has no report through approval yet."""
	name = prepare_drafts(u.focal_point, u.district, periods)[0]
	for user, action in ((u.focal_point, "Submit"), (u.province_admin, "Verify"), (u.reviewer, "Approve")):
		frappe.set_user(user)
		apply_workflow(frappe.get_doc("Progress Report", name).as_dict(), action)
	frappe.set_user("Administrator")
	if frappe.db.get_value("Progress Report", name, "docstatus") != 1:
		frappe.throw(f"{name} was not approved: the first view after an approval cannot be measured.")
	return name


def measure_all(results: Results, label: str = "") -> None:
	u = users()
	plan = ran()
	province_plan = frappe.db.get_value("Action Plan", {"region": u.province})
	suffix = f" {label}" if label else ""

	results.time(
		"RAN Achievement, national (2025, all regions)" + suffix,
		"national",
		u.reviewer,
		lambda: ran_achievement({"action_plan": plan, "include_adopting_plans": 1, "year": YEAR}),
		lambda: naive_achievement(plan, YEAR),
		sql=lambda: sql_by_item(plan, YEAR),
		same=same_by_item,
	)
	results.time(
		"RAN Achievement, national, first view after an approval" + suffix,
		"national",
		u.reviewer,
		lambda: ran_achievement({"action_plan": plan, "include_adopting_plans": 1, "year": YEAR}),
		before=lambda: approve_one(u),
		after=frappe.db.rollback,
	)
	results.time(
		f"RAN Achievement, province {u.province} (2025)" + suffix,
		"report",
		u.province_admin,
		lambda: ran_achievement({"action_plan": province_plan, "include_adopting_plans": 1, "year": YEAR}),
		lambda: naive_achievement(province_plan, YEAR, u.province),
	)
	template = frappe.db.get_value("RAN Report Template", {"title": "Bench: province x cluster"})
	if template:
		from tppo_app.action_plan.report_template import render

		doc = frappe.get_doc("RAN Report Template", template)
		results.time(
			"Report template: province x cluster (2025)" + suffix,
			"national",
			u.reviewer,
			lambda: render(doc),
			lambda: naive_achievement(plan, YEAR),
			sql=lambda: sql_by_province_cluster(plan, YEAR),
			same=same_by_province_cluster,
		)
		results.time(
			"Report template: province x cluster, first view after an approval" + suffix,
			"national",
			u.reviewer,
			lambda: render(doc),
			before=lambda: approve_one(u),
			after=frappe.db.rollback,
		)
	from tppo_app.action_plan.report.reporting_compliance import reporting_compliance

	results.time(
		"Reporting Compliance, national RAN (2025)" + suffix,
		"report",
		u.reviewer,
		lambda: reporting_compliance.execute({"action_plan": plan, "year": YEAR}),
		lambda: naive_compliance(frappe.get_all("Action Plan", pluck="name"), YEAR),
	)
	if not label:
		from tppo_app.action_plan.report.national_reporting_compliance import national_reporting_compliance
		from tppo_app.reporting.doctype.task_force_report.task_force_report import compile_report

		results.time(
			f"National Reporting Compliance, national ({YEAR}, every RAD)",
			"national",
			u.national_admin,
			lambda: national_reporting_compliance.execute({"year": YEAR}),
			lambda: naive_national_compliance(YEAR),
			same=same_compliance,
			min_ratio=None,
		)
		report = national_report(u)
		results.time(
			f"Compile the national Task Force Report ({YEAR})",
			"compile",
			u.national_admin,
			lambda: compile_report(report),
			after=frappe.db.rollback,
			check=lambda _result: [f"{s}: empty" for s in empty_sections(report)],
		)
		from tppo_app.case_management.report.case_statistics import case_statistics

		results.time(
			"Case Statistics, national (all years)",
			"report",
			u.reviewer,
			lambda: case_statistics.execute({}),
			naive_case_statistics,
		)
	for who in ("focal_point", "reviewer"):
		results.time(
			f"Progress Report list, {who.replace('_', ' ')}" + suffix,
			"list",
			u[who],
			lambda: list_view("Progress Report", PROGRESS_LIST, "creation desc"),
		)
	if not label:
		for who in ("case_worker", "reviewer"):
			results.time(
				f"Victim list, {who.replace('_', ' ')}",
				"list",
				u[who],
				lambda: list_view("Victim", VICTIM_LIST, "identification_date desc"),
			)
	report = frappe.db.get_value(
		"Progress Report", {"region": u.district, "docstatus": 1}, order_by="creation desc"
	)
	results.time(
		"Open a progress report (150 rows)" + suffix,
		"form",
		u.focal_point,
		lambda: open_form("Progress Report", report),
	)
	drafts = prepare_drafts(u.focal_point, u.district, 1)
	results.time(
		"Submit a progress report (150 rows)" + suffix,
		"save",
		u.focal_point,
		lambda: submit(drafts[0]),
		after=frappe.db.rollback,
	)


# ---- concurrent submissions through a running server -----------------------------------------------------


def post_all(base_url: str, work: dict[str, list[str]], doctype: str) -> dict:
	"""Each user of `work` at once, submitting its documents one after the other through the REST API (the call
	the form's Submit action makes): the requests made and answered, their p50 and p95, the first errors and
	the throughput. It does not count what the database holds: its callers do (in a fresh transaction)."""
	host = frappe.local.site
	keys = {user: frappe.db.get_value("User", user, "api_key") for user in work}
	latencies, errors = [], []
	barrier = threading.Barrier(len(work))
	lock = threading.Lock()

	def run(user: str):
		barrier.wait()
		for name in work[user]:
			body = json.dumps(
				{"doc": json.dumps({"doctype": doctype, "name": name}), "action": "Submit"}
			).encode()
			request = urllib.request.Request(
				f"{base_url}/api/method/frappe.model.workflow.apply_workflow",
				data=body,
				headers={
					"Host": host,
					"Content-Type": "application/json",
					"Authorization": f"token {keys[user]}:{data.PASSWORD}",
				},
			)
			start = time.perf_counter()
			try:
				with urllib.request.urlopen(request, timeout=60) as response:
					response.read()
				elapsed = time.perf_counter() - start
				with lock:
					latencies.append(elapsed)
			except Exception as e:
				with lock:
					errors.append(f"{user} {name}: {getattr(e, 'code', '')} {str(e)[:200]}")

	threads = [threading.Thread(target=run, args=(user,)) for user in work]
	start = time.perf_counter()
	for t in threads:
		t.start()
	for t in threads:
		t.join()
	wall = time.perf_counter() - start
	latencies.sort()
	# The server's workers committed the submissions; this connection's transaction began before them (a
	# REPEATABLE READ snapshot), so end it before counting what they wrote.
	frappe.db.rollback()

	def pct(p):
		return latencies[min(len(latencies) - 1, int(round(p * (len(latencies) - 1))))] if latencies else None

	return {
		"users": len(work),
		"requests": sum(len(names) for names in work.values()),
		"succeeded": len(latencies),
		"errors": errors[:10],
		"p50": pct(0.5),
		"p95": pct(0.95),
		"throughput_per_s": len(latencies) / wall if wall else None,
	}


def concurrent_submissions(base_url: str, users_count: int, per_user: int) -> dict:
	"""`users_count` focal points at once, each submitting `per_user` reports of its district one after the
	other through the REST API (the call the form's Submit action makes)."""
	u = users()
	submitters = u.submitters[1 : users_count + 1]
	if len(submitters) < users_count:
		frappe.throw(f"Only {len(submitters)} submitters: generate with more.")
	work = {user: prepare_drafts(user, district_of(user), per_user) for user in submitters}
	names = [n for names in work.values() for n in names]
	result = {"name": f"Concurrent submissions: {users_count} users x {per_user}", "kind": "p95"}
	result.update(post_all(base_url, work, "Progress Report"))
	result["submitted_in_db"] = frappe.db.count(
		"Progress Report", {"name": ("in", names), "workflow_state": "Submitted"}
	)
	result["target"] = TARGETS["p95"]
	back_to_draft(names)
	result["held"] = (
		not result["errors"]
		and result["submitted_in_db"] == result["requests"]
		and result["p95"] is not None
		and result["p95"] <= TARGETS["p95"]
	)
	print_load(result, f"(p95 < {TARGETS['p95'] * 1000:.0f} ms) {'held' if result['held'] else 'SHORT'}")
	return result


def print_load(result: dict, verdict: str) -> None:
	"""One line for a run of `post_all` (and its first errors); times are "-" when no request succeeded."""

	def ms(seconds):
		return f"{seconds * 1000:.0f} ms" if seconds is not None else "-"

	print(
		f"  {result['name']:<58} p50 {ms(result['p50'])}, p95 {ms(result['p95'])}, "
		f"{result['throughput_per_s'] or 0:.1f}/s, {result['succeeded']}/{result['requests']} ok {verdict}",
		flush=True,
	)
	for error in result["errors"][:5]:
		print("    " + error)


# ---- every province adds 20 fields of its own ----------------------------------------------------------------

REGIONAL_TYPES = ("Int", "Int", "Float", "Data", "Data", "Select", "Date", "Check", "Currency", "Percent")


def add_regional_fields(per_province: int = 20) -> int:
	"""38 x 20 Regional Fields on Progress Report (the first three shown in the list), and a value of each on
	every report of the province, as the regional forms store them. Made once."""
	if frappe.db.count("Regional Field", {"document_type": "Progress Report"}) >= 38 * per_province:
		return 0
	rng = __import__("random").Random(data.SEED)
	ctx = frappe._dict(now=frappe.utils.now_datetime())
	provinces = frappe.get_all("Region", filters={"region_type": "Province"}, pluck="name", order_by="name")
	fields, values = [], []
	field_no = 0
	for province in provinces:
		own = []
		for k in range(per_province):
			field_no += 1
			fieldtype = REGIONAL_TYPES[k % len(REGIONAL_TYPES)]
			field = {
				"name": f"RF-{field_no:05d}",
				"label": f"Field {k + 1} of {province}",
				"label_id": f"Isian {k + 1} {province}",
				"document_type": "Progress Report",
				"region": province,
				"fieldname": f"r{province}_isian_{k + 1}",
				"fieldtype": fieldtype,
				"options": "Tinggi\nSedang\nRendah" if fieldtype == "Select" else None,
				"enabled": 1,
				"in_list_view": int(k < 3),
			}
			fields.append(field)
			own.append(field)
		reports = frappe.get_all(
			"Progress Report",
			filters={"region": ("like", f"{province}%")},
			fields=["name", "docstatus"],
		)
		for report in reports:
			summary = []
			for idx, field in enumerate(own, start=1):
				text, number, date = regional_value(field["fieldtype"], rng)
				values.append(
					{
						"name": f"{report.name}-RV{idx}",
						"parent": report.name,
						"parenttype": "Progress Report",
						"parentfield": "regional_values",
						"idx": idx,
						"docstatus": report.docstatus,
						"regional_field": field["name"],
						"fieldname": field["fieldname"],
						"value": text,
						"value_number": number,
						"value_date": date,
					}
				)
				if field["in_list_view"]:
					summary.append(f"{field['label_id']}: {text}")
			frappe.db.set_value(
				"Progress Report",
				report.name,
				"regional_summary",
				"; ".join(summary)[:140],
				update_modified=False,
			)
	data.insert("Regional Field", fields, ctx)
	data.set_series("RF-", field_no)
	count = data.insert("Regional Value", values, ctx)
	frappe.db.commit()
	frappe.clear_cache()
	return count


def regional_value(fieldtype: str, rng) -> tuple:
	if fieldtype in ("Int", "Check"):
		number = rng.randint(0, 1 if fieldtype == "Check" else 40)
		return str(number), number, None
	if fieldtype in ("Float", "Currency", "Percent"):
		number = round(rng.uniform(0, 100), 1)
		return str(number), number, None
	if fieldtype == "Date":
		date = f"{YEAR}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
		return date, None, date
	if fieldtype == "Select":
		return rng.choice(("Tinggi", "Sedang", "Rendah")), None, None
	return f"catatan {rng.randint(1, 999)}", None, None


def make_templates() -> None:
	"""The report templates the benchmark renders (made once)."""
	plan = ran()
	specs = [("Bench: province x cluster", ["Province", "Cluster"], ["Items", "Reported", "Achievement %"])]
	select_field = frappe.db.get_value(
		"Regional Field", {"document_type": "Progress Report", "fieldtype": "Select"}, ["fieldname", "region"]
	)
	if select_field:
		specs.append(
			(
				"Bench: regional field x cluster",
				[select_field[0], "Cluster"],
				["Items", "Reported", "Achievement %"],
			)
		)
	for title, dimensions, measures in specs:
		if frappe.db.exists("RAN Report Template", {"title": title}):
			continue
		frappe.get_doc(
			doctype="RAN Report Template",
			title=title,
			action_plan=plan,
			include_adopting_plans=1,
			filter_year=YEAR,
			# A province's template on its own field covers its own region.
			region=select_field[1] if dimensions[0] != "Province" else None,
			filter_region=select_field[1] if dimensions[0] != "Province" else None,
			dimensions=[{"dimension": d} for d in dimensions],
			measures=[{"measure": m} for m in measures],
		).insert(ignore_permissions=True)
	frappe.db.commit()


def measure_regional(results: Results) -> None:
	"""With the 760 fields: a province's template by its own field, and saving a report with its 20 values."""
	u = users()
	template = frappe.db.get_value("RAN Report Template", {"title": "Bench: regional field x cluster"})
	if template:
		from tppo_app.action_plan.report_template import render

		doc = frappe.get_doc("RAN Report Template", template)
		results.time(
			"Report template: a province's own field x cluster (760 fields)",
			"report",
			u.reviewer,
			lambda: render(doc),
		)


# ---- the run ------------------------------------------------------------------------------------------------


def run(
	runs: int = 5,
	output: str | None = None,
	server: str | None = None,
	users_count: int = 20,
	per_user: int = 3,
):
	"""Every timing, with and without the 760 regional fields, and the concurrent submissions when a server URL
	is given. Prints the table; writes JSON to `output`."""
	frappe.flags.mute_emails = True
	reactivated = data.keep_task_forces_active()
	if reactivated:
		print(f"{reactivated} task forces whose term had ended made Active again", flush=True)
	results = Results(runs)
	counts = {
		doctype: frappe.db.count(doctype)
		for doctype in (
			"Task Force",
			"Action Plan Item",
			"Progress Report",
			"Progress Report Item",
			"TPPO Case",
			"Victim",
			"Victim Service",
			"Training",
		)
	}
	print("Data: " + ", ".join(f"{n:,} {d}" for d, n in counts.items()), flush=True)
	make_templates()
	print(f"Timings, median of {runs} runs (naive: the same answer through get_list and Python):", flush=True)
	measure_all(results)
	concurrent = frappe_alone = None
	if server:
		# Fewer users first: where the 2 cores start to queue.
		concurrent = [concurrent_submissions(server, n, per_user) for n in (5, users_count)]

	print("Every province adds 20 fields of its own to Progress Report (760 fields):", flush=True)
	added = add_regional_fields()
	if added:
		print(f"  {added:,} regional values stored", flush=True)
	make_templates()
	measure_all(results, "(760 fields)")
	measure_regional(results)
	if server:
		# The reference, last (making its doctypes clears caches): what Frappe's own document cycle costs for the
		# same document, without the app.
		from tppo_app.benchmark import floor

		print("Frappe alone, for reference:", flush=True)
		frappe_alone = floor.concurrent_submissions(server, users_count, per_user)

	wrong = [f"{r['name']}: {'; '.join(r['differences'])}" for r in results.rows if r.get("differences")]
	lost = [
		f"{c['name']}: {c['submitted_in_db']} of {c['requests']} submitted in the database, {len(c['errors'])} errors"
		for c in concurrent or []
		if c["submitted_in_db"] != c["requests"] or c["errors"]
	]
	held = sum(r["held"] for r in results.rows) + sum(1 for c in concurrent or [] if c["held"])
	checks = len(results.rows) + len(concurrent or [])
	print(f"{checks} timings, {held} within target", flush=True)
	report = {
		"site": frappe.local.site,
		"date": frappe.utils.now(),
		"runs": runs,
		"counts": counts,
		"regional_fields": frappe.db.count("Regional Field"),
		"regional_values": frappe.db.count("Regional Value"),
		"timings": results.rows,
		"concurrent": concurrent,
		"frappe_alone": frappe_alone,
		"targets": TARGETS,
		"checks": checks,
		"held": held,
	}
	if output:
		with open(output, "w") as f:
			json.dump(report, f, indent=1, default=str)
	print("\nAs a Markdown table (README):\n" + markdown(report), flush=True)
	if lost or wrong:
		# Not timings: a lost submission or a view whose numbers differ from the SQL's is a failure, and
		# `scripts/bench` exits non-zero.
		raise AssertionError(
			"; ".join(["Submissions lost: " + "; ".join(lost)] if lost else []) + "; ".join(wrong)
		)


def markdown(report: dict) -> str:
	lines = [
		"| Question | tppo_app | naive (get_list + Python) | ratio | hand-written SQL over the raw rows (ratio, numbers) | target | |",
		"|---|---:|---:|---:|---:|---|---|",
	]
	for r in report["timings"]:
		naive = f"{r['naive_seconds'] * 1000:,.0f} ms" if r.get("naive_seconds") else ""
		ratio = f"{r['ratio']:.0f}x" if r.get("ratio") else ""
		sql = (
			f"{r['sql_seconds'] * 1000:,.0f} ms (x{r['sql_ratio']:.1f}"
			+ (", same)" if not r.get("differences") else ", **different**)")
			if r.get("sql_seconds") is not None
			else ""
		)
		target = target_text(r["target"]) + (
			f", >= {r['min_ratio']}x" if r.get("min_ratio", TARGETS["ratio"] if naive else None) else ""
		)
		mark = "held" if r["held"] else "**short**"
		lines.append(
			f"| {r['name']} | {r['seconds'] * 1000:,.0f} ms | {naive} | {ratio} | {sql} | {target} | {mark} |"
		)

	def load_row(c: dict, label: str, target: str, mark: str) -> str:
		times = " / ".join(f"{c[p] * 1000:,.0f}" if c[p] is not None else "-" for p in ("p50", "p95"))
		return (
			f"| {c['name']}{label}: p50 / p95 ({c['throughput_per_s'] or 0:.1f} submissions/s, "
			f"{c['succeeded']}/{c['requests']} ok) | {times} ms | | | | {target} | {mark} |"
		)

	for c in report.get("concurrent") or []:
		lines.append(load_row(c, "", "p95 < 1000 ms", "held" if c["held"] else "**short**"))
	if report.get("frappe_alone"):
		lines.append(load_row(report["frappe_alone"], " (reference, no app code)", "", ""))
	return "\n".join(lines)
