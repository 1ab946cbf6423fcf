"""Cases: stages in order with their dates, verdicts after prosecutions, nothing dated in the future,
restitution and places checked, and every refusal leaves the database as it was."""

import frappe
from frappe.utils import add_days, today

from tppo_app.case_management import cases
from tppo_app.tests.case_factories import case_users, make_case, make_victim
from tppo_app.tests.utils import PROVINCE_A, PROVINCE_B, TPPOTestCase, as_user


def case_doc(number, stage, **dates):
	return frappe.get_doc(
		doctype="TPPO Case",
		police_report_number=number,
		police_report_date="2024-03-01",
		region=PROVINCE_A,
		stage=stage,
		**dates,
	)


class TestTPPOCase(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = case_users()

	def test_a_case_moves_through_its_stages_in_order(self):
		doc = case_doc("LP/TEST/STAGES/1", "Inquiry", inquiry_date="2024-03-01").insert(
			ignore_permissions=True
		)
		self.assertEqual(doc.case_status, "Open")
		steps = (
			("Investigation", "investigation_date", "2024-03-10"),
			("Case File Complete (P21)", "p21_date", "2024-05-01"),
			("Prosecution", "prosecution_date", "2024-05-20"),
			("Verdict", "verdict_date", "2024-08-15"),
			("Final Verdict", "final_verdict_date", "2024-09-01"),
		)
		for stage, fieldname, date in steps:
			doc.stage = stage
			doc.set(fieldname, date)
			if stage == "Verdict":
				doc.verdict, doc.sentence_months = "Convicted", 60
			doc.save(ignore_permissions=True)
		self.assertEqual(doc.case_status, "Closed")
		self.assertEqual(doc.sentence_months, 60)

	def test_stage_dates_out_of_order_are_refused_with_nothing_saved(self):
		count = frappe.db.count("TPPO Case")
		future = add_days(today(), 3)
		invalid = (
			# the stage reached has no date
			("Investigation", dict(inquiry_date="2024-03-01"), cases.MissingStageDateError, "enter the date"),
			# a later stage dated before an earlier one
			(
				"Investigation",
				dict(inquiry_date="2024-03-10", investigation_date="2024-03-01"),
				cases.StageOrderError,
				"cannot come before",
			),
			# a date for a stage the case has not reached
			(
				"Investigation",
				dict(investigation_date="2024-03-10", prosecution_date="2024-04-01"),
				cases.StageOrderError,
				"later stage",
			),
			# a verdict without a prosecution, and a verdict dated before the prosecution
			(
				"Verdict",
				dict(
					investigation_date="2024-03-10",
					p21_date="2024-04-01",
					verdict_date="2024-06-01",
					verdict="Convicted",
				),
				cases.VerdictBeforeProsecutionError,
				"prosecution",
			),
			(
				"Verdict",
				dict(prosecution_date="2024-06-10", verdict_date="2024-06-01", verdict="Convicted"),
				cases.VerdictBeforeProsecutionError,
				"cannot come before",
			),
			# dates in the future
			("Investigation", dict(investigation_date=future), cases.FutureStageDateError, "future"),
			# a case stopped after its file was complete
			(
				"Stopped (SP3)",
				dict(investigation_date="2024-03-10", p21_date="2024-04-01", sp3_date="2024-05-01"),
				cases.StageOrderError,
				"SP3",
			),
			# a verdict date without a verdict
			(
				"Verdict",
				dict(prosecution_date="2024-05-01", verdict_date="2024-06-01"),
				cases.InvalidVerdictError,
				"choose the verdict",
			),
		)
		for i, (stage, dates, error, words) in enumerate(invalid):
			with self.assertRaises(error, msg=(stage, dates)) as raised:
				case_doc(f"LP/TEST/INVALID/{i}", stage, **dates).insert(ignore_permissions=True)
			self.assertIn(words, str(raised.exception), (stage, dates))
		self.assertEqual(frappe.db.count("TPPO Case"), count)

		# Moving an existing case backwards in time is refused as well, and changes nothing.
		name = make_case("LP/TEST/EXISTING/1", stage="Investigation")
		doc = frappe.get_doc("TPPO Case", name)
		doc.investigation_date = "2024-01-01"
		self.assertRaises(cases.StageOrderError, doc.save, ignore_permissions=True)
		self.assertEqual(str(frappe.db.get_value("TPPO Case", name, "investigation_date")), "2024-05-20")

	def test_a_case_can_be_stopped_during_investigation(self):
		doc = case_doc(
			"LP/TEST/SP3/1",
			"Stopped (SP3)",
			inquiry_date="2024-03-01",
			investigation_date="2024-03-10",
			sp3_date="2024-06-01",
			sp3_reason="Insufficient evidence",
		).insert(ignore_permissions=True)
		self.assertEqual(doc.case_status, "Closed")

	def test_report_numbers_are_unique_and_restitution_consistent(self):
		make_case("LP/TEST/UNIQUE/1")
		with self.assertRaises(cases.DuplicatePoliceReportError):
			case_doc(" lp/test/unique/1 ", "Inquiry", inquiry_date="2024-03-01").insert(
				ignore_permissions=True
			)
		doc = case_doc(
			"LP/TEST/RESTITUTION/1",
			"Verdict",
			inquiry_date="2024-01-10",
			investigation_date="2024-01-20",
			prosecution_date="2024-04-01",
			verdict_date="2024-07-01",
			verdict="Acquitted",
			restitution_ordered=10_000_000,
		)
		self.assertRaises(cases.RestitutionError, doc.insert, ignore_permissions=True)
		doc.verdict, doc.restitution_paid = "Convicted", 12_000_000
		self.assertRaises(cases.RestitutionError, doc.insert, ignore_permissions=True)
		doc.restitution_paid, doc.restitution_paid_date = 4_000_000, "2024-08-01"
		doc.insert(ignore_permissions=True)
		self.assertEqual(doc.restitution_paid, 4_000_000)
		bad_place = case_doc(
			"LP/TEST/PLACE/1",
			"Inquiry",
			inquiry_date="2024-03-01",
			origin_region="11.01",
			origin_country="Malaysia",
		)
		self.assertRaises(cases.InvalidPlaceError, bad_place.insert, ignore_permissions=True)

	def test_victims_and_suspects_are_counted_and_victims_listed_once(self):
		victim = make_victim("Kasus Korban Satu", birth_date="1999-05-05", serial=21)
		doc = frappe.get_doc("TPPO Case", make_case("LP/TEST/PEOPLE/1", victims=[victim]))
		doc.append(
			"suspects", {"suspect_alias": "AB", "role_in_network": "Recruiter or Intermediary", "sex": "Male"}
		)
		doc.save(ignore_permissions=True)
		self.assertEqual((doc.number_of_victims, doc.number_of_suspects), (1, 1))
		self.assertEqual((doc.victims[0].sex, doc.victims[0].age_group), ("Female", "Adult"))
		doc.append("victims", {"victim": victim})
		self.assertRaises(cases.DuplicateCaseVictimError, doc.save, ignore_permissions=True)
		# The modus brings its usual form of exploitation.
		self.assertEqual(doc.exploitation_form, "Sexual Exploitation")

	def test_case_workers_keep_cases_of_their_own_region(self):
		with as_user(self.users["case_a"]):
			doc = case_doc("LP/TEST/CASEWORKER/A", "Inquiry", inquiry_date="2024-03-01")
			doc.insert()
			foreign = case_doc("LP/TEST/CASEWORKER/B", "Inquiry", inquiry_date="2024-03-01")
			foreign.region = PROVINCE_B
			self.assertRaises(frappe.PermissionError, foreign.insert)
		with as_user(self.users["case_b"]):
			self.assertFalse(frappe.has_permission("TPPO Case", doc=doc.name))
		for who in ("reviewer", "viewer", "admin_a"):
			with as_user(self.users[who]):
				self.assertTrue(frappe.has_permission("TPPO Case", doc=doc.name), who)
				self.assertFalse(frappe.has_permission("TPPO Case", "write", doc=doc.name), who)
		with as_user(self.users["focal_a1"]):
			self.assertFalse(frappe.has_permission("TPPO Case", "read"))
