"""Members: contact validation, and the region access that linking a user gives and takes away."""

import frappe
from frappe.utils import add_days, today

from tppo_app import roles
from tppo_app.task_force.doctype.task_force_member.task_force_member import InvalidPhoneError
from tppo_app.task_force.utils import end_expired_memberships
from tppo_app.tests.utils import (
	DISTRICT_A1,
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	as_user,
	make_member,
	make_task_force,
	make_user,
)


def region_permissions(user):
	return sorted(
		frappe.get_all("User Permission", filters={"user": user, "allow": "Region"}, pluck="for_value")
	)


class TestTaskForceMember(TPPOTestCase):
	def test_phone_numbers_are_normalised(self):
		tf = make_task_force(PROVINCE_A)
		for written in ("0812 3456 7890", "62-812-3456-7890", "+62 812 3456 7890"):
			member = make_member(tf, f"Phone {written}", mobile_no=written)
			self.assertEqual(member.mobile_no, "+6281234567890")

	def test_bad_contacts_are_refused_and_nothing_is_saved(self):
		tf = make_task_force(PROVINCE_A)
		count = frappe.db.count("Task Force Member")
		with self.assertRaises(InvalidPhoneError) as raised:
			make_member(tf, "Bad Phone", mobile_no="12345")
		self.assertIn("12345", str(raised.exception))
		self.assertRaises(frappe.InvalidEmailAddressError, make_member, tf, "Bad Email", email="not-an-email")
		self.assertRaises(
			frappe.ValidationError,
			make_member,
			tf,
			"Ends Early",
			start_date="2025-05-01",
			end_date="2025-01-01",
		)
		self.assertEqual(frappe.db.count("Task Force Member"), count)

	def test_a_person_can_serve_in_several_task_forces(self):
		user = make_user("two-hats", roles.DISTRICT_FOCAL_POINT, national=False)
		make_member(make_task_force(PROVINCE_A), "Two Hats", user=user)
		make_member(make_task_force(PROVINCE_B), "Two Hats", user=user)
		self.assertEqual(region_permissions(user), [PROVINCE_A, PROVINCE_B])

	def test_linking_a_user_grants_the_region_and_ending_the_membership_takes_it_away(self):
		user = make_user("member-linked", roles.DISTRICT_FOCAL_POINT, national=False)
		district_tf = make_task_force(DISTRICT_A1)
		member = make_member(district_tf, "Linked Member", user=user)
		self.assertEqual(region_permissions(user), [DISTRICT_A1])
		with as_user(user):
			self.assertEqual(set(frappe.get_list("Task Force", pluck="region")), {DISTRICT_A1})

		# The membership ends: the daily job takes the access away.
		member.db_set("end_date", add_days(today(), -1))
		end_expired_memberships()
		self.assertEqual(region_permissions(user), [])
		self.assertEqual(frappe.db.get_value("Task Force Member", member.name, "is_active"), 0)

	def test_deleting_or_unlinking_a_membership_takes_access_away(self):
		user = make_user("member-deleted", roles.DISTRICT_FOCAL_POINT, national=False)
		other = make_user("member-other", roles.DISTRICT_FOCAL_POINT, national=False)
		member = make_member(make_task_force(DISTRICT_A1), "Deleted Member", user=user)
		self.assertEqual(region_permissions(user), [DISTRICT_A1])

		member.user = other
		member.save()
		self.assertEqual((region_permissions(user), region_permissions(other)), ([], [DISTRICT_A1]))

		member.delete()
		self.assertEqual(region_permissions(other), [])

	def test_admins_own_grants_survive(self):
		user = make_user("member-manual", roles.PROVINCIAL_ADMIN, (PROVINCE_B,))
		member = make_member(make_task_force(PROVINCE_A), "Manual Grant", user=user)
		member.delete()
		self.assertEqual(region_permissions(user), [PROVINCE_B])

	def test_a_province_cannot_link_a_national_user(self):
		admin_a = make_user("admin-a", roles.PROVINCIAL_ADMIN, (PROVINCE_A,))
		reviewer = make_user("reviewer", roles.MINISTRY_REVIEWER)
		tf = make_task_force(PROVINCE_A)
		count = frappe.db.count("Task Force Member")
		with as_user(admin_a):
			doc = frappe.get_doc(
				doctype="Task Force Member",
				task_force=tf,
				full_name="National Person",
				agency=make_member(tf, "Agency Holder").agency,
				start_date="2025-01-01",
				user=reviewer,
			)
			self.assertRaises(frappe.PermissionError, doc.insert)
		self.assertEqual(frappe.db.count("Task Force Member"), count + 1)  # only "Agency Holder"
		self.assertEqual(region_permissions(reviewer), [])
