"""Agency contributions, from the users' side: the secretariat asks two agencies for a section; each agency's
member sees and writes only the one asked of their agency; a reminder goes out once before the due date to the
agency that has not submitted; the secretariat sees both and merges what was submitted into the report; another
province sees none of it."""

import frappe
from frappe.utils import add_days, today

from tppo_app.reporting.contributions import merge_contributions, send_due_reminders, submit_contribution
from tppo_app.reporting.doctype.task_force_report.test_task_force_report import member
from tppo_app.tests.report_scenario import make_scenario
from tppo_app.tests.utils import PROVINCE_A, TPPOTestCase, as_user, make_member, make_user

DOCTYPE = "Task Force Report Contribution"
YEAR = 2028


def agency_member(task_force: str, name: str, agency: str) -> str:
	user = make_user(name, "TPPO Viewer", (PROVINCE_A,))
	if not frappe.db.exists("Task Force Member", {"task_force": task_force, "user": user}):
		make_member(task_force, name, user=user, agency=agency, task_force_role="Member")
	return user


class TestTaskForceReportContribution(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.s = make_scenario()
		cls.tf = cls.s.tf[PROVINCE_A]
		cls.police, cls.social = cls.s.agencies["Scenario Police"], cls.s.agencies["Scenario Social Affairs"]
		cls.secretary, _m = member(cls.tf, "tfr-secretary", "Secretary")
		cls.police_user = agency_member(cls.tf, "tfr-police", cls.police)
		cls.social_user = agency_member(cls.tf, "tfr-social", cls.social)
		cls.admin_b = cls.s.users["admin_b"]
		cls.national_social_user = make_user("tfr-national-social", "TPPO Viewer", national=True)
		if not frappe.db.exists(
			"Task Force Member", {"task_force": cls.tf, "user": cls.national_social_user}
		):
			make_member(
				cls.tf,
				"tfr-national-social",
				user=cls.national_social_user,
				agency=cls.social,
				task_force_role="Member",
			)

	def setUp(self):
		for name in frappe.get_all(
			"Task Force Report", filters={"task_force": self.tf, "year": YEAR}, pluck="name"
		):
			frappe.db.delete(DOCTYPE, {"task_force_report": name})
			frappe.db.delete("Task Force Report", name)
		with as_user(self.secretary):
			self.report = (
				frappe.get_doc(doctype="Task Force Report", task_force=self.tf, year=YEAR).insert().name
			)
			self.asked = {
				agency: frappe.get_doc(
					doctype=DOCTYPE,
					task_force_report=self.report,
					agency=agency,
					section_title=title,
					request="Ringkas kegiatan tahun ini.",
					due_date=add_days(today(), 5),
				)
				.insert()
				.name
				for agency, title in ((self.police, "Penegakan Hukum"), (self.social, "Rehabilitasi Sosial"))
			}

	def test_each_agency_sees_and_writes_only_its_own(self):
		police, social = self.asked[self.police], self.asked[self.social]
		# Asked through a notification to the agency's member.
		self.assertEqual(
			frappe.get_all("Notification Log", filters={"document_name": police}, pluck="for_user"),
			[self.police_user],
		)
		with as_user(self.police_user):
			self.assertEqual(
				frappe.get_list(DOCTYPE, filters={"task_force_report": self.report}, pluck="name"), [police]
			)
			self.assertFalse(frappe.has_permission(DOCTYPE, doc=social))
			doc = frappe.get_doc(DOCTYPE, police)
			doc.content = "<p>12 kasus disidik, 9 P21.</p>"
			doc.save()
			# The request itself is the secretariat's.
			doc.due_date = add_days(today(), 30)
			self.assertRaises(frappe.PermissionError, doc.save)
			# The other agency's contribution: neither written nor submitted.
			other = frappe.get_doc(DOCTYPE, social)
			other.content = "<p>x</p>"
			self.assertRaises(frappe.PermissionError, other.save)
			self.assertRaises(frappe.PermissionError, submit_contribution, social)
			submit_contribution(police)
		self.assertEqual(frappe.db.get_value(DOCTYPE, police, "status"), "Submitted")
		self.assertEqual(frappe.db.get_value(DOCTYPE, social, "content"), None)

		# The secretary sees who contributed, and cannot submit for the agency.
		with as_user(self.secretary):
			rows = frappe.get_list(
				DOCTYPE, filters={"task_force_report": self.report}, fields=["name", "status"]
			)
			self.assertEqual({r.name: r.status for r in rows}, {police: "Submitted", social: "Requested"})
			self.assertRaises(frappe.PermissionError, submit_contribution, social)
		# A national viewer who sits on the task force for the social affairs agency sees that agency's only.
		national = make_user("tfr-national-social", "TPPO Viewer", national=True)
		if not frappe.db.exists("Task Force Member", {"task_force": self.tf, "user": national}):
			make_member(
				self.tf, "tfr-national-social", user=national, agency=self.social, task_force_role="Member"
			)
		with as_user(national):
			self.assertEqual(
				frappe.get_list(DOCTYPE, filters={"task_force_report": self.report}, pluck="name"), [social]
			)
			self.assertFalse(frappe.has_permission(DOCTYPE, doc=police))
		# Another province sees nothing of it.
		with as_user(self.admin_b):
			self.assertFalse(frappe.get_list(DOCTYPE, filters={"task_force_report": self.report}))
			self.assertRaises(frappe.PermissionError, merge_contributions, self.report)

	def test_reminder_before_the_due_date_once(self):
		police, social = self.asked[self.police], self.asked[self.social]
		with as_user(self.police_user):
			doc = frappe.get_doc(DOCTYPE, police)
			doc.content = "<p>Isi.</p>"
			doc.save()
			submit_contribution(police)
		asked = set(
			frappe.get_all(
				"Notification Log", filters={"document_name": ("in", [police, social])}, pluck="name"
			)
		)
		send_due_reminders()
		self.assertEqual(frappe.db.get_value(DOCTYPE, social, "reminder_sent_on").isoformat(), today())
		self.assertIsNone(frappe.db.get_value(DOCTYPE, police, "reminder_sent_on"))
		reminders = [
			n
			for n in frappe.get_all(
				"Notification Log",
				filters={"document_name": ("in", [police, social])},
				fields=["name", "for_user", "document_name"],
			)
			if n.name not in asked
		]
		# The agency that has not submitted, each of its members once; nothing to the one that has.
		self.assertEqual({n.document_name for n in reminders}, {social})
		self.assertEqual(
			sorted(n.for_user for n in reminders), sorted([self.social_user, self.national_social_user])
		)
		send_due_reminders()  # once only
		self.assertEqual(
			frappe.db.count("Notification Log", {"document_name": ("in", [police, social])}),
			len(asked) + len(reminders),
		)

	def test_the_secretariat_merges_what_was_submitted(self):
		police = self.asked[self.police]
		with as_user(self.police_user):
			doc = frappe.get_doc(DOCTYPE, police)
			doc.content = "<p>12 kasus disidik.</p>"
			doc.save()
			submit_contribution(police)
			# Only the secretariat merges.
			self.assertRaises(frappe.PermissionError, merge_contributions, self.report)
		with as_user(self.secretary):
			self.assertEqual(merge_contributions(self.report), 1)
		sections = frappe.db.get_value("Task Force Report", self.report, "agency_sections")
		self.assertIn("Penegakan Hukum", sections)
		self.assertIn("12 kasus disidik.", sections)
		self.assertNotIn("Rehabilitasi Sosial", sections)  # not submitted
		self.assertEqual(frappe.db.get_value(DOCTYPE, police, "status"), "Merged")
		# A merged contribution no longer changes; nobody writes the merged sections through a save.
		with as_user(self.police_user):
			doc = frappe.get_doc(DOCTYPE, police)
			doc.content = "<p>Diubah.</p>"
			self.assertRaises(frappe.ValidationError, doc.save)
		with as_user(self.secretary):
			report = frappe.get_doc("Task Force Report", self.report)
			report.agency_sections = "<p>Palsu.</p>"
			self.assertRaises(frappe.PermissionError, report.save)

	def test_bad_requests_are_refused(self):
		with as_user(self.police_user):
			doc = frappe.get_doc(
				doctype=DOCTYPE,
				task_force_report=self.report,
				agency=self.police,
				section_title="Sendiri",
				due_date=add_days(today(), 5),
			)
			self.assertRaises(frappe.PermissionError, doc.insert)
		with as_user(self.secretary):
			doc = frappe.get_doc(
				doctype=DOCTYPE,
				task_force_report=self.report,
				agency=self.police,
				section_title="Lampau",
				due_date=add_days(today(), -1),
			)
			self.assertRaises(frappe.ValidationError, doc.insert)
			doc = frappe.get_doc(
				doctype=DOCTYPE,
				task_force_report=self.report,
				agency=self.police,
				section_title="Status",
				status="Merged",
				due_date=add_days(today(), 5),
			)
			self.assertRaises(frappe.PermissionError, doc.insert)
