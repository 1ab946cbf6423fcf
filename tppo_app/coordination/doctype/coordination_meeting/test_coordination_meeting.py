"""Coordination meetings as the users who keep them: status from the data, minutes locked once approved and
changed by amendment, attendance rules, invitations with a calendar file, the follow-up review on a new
meeting's agenda, region scoping, the calendar and the printed minutes."""

import io

import frappe
from frappe.utils import add_days, getdate, today

from tppo_app.coordination.doctype.coordination_meeting.coordination_meeting import download_ics
from tppo_app.coordination.invitations import NoEmailAccountError
from tppo_app.coordination.meetings import (
	AttendanceBeforeMeetingError,
	InvalidInviteeError,
	MinutesNotReadyError,
	MissingRepresentativeError,
	UninvitedAttendeeError,
)
from tppo_app.tests.coordination_factories import (
	hold_meeting,
	make_meeting,
	make_recommendation,
	served_assets,
)
from tppo_app.tests.utils import (
	DISTRICT_A1,
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	as_user,
	make_agency,
	make_member,
	region_test_data,
)


def pdf_text(pdf: bytes) -> str:
	from pypdf import PdfReader

	return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


class TestCoordinationMeeting(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		data = region_test_data()
		cls.tf, cls.users = data["task_forces"], data["users"]
		cls.admin_a, cls.admin_b, cls.focal_a1 = (
			cls.users["admin_a"],
			cls.users["admin_b"],
			cls.users["focal_a1"],
		)
		cls.dp3a = make_agency("Meeting DP3A A", region=PROVINCE_A, agency_type="Social Affairs")
		cls.police = make_agency("Meeting Police A", region=PROVINCE_A)
		cls.ngo = make_agency("Meeting NGO A", region=PROVINCE_A, agency_type="Non-Governmental Organisation")
		cls.secretary = make_member(
			cls.tf[PROVINCE_A],
			"Meeting Secretary A",
			agency=cls.dp3a,
			task_force_role="Secretary",
			email="secretary.a@test.tppo.example",
		).name
		cls.officer = make_member(
			cls.tf[PROVINCE_A], "Meeting Officer A", agency=cls.police, email="officer.a@test.tppo.example"
		).name
		cls.district_member = make_member(cls.tf[DISTRICT_A1], "Meeting District A1", agency=cls.police).name
		cls.member_b = make_member(
			cls.tf[PROVINCE_B], "Meeting Member B", agency=make_agency("Meeting Police B", region=PROVINCE_B)
		).name

	def meeting(self, title, **values):
		values.setdefault("members", (self.secretary, self.officer))
		values.setdefault("user", self.admin_a)
		return make_meeting(self.tf[PROVINCE_A], title, **values)

	# ---- status, approval, amendment ---------------------------------------------------------------------

	def test_status_follows_the_data_and_minutes_lock_once_approved(self):
		planned = self.meeting("Status Planned", meeting_date=add_days(today(), 5))
		self.assertEqual(planned.status, "Planned")
		self.assertEqual([r.member for r in planned.attendance], [self.secretary, self.officer])
		self.assertTrue(all(r.invited and not r.attendance for r in planned.attendance))
		# Defaults from the task force: the secretariat organises.
		self.assertEqual(planned.region, PROVINCE_A)

		# Nobody attends a meeting that has not happened yet.
		planned.attendance[0].attendance = "Present"
		with as_user(self.admin_a), self.assertRaises(AttendanceBeforeMeetingError):
			planned.save()

		meeting = self.meeting("Status Held")
		self.assertEqual(meeting.status, "Planned")
		meeting.attendance[0].attendance = "Present"
		with as_user(self.admin_a):
			meeting.save()
			self.assertEqual(meeting.status, "Held")
			# Approving needs minutes and everyone's attendance marked.
			self.assertRaises(MinutesNotReadyError, meeting.submit)
		self.assertEqual(frappe.db.get_value("Coordination Meeting", meeting.name, "docstatus"), 0)
		meeting.reload()
		hold_meeting(meeting, {self.officer: "Absent"}, user=self.admin_a)
		self.assertEqual(meeting.attendance_rate, 50)
		recommendation = make_recommendation(
			meeting.name, "Status recommendation", self.police, user=self.admin_a
		)
		with as_user(self.admin_a):
			meeting.submit()
		self.assertEqual((meeting.status, meeting.approved_by), ("Minutes Approved", self.admin_a))

		# Approved minutes are locked: changing them means cancel and amend.
		meeting.reload()
		meeting.minutes = "<p>Changed after approval</p>"
		with as_user(self.admin_a), self.assertRaises(frappe.UpdateAfterSubmitError):
			meeting.save()
		with as_user(self.admin_a):
			meeting.reload()
			meeting.cancel()
			self.assertEqual(frappe.db.get_value("Coordination Meeting", meeting.name, "status"), "Cancelled")
			amended = frappe.copy_doc(meeting, ignore_no_copy=False)
			amended.amended_from = meeting.name
			amended.docstatus = 0
			amended.minutes = "<p>Corrected minutes</p>"
			amended.insert()
		self.assertEqual(amended.status, "Held")
		# It keeps the agenda as it was (no second follow-up review).
		self.assertEqual([r.topic for r in amended.agenda], [r.topic for r in meeting.agenda])
		# The amendment takes the recommendations along.
		self.assertEqual(frappe.db.get_value("Recommendation", recommendation.name, "meeting"), amended.name)

	# ---- invitations and attendance ----------------------------------------------------------------------

	def test_invitees_must_belong_to_the_meetings_task_forces(self):
		count = frappe.db.count("Coordination Meeting")
		with self.assertRaises(InvalidInviteeError) as raised:
			self.meeting("Joint needed", members=(self.secretary, self.district_member))
		self.assertIn("Joint Meeting", str(raised.exception))
		self.assertEqual(frappe.db.count("Coordination Meeting"), count)
		# A joint meeting with the district's task force may invite its members.
		joint = self.meeting(
			"Joint meeting",
			members=(self.secretary, self.district_member),
			agencies=(self.ngo,),
			other_task_forces=[{"task_force": self.tf[DISTRICT_A1]}],
		)
		self.assertEqual(len(joint.attendance), 3)
		self.assertEqual(joint.other_task_forces[0].level, "District")

	def test_bad_attendance_is_refused_and_nothing_saved(self):
		meeting = self.meeting("Attendance rules", agencies=(self.ngo,))
		modified = frappe.db.get_value("Coordination Meeting", meeting.name, "modified")

		# "Represented" needs the representative's name.
		meeting.attendance[0].attendance = "Represented"
		with as_user(self.admin_a), self.assertRaises(MissingRepresentativeError):
			meeting.save()

		# Someone not invited is recorded only with a name.
		meeting.reload()
		meeting.append("attendance", {"agency": self.police, "attendance": "Present"})
		with as_user(self.admin_a), self.assertRaises(UninvitedAttendeeError) as raised:
			meeting.save()
		self.assertIn("was not invited", str(raised.exception))
		self.assertEqual(frappe.db.get_value("Coordination Meeting", meeting.name, "modified"), modified)
		self.assertEqual(
			frappe.db.count(
				"Coordination Meeting Attendance", {"parent": meeting.name, "attendance": ("is", "set")}
			),
			0,
		)

		# With a name, they are welcome; the rate counts invitees only.
		meeting.reload()
		meeting.append(
			"attendance", {"agency": self.police, "attendee_name": "Walk-in Officer", "attendance": "Present"}
		)
		for row in meeting.attendance[:3]:
			row.attendance = "Present"
		meeting.attendance[1].attendance = "Represented"
		meeting.attendance[1].represented_by = "Deputy of the Officer"
		with as_user(self.admin_a):
			meeting.save()
		walk_in = meeting.attendance[-1]
		self.assertEqual((walk_in.attendee_name, walk_in.invited), ("Walk-in Officer", 0))
		self.assertEqual(meeting.attendance_rate, 100)
		self.assertEqual(meeting.status, "Held")

	def test_invitations_go_out_with_a_calendar_file(self):
		meeting = self.meeting(
			"Invitation meeting",
			meeting_date=add_days(today(), 7),
			agencies=(self.ngo,),
			online_link="https://meet.example/rakor",
		)
		frappe.local.outgoing_email_account = {}
		queued = frappe.db.count("Email Queue")

		# Without an outgoing email account nothing can be sent: one clear message, nothing recorded.
		frappe.clear_messages()
		with as_user(self.admin_a), self.assertRaises(NoEmailAccountError) as raised:
			meeting.send_invitations()
		self.assertIn("Email Account", str(raised.exception))
		self.assertEqual(len(frappe.get_message_log()), 1)
		frappe.clear_messages()
		# The calendar file can still be downloaded and shared.
		with as_user(self.admin_a):
			download_ics(meeting.name)
		self.assertEqual(frappe.response.filename, f"{meeting.name}.ics")
		self.assertIn("BEGIN:VEVENT", frappe.response.filecontent)
		self.assertIn("LOCATION:Ruang Rapat Test\\, https://meet.example/rakor", frappe.response.filecontent)
		with as_user(self.admin_b):
			self.assertRaises(frappe.PermissionError, download_ics, meeting.name)
		self.assertEqual(frappe.db.count("Email Queue"), queued)
		self.assertFalse(frappe.db.get_value("Coordination Meeting", meeting.name, "invitations_sent_on"))

		# With one, the invitation is queued with the .ics attached.
		account = frappe.get_doc(
			doctype="Email Account",
			email_account_name="Coordination Test Outgoing",
			email_id="rakor@test.tppo.example",
			enable_outgoing=1,
			default_outgoing=1,
			smtp_server="127.0.0.1",
			no_smtp_authentication=1,
		).insert(ignore_permissions=True)
		self.addCleanup(self._drop_account, account.name)
		frappe.local.outgoing_email_account = {}
		meeting.reload()
		with as_user(self.admin_a):
			result = meeting.send_invitations()
		self.assertEqual(result["sent"], 2)
		self.assertEqual(result["without_email"], [frappe.db.get_value("Agency", self.ngo, "agency_name")])
		queue = frappe.get_last_doc("Email Queue", filters={"reference_name": meeting.name})
		recipients = {r.recipient for r in queue.recipients}
		self.assertEqual(recipients, {"secretary.a@test.tppo.example", "officer.a@test.tppo.example"})
		message = queue.message
		self.assertIn(f"{meeting.name}.ics", message)
		self.assertIn("text/calendar", message)
		self.assertIn("BEGIN:VCALENDAR", _decoded_parts(message))
		meeting.reload()
		self.assertTrue(meeting.invitations_sent_on)
		self.assertTrue(all(row.invitation_sent_on for row in meeting.invitees if row.email))
		self.assertEqual(meeting.invitation_sequence, 0)
		with as_user(self.admin_a):
			meeting.send_invitations()
		self.assertEqual(frappe.db.get_value("Coordination Meeting", meeting.name, "invitation_sequence"), 1)

	def _drop_account(self, name):
		frappe.delete_doc("Email Account", name, ignore_permissions=True, force=True)
		frappe.local.outgoing_email_account = {}

	# ---- follow-up review on the agenda ------------------------------------------------------------------

	def test_a_new_meeting_opens_with_the_open_recommendations_of_earlier_ones(self):
		earlier = self.meeting("Carry-over earlier", meeting_date=add_days(today(), -40))
		hold_meeting(earlier, user=self.admin_a)
		due = add_days(today(), -5)
		open_one = make_recommendation(earlier.name, "Carry map vulnerable areas", self.police, due_date=due)
		in_progress = make_recommendation(
			earlier.name,
			"Carry train officers",
			self.dp3a,
			status="In Progress",
			progress_updates=[{"update_date": add_days(today(), -20), "note": "First training held"}],
		)
		make_recommendation(
			earlier.name,
			"Carry done already",
			self.dp3a,
			status="Done",
			progress_updates=[{"update_date": add_days(today(), -20), "note": "Done"}],
		)
		make_recommendation(
			earlier.name, "Carry dropped", self.dp3a, status="Dropped", drop_reason="No budget"
		)

		new = self.meeting("Carry-over next", meeting_date=add_days(today(), 3))
		review = new.agenda[0]
		self.assertTrue(review.is_follow_up_review)
		self.assertIn(open_one.name, review.details)
		self.assertIn(in_progress.name, review.details)
		self.assertIn("In Progress", review.details)
		self.assertIn("overdue", review.details)
		self.assertNotIn("Carry done already", review.details)
		self.assertNotIn("Carry dropped", review.details)
		self.assertEqual(new.agenda[1].topic, "Carry-over next: opening")
		# Visible in the form: saved with the meeting.
		self.assertEqual(
			frappe.db.get_value(
				"Coordination Meeting Agenda Item", {"parent": new.name, "idx": 1}, "is_follow_up_review"
			),
			1,
		)
		# Another task force's new meeting does not inherit them.
		district = make_meeting(self.tf[DISTRICT_A1], "Carry-over district", members=(self.district_member,))
		self.assertFalse(any(row.is_follow_up_review for row in district.agenda))

	# ---- region scoping ----------------------------------------------------------------------------------

	def test_another_province_sees_nothing(self):
		meeting = self.meeting("Scoped meeting A")
		district = make_meeting(
			self.tf[DISTRICT_A1], "Scoped meeting A1", members=(self.district_member,), user=self.focal_a1
		)
		with as_user(self.admin_b):
			names = frappe.get_list("Coordination Meeting", pluck="name")
			self.assertNotIn(meeting.name, names)
			self.assertNotIn(district.name, names)
			self.assertFalse(frappe.has_permission("Coordination Meeting", doc=meeting.name))
			self.assertFalse(frappe.has_permission("Coordination Meeting", "print", doc=meeting.name))
			# Nor can they create one for province A's task force.
			self.assertRaises(
				frappe.PermissionError,
				make_meeting,
				self.tf[PROVINCE_A],
				"Scoped intruder",
				members=(),
				user=self.admin_b,
			)
		with as_user(self.focal_a1):
			names = frappe.get_list("Coordination Meeting", pluck="name")
			self.assertIn(district.name, names)
			self.assertNotIn(meeting.name, names)
		with as_user(self.admin_a):
			names = frappe.get_list("Coordination Meeting", pluck="name")
			self.assertTrue({meeting.name, district.name} <= set(names))
			self.assertTrue(frappe.has_permission("Coordination Meeting", "write", doc=district.name))
		with as_user(self.users["reviewer"]):
			self.assertTrue(frappe.has_permission("Coordination Meeting", doc=meeting.name))
			self.assertFalse(frappe.has_permission("Coordination Meeting", "write", doc=meeting.name))

	def test_calendar_shows_the_users_meetings_and_moves_them(self):
		from frappe.desk.calendar import get_events

		meeting = self.meeting("Calendar meeting", meeting_date=add_days(today(), 12))
		args = dict(
			doctype="Coordination Meeting",
			start=add_days(today(), 10) + " 00:00:00",
			end=add_days(today(), 14) + " 00:00:00",
			field_map=frappe.as_json(
				{"start": "starts_at", "end": "ends_at", "id": "name", "title": "title"}
			),
			fields=frappe.as_json(["name", "title", "starts_at", "ends_at", "status", "docstatus"]),
		)
		with as_user(self.admin_a):
			events = {e.name: e for e in get_events(**args)}
		self.assertEqual(str(events[meeting.name].starts_at), add_days(today(), 12) + " 09:00:00")
		with as_user(self.admin_b):
			self.assertNotIn(meeting.name, {e.name for e in get_events(**args)})
		# Dragging it in the calendar writes starts_at/ends_at; date and times follow.
		new_start = add_days(today(), 13)
		with as_user(self.admin_a):
			meeting.reload()
			meeting.starts_at = new_start + " 13:00:00"
			meeting.ends_at = new_start + " 15:30:00"
			meeting.save()
		self.assertEqual((str(meeting.meeting_date), str(meeting.start_time)), (new_start, "13:00:00"))
		self.assertEqual(str(meeting.end_time), "15:30:00")

	# ---- printed minutes ---------------------------------------------------------------------------------

	def test_minutes_pdf_renders_with_the_meetings_data_on_the_region_letter_head(self):
		task_force_name = frappe.db.get_value("Task Force", self.tf[PROVINCE_A], "task_force_name")
		if not frappe.db.exists("Letter Head", task_force_name):
			frappe.get_doc(
				doctype="Letter Head",
				letter_head_name=task_force_name,
				source="HTML",
				content="<div style='text-align:center'><b>KOPSURAT PROVINSI UJI</b></div>",
			).insert(ignore_permissions=True)
		meeting = self.meeting(
			"Rakor Penyusunan Pergub",
			agenda=[{"topic": "Paparan data kasus", "details": "36 laporan polisi"}],
			agencies=(self.ngo,),
		)
		self.assertEqual(meeting.letter_head, task_force_name)
		hold_meeting(meeting, minutes="<p>Rapat menyepakati rancangan Pergub.</p>", user=self.admin_a)
		make_recommendation(meeting.name, "Finalkan rancangan Pergub", self.dp3a, user=self.admin_a)
		with as_user(self.admin_a):
			meeting.submit()
			with served_assets():
				pdf = frappe.get_print(
					"Coordination Meeting", meeting.name, print_format="Minutes", as_pdf=True
				)
				attendance_pdf = frappe.get_print(
					"Coordination Meeting", meeting.name, print_format="Attendance List", as_pdf=True
				)
		self.assertTrue(pdf.startswith(b"%PDF"))
		text = pdf_text(pdf)
		for expected in (
			"KOPSURAT PROVINSI UJI",
			"Rakor Penyusunan Pergub",
			meeting.name,
			"Paparan data kasus",
			"menyepakati rancangan Pergub",
			"Finalkan rancangan Pergub",
			"Meeting Secretary A",
		):
			self.assertIn(expected, text)
		self.assertTrue(attendance_pdf.startswith(b"%PDF"))
		attendance_text = pdf_text(attendance_pdf)
		self.assertIn("Meeting Secretary A", attendance_text)
		self.assertIn("Meeting NGO A", attendance_text)


def _decoded_parts(message: str) -> str:
	"""The text of every part of a MIME message, decoded (attachments are base64)."""
	import email

	parsed = email.message_from_string(message)
	return "\n".join(
		(part.get_payload(decode=True) or b"").decode("utf-8", "replace")
		for part in parsed.walk()
		if not part.is_multipart()
	)
