"""Recommendations through their follow-up, as the people who own them: reminders before the due date,
escalation to the secretariat once overdue (the daily job, checked through Notification Log), the rules that
refuse bad input without saving, region scoping and "My Open Actions"."""

import frappe
from frappe.utils import add_days, getdate, today

from tppo_app import roles
from tppo_app.coordination.dashboard import my_open_action_names, my_open_actions
from tppo_app.coordination.follow_up import (
	InvalidDueDateError,
	MissingDropReasonError,
	MissingProgressError,
	send_follow_up_reminders,
)
from tppo_app.tests.coordination_factories import hold_meeting, make_meeting, make_recommendation
from tppo_app.tests.utils import (
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	as_user,
	make_agency,
	make_member,
	make_user,
	region_test_data,
)


def notified(recommendation: str) -> dict[str, set[str]]:
	"""Reminder type → users told, from the Notification Logs of the recommendation's reminder records."""
	out: dict[str, set[str]] = {}
	for reminder in frappe.get_all(
		"Recommendation Reminder",
		filters={"recommendation": recommendation},
		fields=["name", "reminder_type"],
	):
		users = frappe.get_all(
			"Notification Log",
			filters={"document_type": "Recommendation Reminder", "document_name": reminder.name},
			pluck="for_user",
		)
		out.setdefault(reminder.reminder_type, set()).update(users)
	return out


