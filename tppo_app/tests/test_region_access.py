"""Region-scoped access, tested as each user: through list views, documents, link search and REST.

A district focal point of A1 sees nothing of A2 nor of province A; a provincial admin of A sees A and all of
its districts and nothing of B; national users see everything. Nothing here is specific to Task Force:
every doctype with a Link to Region gets the same rule from Frappe's User Permissions.
"""

import frappe
from frappe.desk.form.load import getdoc
from frappe.desk.reportview import get as reportview_get
from frappe.desk.search import search_link

from tppo_app.permissions import RegionScopeError
from tppo_app.tests.utils import (
	DISTRICT_A1,
	DISTRICT_A2,
	DISTRICT_B1,
	PROVINCE_A,
	PROVINCE_B,
	RestClient,
	TPPOTestCase,
	as_user,
	make_agency,
	region_test_data,
	resource,
)


class TestRegionAccess(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		data = region_test_data()
		cls.tf, cls.users = data["task_forces"], data["users"]
		# REST requests run on their own connection, as a web worker would: they see committed data only.
		frappe.db.commit()  # nosemgrep: test bootstrap shared with the REST worker threads

	def visible_regions(self, user, doctype="Task Force"):
		with as_user(user):
			return set(frappe.get_list(doctype, pluck="region", filters={"region": ("in", list(self.tf))}))

	def test_district_focal_point_sees_only_their_district(self):
		user = self.users["focal_a1"]
		self.assertEqual(self.visible_regions(user), {DISTRICT_A1})
		with as_user(user):
			self.assertTrue(frappe.has_permission("Task Force", doc=self.tf[DISTRICT_A1]))
			for region in (DISTRICT_A2, PROVINCE_A, PROVINCE_B, DISTRICT_B1):
				self.assertFalse(frappe.has_permission("Task Force", doc=self.tf[region]), region)
				# Opening the form is refused too.
				self.assertRaises(frappe.PermissionError, getdoc, "Task Force", self.tf[region])
			# The list view's own endpoint and the link search agree.
			frappe.local.form_dict = frappe._dict(
				doctype="Task Force", fields='["name", "region"]', filters="[]", page_length=500
			)
			response = reportview_get()
			region_column = response["keys"].index("region")
			self.assertEqual({row[region_column] for row in response["values"]} & set(self.tf), {DISTRICT_A1})
			found = {r["value"] for r in search_link("Task Force", "", page_length=100)}
			self.assertEqual(found & set(self.tf.values()), {self.tf[DISTRICT_A1]})

	def test_provincial_admin_sees_the_province_and_its_districts_only(self):
		self.assertEqual(self.visible_regions(self.users["admin_a"]), {PROVINCE_A, DISTRICT_A1, DISTRICT_A2})
		self.assertEqual(self.visible_regions(self.users["admin_b"]), {PROVINCE_B, DISTRICT_B1})
		with as_user(self.users["admin_a"]):
			self.assertFalse(frappe.has_permission("Task Force", "write", doc=self.tf[PROVINCE_B]))
			self.assertTrue(frappe.has_permission("Task Force", "write", doc=self.tf[DISTRICT_A2]))

	def test_national_users_see_every_region(self):
		for user in ("reviewer", "national", "viewer"):
			self.assertEqual(self.visible_regions(self.users[user]), set(self.tf), user)

	def test_regional_admin_cannot_create_or_move_records_outside_their_region(self):
		count = frappe.db.count("Task Force")
		with as_user(self.users["admin_a"]):
			doc = frappe.get_doc(
				doctype="Task Force",
				region="12.02",
				period_start="2025-01-01",
				period_end="2029-12-31",
				legal_basis_type="Perbup",
				legal_basis_number="X",
				legal_basis_date="2025-01-01",
			)
			self.assertRaises(frappe.PermissionError, doc.insert)
			# Moving one of their own to another province is refused as well.
			own = frappe.get_doc("Task Force", self.tf[DISTRICT_A2])
			own.region = "12.02"
			self.assertRaises(frappe.PermissionError, own.save)
		self.assertEqual(frappe.db.count("Task Force"), count)
		self.assertEqual(frappe.db.get_value("Task Force", self.tf[DISTRICT_A2], "region"), DISTRICT_A2)

	def test_rest_api_follows_the_same_scope(self):
		focal = RestClient(self.users["focal_a1"])
		admin_a = RestClient(self.users["admin_a"])
		reviewer = RestClient(self.users["reviewer"])
		frappe.db.commit()  # nosemgrep: API keys must be visible to the request threads

		for region in (DISTRICT_A2, PROVINCE_A, DISTRICT_B1):
			response = focal.get(resource("Task Force", self.tf[region]))
			self.assertEqual(response.status, 403, f"{region}: {response.body[:200]}")
		self.assertEqual(focal.get(resource("Task Force", self.tf[DISTRICT_A1])).status, 200)

		def listed(client):
			response = client.get(resource("Task Force"), {"fields": '["region"]', "limit_page_length": "0"})
			self.assertEqual(response.status, 200, response.body[:300])
			return {row["region"] for row in response.json["data"]} & set(self.tf)

		self.assertEqual(listed(focal), {DISTRICT_A1})
		self.assertEqual(listed(admin_a), {PROVINCE_A, DISTRICT_A1, DISTRICT_A2})
		self.assertEqual(listed(reviewer), set(self.tf))

		# Writing into another region through the API is refused and saves nothing.
		before = frappe.db.get_value("Task Force", self.tf[PROVINCE_B], "task_force_name")
		response = admin_a.put(resource("Task Force", self.tf[PROVINCE_B]), {"task_force_name": "Taken over"})
		self.assertEqual(response.status, 403)
		self.assertEqual(frappe.db.get_value("Task Force", self.tf[PROVINCE_B], "task_force_name"), before)

	def test_regional_managed_list_entries_stay_in_their_region(self):
		with as_user(self.users["admin_a"]):
			entry = frappe.get_doc(doctype="Agency Type", agency_type_name="Adat Council").insert()
			self.assertEqual(entry.region, PROVINCE_A)  # filled from the admin's region
			self.assertEqual(entry.name, f"Adat Council ({PROVINCE_A})")
			# Nor can they put an entry into another province.
			foreign = frappe.get_doc(
				doctype="Agency Type", agency_type_name="Foreign Entry", region=PROVINCE_B
			)
			self.assertRaises(RegionScopeError, foreign.insert)
			self.assertFalse(frappe.db.exists("Agency Type", {"agency_type_name": "Foreign Entry"}))
			# National entries are visible but read-only.
			national = frappe.get_doc("Agency Type", "Police")
			national.description = "changed by a province"
			self.assertFalse(frappe.has_permission("Agency Type", "write", doc=national))
			self.assertRaises(frappe.PermissionError, national.save)
			self.assertRaises(frappe.PermissionError, frappe.delete_doc, "Agency Type", "Police")
		with as_user(self.users["admin_b"]):
			types = set(frappe.get_list("Agency Type", pluck="name"))
			self.assertIn("Police", types)
			self.assertNotIn(entry.name, types)
		with as_user(self.users["focal_a1"]):
			# A province's entry is seen, read-only, in its districts.
			self.assertIn(entry.name, frappe.get_list("Agency Type", pluck="name"))
			self.assertTrue(frappe.has_permission("Agency Type", "read", doc=entry.name))
			self.assertFalse(frappe.has_permission("Agency Type", "write", doc=entry.name))
		self.assertFalse(frappe.db.get_value("Agency Type", "Police", "description"))

	def test_agencies_of_the_province_are_readable_in_its_districts(self):
		agency_a1 = make_agency("Access Test Agency A1", region=DISTRICT_A1, level="District")
		agency_a2 = make_agency("Access Test Agency A2", region=DISTRICT_A2, level="District")
		province_a = make_agency("Access Test Polda A", region=PROVINCE_A)
		agency_b = make_agency("Access Test Agency B", region=DISTRICT_B1, level="District")
		national = make_agency("Access Test National Agency", level="National", region=None)
		with as_user(self.users["focal_a1"]):
			names = set(frappe.get_list("Agency", pluck="name"))
			self.assertTrue(frappe.has_permission("Agency", "write", doc=agency_a1))
			self.assertFalse(frappe.has_permission("Agency", "write", doc=province_a))
			self.assertRaises(frappe.PermissionError, frappe.delete_doc, "Agency", province_a)
		self.assertTrue({agency_a1, province_a, national} <= names)  # national agencies: every region
		self.assertFalse({agency_a2, agency_b} & names)
