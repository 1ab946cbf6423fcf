"""Task force rules: parent task force, one per region and period, valid periods, computed status."""

import frappe
from frappe.utils import add_days, today

from tppo_app.task_force.doctype.task_force.task_force import (
	DuplicateActiveTaskForceError,
	InvalidParentTaskForceError,
	InvalidPeriodError,
)
from tppo_app.tests.utils import DISTRICT_A1, DISTRICT_B1, PROVINCE_A, TPPOTestCase, make_task_force


def new_task_force(region, start="2025-01-01", end="2029-12-31", **values):
	values.setdefault("legal_basis_date", "2024-12-01")
	return frappe.get_doc(
		doctype="Task Force",
		region=region,
		period_start=start,
		period_end=end,
		legal_basis_type="Pergub",
		legal_basis_number="1/2025",
		**values,
	)


class TestTaskForce(TPPOTestCase):
	def test_level_name_and_parent_follow_the_region(self):
		province = make_task_force(PROVINCE_A)
		district = frappe.get_doc("Task Force", make_task_force(DISTRICT_A1))
		self.assertEqual(district.level, "District")
		self.assertEqual(district.parent_task_force, province)
		self.assertIn(frappe.db.get_value("Region", DISTRICT_A1, "region_name"), district.task_force_name)
		self.assertEqual(frappe.db.get_value("Task Force", province, "level"), "Province")

	def test_parent_must_be_the_province_task_force(self):
		other_province = make_task_force("12")
		count = frappe.db.count("Task Force")
		doc = new_task_force(
			DISTRICT_A1, start="2030-01-01", end="2030-12-31", parent_task_force=other_province
		)
		self.assertRaises(InvalidParentTaskForceError, doc.insert)
		self.assertEqual(frappe.db.count("Task Force"), count)

	def test_one_task_force_per_region_in_overlapping_periods(self):
		make_task_force(DISTRICT_B1, start="2025-01-01", end="2029-12-31")
		count = frappe.db.count("Task Force")
		overlapping = new_task_force(DISTRICT_B1, start="2029-06-01", end="2034-12-31")
		with self.assertRaises(DuplicateActiveTaskForceError) as raised:
			overlapping.insert()
		self.assertIn("overlapping", str(raised.exception))
		self.assertEqual(frappe.db.count("Task Force"), count)

		# The next period, starting after this one ends, is fine.
		following = new_task_force(DISTRICT_B1, start="2030-01-01", end="2034-12-31").insert()
		self.assertEqual(following.status, "Upcoming")

	def test_period_must_end_after_it_starts(self):
		count = frappe.db.count("Task Force")
		self.assertRaises(
			InvalidPeriodError, new_task_force("13", start="2025-01-01", end="2024-12-31").insert
		)
		future_decree = new_task_force("13", legal_basis_date=add_days(today(), 5))
		self.assertRaises(InvalidPeriodError, future_decree.insert)
		self.assertEqual(frappe.db.count("Task Force"), count)

	def test_status_is_computed_from_the_period(self):
		expired = frappe.get_doc("Task Force", make_task_force("14", start="2015-01-01", end="2019-12-31"))
		active = frappe.get_doc(
			"Task Force", make_task_force("14", start="2020-01-01", end=add_days(today(), 30))
		)
		self.assertEqual((expired.status, active.status), ("Expired", "Active"))
