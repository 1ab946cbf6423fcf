"""The case demo loads twice without duplicates, at the scale the seed reports give for South Sulawesi, with
fake but structurally valid identities and a service for every victim."""

from collections import Counter

import frappe

from tppo_app import demo
from tppo_app.case_management import rules
from tppo_app.demo import cases as demo_cases
from tppo_app.regions import subtree
from tppo_app.tests.utils import TPPOTestCase

DOCTYPES = ("TPPO Case", "TPPO Case Suspect", "Victim", "Victim Service", "Training", "Training Participant")


class TestCaseDemo(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		demo.load()

	def test_loads_twice_without_duplicates(self):
		first = {dt: frappe.db.count(dt) for dt in DOCTYPES}
		demo_cases.load()
		self.assertEqual({dt: frappe.db.count(dt) for dt in DOCTYPES}, first)

	def test_south_sulawesi_2024_at_the_scale_of_the_seeds(self):
		sulsel = frappe.get_all(
			"TPPO Case",
			filters={
				"region": ("in", subtree("73")),
				"police_report_date": ("between", ["2024-01-01", "2024-12-31"]),
			},
			fields=["name", "modus", "stage", "restitution_ordered", "origin_region", "destination_country"],
		)
		names = [c.name for c in sulsel]
		self.assertEqual(len(sulsel), 36)
		self.assertEqual(frappe.db.count("TPPO Case Suspect", {"parent": ("in", names)}), 39)
		victims = frappe.get_all("TPPO Case Victim", filters={"parent": ("in", names)}, pluck="victim")
		self.assertEqual(len(set(victims)), 59)
		modus = Counter(c.modus for c in sulsel).most_common()
		self.assertEqual(modus[0][0], "Sexual Exploitation")
		self.assertGreaterEqual(len({c.stage for c in sulsel}), 6)
		self.assertTrue(any(c.restitution_ordered for c in sulsel))
		self.assertTrue(any(c.destination_country for c in sulsel))
		# South Kalimantan has cases too, among them the one reported in 2018.
		self.assertTrue(
			frappe.db.exists("TPPO Case", {"region": "63", "police_report_date": ("like", "2018%")})
		)

	def test_victims_are_fake_but_valid_and_all_served(self):
		for v in frappe.get_all(
			"Victim",
			filters={"nik": ("like", "73%")},
			fields=["name", "nik", "birth_date", "sex", "full_name", "age_group"],
		):
			self.assertEqual(rules.nik_problems(v.nik, v.birth_date, v.sex), [], v.name)
			self.assertIn(v.full_name.split()[-1], demo_cases.FAKE_SURNAMES)
			self.assertTrue(frappe.db.exists("Victim Service", {"victim": v.name}), v.name)
		trainings = frappe.get_all("Training", fields=["name", "participant_count", "action_plan_item"])
		self.assertGreaterEqual(len(trainings), 5)
		self.assertTrue(all(t.participant_count for t in trainings))
		self.assertTrue(any(t.action_plan_item for t in trainings))
