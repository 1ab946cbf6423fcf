"""A template renders the same numbers as an independent computation over the progress report documents, and
as rollup_tree grouped the same way, for standard and custom-field dimensions, inside the user's region."""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_field

from tppo_app.action_plan.achievement import rollup_tree
from tppo_app.action_plan.achievement_data import latest_per_year, progress_rows
from tppo_app.action_plan.report.ran_template_report.ran_template_report import execute
from tppo_app.tests.utils import (
	DISTRICT_A1,
	DISTRICT_A2,
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	achievement_test_data,
	as_user,
	make_report_template,
	report_refusal,
)

FUNDING_FIELD = "tppo_test_funding"
REPORTED = ("Not Started", "In Progress", "Completed")


def independent_rows(
	plans: list[str], year: int | None = None, include_unapproved: bool = False
) -> list[dict]:
	"""From the documents themselves, not progress_rows: each task force's latest report of the year for each
	item of these plans, one dict per report row."""
	latest = {}
	for name in frappe.get_all(
		"Progress Report",
		filters={"action_plan": ("in", plans), "docstatus": ("<", 2) if include_unapproved else 1},
		pluck="name",
	):
		report = frappe.get_doc("Progress Report", name)
		period = frappe.get_doc("Reporting Period", report.reporting_period)
		if year and period.year != year:
			continue
		for row in report.items:
			key = (report.task_force, row.action_plan_item, period.year)
			if key in latest and latest[key]["period_end"] > period.end_date:
				continue
			reported = row.status in REPORTED
			latest[key] = {
				"task_force": report.task_force,
				"region": report.region,
				"period_end": period.end_date,
				"item": row.action_plan_item,
				"ran_item": ran_item(row.action_plan_item),
				"cluster": row.cluster,
				"measure_type": row.measure_type,
				"target": row.target,
				"realised": row.realised if reported else None,
				"achievement": row.achievement_percent if reported else None,
				FUNDING_FIELD: row.get(FUNDING_FIELD),
			}
	return list(latest.values())


def ran_item(item: str) -> str:
	parent = frappe.db.get_value("Action Plan Item", item, "parent_item")
	return ran_item(parent) if parent else item


def group_totals(rows: list[dict], key) -> dict:
	"""{group: (items, reported, mean achievement of the reported)}."""
	groups = {}
	for row in rows:
		groups.setdefault(key(row), []).append(row["achievement"])
	totals = {}
	for group, values in groups.items():
		reported = [v for v in values if v is not None]
		totals[group] = (len(values), len(reported), sum(reported) / len(reported) if reported else None)
	return totals


def combine(measure_type: str, values: list) -> float | None:
	values = [v for v in values if v is not None]
	if not values:
		return None
	if measure_type == "Percentage":
		return sum(values) / len(values)
	if measure_type == "Yes/No":
		return 1.0 if all(v == 1 for v in values) else 0.0
	return float(sum(values))


