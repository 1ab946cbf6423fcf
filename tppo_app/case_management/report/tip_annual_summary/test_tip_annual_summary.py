"""The TIP categories for a year equal independent counts of the same cases, suspects and victims."""

import frappe

from tppo_app.case_management.report.tip_annual_summary.tip_annual_summary import execute
from tppo_app.regions import subtree
from tppo_app.tests.case_factories import REPORT_YEAR, case_users, report_test_data
from tppo_app.tests.utils import PROVINCE_A, TPPOTestCase, as_user

YEAR = [f"{REPORT_YEAR}-01-01", f"{REPORT_YEAR}-12-31"]


class TestTIPAnnualSummary(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = case_users()
		report_test_data()

	def run_as(self, who):
		with as_user(self.users[who]):
			return execute({"from_year": REPORT_YEAR, "to_year": REPORT_YEAR, "region": PROVINCE_A})

	def test_categories_equal_independent_counts(self):
		regions = subtree(PROVINCE_A)
		in_region = {"region": ("in", regions)}
		prosecuted = frappe.get_all(
			"TPPO Case", filters={**in_region, "prosecution_date": ("between", YEAR)}, pluck="name"
		)
		expected = {
			"investigations": frappe.db.count(
				"TPPO Case", {**in_region, "investigation_date": ("between", YEAR)}
			),
			"prosecutions": len(prosecuted),
			"defendants": frappe.db.count("TPPO Case Suspect", {"parent": ("in", prosecuted or [""])}),
			"convictions": frappe.db.count(
				"TPPO Case", {**in_region, "verdict_date": ("between", YEAR), "verdict": "Convicted"}
			),
			"victims_identified": frappe.db.count(
				"Victim",
				{
					**in_region,
					"identification_date": ("between", YEAR),
					"trafficking_status": ("!=", "Not a Victim"),
				},
			),
			"victims_assisted": len(
				set(
					frappe.get_all(
						"Victim Service",
						filters={
							**in_region,
							"date_started": ("between", YEAR),
							"status": ("!=", "Cancelled"),
						},
						pluck="victim",
					)
				)
			),
		}
		_columns, data, message, _chart, summary = self.run_as("case_a")
		year = data[0]
		self.assertEqual(year["year"], str(REPORT_YEAR))
		for key, value in expected.items():
			self.assertEqual(year[key], value, key)
		self.assertEqual((year["investigations"], year["victims_identified"]), (9, 14))
		self.assertIsNone(message)

		_columns, data, message, *_ = self.run_as("reviewer")
		self.assertEqual((data[0]["prosecutions"], data[0]["defendants"]), ("<5", "<5"))
		self.assertEqual(data[0]["investigations"], 9)
		self.assertEqual(data[-1]["prosecutions"], 0)
