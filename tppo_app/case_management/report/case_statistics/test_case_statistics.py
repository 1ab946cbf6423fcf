"""Case counts per stage equal an independent count; a reviewer sees small counts masked."""

from collections import Counter

import frappe

from tppo_app.case_management.report.case_statistics.case_statistics import execute, stage_column
from tppo_app.regions import subtree
from tppo_app.tests.case_factories import REPORT_YEAR, case_users, cells, report_filters, report_test_data
from tppo_app.tests.utils import PROVINCE_A, TPPOTestCase, as_user


class TestCaseStatistics(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = case_users()
		report_test_data()

	def independent_count(self):
		counts = {}
		for case in frappe.get_all(
			"TPPO Case",
			filters={
				"region": ("in", subtree(PROVINCE_A)),
				"police_report_date": ("between", [f"{REPORT_YEAR}-01-01", f"{REPORT_YEAR}-12-31"]),
			},
			fields=["modus", "stage"],
		):
			counts.setdefault(case.modus, Counter())[stage_column(case.stage)] += 1
		return counts

	def test_counts_by_modus_and_stage(self):
		expected = self.independent_count()
		with as_user(self.users["case_a"]):
			_columns, data, _message, chart, summary = execute(report_filters(group_by="Modus"))
		for stage in ("investigation", "prosecution", "sp3"):
			self.assertEqual(cells(data, stage), {m: c[stage] for m, c in expected.items()}, stage)
		self.assertEqual(summary[0]["value"], 9)
		self.assertEqual(cells(data, "investigation")["Sexual Exploitation"], 6)
		self.assertTrue(chart)

		with as_user(self.users["reviewer"]):
			_columns, data, message, *_ = execute(report_filters(group_by="Modus"))
		scam = next(row for row in data if row["group"] == "Online Scam Compounds")
		self.assertEqual((scam["prosecution"], scam["sp3"], scam["total"]), ("<5", "<5", 0))
		self.assertEqual(data[-1]["total"], 6)

	def test_periods_and_region_scope(self):
		with as_user(self.users["case_a"]):
			_columns, data, *_ = execute(report_filters(group_by="Month"))
		self.assertEqual(cells(data, "total"), {f"{REPORT_YEAR}-02": 9})
		with as_user(self.users["case_b"]):
			_columns, data, *_ = execute(report_filters(group_by="Month"))
		self.assertEqual(data, [])
