"""Access that fails closed, tried from the attacker's side: each finding of the access issue, refused with
nothing disclosed, and the access lifecycle step by step (after each step the user sees exactly their regions).

Province A (11) with districts A1 (11.01) and A2 (11.02), province B (12) with district B1 (12.01).
"""

import json

import frappe
from frappe.utils import add_days, today

from tppo_app import roles
from tppo_app.access.grants import AccessAdministrationError, own_regions, set_regional_roles
from tppo_app.regions import get_user_regions, has_no_scope
from tppo_app.task_force.utils import end_expired_memberships
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
	make_member,
	make_user,
	region_test_data,
	resource,
	rest_client,
)

ALL_TEST_REGIONS = (PROVINCE_A, DISTRICT_A1, DISTRICT_A2, PROVINCE_B, DISTRICT_B1)


def visible_task_forces(user: str) -> set[str]:
	"""The test regions whose task force the user can list."""
	with as_user(user):
		return set(
			frappe.get_list("Task Force", filters={"region": ("in", ALL_TEST_REGIONS)}, pluck="region")
		)


def new_membership(task_force: str, full_name: str, agency: str, **values):
	"""An unsaved membership, inserted by the test as the user who would try it."""
	values.setdefault("start_date", "2025-01-01")
	return frappe.get_doc(
		doctype="Task Force Member", task_force=task_force, full_name=full_name, agency=agency, **values
	)


def changes_logged(user: str) -> list[str]:
	return frappe.get_all(
		"Access Change Log", filters={"user": user}, pluck="change", order_by="creation asc, changed_on asc"
	)


