"""The follow-up rate report: counts and rates per agency, task force and period, within the user's region."""

import frappe
from frappe.utils import add_days, getdate, today

from tppo_app.coordination.report.recommendation_follow_up.recommendation_follow_up import execute
from tppo_app.tests.coordination_factories import report_scenario
from tppo_app.tests.utils import PROVINCE_A, TPPOTestCase, as_user, report_refusal
from tppo_app.utils.periods import period_key


class TestRecommendationFollowUp(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.data = report_scenario()
		cls.users = cls.data["users"]

	def rows(self, user, **filters):
		with as_user(user):
			columns, data, _message, chart, summary = execute(filters)
		return {row["group"]: row for row in data}, chart, summary

	def test_rates_by_agency_within_the_province(self):
		rows, chart, summary = self.rows(self.users["admin_a"], group_by="Agency")
		police = rows["Report Police A"]
		# Province A: done + overdue; district A1: open.
		self.assertEqual((police["total"], police["done"], police["open"], police["overdue"]), (3, 1, 2, 1))
		self.assertAlmostEqual(police["follow_up_rate"], 100 / 3)
		self.assertEqual(rows["Report DP3A A"]["in_progress"], 1)
		self.assertNotIn("Report Police B", rows)
		self.assertEqual(chart["data"]["datasets"][0]["name"], "Done")
		self.assertEqual(summary[0]["value"], sum(r["total"] for r in rows.values()))

	def test_by_task_force_and_period_and_another_province(self):
		rows, _chart, _summary = self.rows(self.users["focal_a1"], group_by="Task Force")
		self.assertEqual([r["total"] for r in rows.values()], [1])
		rows, _chart, _summary = self.rows(
			self.users["admin_a"],
			group_by="Period",
			period="Month",
			task_force=self.data["task_forces"][PROVINCE_A],
		)
		self.assertEqual(rows[period_key(getdate(add_days(today(), -40)), "Month")]["total"], 3)
		rows, _chart, summary = self.rows(self.users["admin_b"], group_by="Agency")
		self.assertEqual(set(rows), {"Report Police B"})
		self.assertEqual(summary[2]["value"], 1)  # overdue

	def test_invalid_group_is_refused(self):
		self.assertIsInstance(report_refusal(execute, {"group_by": "Colour"}), frappe.ValidationError)
