"""The guided report, as the focal point and the others would try it: the task force and plan chosen for a
user who has one of each, the period picker offering only the periods still to report (with their deadlines,
nearest first), and what the evidence uploader accepts."""

import frappe
from frappe.utils import add_days, getdate, today

from tppo_app.action_plan.report_form import evidence_rules, new_report_defaults, open_periods
from tppo_app.regions import get_ancestor_regions
from tppo_app.tests.utils import (
	DISTRICT_A1,
	PROVINCE_A,
	TPPOTestCase,
	as_user,
	make_item,
	make_plan,
	make_progress_report,
	national_task_force,
	region_test_data,
)


def picker(user, **filters):
	with as_user(user):
		return open_periods("Reporting Period", "", "name", 0, 20, filters)


class TestReportForm(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		data = region_test_data()
		cls.tf, cls.users = data["task_forces"], data["users"]
		ran = make_plan(national_task_force(), "RAN", title="Guided Report RAN")
		cls.plan = make_plan(cls.tf[PROVINCE_A], "RAD", parent_plan=ran, title="Guided Report RAD A")
		make_item(cls.plan, "1.1", targets={2025: 10, 2026: 12})

	def test_one_task_force_and_plan_are_chosen_for_the_focal_point(self):
		with as_user(self.users["focal_a1"]):
			defaults = new_report_defaults()
		self.assertEqual(defaults["task_force"], self.tf[DISTRICT_A1])
		plan = frappe.db.get_value("Action Plan", defaults["action_plan"], ["status", "region"], as_dict=True)
		self.assertEqual(plan.status, "Active")
		# the plan of the district itself or of a region above it, never another province's
		self.assertIn(plan.region, [DISTRICT_A1, *get_ancestor_regions([DISTRICT_A1])])

	def test_nothing_is_chosen_for_a_user_with_several_task_forces(self):
		# a provincial admin reports for the province and sees its districts' task forces
		with as_user(self.users["admin_a"]):
			self.assertEqual(new_report_defaults(), {})

	def test_the_picker_offers_only_periods_still_to_report_with_their_deadline(self):
		task_force = self.tf[DISTRICT_A1]
		before = picker(self.users["focal_a1"], action_plan=self.plan, task_force=task_force)
		labels = [row[1] for row in before]
		self.assertIn("2025-Q1", labels)
		started = frappe.get_all(
			"Reporting Period",
			filters={"action_plan": self.plan, "start_date": ("<=", today())},
			pluck="name",
		)
		reported = frappe.get_all(
			"Progress Report",
			filters={"task_force": task_force, "action_plan": self.plan},
			pluck="reporting_period",
		)
		self.assertEqual(sorted(row[0] for row in before), sorted(set(started) - set(reported)))
		self.assertNotIn(
			"2025-Q1", [frappe.db.get_value("Reporting Period", p, "period_label") for p in reported]
		)
		# nearest deadline first, each with its deadline in words
		deadlines = [
			abs(
				(
					getdate(frappe.db.get_value("Reporting Period", row[0], "submission_deadline"))
					- getdate()
				).days
			)
			for row in before
		]
		self.assertEqual(deadlines, sorted(deadlines))
		self.assertTrue(all("deadline" in row[2] for row in before))
		self.assertIn("(late)", dict((row[1], row[2]) for row in before)["2025-Q1"])

		make_progress_report(task_force, self.plan, "2025-Q1", user=self.users["focal_a1"])
		after = [
			row[1] for row in picker(self.users["focal_a1"], action_plan=self.plan, task_force=task_force)
		]
		self.assertNotIn("2025-Q1", after)
		self.assertEqual(len(after), len(labels) - 1)
		# typed text narrows the list
		with as_user(self.users["focal_a1"]):
			narrowed = open_periods(
				"Reporting Period",
				"2025-Q2",
				"name",
				0,
				20,
				{"action_plan": self.plan, "task_force": task_force},
			)
		self.assertEqual([row[1] for row in narrowed], ["2025-Q2"])

	def test_future_periods_are_not_offered(self):
		labels = [row[0] for row in picker(self.users["focal_a1"], action_plan=self.plan)]
		future = frappe.get_all(
			"Reporting Period",
			filters={"action_plan": self.plan, "start_date": (">", add_days(today(), 0))},
			pluck="name",
		)
		self.assertTrue(future)
		self.assertFalse(set(future) & set(labels))

	def test_another_province_learns_nothing_about_this_provinces_plan(self):
		# the same empty answer as for a plan that does not exist: no oracle
		self.assertEqual(
			picker(self.users["admin_b"], action_plan=self.plan, task_force=self.tf[DISTRICT_A1]), []
		)
		self.assertEqual(picker(self.users["admin_b"], action_plan="no such plan"), [])

	def test_bad_input_gives_nothing(self):
		self.assertEqual(picker(self.users["focal_a1"]), [])
		with as_user(self.users["focal_a1"]):
			self.assertEqual(open_periods("Reporting Period", "", "name", 0, 20, "not a mapping"), [])
			self.assertEqual(
				open_periods("Reporting Period", "", "name", 0, 20, {"action_plan": "no such plan"}), []
			)
			self.assertEqual(
				open_periods("Reporting Period", "", "name", 0, 20, {"action_plan": ["a", "list"]}), []
			)

	def test_the_uploader_accepts_what_the_report_accepts(self):
		with as_user(self.users["focal_a1"]):
			rules = evidence_rules()
		allowed = frappe.get_cached_doc("TPPO Settings").allowed_extensions()
		self.assertEqual(sorted(rules["extensions"]), sorted(f".{ext}" for ext in allowed))
		self.assertNotIn(".exe", rules["extensions"])
		self.assertGreater(rules["max_mb"], 0)
