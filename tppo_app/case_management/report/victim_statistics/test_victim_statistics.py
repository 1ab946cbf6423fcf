"""Victim counts equal an independent count of the same victims; small counts are masked for a reviewer and
left out of totals, not for the region's case worker."""

from collections import Counter

import frappe

from tppo_app.case_management.report.victim_statistics.victim_statistics import category, execute
from tppo_app.regions import subtree
from tppo_app.tests.case_factories import (
	REPORT_YEAR,
	case_users,
	cells,
	report_filters,
	report_test_data,
)
from tppo_app.tests.utils import PROVINCE_A, TPPOTestCase, as_user

COLUMNS = ("girls", "boys", "women", "men", "age_unknown")


class TestVictimStatistics(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = case_users()
		report_test_data()

	def independent_count(self) -> dict[str, Counter]:
		counts = {}
		for v in frappe.get_all(
			"Victim",
			filters={
				"region": ("in", subtree(PROVINCE_A)),
				"identification_date": ("between", [f"{REPORT_YEAR}-01-01", f"{REPORT_YEAR}-12-31"]),
				"trafficking_status": ("!=", "Not a Victim"),
			},
			fields=["region", "sex", "age_group"],
		):
			name = frappe.db.get_value("Region", v.region, "region_name")
			counts.setdefault(name, Counter())[category(v)] += 1
		return counts

	def test_counts_equal_an_independent_count(self):
		expected = self.independent_count()
		for who in ("case_a", "national"):
			with as_user(self.users[who]):
				_columns, data, message, chart, summary = execute(report_filters(group_by="Region"))
			self.assertIsNone(message, who)
			for column in COLUMNS:
				self.assertEqual(
					cells(data, column), {g: c[column] for g, c in expected.items()}, (who, column)
				)
			self.assertEqual(summary[0]["value"], sum(sum(c.values()) for c in expected.values()))
			self.assertEqual(len(chart["data"]["labels"]), len(expected))
		self.assertEqual(sum(c["girls"] for c in expected.values()), 6)

	def test_small_counts_are_masked_for_a_reviewer_and_left_out_of_totals(self):
		expected = self.independent_count()
		with as_user(self.users["reviewer"]):
			columns, data, message, *_ = execute(report_filters(group_by="Region"))
		self.assertIn("<5", message)
		for row in data[:-1]:
			shown = 0
			for column in COLUMNS:
				exact = expected[row["group"]][column]
				if 0 < exact < 5:
					self.assertEqual(row[column], "<5", (row["group"], column))
				else:
					self.assertEqual(row[column], exact, (row["group"], column))
					shown += exact
			self.assertEqual(row["total"], shown)
		total = data[-1]
		self.assertTrue(total["is_total_row"])
		for column in COLUMNS:
			self.assertEqual(total[column], sum(r[column] for r in data[:-1] if isinstance(r[column], int)))
		self.assertEqual(total["total"], sum(r["total"] for r in data[:-1]))
		self.assertEqual({c["fieldtype"] for c in columns[1:-1]}, {"Data"})

		# With IOM's k = 11 the six girls are masked as well.
		frappe.db.set_single_value("TPPO Settings", "small_count_threshold", 11)
		with as_user(self.users["reviewer"]):
			_columns, data, message, *_ = execute(report_filters(group_by="Region"))
		self.assertIn("<11", message)
		self.assertEqual(data[-1]["girls"], 0)
		with as_user(self.users["case_a"]):
			_columns, data, message, *_ = execute(report_filters(group_by="Region"))
		self.assertEqual(data[-1]["girls"], 6)
		frappe.db.set_single_value("TPPO Settings", "small_count_threshold", 5)

	def test_modus_comes_from_the_victims_first_case(self):
		with as_user(self.users["case_a"]):
			_columns, data, *_ = execute(report_filters(group_by="Modus"))
		by_modus = {row["group"]: row["total"] for row in data[:-1]}
		self.assertEqual(by_modus["Sexual Exploitation"], 6)
		self.assertEqual(by_modus["Online Scam Compounds"], 2)