class TestRANTemplateReport(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# A custom field first: adding a column commits, so it must come before this class's own data.
		create_custom_field(
			"Progress Report Item",
			{
				"fieldname": FUNDING_FIELD,
				"label": "Test Funding Source",
				"fieldtype": "Select",
				"options": "\nAPBN\nAPBD\nDonor",
				"insert_after": "status",
			},
		)
		data = achievement_test_data()
		cls.plans, cls.reports, cls.users = data["plans"], data["reports"], data["users"]
		cls.a_plans = [cls.plans[key] for key in ("A", "A1", "A2")]
		# Funding per report row: R1 rows by APBD, R2 rows by Donor, the rest left empty.
		for report in cls.reports.values():
			for row in frappe.get_doc("Progress Report", report).items:
				funding = {"R1": "APBD", "R2": "Donor"}.get(row.item_code)
				frappe.db.set_value("Progress Report Item", row.name, FUNDING_FIELD, funding)
		frappe.clear_cache(doctype="Progress Report Item")

	def render(self, user: str, **values) -> tuple[list[dict], list[dict]]:
		template = make_report_template(**values)
		with as_user(user):
			columns, data, _message, chart, summary = execute({"template": template})
		self.chart, self.summary = chart, summary
		return columns, data

	def by_path(self, data: list[dict]) -> dict[tuple, dict]:
		"""Rows keyed by the labels from the top: ("Pencegahan", "R1 Activity R1") ..."""
		paths, stack = {}, []
		for row in data:
			stack = [*stack[: row["indent"]], row["group"]]
			paths[tuple(stack[1:])] = row
		return paths

	def assert_totals(self, row: dict, expected: tuple, message=None):
		items, reported, achievement = expected
		self.assertEqual((row["items"], row["reported"]), (items, reported), message)
		if achievement is None:
			self.assertIsNone(row["achievement"], message)
		else:
			self.assertAlmostEqual(row["achievement"], achievement, places=9, msg=message)

	def label(self, cluster: str) -> str:
		return frappe._(frappe.db.get_value("Action Plan Cluster", cluster, "cluster_name"))

	def test_cluster_and_item_numbers_equal_an_independent_computation(self):
		columns, data = self.render(
			self.users["national"],
			title="Province A by cluster and item",
			action_plan=self.plans["A"],
			include_adopting_plans=1,
			filter_year=2025,
			dimensions=["Cluster", "Item"],
			measures=["Items", "Reported", "Target", "Realised", "Achievement %"],
			chart_type="Bar",
			chart_measure="Achievement %",
		)
		self.assertEqual(
			[c["fieldname"] for c in columns],
			["group", "dimension", "items", "reported", "target", "realised", "achievement"],
		)
		rows = independent_rows(self.a_plans, 2025)
		paths = self.by_path(data)

		self.assert_totals(data[0], group_totals(rows, lambda r: 1)[1], "total")
		self.assertEqual(data[0]["indent"], 0)
		clusters = group_totals(rows, lambda r: r["cluster"])
		self.assertEqual({p[0] for p in paths if len(p) == 1}, {self.label(c) for c in clusters})
		for cluster, expected in clusters.items():
			self.assert_totals(paths[(self.label(cluster),)], expected, cluster)

		items = group_totals(rows, lambda r: (r["cluster"], r["ran_item"]))
		self.assertEqual(len([p for p in paths if len(p) == 2]), len(items))
		for (cluster, item), expected in items.items():
			code, activity = frappe.db.get_value("Action Plan Item", item, ["item_code", "activity"])
			row = paths[(self.label(cluster), f"{code} {activity}")]
			self.assert_totals(row, expected, code)
			item_rows = [r for r in rows if r["ran_item"] == item]
			measure_type = item_rows[0]["measure_type"]
			self.assertEqual(row["target"], combine(measure_type, [r["target"] for r in item_rows]), code)
			self.assertEqual(row["realised"], combine(measure_type, [r["realised"] for r in item_rows]), code)
			# A cluster spans several indicators: no target or realised is added up for it.
		self.assertTrue(all(r["target"] is None for p, r in paths.items() if len(p) < 2))

		# R1 by hand: A1's Q2 (6), A2's Q2 (12) and province A's Q1 (5) of 2025, each against a target of 10.
		r1 = next(r for p, r in paths.items() if len(p) == 2 and p[1].startswith("R1 "))
		self.assertEqual((r1["items"], r1["reported"], r1["target"], r1["realised"]), (3, 3, 30.0, 23.0))
		self.assertAlmostEqual(r1["achievement"], (60 + 120 + 50) / 3)

		# The chart shows the first dimension's groups and the chosen measure.
		self.assertEqual(self.chart["type"], "bar")
		self.assertEqual(self.chart["data"]["labels"], [r["group"] for r in data if r["indent"] == 1])
		self.assertEqual(
			self.chart["data"]["datasets"][0]["values"],
			[r["achievement"] or 0 for r in data if r["indent"] == 1],
		)
		self.assertEqual(self.summary[0]["value"], data[0]["items"])

	def test_numbers_equal_rollup_tree_grouped_the_same_way(self):
		for dimensions, fields in (
			(["Province", "Region", "Cluster"], ["province", "region", "cluster"]),
			(["Agency", "Year"], ["responsible_agency", "year"]),
			(["Period", "Cluster"], ["period_label", "cluster"]),
		):
			_columns, data = self.render(
				self.users["reviewer"],
				title="Rollup " + " ".join(dimensions),
				action_plan=self.plans["RAN"],
				include_adopting_plans=1,
				dimensions=dimensions,
				measures=["Achievement %", "Reported", "Items"],
			)
			filters = {"action_plan": self.plans["RAN"], "include_adopting_plans": 1}
			with as_user(self.users["reviewer"]):
				rows = progress_rows(filters)
			if "Period" not in dimensions:
				rows = latest_per_year(rows)
			nodes = {node.path: node for node in rollup_tree(rows, fields).walk()}
			self.assertEqual(len(data), len(nodes), dimensions)
			self.assertEqual(
				sorted((r["indent"], r["items"], r["reported"], r["achievement"]) for r in data),
				sorted((n.depth, n.items, n.reported, n.achievement) for n in nodes.values()),
				dimensions,
			)
		# Every period is its own group under the Period dimension: A1's two 2025 reports both count there.
		_columns, data = self.render(
			self.users["national"],
			title="Periods of A1",
			action_plan=self.plans["A1"],
			dimensions=["Period"],
			measures=["Items", "Reported"],
		)
		periods = {r["group"]: (r["items"], r["reported"]) for r in data if r["indent"] == 1}
		self.assertEqual(periods, {"2025-Q1": (5, 3), "2025-Q2": (5, 4), "2026-Q1": (5, 1)})

	def test_a_custom_field_works_as_a_dimension_and_in_a_condition(self):
		_columns, data = self.render(
			self.users["national"],
			title="By funding",
			action_plan=self.plans["A"],
			include_adopting_plans=1,
			filter_year=2025,
			dimensions=[FUNDING_FIELD, "Cluster"],
			measures=["Items", "Reported", "Achievement %"],
		)
		rows = independent_rows(self.a_plans, 2025)
		expected = group_totals(rows, lambda r: r[FUNDING_FIELD] or frappe._("(not set)"))
		paths = self.by_path(data)
		self.assertEqual({p[0] for p in paths if len(p) == 1}, set(expected))
		for funding, totals in expected.items():
			self.assert_totals(paths[(funding,)], totals, funding)
		for (funding, cluster), totals in group_totals(
			rows, lambda r: (r[FUNDING_FIELD] or frappe._("(not set)"), r["cluster"])
		).items():
			self.assert_totals(paths[(funding, self.label(cluster))], totals, (funding, cluster))

		# A condition on the custom field keeps only the matching rows.
		_columns, data = self.render(
			self.users["national"],
			title="Donor and APBD only",
			action_plan=self.plans["A"],
			include_adopting_plans=1,
			filter_year=2025,
			dimensions=["Cluster"],
			measures=["Items", "Reported", "Achievement %"],
			conditions=[(FUNDING_FIELD, "in", "Donor, APBD")],
		)
		kept = [r for r in rows if r[FUNDING_FIELD] in ("Donor", "APBD")]
		self.assert_totals(data[0], group_totals(kept, lambda r: 1)[1])
		_columns, data = self.render(
			self.users["national"],
			title="Not APBD",
			action_plan=self.plans["A"],
			include_adopting_plans=1,
			filter_year=2025,
			dimensions=["Cluster"],
			measures=["Items"],
			conditions=[(FUNDING_FIELD, "!=", "APBD")],
		)
		self.assertEqual(data[0]["items"], len([r for r in rows if r[FUNDING_FIELD] != "APBD"]))

	def test_a_template_shows_only_the_users_region(self):
		values = dict(
			title="National by region",
			action_plan=self.plans["RAN"],
			include_adopting_plans=1,
			filter_year=2025,
			dimensions=["Region"],
			measures=["Items", "Reported", "Achievement %"],
		)
		_columns, national = self.render(self.users["national"], **values)
		_columns, province_b = self.render(self.users["admin_b"], **values)
		_columns, district = self.render(self.users["focal_a1"], **values)
		region_names = {
			code: frappe.db.get_value("Region", code, "region_name")
			for code in (PROVINCE_A, DISTRICT_A1, DISTRICT_A2, PROVINCE_B)
		}
		groups = lambda data: {r["group"] for r in data if r["indent"] == 1}  # noqa: E731
		self.assertTrue(set(region_names.values()) <= groups(national))
		self.assertEqual(groups(province_b), {region_names[PROVINCE_B]})
		self.assertEqual(groups(district), {region_names[DISTRICT_A1]})
		self.assert_totals(
			province_b[0], group_totals(independent_rows([self.plans["B"]], 2025), lambda r: 1)[1]
		)

	def test_unapproved_reports_only_when_the_template_asks(self):
		values = dict(
			action_plan=self.plans["A2"],
			filter_year=2025,
			dimensions=["Cluster"],
			measures=["Items", "Reported", "Achievement %"],
		)
		_columns, approved = self.render(self.users["national"], title="A2 approved", **values)
		_columns, everything = self.render(
			self.users["national"], title="A2 all", include_unapproved=1, **values
		)
		# The draft of Q3 replaces Q2 as A2's latest 2025 report when drafts count.
		self.assertEqual((approved[0]["items"], approved[0]["reported"]), (5, 3))
		self.assertEqual((everything[0]["items"], everything[0]["reported"]), (5, 1))
		expected = group_totals(
			independent_rows([self.plans["A2"]], 2025, include_unapproved=True), lambda r: 1
		)
		self.assert_totals(everything[0], expected[1])

	def test_the_report_refuses_a_template_the_user_cannot_read(self):
		template = make_report_template(
			title="Province B only", region=PROVINCE_B, dimensions=["Cluster"], measures=["Items"]
		)
		with as_user(self.users["admin_a"]):
			self.assertIsInstance(report_refusal(execute, {"template": template}), frappe.PermissionError)

	def test_a_template_without_matching_rows_shows_an_empty_total(self):
		_columns, data = self.render(
			self.users["national"],
			title="Nothing in 2029",
			action_plan=self.plans["A"],
			filter_year=2029,
			dimensions=["Cluster", "Item"],
			measures=["Items", "Reported", "Target", "Achievement %"],
			chart_type="Line",
			chart_measure="Items",
		)
		self.assertEqual(
			data,
			[
				{
					"group": frappe._("Total"),
					"dimension": "",
					"indent": 0,
					"items": 0,
					"reported": 0,
					"target": None,
					"achievement": None,
				}
			],
		)
		self.assertIsNone(self.chart)

	def test_the_report_may_run_a_template_for_another_plan_and_year(self):
		template = make_report_template(
			title="Reusable",
			action_plan=self.plans["A"],
			include_adopting_plans=1,
			filter_year=2025,
			dimensions=["Cluster"],
			measures=["Items", "Reported", "Achievement %"],
		)
		with as_user(self.users["national"]):
			data = execute({"template": template, "action_plan": self.plans["A1"], "year": 2026})[1]
		expected = group_totals(independent_rows([self.plans["A1"]], 2026), lambda r: 1)[1]
		self.assert_totals(data[0], expected)
		self.assertEqual(data[0]["reported"], 1)  # A1 reported only R1 in 2026
		with as_user(self.users["admin_b"]):
			refusal = report_refusal(execute, {"template": template, "action_plan": self.plans["A1"]})
			self.assertIsInstance(refusal, frappe.PermissionError)

	def test_database_totals_equal_the_row_by_row_rendering(self):
		"""At national scale the database totals a template (`totals_source`); the numbers are the same."""
		from tppo_app.action_plan.report_template import render, totals_apply

		for dimensions in (
			["Cluster", "Item"],
			["Item", "Province"],
			["Province", "Region", "Cluster"],
			["Agency", "Year"],
			[FUNDING_FIELD, "Cluster"],
		):
			template = frappe.get_doc(
				"RAN Report Template",
				make_report_template(
					title="Totals " + " ".join(dimensions),
					action_plan=self.plans["RAN"],
					include_adopting_plans=1,
					dimensions=dimensions,
					measures=["Items", "Reported", "Achievement %"]
					+ (["Target", "Realised"] if "Item" in dimensions else []),
				),
			)
			with self.subTest(dimensions=dimensions), as_user(self.users["reviewer"]):
				self.assertFalse(totals_apply(template, None))  # a few rows: row by row
				self.assertTrue(totals_apply(template, {"totals_only": 1}))
				rows = render(template)[1]
				totals = render(template, {"totals_only": 1})[1]
				rounded = [
					{k: round(v, 9) if isinstance(v, float) else v for k, v in row.items()}
					for row in (*rows, *totals)
				]
				self.assertEqual(rounded[len(rows) :], rounded[: len(rows)])