class TestAccessLifecycle(TPPOTestCase):
	"""Grant, change region, end, re-open, unlink, delete, daily job: exactly the regions, nothing more."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		data = region_test_data()
		cls.tf, cls.users = data["task_forces"], data["users"]
		cls.agency = make_agency("Lifecycle Agency", region=PROVINCE_A)

	def new_user(self, name: str, role: str = roles.CASE_WORKER) -> str:
		return make_user(name, role, national=False)

	def test_a_user_without_region_sees_nothing(self):
		user = self.new_user("no-region-viewer", roles.VIEWER)
		self.assertTrue(has_no_scope(user))
		self.assertEqual(visible_task_forces(user), set())
		with as_user(user):
			self.assertEqual(frappe.get_list("Victim", limit=5), [])
			self.assertEqual(frappe.get_list("Progress Report Item", parent_doctype="Progress Report"), [])
			self.assertFalse(frappe.has_permission("Task Force", doc=self.tf[PROVINCE_A]))

	def test_each_step_of_the_lifecycle(self):
		user = self.new_user("lifecycle-worker")
		admin = self.users["admin_a"]
		self.assertEqual(visible_task_forces(user), set())

		with as_user(admin):
			member = new_membership(self.tf[DISTRICT_A1], "Lifecycle Worker", self.agency, user=user).insert()
		self.assertEqual(visible_task_forces(user), {DISTRICT_A1}, "granted")

		with as_user(admin):
			member.reload()
			member.task_force = self.tf[DISTRICT_A2]
			member.save()
		self.assertEqual(visible_task_forces(user), {DISTRICT_A2}, "moved to another district")

		with as_user(admin):
			member.reload()
			member.end_date = add_days(today(), -1)
			member.save()
		self.assertEqual(visible_task_forces(user), set(), "membership ended")
		self.assertTrue(has_no_scope(user))
		self.assertIn("Region Withdrawn", changes_logged(user))
		self.assertIn("Sessions Ended", changes_logged(user))

		with as_user(admin):
			member.reload()
			member.end_date = None
			member.save()
		self.assertEqual(visible_task_forces(user), {DISTRICT_A2}, "membership re-opened")

		with as_user(admin):
			member.reload()
			member.user = None
			member.save()
		self.assertEqual(visible_task_forces(user), set(), "user unlinked")

		with as_user(admin):
			member.reload()
			member.user = user
			member.save()
			self.assertEqual(visible_task_forces(user), {DISTRICT_A2})
			member.delete()
		self.assertEqual(visible_task_forces(user), set(), "membership deleted")

		# The daily job: a membership whose end date has passed since it was saved.
		with as_user(admin):
			member = new_membership(
				self.tf[DISTRICT_A1],
				"Lifecycle Worker",
				self.agency,
				end_date=add_days(today(), 30),
				user=user,
			).insert()
		self.assertEqual(visible_task_forces(user), {DISTRICT_A1})
		frappe.db.set_value("Task Force Member", member.name, "end_date", add_days(today(), -1))
		end_expired_memberships()
		self.assertEqual(visible_task_forces(user), set(), "ended by the daily job")

		logged = frappe.get_all(
			"Access Change Log",
			filters={"user": user, "change": ("in", ("Region Granted", "Region Withdrawn"))},
			fields=["change", "region", "changed_by"],
		)
		self.assertEqual(sum(1 for row in logged if row.change == "Region Granted"), 5)
		self.assertEqual(sum(1 for row in logged if row.change == "Region Withdrawn"), 5)

	def test_shares_end_with_the_region(self):
		"""A share the app made (a recommendation's responsible user) would outlive any permission hook."""
		user = self.new_user(f"shared-{frappe.generate_hash(length=6)}", roles.DISTRICT_FOCAL_POINT)
		member = make_member(self.tf[DISTRICT_A1], "Shared Worker", agency=self.agency, user=user)
		frappe.share.add_docshare(
			"Task Force", self.tf[PROVINCE_B], user, read=1, flags={"ignore_share_permission": True}
		)
		with as_user(user):
			self.assertIn(PROVINCE_B, visible_task_forces(user))
		with as_user(self.users["admin_a"]):
			member.reload()
			member.end_date = add_days(today(), -1)
			member.save()
		self.assertFalse(frappe.db.exists("DocShare", {"user": user, "share_doctype": "Task Force"}))
		self.assertEqual(visible_task_forces(user), set())

	def test_ending_the_last_membership_never_widens_access(self):
		"""Finding 1: the case worker who left used to become national and read every victim by name."""
		from tppo_app.tests.case_factories import make_victim

		victim_b = make_victim("Korban Provinsi B", region=DISTRICT_B1, serial=801, origin_region="12.01")
		user = self.new_user("leaving-worker")
		member = make_member(self.tf[PROVINCE_A], "Leaving Worker", agency=self.agency, user=user)
		with as_user(user):
			self.assertNotIn(victim_b, frappe.get_list("Victim", pluck="name", limit=0))
		with as_user(self.users["admin_a"]):
			member.reload()
			member.end_date = add_days(today(), -1)
			member.save()
		with as_user(user):
			self.assertEqual(frappe.get_list("Victim", pluck="name", limit=0), [])
			self.assertFalse(frappe.has_permission("Victim", doc=victim_b))
		self.assertEqual(get_user_regions(user), ["(none)"])


class TestWhoMayGrantAccess(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		data = region_test_data()
		cls.tf, cls.users = data["task_forces"], data["users"]
		cls.agency = make_agency("Grant Agency", region=PROVINCE_A)
		cls.case_b = make_user("grant-case-b", roles.CASE_WORKER, (PROVINCE_B,))

	def member(self, task_force: str, name: str, **values):
		return new_membership(task_force, name, self.agency, **values)

	def test_focal_point_cannot_hand_out_access(self):
		"""Finding 2: a focal point linked a case worker of another province to its own task force."""
		with as_user(self.users["focal_a1"]):
			self.assertRaises(
				AccessAdministrationError,
				self.member(self.tf[DISTRICT_A1], "Borrowed Worker", user=self.case_b).insert,
			)
			# Members without a user stay the focal point's to keep up to date.
			plain = self.member(self.tf[DISTRICT_A1], "Plain Member").insert()
			plain.position = "Staf"
			plain.save()
		self.assertEqual(own_regions(self.case_b), [PROVINCE_B])

	def test_focal_point_cannot_end_a_membership_that_has_a_user(self):
		user = make_user("fp-end-target", roles.DISTRICT_FOCAL_POINT, national=False)
		member = make_member(self.tf[DISTRICT_A1], "End Target", agency=self.agency, user=user)
		with as_user(self.users["focal_a1"]):
			member.reload()
			member.end_date = add_days(today(), -1)
			self.assertRaises(AccessAdministrationError, member.save)
			self.assertRaises(AccessAdministrationError, member.delete)
		self.assertEqual(visible_task_forces(user), {DISTRICT_A1})

	def test_provincial_admin_cannot_take_another_provinces_user(self):
		with as_user(self.users["admin_a"]):
			self.assertRaises(
				AccessAdministrationError,
				self.member(self.tf[PROVINCE_A], "Other Province Worker", user=self.case_b).insert,
			)

	def test_national_viewer_cannot_be_narrowed(self):
		"""Finding 11: the national viewer is national by an explicit grant, which no province overrides."""
		viewer = self.users["viewer"]
		for actor in ("focal_a1", "admin_a"):
			with as_user(self.users[actor]):
				self.assertRaises(
					AccessAdministrationError,
					self.member(self.tf[DISTRICT_A1], "National Viewer", user=viewer).insert,
				)
		self.assertIsNone(get_user_regions(viewer))

	def test_provincial_admin_grants_and_withdraws_regional_roles(self):
		user = make_user("role-target", roles.VIEWER, national=False)
		make_member(self.tf[DISTRICT_A2], "Role Target", agency=self.agency, user=user)
		frappe.db.set_value("User", user, "role_profile_name", roles.VIEWER)
		with as_user(self.users["admin_a"]):
			set_regional_roles(user, [roles.CASE_WORKER], "Manajer kasus baru di UPTD")
		self.assertIn(roles.CASE_WORKER, frappe.get_roles(user))
		self.assertNotIn(roles.VIEWER, frappe.get_roles(user))
		# Saving the user again does not refill the withdrawn role from a profile.
		frappe.get_doc("User", user).save(ignore_permissions=True)
		self.assertNotIn(roles.VIEWER, frappe.get_roles(user))
		log = frappe.get_all(
			"Access Change Log",
			filters={"user": user, "change": ("in", ("Role Granted", "Role Withdrawn"))},
			fields=["change", "role", "changed_by", "reason"],
		)
		self.assertEqual(
			{(r.change, r.role) for r in log},
			{("Role Granted", roles.CASE_WORKER), ("Role Withdrawn", roles.VIEWER)},
		)
		self.assertTrue(all(r.changed_by == self.users["admin_a"] and r.reason for r in log))

		# What a provincial admin may not do: a focal point grants nothing, nobody grants beyond the regional
		# roles, a province never manages another province's user, and a reason is always given.
		with as_user(self.users["focal_a1"]):
			self.assertRaises(frappe.PermissionError, set_regional_roles, user, [roles.VIEWER], "x")
		with as_user(self.users["admin_a"]):
			self.assertRaises(frappe.PermissionError, set_regional_roles, user, [roles.PROVINCIAL_ADMIN], "x")
			self.assertRaises(frappe.PermissionError, set_regional_roles, user, [roles.NATIONAL_ADMIN], "x")
			self.assertRaises(frappe.ValidationError, set_regional_roles, user, [roles.VIEWER], "  ")
		with as_user(self.users["admin_b"]):
			self.assertRaises(frappe.PermissionError, set_regional_roles, user, [roles.VIEWER], "x")
		self.assertEqual(
			set(frappe.get_roles(user)) & set(roles.ALL_ROLES), {roles.CASE_WORKER}, "nothing changed"
		)

	def test_only_the_ministry_cancels_an_approved_report(self):
		with as_user(self.users["admin_a"]):
			self.assertFalse(frappe.has_permission("Progress Report", "cancel"))
		with as_user(self.users["reviewer"]):
			self.assertTrue(frappe.has_permission("Progress Report", "cancel"))


class TestReadPaths(TPPOTestCase):
	"""Findings 3 to 10 through the REST API, as the users who would try them."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from tppo_app.tests.case_factories import case_users, make_case, make_victim
		from tppo_app.tests.coordination_factories import make_meeting
		from tppo_app.tests.report_scenario import make_scenario

		cls.s = make_scenario()  # the action-plan data the report tests share: no plans of its own
		cls.users = {**cls.s.users, **case_users()}
		cls.tf = cls.s.tf
		cls.victim = make_victim(
			"Zulaikha Rahasiawati",
			region=DISTRICT_A1,
			serial=811,
			phone="081234567811",
			address="Jalan Rahasia Nomor 11",
		)
		cls.nik = frappe.db.get_value("Victim", cls.victim, "nik")
		cls.case = make_case("LP/TEST/ACCESS/2024/11", region=PROVINCE_A, victims=[cls.victim])
		meeting = make_meeting(
			cls.tf[PROVINCE_A], "Rakor Rahasia A", agencies=(make_agency("Invitee Agency A"),)
		)
		cls.meeting = meeting.name
		file = frappe.get_doc(
			doctype="File",
			file_name="ktp-zulaikha.txt",
			content=b"scan of an identity card",
			is_private=1,
			attached_to_doctype="Victim",
			attached_to_name=cls.victim,
		).insert(ignore_permissions=True)
		cls.file = file.name
		frappe.get_doc("Victim", cls.victim).add_comment("Comment", "Catatan tentang Zulaikha")
		frappe.db.commit()  # nosemgrep: REST requests run on their own connection

	def rest(self, key: str) -> RestClient:
		return rest_client(self.users[key])

	def regions_of(self, doctype: str, names) -> set[str]:
		return set(frappe.get_all(doctype, filters={"name": ("in", list(names) or [""])}, pluck="region"))

	def assert_no_personal_data(self, body: str, where: str):
		for secret in ("Zulaikha", "Rahasiawati", self.nik, "081234567811", "Rahasia Nomor"):
			self.assertNotIn(secret, body, f"{where}: {secret}")

	def test_child_tables_follow_their_parent(self):
		"""Finding 3: /api/resource/<child>?parent=... returned every region's rows."""
		response = self.rest("admin_b").get(
			resource("Progress Report Item"),
			{"parent": "Progress Report", "fields": '["parent"]', "limit_page_length": 0},
		)
		self.assertEqual(response.status, 200, response.body)
		parents = {row["parent"] for row in response.json["data"]}
		self.assertTrue(parents, "province B sees its own rows")
		self.assertLessEqual(self.regions_of("Progress Report", parents), {PROVINCE_B, DISTRICT_B1})

		for child, parent in (
			("Coordination Meeting Invitee", "Coordination Meeting"),
			("Regional Value", "Victim Service"),
			("Regional Value", "Progress Report"),
			("TPPO Case Victim", "TPPO Case"),
		):
			response = self.rest("focal_a2").get(
				resource(child), {"parent": parent, "fields": '["parent"]', "limit_page_length": 0}
			)
			parents = {row["parent"] for row in (response.json or {}).get("data") or []}
			self.assertNotIn(self.meeting, parents, child)
			self.assertNotIn(self.case, parents, child)

	def test_link_search_ignoring_user_permissions_keeps_scope(self):
		"""Finding 4: doctypes with a permission hook were exempt from the check."""
		for doctype, leaked in (
			("Coordination Meeting", self.meeting),
			("Action Plan", self.s.plans.rad_a1),
			("TPPO Case", self.case),
		):
			response = self.rest("admin_b").get(
				"/api/method/frappe.desk.search.search_link",
				{"doctype": doctype, "txt": "", "ignore_user_permissions": 1, "page_length": 500},
			)
			self.assertNotIn(leaked, response.body, doctype)

	def test_victim_attachments_and_comments_are_personal_data(self):
		"""Finding 5: attachments and comments of a victim were readable by every role that reads victims."""
		for key in ("reviewer", "viewer", "admin_a"):
			client = self.rest(key)
			form = client.get(
				"/api/method/frappe.desk.form.load.getdoc", {"doctype": "Victim", "name": self.victim}
			)
			if form.status == 200:
				docinfo = form.json["docinfo"]
				self.assertEqual(docinfo["attachments"], [], key)
				self.assertEqual(docinfo["comments"], [], key)
			self.assert_no_personal_data(form.body, f"getdoc as {key}")
			files = client.get(resource("File"), {"fields": '["name", "file_name"]', "limit_page_length": 0})
			self.assertNotIn("ktp-zulaikha", files.body, key)
			self.assertNotEqual(client.get(resource("File", self.file)).status, 200, key)
			comments = client.get(
				resource("Comment"),
				{"filters": json.dumps({"reference_name": self.victim}), "fields": '["content"]'},
			)
			self.assertNotIn("Catatan", comments.body, key)
		form = self.rest("case_a").get(
			"/api/method/frappe.desk.form.load.getdoc", {"doctype": "Victim", "name": self.victim}
		)
		self.assertEqual(form.status, 200, form.body)
		self.assertIn(self.file, [a["name"] for a in form.json["docinfo"]["attachments"]])

	def test_messages_do_not_answer_questions_about_other_regions(self):
		"""Finding 6: a duplicate NIK or police report number named the other region's record."""
		from tppo_app.tests.case_factories import make_victim

		with as_user(self.users["case_b"]):
			with self.assertRaises(frappe.ValidationError) as raised:
				frappe.get_doc(
					doctype="Victim",
					region=PROVINCE_B,
					identification_date="2024-06-01",
					full_name="Someone Else",
					nik=self.nik,
					birth_date="2008-03-14",
					sex="Female",
				).insert()
			self.assertNotIn("another region", str(raised.exception))
			self.assertNotIn(self.victim, str(raised.exception))
			with self.assertRaises(frappe.ValidationError) as raised:
				frappe.get_doc(
					doctype="TPPO Case",
					police_report_number="LP/TEST/ACCESS/2024/11",
					police_report_date="2024-05-02",
					inquiry_date="2024-05-02",
					region=PROVINCE_B,
					stage="Inquiry",
					modus="Sexual Exploitation",
				).insert()
			self.assertNotIn(self.case, str(raised.exception))
		del make_victim
		# A training participant picked from another region's members copies nothing.
		member_a = make_member(self.tf[PROVINCE_A], "Peserta Rahasia A").name
		with as_user(self.users["admin_b"]):
			training = frappe.get_doc(
				doctype="Training",
				title="Pelatihan B",
				topic="Safe Migration",
				task_force=self.tf[PROVINCE_B],
				mode="Offline",
				place="Banjarmasin",
				start_date="2025-03-01",
				end_date="2025-03-02",
				participants=[{"task_force_member": member_a, "sex": "Female"}],
			)
			self.assertRaises(frappe.PermissionError, training.insert)

	def test_run_doc_method_returns_no_personal_fields(self):
		"""Finding 7: run_doc_method returned the whole victim beside the method's answer."""
		for key in ("reviewer", "viewer", "admin_a"):
			response = self.rest(key).get(
				"/api/method/run_doc_method",
				{
					"dt": "Victim",
					"dn": self.victim,
					"method": "add_comment",
					"args": json.dumps({"comment_type": "Comment", "text": "x"}),
				},
			)
			self.assert_no_personal_data(response.body, f"run_doc_method as {key}")

	def test_filters_under_other_names_are_refused(self):
		"""Finding 8: number card filters, get_next's sort field and the import template's export filters."""
		client = self.rest("reviewer")
		nik_filter = json.dumps([["Victim", "nik", "like", self.nik[:6] + "%"]])
		card = {
			"doctype": "Number Card",
			"document_type": "Victim",
			"function": "Count",
			"type": "Document Type",
			"label": "x",
		}
		tries = {
			"number card": (
				"/api/method/frappe.desk.doctype.number_card.number_card.get_result",
				{"doc": json.dumps(card), "filters": nik_filter},
			),
			"get_next": (
				"/api/method/frappe.desk.form.utils.get_next",
				{
					"doctype": "Victim",
					"value": self.victim,
					"prev": 1,
					"sort_field": "nik",
					"sort_order": "asc",
				},
			),
			"import template": (
				"/api/method/frappe.core.doctype.data_import.data_import.download_template",
				{
					"doctype": "Victim",
					"export_records": "by_filter",
					"export_filters": json.dumps({"nik": self.nik}),
					"file_type": "CSV",
				},
			),
			"dashboard chart": (
				"/api/method/frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
				{
					"chart": json.dumps(
						{
							"chart_type": "Count",
							"document_type": "Victim",
							"based_on": "creation",
							"timespan": "Last Year",
							"time_interval": "Monthly",
							"filters_json": "[]",
						}
					),
					"filters": nik_filter,
				},
			),
		}
		for what, (path, params) in tries.items():
			response = client.get(path, params)
			self.assertEqual(response.status, 403, f"{what}: {response.body[:300]}")

	def test_versions_keep_no_personal_values_of_child_rows(self):
		"""Finding 9: rows of a personal-level table kept their values in the version."""
		version = frappe.get_doc(
			doctype="Version",
			ref_doctype="Victim Service",
			docname="VS-TEST",
			data=json.dumps(
				{
					"changed": [["notes", "lama", "baru"], ["status", "Requested", "Started"]],
					"added": [["regional_values", {"name": "r1", "idx": 1, "value": "Zulaikha"}]],
					"removed": [],
					"row_changed": [["regional_values", 1, "r1", [["value", "Zulaikha", "Rahasiawati"]]]],
				}
			),
		)
		version.insert(ignore_permissions=True)
		self.assertNotIn("Zulaikha", version.data)
		self.assertNotIn("baru", version.data)
		self.assertIn("Started", version.data)

	def test_titles_and_traces_of_other_regions(self):
		"""Finding 10: get_link_title, validate_link and toggle_like on another province's records."""
		client = self.rest("admin_b")
		title = client.get(
			"/api/method/frappe.desk.search.get_link_title", {"doctype": "TPPO Case", "docname": self.case}
		)
		self.assertNotIn("LP/TEST/ACCESS", title.body)
		link = client.get(
			"/api/method/frappe.client.validate_link", {"doctype": "TPPO Case", "docname": self.case}
		)
		self.assertIsNone((link.json or {}).get("message", {}).get("name"), link.body)
		like = client.post(
			"/api/method/frappe.desk.like.toggle_like",
			{"doctype": "TPPO Case", "name": self.case, "add": "Yes"},
		)
		self.assertEqual(like.status, 403, like.body)
		self.assertFalse(frappe.db.get_value("TPPO Case", self.case, "_liked_by"))
		actions = client.get(
			resource("Workflow Action"), {"fields": '["reference_name"]', "limit_page_length": 0}
		)
		reports_a = {name for key, name in self.s.reports.items() if not key.startswith("b_")}
		self.assertFalse(reports_a & {r["reference_name"] for r in (actions.json or {}).get("data") or []})

	def test_a_report_error_changes_nothing_for_others(self):
		"""Finding 12: an error inside a script report left Frappe's timer running; bad filters gave 500s."""
		report = frappe.get_doc("Report", "RAN Achievement")
		self.assertFalse(report.prepared_report)
		with as_user(self.users["focal_a1"]):
			for filters in ({"year": "abc"}, {"region": {"a": 1}}, {"year": [["x"]]}, {"region": PROVINCE_B}):
				result = report.execute_script_report(frappe._dict(filters))
				self.assertIsNotNone(result)
		response = self.rest("focal_a1").get(
			"/api/method/frappe.desk.query_report.run",
			{"report_name": "RAN Achievement", "filters": json.dumps({"year": {"a": 1}})},
		)
		self.assertNotEqual(response.status, 500, response.body)
		self.assertIn("wrong kind", response.body)

	def test_switched_reports_return_to_normal(self):
		from tppo_app.patches import reports_back_to_normal

		frappe.db.set_value("Report", "Case Statistics", "prepared_report", 1)
		reports_back_to_normal.execute()
		self.assertEqual(frappe.db.get_value("Report", "Case Statistics", "prepared_report"), 0)

	def test_province_asks_the_ministry_to_cancel(self):
		from tppo_app.action_plan.doctype.progress_report.progress_report import request_cancellation

		report = self.s.reports["a_q1"]  # province A's, approved
		self.assertEqual(frappe.db.get_value("Progress Report", report, "docstatus"), 1)
		with as_user(self.users["admin_a"]):
			self.assertFalse(frappe.has_permission("Progress Report", "cancel", doc=report))
			request_cancellation(report, "Realisasi R1 salah ketik: 30 seharusnya 3")
		comments = frappe.get_all(
			"Comment", filters={"reference_name": report, "comment_type": "Comment"}, pluck="content"
		)
		self.assertTrue(any("salah ketik" in c for c in comments))
		for key in ("focal_a1", "admin_b"):
			with as_user(self.users[key]):
				self.assertRaises(frappe.PermissionError, request_cancellation, report, "x")
		with as_user(self.users["admin_a"]):
			self.assertRaises(frappe.ValidationError, request_cancellation, report, "  ")
		with as_user(self.users["reviewer"]):
			self.assertTrue(frappe.has_permission("Progress Report", "cancel", doc=report))

	def test_a_put_of_the_return_reason_is_refused_not_dropped(self):
		report = self.s.reports["a2_q2"]  # a draft of focal point A2
		response = self.rest("focal_a2").put(resource("Progress Report", report), {"return_reason": "palsu"})
		self.assertEqual(response.status, 417, response.body[:300])
		self.assertIn("Return", response.body)
		self.assertFalse(frappe.db.get_value("Progress Report", report, "return_reason"))

	# ---- paths the attacker-side review found next ----

	def test_a_victims_columns_joined_through_a_link_are_refused(self):
		from tppo_app.tests.case_factories import make_service

		make_service(self.victim, "Medical", "2024-07-02")
		frappe.db.commit()  # nosemgrep: REST requests run on their own connection
		joined = (
			'["victim.full_name"]',
			'["victim.name", "group_concat(`tabVictim Service`.`name`, `tabVictim_1`.`full_name`, '
			'`tabVictim_1`.`nik`) as x"]',
		)
		for key in ("reviewer", "admin_a"):
			for fields in joined:
				response = self.rest(key).get(
					"/api/method/frappe.client.get_list",
					{"doctype": "Victim Service", "fields": fields, "group_by": "`tabVictim Service`.`name`"},
				)
				# Frappe drops a plain linked field itself; a function over the joined table is refused.
				if "group_concat" in fields:
					self.assertEqual(response.status, 403, f"{key} {fields}: {response.body[:200]}")
				self.assert_no_personal_data(response.body, f"{key} {fields}")

	def test_a_number_card_cannot_hide_its_doctype(self):
		response = self.rest("reviewer").get(
			"/api/method/frappe.desk.doctype.number_card.number_card.get_result",
			{
				"doc": '{"document\\u005ftype": "Victim", "function": "Count", "type": "Document Type"}',
				"filters": json.dumps([["Victim", "nik", "like", self.nik[:6] + "%"]]),
			},
		)
		self.assertEqual(response.status, 403, response.body[:300])

	def test_report_filters_that_are_not_a_mapping_start_nothing(self):
		for filters in ("[1]", '"x"', '[["a"]]'):
			response = self.rest("focal_a1").get(
				"/api/method/frappe.desk.query_report.run",
				{"report_name": "Task Force Roster", "filters": filters},
			)
			self.assertEqual(response.status, 417, f"{filters}: {response.body[:200]}")
		self.assertEqual(frappe.db.get_value("Report", "Task Force Roster", "prepared_report"), 0)

	def test_link_search_under_another_path_keeps_scope(self):
		response = self.rest("admin_b").get(
			"/api/method/frappe.desk.search.search_link/x",
			{"doctype": "TPPO Case", "txt": "", "ignore_user_permissions": 1, "page_length": 500},
		)
		self.assertNotIn(self.case, response.body)

	def test_side_panel_and_cached_comments_of_a_victim(self):
		client = self.rest("reviewer")
		info = client.get(
			"/api/method/frappe.desk.form.load.get_docinfo", {"doctype": "Victim", "name": self.victim}
		)
		self.assertNotIn("Catatan", info.body)
		self.assertNotIn("ktp-zulaikha", info.body)
		listed = client.get(resource("Victim"), {"fields": '["name", "_comments"]', "limit_page_length": 0})
		self.assertNotIn("Catatan", listed.body)

	def test_assigned_to_counts_keep_scope(self):
		frappe.get_doc(
			doctype="ToDo",
			description="x",
			allocated_to=self.users["admin_b"],
			reference_type="TPPO Case",
			reference_name=self.case,
		).insert(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: REST requests run on their own connection
		response = self.rest("admin_b").get(
			"/api/method/frappe.desk.listview.get_group_by_count",
			{
				"doctype": "TPPO Case",
				"field": "assigned_to",
				"current_filters": json.dumps({"name": self.case}),
			},
		)
		self.assertEqual((response.json or {}).get("message"), [], response.body[:300])

	def test_a_made_up_new_document_is_the_stored_one(self):
		client = self.rest("admin_b")
		fake = {"doctype": "Victim", "name": self.victim, "__islocal": 1}
		response = client.post(
			"/api/method/run_doc_method",
			{"docs": json.dumps(fake), "method": "add_comment", "args": json.dumps({"text": "palsu"})},
		)
		self.assertEqual(response.status, 403, response.body[:300])
		meeting = {"doctype": "Coordination Meeting", "name": self.meeting, "__islocal": 1, "docstatus": 1}
		printed = client.post(
			"/api/method/frappe.www.printview.get_html_and_style",
			{"doc": json.dumps(meeting), "print_format": "Standard"},
		)
		self.assertNotIn("Rakor Rahasia", printed.body)
