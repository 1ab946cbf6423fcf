"""One action-plan scenario for the report, number card and chart tests, and the plain-Python arithmetic the
tests check the reports against.

A RAN with five items (every measure type, a zero target and a year without a target), the provincial RADs of
provinces A and B adopting it (A adds an item of its own), district A1's RAD adopting two of A's items, and
progress reports in every approval state, each created and moved through the workflow by the user who would
do it. Province A and district A2 report on RAD A (A2 has no RAD of its own), district A1 on RAD A1, province
B on RAD B, the national task force on the RAN.

`expected_rows` reads the reports back as documents and scores them by the rules of the RAN monitoring
standard, written out here again on purpose: the tests must not reuse the code they check.
"""

import frappe

from tppo_app.action_plan.planning import adopt_items
from tppo_app.tests.utils import (
	DISTRICT_A1,
	DISTRICT_A2,
	PROVINCE_A,
	PROVINCE_B,
	act,
	make_agency,
	make_item,
	make_plan,
	make_progress_report,
	national_task_force,
	period_of,
	region_test_data,
)

# code: (measure type, cluster, targets per year, agency)
RAN_ITEMS = {
	"R1": ("Count", "Prevention", {2025: 10, 2026: 20}, "Scenario Police"),
	"R2": ("Percentage", "Prevention", {2025: 80}, "Scenario Police"),
	"R3": ("Yes/No", "Law Enforcement", {2025: 1}, "Scenario Social Affairs"),
	"R4": ("Amount (IDR)", "Law Enforcement", {2025: 0}, "Scenario Social Affairs"),
	"R5": ("Count", "Coordination and Cooperation", {2026: 5}, "Scenario Social Affairs"),
}
# RAD A's own item, not part of the RAN.
OWN_ITEMS = {"A9": ("Count", "Prevention", {2025: 4}, "Scenario Police")}
ALL_ITEMS = {**RAN_ITEMS, **OWN_ITEMS}
RAD_A1_ADOPTS = ("R1", "R2")

# key: (task force region, plan, period, realised per item code, final state, submitted on)
REPORTS = {
	"a_q1": (PROVINCE_A, "rad_a", "2025-Q1", {"R1": 3, "R2": 50, "A9": 1}, "Approved", "2025-04-10 09:00:00"),
	"a_q2": (
		PROVINCE_A,
		"rad_a",
		"2025-Q2",
		{"R1": 6, "R2": 60, "R3": 1, "R4": 2, "R5": 7, "A9": 2},
		"Approved",
		"2025-07-20 09:00:00",
	),
	"a_q3": (PROVINCE_A, "rad_a", "2025-Q3", {"R1": 8}, "Verified", "2025-10-15 23:00:00"),
	"a2_q1": (
		DISTRICT_A2,
		"rad_a",
		"2025-Q1",
		{"R1": 12, "R2": 90, "R3": 0},
		"Approved",
		"2025-05-01 09:00:00",
	),
	"a2_q2": (DISTRICT_A2, "rad_a", "2025-Q2", {"R1": 1}, "Draft", None),
	"a1_q1": (DISTRICT_A1, "rad_a1", "2025-Q1", {"R1": 2}, "Submitted", "2025-04-15 08:00:00"),
	"b_q1": (
		PROVINCE_B,
		"rad_b",
		"2025-Q1",
		{"R1": 5, "R2": 40, "R3": 1, "R4": 0},
		"Approved",
		"2025-04-16 09:00:00",
	),
	"b_2026": (PROVINCE_B, "rad_b", "2026-Q1", {"R1": 4}, "Approved", "2026-04-01 09:00:00"),
}

# The workflow actions that bring a report to its final state, and who takes them.
PATH = {
	"District": [("Submit", "focal"), ("Verify", "admin"), ("Approve", "reviewer")],
	"Province": [("Submit to Ministry", "admin"), ("Approve", "reviewer")],
}
REACHED = {
	"Submit": "Submitted",
	"Verify": "Verified",
	"Submit to Ministry": "Verified",
	"Approve": "Approved",
}


