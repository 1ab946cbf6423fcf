"""The demo data loads on a site, twice, without errors or duplicates, and every demo login works."""

import frappe
from frappe.utils.password import check_password

from tppo_app import demo
from tppo_app.tests.utils import TPPOTestCase, as_user

DEMO_DOCTYPES = (
	"User",
	"Agency",
	"Task Force",
	"Sub Task Force",
	"Task Force Member",
	"User Permission",
	"Action Plan",
	"Action Plan Item",
	"Reporting Period",
	"Progress Report",
)


class TestDemoData(TPPOTestCase):
	def test_loads_twice_without_duplicates(self):
		demo.load()
		first = {dt: frappe.db.count(dt) for dt in DEMO_DOCTYPES}
		demo.load()
		second = {dt: frappe.db.count(dt) for dt in DEMO_DOCTYPES}
		self.assertEqual(first, second)

		# South Kalimantan has a task force for itself and each of its 13 regencies/cities.
		kalsel_districts = frappe.get_all("Region", filters={"parent_region": "63"}, pluck="name")
		self.assertEqual(len(kalsel_districts), 13)
		for region in ("ID", "63", "73", *kalsel_districts):
			self.assertTrue(frappe.db.exists("Task Force", {"region": region}), region)
		# South Sulawesi: set up by governor regulation for 2025-2030.
		sulsel = frappe.get_doc("Task Force", {"region": "73"})
		self.assertEqual((sulsel.legal_basis_type, str(sulsel.period_end)[:4]), ("Pergub", "2030"))
		self.assertEqual(
			frappe.db.get_value("Task Force", {"region": "73.71"}, "parent_task_force"), sulsel.name
		)

	def test_a_year_of_progress_reports_in_every_approval_state(self):
		demo.load()
		states = set(frappe.get_all("Progress Report", pluck="workflow_state"))
		self.assertEqual(states, {"Draft", "Submitted", "Returned", "Verified", "Approved"})
		for province in ("73", "63"):
			rad = frappe.get_doc("Action Plan", {"plan_type": "RAD", "region": province})
			self.assertEqual(frappe.db.get_value("Action Plan", rad.parent_plan, "plan_type"), "RAN")
			adopted = frappe.get_all(
				"Action Plan Item", filters={"action_plan": rad.name}, pluck="parent_item"
			)
			self.assertGreaterEqual(len([p for p in adopted if p]), 12)
		approved = frappe.get_doc("Progress Report", {"workflow_state": "Approved", "level": "District"})
		self.assertTrue(approved.submitted_by and approved.verified_by and approved.approved_by)

	def test_every_demo_login_works_with_its_role_and_region(self):
		demo.load()
		for user in demo.DEMO_USERS:
			check_password(user.email, demo.DEMO_PASSWORD)  # raises on a wrong password
			self.assertIn(user.role, frappe.get_roles(user.email))
			with as_user(user.email):
				regions = set(frappe.get_list("Task Force", pluck="region"))
			if user.region:
				self.assertIn(user.region, regions, user.email)
				self.assertTrue(
					all(r == user.region or r.startswith(user.region + ".") for r in regions), regions
				)
			else:
				self.assertIn("ID", regions, user.email)
