"""Victim services: dates in order, status from the dates, overdue referrals flagged by the daily job, and a
victim's services shown in order on the victim's form."""

import frappe
from frappe.utils import add_days, today

from tppo_app.case_management import services
from tppo_app.tests.case_factories import case_users, make_case, make_service, make_victim, reset_response
from tppo_app.tests.utils import TPPOTestCase, as_user


class TestVictimService(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = case_users()
		cls.victim = make_victim("Layanan Korban", birth_date="2010-07-07", serial=31)
		cls.other_victim = make_victim("Layanan Lain", birth_date="2011-08-08", serial=32)
		cls.case = make_case("LP/TEST/SERVICES/1", victims=[cls.victim])

	def service(self, **values):
		values.setdefault("victim", self.victim)
		values.setdefault("service_type", "Psychosocial")
		values.setdefault("date_requested", "2024-06-01")
		return frappe.get_doc(doctype="Victim Service", **values)

	def test_dates_in_order_and_status_from_the_dates(self):
		count = frappe.db.count("Victim Service")
		invalid = (
			(dict(date_started="2024-05-20"), "before the victim was referred"),
			(dict(date_completed="2024-06-10"), "start date"),
			(dict(date_started="2024-06-05", date_completed="2024-06-02"), "before it started"),
			(dict(date_requested=add_days(today(), 2)), "future"),
		)
		for values, words in invalid:
			with self.assertRaises(services.ServiceDateError, msg=values) as raised:
				self.service(**values).insert(ignore_permissions=True)
			self.assertIn(words, str(raised.exception))
		self.assertEqual(frappe.db.count("Victim Service"), count)

		doc = self.service(date_started="2024-06-04").insert(ignore_permissions=True)
		self.assertEqual((doc.status, doc.days_to_start, doc.region), ("In Progress", 3, "11.01"))
		doc.date_completed = "2024-07-01"
		doc.save(ignore_permissions=True)
		self.assertEqual(doc.status, "Completed")

	def test_a_service_under_a_case_is_for_one_of_its_victims(self):
		self.assertRaises(
			services.ServiceCaseError,
			self.service(victim=self.other_victim, case=self.case).insert,
			ignore_permissions=True,
		)
		self.service(case=self.case, service_type="Legal Aid").insert(ignore_permissions=True)

	def test_overdue_referrals_are_flagged_daily(self):
		frappe.db.set_single_value("TPPO Settings", "overdue_referral_days", 10)
		waiting = self.service(service_type="Shelter", date_requested=add_days(today(), -11)).insert(
			ignore_permissions=True
		)
		fresh = self.service(service_type="Medical", date_requested=add_days(today(), -3)).insert(
			ignore_permissions=True
		)
		self.assertEqual((waiting.is_overdue, fresh.is_overdue), (1, 0))
		# Days pass: the job flags what became overdue and clears what started.
		frappe.db.set_single_value("TPPO Settings", "overdue_referral_days", 2)
		frappe.db.set_value(
			"Victim Service", waiting.name, {"date_started": today(), "status": "In Progress"}
		)
		services.flag_overdue_referrals()
		self.assertEqual(frappe.db.get_value("Victim Service", fresh.name, "is_overdue"), 1)
		self.assertEqual(frappe.db.get_value("Victim Service", waiting.name, "is_overdue"), 0)
		frappe.db.set_single_value("TPPO Settings", "overdue_referral_days", 14)

	def test_the_victims_form_shows_services_in_order(self):
		victim = make_victim("Layanan Urutan", birth_date="2009-09-09", serial=33)
		make_service(victim, "Shelter", "2024-06-10")
		make_service(victim, "Medical", "2024-06-01", date_started="2024-06-02")
		make_service(victim, "Legal Aid", "2024-06-05")
		with as_user(self.users["reviewer"]):
			reset_response()
			frappe.desk.form.load.getdoc("Victim", victim)
			timeline = frappe.response.docs[0].get_onload().services
		self.assertEqual([s.service_type for s in timeline], ["Medical", "Legal Aid", "Shelter"])
		self.assertFalse(any("notes" in s for s in timeline))