def make_scenario() -> frappe._dict:
	data = region_test_data()
	tf, users = data["task_forces"], data["users"]
	agencies = {
		name: make_agency(name, region=PROVINCE_A) for name in ("Scenario Police", "Scenario Social Affairs")
	}

	plans = frappe._dict(ran=make_plan(national_task_force(), "RAN", title="Scenario RAN"))
	items = {"ran": {}}
	for code, (measure_type, cluster, targets, agency) in RAN_ITEMS.items():
		items["ran"][code] = make_item(
			plans.ran, code, measure_type, targets, cluster=cluster, responsible_agency=agencies[agency]
		)
	plans.rad_a = make_plan(tf[PROVINCE_A], "RAD", parent_plan=plans.ran, title="Scenario RAD A")
	plans.rad_b = make_plan(tf[PROVINCE_B], "RAD", parent_plan=plans.ran, title="Scenario RAD B")
	for key in ("rad_a", "rad_b"):
		adopt_items(plans[key], list(items["ran"].values()))
		items[key] = plan_items(plans[key])
	for code, (measure_type, cluster, targets, agency) in OWN_ITEMS.items():
		items["rad_a"][code] = make_item(
			plans.rad_a, code, measure_type, targets, cluster=cluster, responsible_agency=agencies[agency]
		)
	plans.rad_a1 = make_plan(tf[DISTRICT_A1], "RAD", parent_plan=plans.rad_a, title="Scenario RAD A1")
	adopt_items(plans.rad_a1, [items["rad_a"][code] for code in RAD_A1_ADOPTS])
	items["rad_a1"] = plan_items(plans.rad_a1)

	actors = {
		PROVINCE_A: {"admin": users["admin_a"]},
		DISTRICT_A1: {"focal": users["focal_a1"], "admin": users["admin_a"]},
		DISTRICT_A2: {"focal": users["focal_a2"], "admin": users["admin_a"]},
		PROVINCE_B: {"admin": users["admin_b"]},
	}
	reports = {}
	for key, (region, plan_key, period, realised, final_state, submitted_on) in REPORTS.items():
		reports[key] = make_report(
			tf[region], plans[plan_key], period, realised, final_state, submitted_on,
			{**actors[region], "reviewer": users["reviewer"]},
		)  # fmt: skip
	return frappe._dict(tf=tf, users=users, plans=plans, plan_items=items, reports=reports, agencies=agencies)


def plan_items(plan: str) -> dict[str, str]:
	return dict(
		frappe.get_all(
			"Action Plan Item", filters={"action_plan": plan}, fields=["item_code", "name"], as_list=True
		)
	)


def make_report(task_force, plan, period, realised, final_state, submitted_on, actors) -> str:
	existing = frappe.db.get_value(
		"Progress Report",
		{
			"task_force": task_force,
			"action_plan": plan,
			"reporting_period": period_of(plan, period),
			"docstatus": ("<", 2),
		},
	)
	if existing:
		return existing
	level = frappe.db.get_value("Task Force", task_force, "level")
	creator = actors["focal"] if level == "District" else actors["admin"]
	name = make_progress_report(task_force, plan, period, realised, user=creator).name
	for action, actor in PATH[level]:
		if final_state == "Draft":
			break
		act(actors[actor], name, action)
		if REACHED[action] == final_state:
			break
	if submitted_on:
		# When it was submitted decides on time or late; the workflow stamps "now".
		frappe.db.set_value("Progress Report", name, "submitted_on", submitted_on, update_modified=False)
	return name


# ---- the arithmetic, written out independently -------------------------------------------------------------


def score(measure_type: str, target, realised) -> float | None:
	"""Realised as a percentage of the target; None when not reported or no target; a zero target is met."""
	if realised is None or target is None:
		return None
	if target == 0:
		return 100.0
	if measure_type == "Yes/No":
		return 100.0 if realised == 1 else 0.0
	return realised * 100 / target


def mean(values) -> float | None:
	values = [v for v in values if v is not None]
	return sum(values) / len(values) if values else None


def expected_rows(
	scenario, keys=None, year: int | None = 2025, approved_only: bool = True, codes=RAN_ITEMS, latest=True
) -> list[frappe._dict]:
	"""The scenario's report rows as the reports must count them, read from the Progress Report documents:
	one per task force, item and year (its latest period) unless `latest` is off."""
	rows = []
	for key, name in scenario.reports.items():
		if keys is not None and key not in keys:
			continue
		doc = frappe.get_doc("Progress Report", name)
		if approved_only and doc.docstatus != 1:
			continue
		period = frappe.get_doc("Reporting Period", doc.reporting_period)
		if year and period.year != year:
			continue
		province = doc.region.split(".")[0]
		for row in doc.items:
			if row.item_code not in codes:
				continue
			measure_type, cluster, targets, _agency = ALL_ITEMS[row.item_code]
			reported = bool(row.status) and row.status != "Not Applicable"
			realised = row.realised if reported else None
			target = targets.get(period.year)
			rows.append(
				frappe._dict(
					key=key,
					task_force=doc.task_force,
					region=doc.region,
					province=province,
					code=row.item_code,
					cluster=cluster,
					year=period.year,
					period_label=period.period_label,
					end=period.end_date,
					target=target,
					realised=realised,
					achievement=score(measure_type, target, realised),
					state=doc.workflow_state,
				)
			)
	if not latest:
		return rows
	by_key = {}
	for r in rows:
		k = (r.task_force, r.code, r.year)
		if k not in by_key or r.end > by_key[k].end:
			by_key[k] = r
	return list(by_key.values())


def region_name(region: str) -> str:
	return frappe.db.get_value("Region", region, "region_name")