class TestRecommendation(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		data = region_test_data()
		cls.tf, cls.users = data["task_forces"], data["users"]
		cls.admin_a, cls.admin_b = cls.users["admin_a"], cls.users["admin_b"]
		cls.dp3a = make_agency("Follow-up DP3A A", region=PROVINCE_A, agency_type="Social Affairs")
		cls.police = make_agency("Follow-up Police A", region=PROVINCE_A)
		# The secretariat (a secretary with a user) and a responsible officer who is only a case worker.
		cls.secretary_user = make_user("followup-secretary-a", roles.PROVINCIAL_ADMIN, (PROVINCE_A,))
		cls.officer_user = make_user("followup-officer-a", roles.CASE_WORKER, (PROVINCE_A,))
		cls.bystander = make_user("followup-viewer-a", roles.VIEWER, (PROVINCE_A,))
		cls.secretary = make_member(
			cls.tf[PROVINCE_A],
			"Follow-up Secretary A",
			agency=cls.dp3a,
			task_force_role="Secretary",
			user=cls.secretary_user,
		).name
		cls.officer = make_member(
			cls.tf[PROVINCE_A], "Follow-up Officer A", agency=cls.police, user=cls.officer_user
		).name
		cls.meeting = make_meeting(
			cls.tf[PROVINCE_A],
			"Follow-up rakor",
			meeting_date=add_days(today(), -30),
			members=(cls.secretary, cls.officer),
			user=cls.admin_a,
		)
		hold_meeting(cls.meeting, user=cls.admin_a)
		cls.reminder_days = frappe.db.get_single_value("TPPO Settings", "reminder_days") or 7

	def test_lifecycle_reminder_then_escalation_then_done(self):
		rec = make_recommendation(
			self.meeting.name,
			"Map the vulnerable villages",
			self.police,
			due_date=add_days(today(), self.reminder_days - 2),
			responsible_member=self.officer,
			supporting_agencies=[{"agency": self.dp3a}],
			user=self.admin_a,
		)
		# The member's user becomes the responsible user, with a share to update it.
		self.assertEqual(rec.responsible_user, self.officer_user)
		self.assertEqual((rec.status, rec.is_overdue), ("Open", 0))

		# Within N days of the due date: a reminder to the responsible person, once.
		send_follow_up_reminders()
		self.assertEqual(notified(rec.name), {"Reminder": {self.officer_user}})
		send_follow_up_reminders()
		self.assertEqual(frappe.db.count("Recommendation Reminder", {"recommendation": rec.name}), 1)

		# The officer (a case worker: read-only by role) reports progress on their own action.
		with as_user(self.officer_user):
			self.assertTrue(frappe.has_permission("Recommendation", "write", doc=rec.name))
			doc = frappe.get_doc("Recommendation", rec.name)
			doc.status = "In Progress"
			doc.append(
				"progress_updates", {"update_date": today(), "note": "Mapping started in two districts"}
			)
			doc.save()
		self.assertEqual(doc.progress_updates[0].updated_by, self.officer_user)
		self.assertEqual(str(doc.last_update_on), today())

		# The due date passes (the meeting moved it earlier): overdue on save, escalated to the secretariat.
		doc.due_date = add_days(today(), -2)
		with as_user(self.admin_a):
			doc.save()
		self.assertEqual(doc.is_overdue, 1)
		self.assertEqual(send_follow_up_reminders(), {"reminders": 0, "escalations": 1})
		told = notified(rec.name)
		self.assertEqual(told["Escalation"], {self.secretary_user})
		self.assertNotIn(self.bystander, told["Escalation"] | told["Reminder"])
		self.assertEqual(send_follow_up_reminders()["escalations"], 0)

		# Done, with its progress: no longer overdue and nobody is reminded again.
		with as_user(self.officer_user):
			doc.reload()
			doc.append("progress_updates", {"update_date": today(), "note": "Map of 12 villages delivered"})
			doc.status = "Done"
			doc.save()
		self.assertEqual((doc.is_overdue, str(doc.completed_on)), (0, today()))
		self.assertEqual(send_follow_up_reminders(), {"reminders": 0, "escalations": 0})

	def test_escalation_without_responsible_user_and_daily_overdue_flag(self):
		rec = make_recommendation(
			self.meeting.name, "Set up the rapid reporting line", self.dp3a, due_date=add_days(today(), 20)
		)
		# The date passes without a save: the daily job sets the flag.
		frappe.db.set_value(
			"Recommendation", rec.name, "due_date", add_days(today(), -1), update_modified=False
		)
		send_follow_up_reminders()
		self.assertEqual(frappe.db.get_value("Recommendation", rec.name, "is_overdue"), 1)
		self.assertEqual(notified(rec.name), {"Escalation": {self.secretary_user}})
		# Postponed: the flag clears, and the new due date will be reminded of.
		frappe.db.set_value(
			"Recommendation", rec.name, "due_date", add_days(today(), 1), update_modified=False
		)
		result = send_follow_up_reminders()
		self.assertEqual(frappe.db.get_value("Recommendation", rec.name, "is_overdue"), 0)
		self.assertGreaterEqual(result["reminders"], 1)
		# Nobody responsible yet: the reminder goes to the secretariat.
		self.assertEqual(notified(rec.name)["Reminder"], {self.secretary_user})

	def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(self):
		count = frappe.db.count("Recommendation")
		with as_user(self.admin_a), self.assertRaises(InvalidDueDateError) as raised:
			make_recommendation(
				self.meeting.name,
				"Too early",
				self.police,
				due_date=add_days(today(), -31),
				user=self.admin_a,
			)
		self.assertIn("before the meeting", str(raised.exception))
		self.assertEqual(frappe.db.count("Recommendation"), count)

		rec = make_recommendation(self.meeting.name, "Educate on job offers", self.police, user=self.admin_a)
		with as_user(self.admin_a):
			doc = frappe.get_doc("Recommendation", rec.name)
			doc.status = "Done"
			with self.assertRaises(MissingProgressError) as raised:
				doc.save()
			self.assertIn("progress update", str(raised.exception))
			doc = frappe.get_doc("Recommendation", rec.name)
			doc.status = "Dropped"
			self.assertRaises(MissingDropReasonError, doc.save)
		self.assertEqual(frappe.db.get_value("Recommendation", rec.name, "status"), "Open")
		self.assertFalse(frappe.db.get_value("Recommendation", rec.name, "completed_on"))

		with as_user(self.admin_a):
			doc = frappe.get_doc("Recommendation", rec.name)
			doc.status = "Dropped"
			doc.drop_reason = "Merged into the provincial campaign"
			doc.save()
		self.assertEqual(frappe.db.get_value("Recommendation", rec.name, "status"), "Dropped")

	def test_another_province_sees_nothing_and_my_open_actions(self):
		direct = make_recommendation(
			self.meeting.name,
			"Direct action",
			self.police,
			responsible_user=self.secretary_user,
			user=self.admin_a,
		)
		via_member = make_recommendation(
			self.meeting.name,
			"Member action",
			self.dp3a,
			responsible_member=self.secretary,
			user=self.admin_a,
		)
		# Unlinking the user from the recommendation still leaves the member record pointing at them.
		frappe.db.set_value("Recommendation", via_member.name, "responsible_user", None)
		with as_user(self.admin_b):
			self.assertFalse(
				{direct.name, via_member.name} & set(frappe.get_list("Recommendation", pluck="name"))
			)
			self.assertFalse(frappe.has_permission("Recommendation", doc=direct.name))
			self.assertEqual(my_open_actions()["value"], 0)
		with as_user(self.secretary_user):
			mine = set(my_open_action_names())
			self.assertTrue({direct.name, via_member.name} <= mine)
			card = my_open_actions()
			self.assertEqual(card["value"], len(mine))
			self.assertEqual(card["route"], ["List", "Recommendation"])
		with as_user(self.users["reviewer"]):
			self.assertIn(direct.name, frappe.get_list("Recommendation", pluck="name"))
			self.assertFalse(frappe.has_permission("Recommendation", "write", doc=direct.name))
		self.assertEqual(getdate(direct.meeting_date), getdate(self.meeting.meeting_date))
		self.assertEqual(direct.region, PROVINCE_A)
