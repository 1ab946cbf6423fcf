"""The roster's counts equal an independent count of the same members, within the user's region."""

import frappe

from tppo_app.task_force.report.task_force_roster.task_force_roster import execute
from tppo_app.tests.utils import (
	DISTRICT_A1,
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	as_user,
	make_agency,
	make_member,
	make_task_force,
	region_test_data,
)


class TestTaskForceRoster(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = region_test_data()["users"]
		police = make_agency("Roster Police", region=PROVINCE_A)
		social = make_agency("Roster Social Affairs", region=PROVINCE_A, agency_type="Social Affairs")
		police_b = make_agency("Roster Police B", region=PROVINCE_B)
		tf_a, tf_a1, tf_b = (
			make_task_force(PROVINCE_A),
			make_task_force(DISTRICT_A1),
			make_task_force(PROVINCE_B),
		)
		for i in range(3):
			make_member(tf_a, f"Roster Police {i}", agency=police)
		make_member(tf_a, "Roster Social", agency=social, task_force_role="Secretary")
		make_member(tf_a, "Roster Former", agency=social, start_date="2020-01-01", end_date="2021-01-01")
		make_member(tf_a1, "Roster District", agency=police)
		make_member(tf_b, "Roster B", agency=police_b)

	def independent_count(self, group_field, regions):
		counts = {}
		for m in frappe.get_all(
			"Task Force Member", filters={"region": ("in", regions), "is_active": 1}, fields=[group_field]
		):
			counts[m[group_field]] = counts.get(m[group_field], 0) + 1
		return counts

	def report_counts(self, group_by, user, key_field):
		with as_user(user):
			columns, data, _message, chart, summary = execute({"group_by": group_by, "active_only": 1})
		counts, current = {}, None
		for row in data:
			if row["indent"] == 0:
				current = row
			else:
				counts[row[key_field]] = counts.get(row[key_field], 0) + 1
				self.assertLessEqual(counts[row[key_field]], current["members"])
		groups = [row["members"] for row in data if row["indent"] == 0]
		self.assertEqual(sum(groups), summary[0]["value"])
		return counts

	def test_counts_per_task_force_and_agency_match_an_independent_count(self):
		regions_a = [PROVINCE_A, DISTRICT_A1, "11.02"]
		for group_by, field in (("Task Force", "task_force"), ("Agency", "agency")):
			counts = self.report_counts(group_by, self.users["admin_a"], field)
			self.assertEqual(counts, self.independent_count(field, regions_a), group_by)

	def test_report_stays_in_the_users_region(self):
		with as_user(self.users["focal_a1"]):
			_columns, data, *_ = execute({"group_by": "Task Force", "active_only": 1})
		members = [row for row in data if row["indent"] == 1]
		self.assertEqual(
			{row["full_name"] for row in members} & {"Roster District", "Roster B", "Roster Social"},
			{"Roster District"},
		)

	def test_inactive_members_only_when_asked(self):
		with as_user(self.users["admin_a"]):
			active = {r["full_name"] for r in execute({"active_only": 1})[1] if r["indent"]}
			everyone = {r["full_name"] for r in execute({"active_only": 0})[1] if r["indent"]}
		self.assertNotIn("Roster Former", active)
		self.assertIn("Roster Former", everyone)

	def test_an_unknown_region_filter_shows_nothing_without_an_error(self):
		"""The report runs while the user types in its Region filter: a half-typed region is no error (which
		would also turn it into a background report), it matches no one."""
		with as_user(self.users["admin_a"]):
			self.assertEqual(execute({"region": "Banjar"})[1], [])
