"""Action plans: RAN and RAD rules, reporting periods for the plan's span, adopting RAN items into a RAD."""

import frappe

from tppo_app.action_plan.doctype.action_plan.action_plan import InvalidPlanError
from tppo_app.action_plan.doctype.action_plan_item.action_plan_item import InvalidTargetError
from tppo_app.tests.utils import (
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	as_user,
	make_item,
	make_plan,
	make_task_force,
	national_task_force,
	region_test_data,
)


class TestActionPlan(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		data = region_test_data()
		cls.tf, cls.users = data["task_forces"], data["users"]
		cls.ran = make_plan(national_task_force(), "RAN", title="Plan Test RAN")
		cls.ran_items = [make_item(cls.ran, f"{i}.1", targets={2025: i, 2026: i + 1}) for i in (1, 2, 3)]

	def test_periods_cover_the_whole_span_once(self):
		periods = frappe.get_all(
			"Reporting Period",
			filters={"action_plan": self.ran},
			fields=["period_label", "start_date", "end_date", "submission_deadline"],
			order_by="start_date",
		)
		self.assertEqual(len(periods), 5 * 4)
		self.assertEqual(periods[0].period_label, "2025-Q1")
		self.assertEqual((str(periods[0].start_date), str(periods[0].end_date)), ("2025-01-01", "2025-03-31"))
		self.assertEqual(str(periods[0].submission_deadline), "2025-04-15")
		self.assertEqual(periods[-1].period_label, "2029-Q4")
		# Generating again adds nothing.
		self.assertEqual(frappe.get_doc("Action Plan", self.ran).generate_reporting_periods(), 0)

	def test_plan_type_must_match_the_task_force_level(self):
		count = frappe.db.count("Action Plan")
		bad_ran = frappe.get_doc(
			doctype="Action Plan",
			title="Provincial RAN",
			plan_type="RAN",
			task_force=self.tf[PROVINCE_A],
			start_year=2025,
			end_year=2029,
		)
		self.assertRaises(InvalidPlanError, bad_ran.insert)
		backwards = frappe.get_doc(
			doctype="Action Plan",
			title="Backwards",
			plan_type="RAD",
			task_force=self.tf[PROVINCE_A],
			parent_plan=self.ran,
			start_year=2029,
			end_year=2025,
		)
		self.assertRaises(InvalidPlanError, backwards.insert)
		self.assertEqual(frappe.db.count("Action Plan"), count)

	def test_a_district_plan_adopts_from_above_only(self):
		rad_b = make_plan(self.tf[PROVINCE_B], "RAD", parent_plan=self.ran, title="Plan Test RAD B")
		district_of_a = frappe.get_doc(
			doctype="Action Plan",
			title="A1 adopting B",
			plan_type="RAD",
			task_force=self.tf["11.01"],
			parent_plan=rad_b,
			start_year=2025,
			end_year=2029,
		)
		self.assertRaises(InvalidPlanError, district_of_a.insert)

	def test_adopting_copies_the_chosen_items_with_a_link_back(self):
		rad = make_plan(
			self.tf[PROVINCE_A], "RAD", parent_plan=self.ran, title="Plan Test RAD A", end_year=2026
		)
		with as_user(self.users["admin_a"]):
			created = frappe.get_doc("Action Plan", rad).adopt_items(self.ran_items[:2])
			again = frappe.get_doc("Action Plan", rad).adopt_items(self.ran_items[:2])
		self.assertEqual((len(created), again), (2, []))
		for name in created:
			copy = frappe.get_doc("Action Plan Item", name)
			source = frappe.get_doc("Action Plan Item", copy.parent_item)
			self.assertEqual(
				(copy.action_plan, copy.indicator, copy.cluster), (rad, source.indicator, source.cluster)
			)
			self.assertEqual(
				[(t.year, t.target) for t in copy.targets], [(t.year, t.target) for t in source.targets]
			)

	def test_province_b_cannot_adopt_into_province_a(self):
		rad = make_plan(self.tf[PROVINCE_A], "RAD", parent_plan=self.ran, title="Plan Test RAD A2")
		with as_user(self.users["admin_b"]):
			self.assertRaises(
				frappe.PermissionError, frappe.get_doc("Action Plan", rad).adopt_items, self.ran_items[:1]
			)
		self.assertFalse(frappe.db.exists("Action Plan Item", {"action_plan": rad}))

	def test_targets_are_checked(self):
		count = frappe.db.count("Action Plan Item")
		for targets, measure in (({2031: 5}, "Count"), ({2025: -1}, "Count"), ({2025: 2}, "Yes/No")):
			self.assertRaises(InvalidTargetError, make_item, self.ran, "9.9", measure, targets)
		self.assertEqual(frappe.db.count("Action Plan Item"), count)
