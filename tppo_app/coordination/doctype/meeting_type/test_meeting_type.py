"""Meeting types are a managed list: seeded national entries, regional entries seen only in their region."""

import frappe

from tppo_app.install import MEETING_TYPES
from tppo_app.tests.utils import TPPOTestCase, as_user, region_test_data


def reference_scoped() -> bool:
	"""Regional entries of a managed list are scoped by the reference-data permission hooks (hooks.py)."""
	return "Meeting Type" in (frappe.get_hooks("permission_query_conditions") or {})


class TestMeetingType(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = region_test_data()["users"]

	def test_seeded_types_and_a_provinces_own_entry(self):
		self.assertTrue(set(MEETING_TYPES) <= set(frappe.get_all("Meeting Type", pluck="name")))
		self.assertEqual(frappe.db.get_value("Meeting Type", "Case Conference", "is_case_conference"), 1)
		with as_user(self.users["admin_a"]):
			entry = frappe.get_doc(doctype="Meeting Type", meeting_type_name="Rapat Teknis Uji").insert()
			self.assertEqual(entry.name, "Rapat Teknis Uji (11)")
			self.assertIn("Coordination Meeting", frappe.get_list("Meeting Type", pluck="name"))

	def test_another_province_does_not_see_a_regional_entry(self):
		self.assertTrue(reference_scoped())
		name = frappe.db.get_value("Meeting Type", {"meeting_type_name": "Rapat Teknis B Uji"}) or (
			frappe.get_doc(doctype="Meeting Type", meeting_type_name="Rapat Teknis B Uji", region="12")
			.insert(ignore_permissions=True)
			.name
		)
		with as_user(self.users["admin_a"]):
			self.assertNotIn(name, frappe.get_list("Meeting Type", pluck="name"))
			self.assertFalse(frappe.has_permission("Meeting Type", doc=name))
		with as_user(self.users["admin_b"]):
			self.assertIn(name, frappe.get_list("Meeting Type", pluck="name"))
