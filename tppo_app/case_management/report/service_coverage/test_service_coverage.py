"""Service coverage: victims served per service and days from referral to start, equal to an independent
count; small counts and the waiting times of fewer than k victims are hidden from a reviewer."""

import statistics as stats

import frappe

from tppo_app.case_management.report.service_coverage.service_coverage import execute
from tppo_app.regions import subtree
from tppo_app.tests.case_factories import REPORT_YEAR, case_users, report_filters, report_test_data
from tppo_app.tests.utils import PROVINCE_A, TPPOTestCase, as_user


class TestServiceCoverage(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = case_users()
		report_test_data()

	def rows(self, user):
		with as_user(user):
			_columns, data, message, _chart, summary = execute(report_filters())
		return {row["service_type"]: row for row in data}, message, summary

	def test_coverage_and_days_to_start_match_an_independent_count(self):
		cohort = frappe.get_all(
			"Victim",
			filters={
				"region": ("in", subtree(PROVINCE_A)),
				"identification_date": ("between", [f"{REPORT_YEAR}-01-01", f"{REPORT_YEAR}-12-31"]),
			},
			pluck="name",
		)
		services = frappe.get_all(
			"Victim Service",
			filters={"victim": ("in", cohort), "service_type": "Medical"},
			fields=["victim", "date_requested", "date_started"],
		)
		days = [(s.date_started - s.date_requested).days for s in services]
		rows, message, summary = self.rows(self.users["case_a"])
		self.assertIsNone(message)
		self.assertEqual(summary[0]["value"], len(cohort))
		medical = rows["Medical"]
		self.assertEqual(medical["victims"], len({s.victim for s in services}))
		self.assertEqual(medical["coverage"], round(100 * medical["victims"] / len(cohort), 1))
		self.assertEqual(medical["median_days"], stats.median(days))
		self.assertEqual(medical["mean_days"], round(stats.fmean(days), 1))
		self.assertEqual((rows["Shelter"]["victims"], rows["Legal Aid"]["overdue"]), (2, 1))
		self.assertEqual(rows["Any Service"]["victims"], 9)

	def test_a_reviewer_sees_no_small_count_nor_the_waits_behind_it(self):
		rows, message, _summary = self.rows(self.users["reviewer"])
		self.assertIn("<5", message)
		shelter = rows["Shelter"]
		self.assertEqual(
			(shelter["victims"], shelter["coverage"], shelter["median_days"]), ("<5", None, None)
		)
		self.assertEqual(rows["Legal Aid"]["overdue"], "<5")
		self.assertEqual(rows["Medical"]["victims"], 6)
		self.assertIsNotNone(rows["Medical"]["median_days"])
