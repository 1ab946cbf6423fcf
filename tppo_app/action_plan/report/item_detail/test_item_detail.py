"""Item Detail: one item and its adopted copies, region by region and period by period, equal to an independent
reading of the same reports; the chart's line is the mean achievement of each period."""

import frappe
from frappe import _

from tppo_app.action_plan.report.item_detail.item_detail import execute
from tppo_app.tests.report_scenario import expected_rows, make_scenario, mean, region_name
from tppo_app.tests.utils import DISTRICT_A1, PROVINCE_A, PROVINCE_B, TPPOTestCase, as_user, report_refusal


class TestItemDetail(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.s = make_scenario()
		cls.users = cls.s.users

	def run_report(self, code="R1", user=None, **filters):
		filters.setdefault("item", self.s.plan_items["ran"][code])
		with as_user(user or self.users["reviewer"]):
			columns, data, message, chart, summary = execute(filters)
		self.assertIsNone(message)
		return data, chart, {s["label"]: s["value"] for s in summary}

	def expected(self, code="R1", **kwargs):
		kwargs.setdefault("year", None)
		return expected_rows(self.s, codes={code}, latest=False, **kwargs)

	def assertRowsMatch(self, data, expected):
		self.assertEqual(
			sorted(
				(r["region_name"], r["period_label"], r["target"], r["realised"], r["achievement"])
				for r in data
			),
			sorted(
				(
					region_name(r.region),
					r.period_label,
					r.target,
					r.realised,
					None if r.achievement is None else round(r.achievement, 2),
				)
				for r in expected
			),
		)

	def test_rows_per_region_and_period_match_the_reports(self):
		data, chart, summary = self.run_report()
		expected = self.expected()
		self.assertRowsMatch(data, expected)
		self.assertEqual(
			summary[_("Task Forces Reporting")],
			len({r.task_force for r in expected if r.realised is not None}),
		)

		# The chart: each period's mean achievement over the regions that reported it, in time order.
		periods = sorted({(r.end, r.period_label) for r in expected})
		labels = [
			label
			for _end, label in periods
			if mean(r.achievement for r in expected if r.period_label == label) is not None
		]
		self.assertEqual(chart["type"], "line")
		self.assertEqual(chart["data"]["labels"], labels)
		for label, value in zip(labels, chart["data"]["datasets"][0]["values"], strict=True):
			self.assertAlmostEqual(
				value, mean(r.achievement for r in expected if r.period_label == label), places=2
			)

		# The year's achievement reads each task force's latest period of the latest year (2026: province B).
		self.assertAlmostEqual(summary[_("Achievement {0}").format(2026)], 20.0, places=2)
		data, _chart, summary = self.run_report(year=2025)
		latest = expected_rows(self.s, codes={"R1"})
		self.assertAlmostEqual(
			summary[_("Achievement {0}").format(2025)], mean(r.achievement for r in latest), places=2
		)

	def test_a_province_sees_none_of_another_provinces_rows(self):
		data, _chart, _summary = self.run_report(user=self.users["admin_b"])
		self.assertEqual({r["region_name"] for r in data}, {region_name(PROVINCE_B)})
		self.assertRowsMatch(data, [r for r in self.expected() if r.province == PROVINCE_B])

		data, _chart, _summary = self.run_report(user=self.users["admin_a"])
		self.assertNotIn(region_name(PROVINCE_B), {r["region_name"] for r in data})
		self.assertRowsMatch(data, [r for r in self.expected() if r.province == PROVINCE_A])

	def test_unapproved_reports_only_when_asked(self):
		data, _chart, _summary = self.run_report()
		self.assertNotIn(region_name(DISTRICT_A1), {r["region_name"] for r in data})

		data, _chart, _summary = self.run_report(include_unapproved=1)
		self.assertRowsMatch(data, self.expected(approved_only=False))
		# District A1's copy adopts province A's copy of the RAN item.
		a1 = [r for r in data if r["region_name"] == region_name(DISTRICT_A1)]
		self.assertEqual(
			[(r["realised"], r["achievement"], r["workflow_state"]) for r in a1], [(2, 20.0, _("Submitted"))]
		)

	def test_zero_and_missing_targets(self):
		data, _chart, _summary = self.run_report("R4", year=2025)
		self.assertRowsMatch(data, self.expected("R4", year=2025))
		self.assertEqual({r["achievement"] for r in data if r["realised"] is not None}, {100.0})

		data, chart, summary = self.run_report("R5", year=2025)
		self.assertRowsMatch(data, self.expected("R5", year=2025))
		reported = [r for r in data if r["realised"] is not None]
		self.assertEqual(
			[(r["target"], r["realised"], r["achievement"]) for r in reported], [(None, 7, None)]
		)
		self.assertIsNone(chart)
		self.assertIsNone(summary[_("Achievement {0}").format(2025)])

	def test_a_copy_shows_only_itself_and_its_own_copies(self):
		data, _chart, _summary = self.run_report(item=self.s.plan_items["rad_a"]["R1"], include_unapproved=1)
		self.assertEqual(
			{r["region_name"] for r in data},
			{region_name(region) for region in (PROVINCE_A, "11.02", DISTRICT_A1)},
		)
		with as_user(self.users["admin_b"]):
			refusal = report_refusal(execute, {"item": self.s.plan_items["rad_a"]["R1"]})
			self.assertIsInstance(refusal, frappe.PermissionError)
