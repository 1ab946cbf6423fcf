"""Trainings: dates and scores checked, participants from the roster or by name, totals and score gain, the
region's scope, and the training shown on the action plan item it serves."""

import frappe
from frappe.desk.notifications import get_open_count

from tppo_app.capacity_building import trainings
from tppo_app.tests.utils import (
	DISTRICT_A1,
	PROVINCE_A,
	TPPOTestCase,
	as_user,
	make_item,
	make_member,
	make_plan,
	make_task_force,
	national_task_force,
	region_test_data,
)


def make_training(title, task_force, participants, **values):
	existing = frappe.db.get_value("Training", {"title": title}, "name")
	if existing:
		return frappe.get_doc("Training", existing)
	values.setdefault("start_date", "2025-02-10")
	values.setdefault("end_date", "2025-02-12")
	values.setdefault("place", "Banda Aceh")
	return frappe.get_doc(
		doctype="Training",
		title=title,
		topic=values.pop("topic", "Identifying Trafficking Victims"),
		task_force=task_force,
		participants=participants,
		**values,
	).insert(ignore_permissions=True)


class TestTraining(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = region_test_data()["users"]
		cls.tf_a, cls.tf_a1 = make_task_force(PROVINCE_A), make_task_force(DISTRICT_A1)
		cls.member = make_member(cls.tf_a, "Pelatihan Anggota", position="Penyidik").name

	def test_dates_scores_and_participants_are_checked(self):
		count = frappe.db.count("Training")
		base = dict(
			doctype="Training", title="Invalid", topic="Safe Migration", task_force=self.tf_a, place="X"
		)
		invalid = (
			(
				dict(start_date="2025-03-10", end_date="2025-03-09"),
				trainings.InvalidTrainingDatesError,
				"ends",
			),
			(
				dict(participants=[{"participant_name": "A", "sex": "Female", "post_test_score": 120}]),
				trainings.InvalidScoreError,
				"between 0 and 100",
			),
			(dict(participants=[{"sex": "Female"}]), trainings.InvalidParticipantError, "name"),
			(
				dict(
					participants=[
						{"participant_name": "Sama", "sex": "Male"},
						{"participant_name": "sama", "sex": "Male"},
					]
				),
				trainings.InvalidParticipantError,
				"twice",
			),
		)
		for values, error, words in invalid:
			values = {"start_date": "2025-03-10", "end_date": "2025-03-10", **values}
			with self.assertRaises(error, msg=values) as raised:
				frappe.get_doc({**base, **values}).insert(ignore_permissions=True)
			self.assertIn(words, str(raised.exception))
		self.assertEqual(frappe.db.count("Training"), count)

	def test_totals_and_score_gain(self):
		doc = make_training(
			"Pelatihan Identifikasi Korban A",
			self.tf_a,
			[
				{
					"task_force_member": self.member,
					"sex": "Female",
					"pre_test_score": 50,
					"post_test_score": 80,
				},
				{
					"participant_name": "Peserta Desa",
					"sex": "Male",
					"pre_test_score": 40,
					"post_test_score": 60,
				},
				{"participant_name": "Peserta Tanpa Tes", "sex": "Female"},
			],
		)
		self.assertEqual(doc.participants[0].participant_name, "Pelatihan Anggota")
		self.assertEqual(doc.participants[0].position, "Penyidik")
		self.assertEqual(doc.region, PROVINCE_A)
		self.assertEqual((doc.participant_count, doc.female_participants, doc.male_participants), (3, 2, 1))
		self.assertEqual((doc.average_pre_test, doc.average_post_test, doc.average_score_gain), (45, 70, 25))

	def test_region_scope(self):
		district = make_training(
			"Pelatihan Kabupaten A1", self.tf_a1, [{"participant_name": "Peserta A1", "sex": "Male"}]
		)
		province = make_training(
			"Pelatihan Provinsi A", self.tf_a, [{"participant_name": "Peserta A", "sex": "Male"}]
		)
		with as_user(self.users["focal_a1"]):
			visible = set(frappe.get_list("Training", pluck="name"))
		self.assertIn(district.name, visible)
		self.assertNotIn(province.name, visible)
		with as_user(self.users["admin_b"]):
			self.assertFalse(frappe.has_permission("Training", doc=district.name))

	def test_a_training_shows_on_its_action_plan_item(self):
		ran = make_plan(national_task_force(), "RAN", title="Training Test RAN")
		plan = make_plan(self.tf_a, "RAD", parent_plan=ran, title="Training Test RAD A")
		item = make_item(plan, "9.9.1", activity="Train UPPA investigators")
		doc = make_training(
			"Pelatihan untuk Rencana Aksi",
			self.tf_a,
			[{"participant_name": "Peserta Rencana", "sex": "Female"}],
			action_plan_item=item,
		)
		data = frappe.get_meta("Action Plan Item").get_dashboard_data()
		self.assertIn("Training", [d for group in data.transactions for d in group["items"]])
		counts = get_open_count("Action Plan Item", item)
		found = {row["doctype"]: row["count"] for row in counts["count"]["external_links_found"]}
		self.assertEqual(found.get("Training"), 1, counts)
		self.assertEqual(
			frappe.get_all("Training", filters={"action_plan_item": item}, pluck="name"), [doc.name]
		)
