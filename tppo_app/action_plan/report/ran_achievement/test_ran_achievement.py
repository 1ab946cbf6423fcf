"""RAN Achievement's numbers equal an independent computation over the same progress reports, its roll-ups
add up from their parts, and each user sees only their regions' rows."""

import frappe
from frappe import _

from tppo_app.action_plan.report.ran_achievement.ran_achievement import execute
from tppo_app.tests.report_scenario import (
	OWN_ITEMS,
	RAN_ITEMS,
	expected_rows,
	make_scenario,
	mean,
	region_name,
)
from tppo_app.tests.utils import (
	DISTRICT_A1,
	DISTRICT_A2,
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	as_user,
	period_of,
	report_refusal,
)


def tree(data: list[dict]) -> dict:
	"""The report's rows as a tree: each row gets its `children` (the rows one indent deeper below it)."""
	root = {"indent": -1, "children": []}
	stack = [root]
	for row in data:
		row = {**row, "children": []}
		while stack[-1]["indent"] >= row["indent"]:
			stack.pop()
		stack[-1]["children"].append(row)
		stack.append(row)
	return root["children"][0]


def leaves(node: dict) -> list[dict]:
	if not node["children"]:
		return [node]
	return [leaf for child in node["children"] for leaf in leaves(child)]


class TestRANAchievement(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.s = make_scenario()
		cls.users = cls.s.users

	def run_report(self, user=None, **filters):
		filters.setdefault("action_plan", self.s.plans.ran)
		filters.setdefault("include_adopting_plans", 1)
		filters.setdefault("year", 2025)
		with as_user(user or self.users["reviewer"]):
			columns, data, message, chart, summary = execute(filters)
		self.assertIsNone(message)
		self.assertEqual(data[0]["indent"], 0)
		return tree(data), chart, summary

	def assertAchievement(self, actual, expected, msg=None):
		if expected is None:
			self.assertIsNone(actual, msg)
		else:
			self.assertAlmostEqual(actual, expected, places=2, msg=msg)

	def test_items_clusters_and_plan_match_an_independent_computation(self):
		root, chart, summary = self.run_report()
		expected = expected_rows(self.s)

		self.assertEqual(root["label"], "Scenario RAN")
		self.assertAchievement(root["achievement"], mean(r.achievement for r in expected))
		self.assertAchievement(summary[0]["value"], mean(r.achievement for r in expected))
		self.assertEqual(root["rows"], len(expected))
		self.assertEqual(root["reported"], sum(r.achievement is not None for r in expected))

		clusters = {c["label"]: c for c in root["children"]}
		self.assertEqual(set(clusters), {_(spec[1]) for spec in RAN_ITEMS.values()})
		for cluster, cluster_node in clusters.items():
			rows = [r for r in expected if _(r.cluster) == cluster]
			self.assertAchievement(cluster_node["achievement"], mean(r.achievement for r in rows), cluster)
			for item in cluster_node["children"]:
				item_rows = [r for r in rows if r.code == item["label"]]
				self.assertTrue(item_rows, item["label"])
				self.assertAchievement(
					item["achievement"], mean(r.achievement for r in item_rows), item["label"]
				)
				self.assertEqual(
					sorted((leaf["region_name"], leaf["achievement"]) for leaf in item["children"]),
					sorted(
						(region_name(r.region), None if r.achievement is None else round(r.achievement, 2))
						for r in item_rows
					),
				)

		# RAD A's own item is not part of the RAN.
		codes = {leaf["item_code"] for leaf in leaves(root)}
		self.assertEqual(codes, set(RAN_ITEMS))

		labels = chart["data"]["labels"]
		values = dict(zip(labels, chart["data"]["datasets"][0]["values"], strict=True))
		for cluster, value in values.items():
			self.assertAchievement(value, mean(r.achievement for r in expected if _(r.cluster) == cluster))

	def test_each_level_adds_up_from_its_item_rows(self):
		def check(node):
			children = node["children"]
			if "rows" in children[0]:
				rows, scored = sum(c["rows"] for c in children), sum(c["reported"] for c in children)
				for child in children:
					check(child)
			else:  # item rows
				rows, scored = len(children), sum(c["achievement"] is not None for c in children)
			self.assertEqual((node["rows"], node["reported"]), (rows, scored), node["label"])
			# The mean of all its item rows, not a mean of its children's means.
			expected = mean(leaf["achievement"] for leaf in leaves(node))
			if expected is None:
				self.assertIsNone(node["achievement"])
			else:
				self.assertAlmostEqual(node["achievement"], expected, delta=0.011)

		for group_by in ("Cluster", "Region"):
			root, _chart, _summary = self.run_report(group_by=group_by)
			check(root)
			self.assertEqual(root["rows"], len(expected_rows(self.s)))

	def test_region_rollup_goes_province_then_district(self):
		root, _chart, _summary = self.run_report(group_by="Region")
		expected = expected_rows(self.s)
		provinces = {p["label"]: p for p in root["children"]}
		self.assertEqual(set(provinces), {region_name(PROVINCE_A), region_name(PROVINCE_B)})
		for province in (PROVINCE_A, PROVINCE_B):
			node = provinces[region_name(province)]
			rows = [r for r in expected if r.province == province]
			self.assertAchievement(node["achievement"], mean(r.achievement for r in rows))
			regions = {c["label"]: c for c in node["children"]}
			self.assertEqual(set(regions), {region_name(r.region) for r in rows})
			for region in {r.region for r in rows}:
				region_rows = [r for r in rows if r.region == region]
				self.assertAchievement(
					regions[region_name(region)]["achievement"], mean(r.achievement for r in region_rows)
				)
				self.assertEqual(regions[region_name(region)]["rows"], len(region_rows))

	def test_a_province_sees_none_of_another_provinces_rows(self):
		root, _chart, summary = self.run_report(user=self.users["admin_b"])
		regions = {leaf["region_name"] for leaf in leaves(root)}
		self.assertEqual(regions, {region_name(PROVINCE_B)})
		expected = [r for r in expected_rows(self.s) if r.province == PROVINCE_B]
		self.assertAchievement(root["achievement"], mean(r.achievement for r in expected))

		root, _chart, _summary = self.run_report(user=self.users["admin_a"])
		self.assertNotIn(region_name(PROVINCE_B), {leaf["region_name"] for leaf in leaves(root)})

		with as_user(self.users["admin_b"]):
			refusal = report_refusal(execute, {"action_plan": self.s.plans.rad_a, "year": 2025})
			self.assertIsInstance(refusal, frappe.PermissionError)

	def test_unapproved_reports_count_only_when_asked(self):
		root, _chart, summary = self.run_report()
		self.assertNotIn(region_name(DISTRICT_A1), {leaf["region_name"] for leaf in leaves(root)})
		self.assertEqual(summary[-1]["value"], _("Approved reports only"))

		root, _chart, summary = self.run_report(include_unapproved=1)
		expected = expected_rows(self.s, approved_only=False)
		self.assertAchievement(root["achievement"], mean(r.achievement for r in expected))
		r1 = next(i for c in root["children"] for i in c["children"] if i["label"] == "R1")
		by_region = {leaf["region_name"]: leaf for leaf in r1["children"]}
		# District A1 reports on its own RAD, which adopts province A's item, which adopts the RAN's.
		self.assertAchievement(by_region[region_name(DISTRICT_A1)]["achievement"], 20.0)
		# Each task force's latest period counts, approved or not: A2's draft Q2, province A's verified Q3.
		self.assertEqual(by_region[region_name(DISTRICT_A2)]["period_label"], "2025-Q2")
		self.assertAchievement(by_region[region_name(PROVINCE_A)]["achievement"], 80.0)
		self.assertEqual(summary[-1]["value"], _("All reports"))

	def test_zero_and_missing_targets(self):
		root, chart, _summary = self.run_report()
		items = {i["label"]: i for c in root["children"] for i in c["children"]}
		# A zero target is met by any reported value, even 0.
		self.assertEqual(
			{leaf["achievement"] for leaf in items["R4"]["children"] if leaf["realised"] is not None}, {100.0}
		)
		self.assertEqual(items["R4"]["target"], 0)
		# No target for the year: reported, but not scored, and not counted as 0%.
		self.assertIsNone(items["R5"]["achievement"])
		self.assertIsNone(items["R5"]["target"])
		self.assertEqual(items["R5"]["reported"], 0)
		self.assertEqual(items["R5"]["rows"], 3)
		province_a = next(
			leaf for leaf in items["R5"]["children"] if leaf["region_name"] == region_name(PROVINCE_A)
		)
		self.assertEqual(province_a["realised"], 7)
		self.assertIsNone(province_a["achievement"])
		self.assertNotIn(_("Coordination and Cooperation"), chart["data"]["labels"])

	def test_a_period_or_each_years_latest_period(self):
		ran_q1 = period_of(self.s.plans.ran, "2025-Q1")
		root, _chart, _summary = self.run_report(reporting_period=ran_q1)
		expected = [r for r in expected_rows(self.s, latest=False) if r.period_label == "2025-Q1"]
		self.assertEqual({leaf["period_label"] for leaf in leaves(root)}, {"2025-Q1"})
		self.assertAchievement(root["achievement"], mean(r.achievement for r in expected))

		items = {i["label"]: i for c in root["children"] for i in c["children"]}
		province_a = {leaf["region_name"]: leaf for leaf in items["R1"]["children"]}[region_name(PROVINCE_A)]
		self.assertAchievement(province_a["achievement"], 30.0)  # Q1: 3 of 10; the year so far (Q2): 6 of 10

		root, _chart, _summary = self.run_report(year=2026)
		self.assertEqual({leaf["period_label"] for leaf in leaves(root)}, {"2026-Q1"})
		self.assertAchievement(root["achievement"], 20.0)  # province B: 4 of 20

	def test_a_regional_plan_on_its_own_counts_its_own_items(self):
		root, _chart, _summary = self.run_report(action_plan=self.s.plans.rad_a, include_adopting_plans=0)
		expected = expected_rows(self.s, keys={"a_q1", "a_q2", "a2_q1"}, codes={**RAN_ITEMS, **OWN_ITEMS})
		self.assertEqual(root["label"], "Scenario RAD A")
		self.assertEqual({leaf["item_code"] for leaf in leaves(root)}, {*RAN_ITEMS, *OWN_ITEMS})
		self.assertAchievement(root["achievement"], mean(r.achievement for r in expected))
		self.assertEqual(root["rows"], len(expected))

	def test_filters_by_cluster_region_and_agency(self):
		root, _chart, _summary = self.run_report(cluster="Law Enforcement")
		self.assertEqual({leaf["item_code"] for leaf in leaves(root)}, {"R3", "R4"})

		root, _chart, _summary = self.run_report(region=DISTRICT_A2)
		self.assertEqual({leaf["region_name"] for leaf in leaves(root)}, {region_name(DISTRICT_A2)})

		root, _chart, _summary = self.run_report(agency=self.s.agencies["Scenario Police"])
		self.assertEqual({leaf["item_code"] for leaf in leaves(root)}, {"R1", "R2"})


class TestRANAchievementTotals(TPPOTestCase):
	"""National views are totalled by the database (`plan_totals`); the numbers must be those of the row-by-row
	view of the same reports."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.s = make_scenario()

	def nodes(self, totals_only: int, **filters):
		filters = {"action_plan": self.s.plans.ran, "include_adopting_plans": 1, **filters}
		with as_user(self.s.users["reviewer"]):
			_columns, data, message, _chart, summary = execute({**filters, "totals_only": totals_only})
		keys = ("indent", "label", "achievement", "items", "rows", "reported", "target", "realised")
		rows = [{k: row.get(k) for k in keys} for row in data if row["indent"] <= 2]
		return rows, message, {s["label"]: s["value"] for s in summary}

	def test_totals_equal_the_row_by_row_view(self):
		for filters in (
			{"year": 2025, "group_by": "Cluster"},
			{"year": 2025, "group_by": "Region"},
			{"group_by": "Cluster"},
			{"year": 2025, "group_by": "Cluster", "region": PROVINCE_A},
			{"year": 2025, "group_by": "Cluster", "include_unapproved": 1},
		):
			with self.subTest(**filters):
				full, full_message, full_summary = self.nodes(0, **filters)
				totals, message, summary = self.nodes(1, **filters)
				self.assertIsNone(full_message)
				self.assertIn(_("Totals only"), message)
				self.assertEqual(totals, full)
				self.assertEqual(summary, full_summary)
