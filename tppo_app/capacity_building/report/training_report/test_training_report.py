"""People trained per agency, topic and sex equal an independent count of the same participants, within the
user's region."""

import frappe

from tppo_app.capacity_building.report.training_report.training_report import execute
from tppo_app.tests.utils import (
	DISTRICT_A1,
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	as_user,
	make_agency,
	make_task_force,
	region_test_data,
)

TITLE = "Training Report Test {0}"


class TestTrainingReport(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = region_test_data()["users"]
		police = make_agency("Training Report Police A", region=PROVINCE_A)
		social = make_agency("Training Report Social A", region=PROVINCE_A, agency_type="Social Affairs")
		plans = (
			(
				make_task_force(PROVINCE_A),
				"Restitution",
				[(police, "Male", 40, 70), (police, "Female", 50, 90), (social, "Female", 0, 0)],
			),
			(make_task_force(DISTRICT_A1), "Safe Migration", [(social, "Male", 60, 70)]),
			(make_task_force(PROVINCE_B), "Restitution", [(police, "Female", 10, 20)]),
		)
		for i, (task_force, topic, people) in enumerate(plans):
			if frappe.db.exists("Training", {"title": TITLE.format(i)}):
				continue
			frappe.get_doc(
				doctype="Training",
				title=TITLE.format(i),
				topic=topic,
				task_force=task_force,
				start_date="2022-04-01",
				end_date="2022-04-02",
				place="Aula",
				participants=[
					{
						"participant_name": f"P{i}-{j}",
						"agency": a,
						"sex": s,
						"pre_test_score": pre,
						"post_test_score": post,
					}
					for j, (a, s, pre, post) in enumerate(people)
				],
			).insert(ignore_permissions=True)

	def run_as(self, user, group_by):
		with as_user(user):
			return execute({"group_by": group_by, "from_date": "2022-01-01", "to_date": "2022-12-31"})

	def test_counts_equal_an_independent_count_in_the_users_region(self):
		trainings = frappe.get_all(
			"Training",
			filters={
				"region": ("in", [PROVINCE_A, DISTRICT_A1, "11.02"]),
				"start_date": ("between", ["2022-01-01", "2022-12-31"]),
			},
			pluck="name",
		)
		people = frappe.get_all(
			"Training Participant", filters={"parent": ("in", trainings)}, fields=["agency", "sex"]
		)
		_columns, data, _message, chart, summary = self.run_as(self.users["admin_a"], "Agency")
		rows = {row["group"]: row for row in data if not row.get("is_total_row")}
		for agency in {p.agency for p in people}:
			name = frappe.db.get_value("Agency", agency, "agency_name")
			self.assertEqual(rows[name]["participants"], sum(1 for p in people if p.agency == agency), name)
		self.assertEqual(summary[1]["value"], len(people))
		self.assertEqual(data[-1]["women"], sum(1 for p in people if p.sex == "Female"))
		self.assertTrue(chart)

		# Gains average over the participants who took a test: (30 + 40 + 10) / 3.
		_columns, data, *_ = self.run_as(self.users["admin_a"], "Topic")
		topics = {row["group"]: row for row in data}
		self.assertEqual(topics["Restitution"]["average_gain"], 35)
		self.assertEqual(topics["Total"]["average_gain"], round((30 + 40 + 10) / 3, 1))

		# A district sees its own training only; province B none of A's.
		_columns, data, *_ = self.run_as(self.users["focal_a1"], "Topic")
		self.assertEqual([row["group"] for row in data if not row.get("is_total_row")], ["Safe Migration"])
		_columns, data, *_ = self.run_as(self.users["admin_b"], "Sex")
		self.assertEqual(data[-1]["participants"], 1)
