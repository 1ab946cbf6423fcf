"""The holes a security review found, each tried the way an attacker would, each closed.

Region takeover by changing a record's region; approval trail fields forged by the client; a regional field
named to shadow a report column; counts and expressions that reveal victims' personal data; link search that
skips region scope; a case listing another region's victim; a province narrowing a national user.
"""

import json

import frappe

from tppo_app import roles
from tppo_app.action_plan.achievement_data import progress_rows
from tppo_app.approval.guards import StateLockedError
from tppo_app.case_management.privacy import PersonalDataFilterError
from tppo_app.overrides.endpoints import get_count
from tppo_app.permissions import RegionScopeError
from tppo_app.tests.case_factories import case_users, make_case, make_victim
from tppo_app.tests.utils import (
	DISTRICT_A1,
	DISTRICT_B1,
	PROVINCE_A,
	PROVINCE_B,
	RestClient,
	TPPOTestCase,
	act,
	as_user,
	make_item,
	make_member,
	make_plan,
	make_progress_report,
	make_task_force,
	make_user,
	national_task_force,
	region_test_data,
	resource,
)

VICTIM_NIK_B = "1201014403080003"  # 12.01.01, born 04-03-2008, woman


class TestSecurityReview(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		data = region_test_data()
		cls.tf, cls.users = data["task_forces"], {**data["users"], **case_users()}
		ran = make_plan(national_task_force(), "RAN", title="Security RAN")
		cls.plan = make_plan(cls.tf[PROVINCE_A], "RAD", parent_plan=ran, title="Security RAD A")
		make_item(cls.plan, "1.1", targets={2025: 10})
		cls.victim_b = make_victim(
			"Korban Provinsi B",
			region=DISTRICT_B1,
			nik=VICTIM_NIK_B,
			birth_date="2008-03-04",
			origin_region=DISTRICT_B1,
		)
		frappe.db.commit()  # nosemgrep: REST requests below run on their own connection

	def test_a_record_of_another_region_cannot_be_moved_into_ones_own(self):
		member_b = make_member(self.tf[PROVINCE_B], "Anggota Provinsi B").name
		with as_user(self.users["admin_a"]):
			# Moving B's member into A's task force would re-fetch the region as A's.
			foreign = frappe.get_doc("Task Force Member", member_b)
			foreign.task_force = self.tf[PROVINCE_A]
			self.assertRaises(frappe.PermissionError, foreign.save)
		with as_user(self.users["case_a"]):
			victim = frappe.get_doc("Victim", self.victim_b)
			victim.region = DISTRICT_A1  # Frappe checks the new value only; tppo_app checks the old one too
			self.assertRaises(frappe.PermissionError, victim.save)  # the stored record is out of scope
		self.assertEqual(frappe.db.get_value("Task Force Member", member_b, "region"), PROVINCE_B)
		self.assertEqual(frappe.db.get_value("Victim", self.victim_b, "region"), DISTRICT_B1)

	def test_the_approval_trail_belongs_to_the_server(self):
		focal = self.users["focal_a1"]
		report = make_progress_report(self.tf[DISTRICT_A1], self.plan, "2025-Q1", {"1.1": 3}, user=focal).name
		act(focal, report, "Submit")
		with as_user(focal):
			doc = frappe.get_doc("Progress Report", report)
			doc.next_approvers, doc.submitted_by = focal, self.users["admin_b"]
			doc.items[0].realised = 9
			# The forged approver list does not make the submitter an editor of the waiting report.
			self.assertRaises(StateLockedError, doc.save)
		stored = frappe.get_doc("Progress Report", report)
		self.assertEqual((stored.submitted_by, stored.next_approvers), (focal, self.users["admin_a"]))

		act(self.users["admin_a"], report, "Verify")
		act(self.users["reviewer"], report, "Approve")
		with as_user(self.users["admin_a"]):
			approved = frappe.get_doc("Progress Report", report)
			approved.approved_by = self.users["admin_a"]
			self.assertRaises(frappe.ValidationError, approved.save)
		self.assertEqual(
			frappe.db.get_value("Progress Report", report, "approved_by"), self.users["reviewer"]
		)

	def test_counts_follow_permissions_and_never_reveal_personal_fields(self):
		with as_user(self.users["admin_a"]):
			self.assertEqual(get_count("Task Force", {"region": PROVINCE_B}), 0)
			self.assertEqual(get_count("Task Force", {"region": PROVINCE_A}), 1)
		reviewer = RestClient(self.users["reviewer"])
		frappe.db.commit()  # nosemgrep: API keys must be visible to the request threads
		by_nik = reviewer.get(
			"/api/method/frappe.client.get_count",
			{"doctype": "Victim", "filters": json.dumps({"NIK": ["like", "1201%"]})},
		)
		self.assertEqual(by_nik.status, 403, by_nik.body[:300])
		expression = reviewer.get(
			resource("Victim"),
			{
				"fields": json.dumps(
					["name", "replace(name,name,NIK) as k", "replace(name,name,FULL_NAME) as n"]
				),
				"limit_page_length": "0",
			},
		)
		self.assertNotIn(VICTIM_NIK_B, expression.body)
		self.assertNotIn("Korban Provinsi B", expression.body)

	def test_link_search_keeps_region_scope(self):
		focal = RestClient(self.users["focal_a1"])
		frappe.db.commit()  # nosemgrep: API keys must be visible to the request threads
		response = focal.get(
			"/api/method/frappe.desk.search.search_link",
			{"doctype": "Task Force", "txt": "", "ignore_user_permissions": "1", "page_length": "500"},
		)
		self.assertEqual(response.status, 200, response.body[:300])
		found = {row["value"] for row in response.json["message"]}
		self.assertEqual(found & set(self.tf.values()), {self.tf[DISTRICT_A1]})

	def test_a_case_cannot_list_another_regions_victim(self):
		with as_user(self.users["case_a"]):
			case = frappe.get_doc("TPPO Case", make_case("LP/SEC/2024/001", region=PROVINCE_A))
			case.append("victims", {"victim": self.victim_b})
			self.assertRaises(frappe.PermissionError, case.save)
		self.assertFalse(frappe.db.exists("TPPO Case Victim", {"victim": self.victim_b}))

	def test_a_province_cannot_narrow_a_national_user(self):
		hotline = make_user("national-hotline", roles.CASE_WORKER, national=False)
		make_member(national_task_force(), "Hotline Nasional", user=hotline, start_date="2023-01-01")
		with as_user(self.users["admin_a"]):
			self.assertRaises(
				frappe.PermissionError,
				make_member,
				make_task_force(PROVINCE_A),
				"Hotline di Provinsi A",
				user=hotline,
			)
		# Only the national grant its national membership gives: no province was added.
		self.assertEqual(
			frappe.get_all(
				"User Permission", filters={"user": hotline, "allow": "Region"}, pluck="for_value"
			),
			["ID"],
		)


class TestRegionalFieldNames(TPPOTestCase):
	"""Apart from the REST tests above: those commit, and this class's regional field must not outlive it."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		data = region_test_data()
		cls.data_tf, cls.data_users = data["task_forces"], data["users"]
		ran = make_plan(national_task_force(), "RAN", title="Field Name RAN")
		cls.data_plan = make_plan(cls.data_tf[PROVINCE_A], "RAD", parent_plan=ran, title="Field Name RAD A")
		make_item(cls.data_plan, "1.1", targets={2025: 10})

	def test_a_regional_field_cannot_shadow_a_report_column(self):
		with as_user(self.data_users["admin_a"]):
			field = frappe.get_doc(
				doctype="Regional Field",
				label="Achievement Override",
				label_id="Capaian",
				fieldname="achievement",
				document_type="Progress Report",
				region=PROVINCE_A,
				fieldtype="Float",
				applies_to_rows=1,
				default="100",
			).insert()
		self.assertEqual(field.fieldname, "r11_achievement_override")
		report = make_progress_report(
			self.data_tf[DISTRICT_A1], self.data_plan, "2025-Q2", {"1.1": 3}, user=self.data_users["focal_a1"]
		)
		for user, action in (
			(self.data_users["focal_a1"], "Submit"),
			(self.data_users["admin_a"], "Verify"),
			(self.data_users["reviewer"], "Approve"),
		):
			act(user, report.name, action)
		row = next(r for r in progress_rows({"action_plan": self.data_plan}) if r.report == report.name)
		self.assertEqual(row.achievement, 30.0)


class TestRegionalValuesOnVictimServices(TPPOTestCase):
	"""A province's own field on Victim Service may hold personal data: only the region's case workers see it."""

	def test_only_case_workers_see_regional_values_of_services(self):
		from frappe.desk.form.load import getdoc

		from tppo_app.tests.case_factories import make_service, reset_response

		users = case_users()
		with as_user(users["admin_a"]):
			field = frappe.get_doc(
				doctype="Regional Field",
				label="Companion Phone",
				label_id="Nomor HP Pendamping",
				document_type="Victim Service",
				region=PROVINCE_A,
				fieldtype="Data",
			).insert()
		victim = make_victim("Korban Layanan A", region=DISTRICT_A1, serial=41)
		service = frappe.get_doc("Victim Service", make_service(victim, "Medical", "2024-06-03"))
		service.append("regional_values", {"regional_field": field.name, "value": "0812 0000 1111"})
		service.save(ignore_permissions=True)

		for who in ("reviewer", "admin_a", "viewer"):
			with as_user(users[who]):
				reset_response()
				getdoc("Victim Service", service.name)
				sent = frappe.response.docs[0]
				self.assertFalse(sent.get("regional_values"), who)
				self.assertNotIn("0812 0000 1111", json.dumps(sent, default=str), who)
		with as_user(users["case_a"]):
			reset_response()
			getdoc("Victim Service", service.name)
			self.assertEqual([v.value for v in frappe.response.docs[0].regional_values], ["0812 0000 1111"])
