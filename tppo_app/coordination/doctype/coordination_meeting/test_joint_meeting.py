"""A joint meeting is seen by the regions of every task force taking part, and changed only by the organiser's."""

import frappe

from tppo_app.tests.coordination_factories import make_meeting
from tppo_app.tests.utils import DISTRICT_A1, PROVINCE_A, TPPOTestCase, as_user, region_test_data


class TestJointMeeting(TPPOTestCase):
	def test_taking_part_lets_a_district_see_the_provinces_meeting(self):
		data = region_test_data()
		tf, users = data["task_forces"], data["users"]
		meeting = make_meeting(
			tf[PROVINCE_A],
			"Rakor Gabungan Provinsi A",
			other_task_forces=[{"task_force": tf[DISTRICT_A1]}],
		).name
		only_province = make_meeting(tf[PROVINCE_A], "Rakor Internal Provinsi A").name

		with as_user(users["focal_a1"]):
			seen = set(frappe.get_list("Coordination Meeting", pluck="name"))
			self.assertIn(meeting, seen)
			self.assertNotIn(only_province, seen)
			self.assertTrue(frappe.has_permission("Coordination Meeting", "read", doc=meeting))
			self.assertFalse(frappe.has_permission("Coordination Meeting", "write", doc=meeting))
			doc = frappe.get_doc("Coordination Meeting", meeting)
			doc.venue = "Changed by a participant"
			self.assertRaises(frappe.PermissionError, doc.save)
		for outsider in ("focal_a2", "admin_b"):
			with as_user(users[outsider]):
				self.assertNotIn(meeting, frappe.get_list("Coordination Meeting", pluck="name"), outsider)
				self.assertFalse(frappe.has_permission("Coordination Meeting", "read", doc=meeting), outsider)
		with as_user(users["admin_a"]):
			self.assertTrue(frappe.has_permission("Coordination Meeting", "write", doc=meeting))
		self.assertEqual(frappe.db.get_value("Coordination Meeting", meeting, "venue"), "Ruang Rapat Test")
