"""Suspects are counted by role and sex as an independent count finds them; never named."""

import frappe

from tppo_app.case_management.report.suspect_statistics.suspect_statistics import execute
from tppo_app.regions import subtree
from tppo_app.tests.case_factories import REPORT_YEAR, case_users, cells, report_filters, report_test_data
from tppo_app.tests.utils import PROVINCE_A, TPPOTestCase, as_user


class TestSuspectStatistics(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = case_users()
		report_test_data()

	def test_counts_by_role_and_sex(self):
		cases = frappe.get_all(
			"TPPO Case",
			filters={
				"region": ("in", subtree(PROVINCE_A)),
				"police_report_date": ("between", [f"{REPORT_YEAR}-01-01", f"{REPORT_YEAR}-12-31"]),
			},
			pluck="name",
		)
		suspects = frappe.get_all(
			"TPPO Case Suspect", filters={"parent": ("in", cases)}, fields=["role_in_network", "sex"]
		)
		with as_user(self.users["national"]):
			_columns, data, _message, _chart, summary = execute(
				report_filters(group_by="Role in the Network")
			)
		self.assertEqual(summary[0]["value"], len(suspects))
		for role in {s.role_in_network for s in suspects}:
			for sex, column in (("Male", "men"), ("Female", "women")):
				expected = sum(1 for s in suspects if s.role_in_network == role and s.sex == sex)
				self.assertEqual(cells(data, column)[role], expected, (role, sex))
		self.assertNotIn("S1", str(data))

		with as_user(self.users["viewer"]):
			_columns, data, *_ = execute(report_filters(group_by="Role in the Network"))
		self.assertEqual(cells(data, "women")["Exploiter"], "<5")
		self.assertEqual(cells(data, "men")["Recruiter or Intermediary"], 9)
