"""Task Force Reports, their agency contributions and the guided progress report form, from the attacker's side.

Each test is an attack: another province's secretariat or admin reading, compiling or downloading a report by
every path Frappe offers; an agency member reading another agency's section; a member who is not the chair
approving, naming themselves delegate, or rewriting the report while approving it; the snapshot changed by a save;
a victim count below the threshold given back by subtracting the counts shown from a total; bad filters; the
progress report form's helpers telling a user about another region's plans and periods."""

import json

import frappe
from frappe.utils import add_days, today

from tppo_app import roles
from tppo_app.action_plan import report_form
from tppo_app.action_plan.report.national_reporting_compliance import national_reporting_compliance
from tppo_app.case_management.statistics import small_count_threshold
from tppo_app.reporting import output
from tppo_app.reporting.contributions import submit_contribution
from tppo_app.reporting.doctype.task_force_report.task_force_report import compile_report, get_preview
from tppo_app.tests.case_factories import make_victim
from tppo_app.tests.utils import (
	DISTRICT_A1,
	DISTRICT_A2,
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	as_user,
	make_agency,
	make_member,
	make_plan,
	make_user,
	national_task_force,
	region_test_data,
	report_refusal,
	resource,
	rest_client,
)

YEAR = 2026
DOCTYPE = "Task Force Report"
CONTRIBUTION = "Task Force Report Contribution"
METHOD = "tppo_app.reporting.doctype.task_force_report.task_force_report"


def member(task_force: str, name: str, role: str, region: str, agency: str | None = None) -> tuple[str, str]:
	"""(user, member) of a task force with a task force role."""
	user = make_user(name, roles.VIEWER, (region,))
	existing = frappe.db.get_value("Task Force Member", {"task_force": task_force, "user": user})
	if existing:
		return user, existing
	values = {"agency": agency} if agency else {}
	return user, make_member(task_force, name, user=user, task_force_role=role, **values).name


class TestAttackerReporting(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		data = region_test_data()
		cls.tf, cls.users = data["task_forces"], dict(data["users"])
		cls.tf_a, cls.tf_a2, cls.tf_b = cls.tf[PROVINCE_A], cls.tf[DISTRICT_A2], cls.tf[PROVINCE_B]
		cls.police = make_agency("Attacker Police A", region=PROVINCE_A)
		cls.social = make_agency("Attacker Social A", region=PROVINCE_A)
		cls.agency_b = make_agency("Attacker Agency B", region=PROVINCE_B)
		u = cls.users
		u["secretary"], _m = member(cls.tf_a, "atk-secretary", "Secretary", PROVINCE_A)
		u["chair"], _m = member(cls.tf_a, "atk-chair", "Chair", PROVINCE_A)
		u["plain"], cls.plain_member = member(cls.tf_a, "atk-plain", "Member", PROVINCE_A)
		u["police"], _m = member(cls.tf_a, "atk-police", "Member", PROVINCE_A, cls.police)
		u["social"], _m = member(cls.tf_a, "atk-social", "Member", PROVINCE_A, cls.social)
		u["secretary_b"], _m = member(cls.tf_b, "atk-secretary-b", "Secretary", PROVINCE_B, cls.agency_b)
		u["chair_b"], _m = member(cls.tf_b, "atk-chair-b", "Chair", PROVINCE_B, cls.agency_b)
		u["secretary_a2"], _m = member(cls.tf_a2, "atk-secretary-a2", "Secretary", DISTRICT_A2)
		# Victims of district A2 identified in the year: six women and two men (the men a small count).
		for i, sex in enumerate(["Female"] * 6 + ["Male"] * 2):
			make_victim(
				f"Attacker Victim {i}",
				birth_date=f"1990-02-{i + 1:02d}",
				sex=sex,
				region=DISTRICT_A2,
				serial=700 + i,
				identification_date=f"{YEAR}-03-01",
			)

	def setUp(self):
		for name in frappe.get_all(DOCTYPE, filters={"year": YEAR}, pluck="name"):
			frappe.db.delete(CONTRIBUTION, {"task_force_report": name})
			frappe.db.delete(DOCTYPE, name)
		with as_user(self.users["secretary"]):
			doc = frappe.get_doc(
				doctype=DOCTYPE, task_force=self.tf_a, year=YEAR, executive_summary="<p>Rahasia A</p>"
			).insert()
			compile_report(doc.name)
		self.report = doc.name
		frappe.db.commit()  # nosemgrep: the REST requests run on their own connection

	def tearDown(self):
		for name in frappe.get_all(DOCTYPE, filters={"year": YEAR}, pluck="name"):
			frappe.db.delete(CONTRIBUTION, {"task_force_report": name})
			frappe.db.delete(DOCTYPE, name)
		frappe.db.commit()  # nosemgrep: the REST requests above committed the report

	def ask(self, agency: str) -> str:
		with as_user(self.users["secretary"]):
			return (
				frappe.get_doc(
					doctype=CONTRIBUTION,
					task_force_report=self.report,
					agency=agency,
					section_title=f"Bagian {agency}",
					request="Tulis bagian ini.",
					due_date=add_days(today(), 10),
				)
				.insert()
				.name
			)

	# ---- another province ---------------------------------------------------------------------------------------

	def test_another_province_reads_nothing_of_a_report_by_any_path(self):
		# The requests are authenticated: the report's own secretariat reads it by the same path.
		response = rest_client(self.users["secretary"]).get(resource(DOCTYPE, self.report))
		self.assertIn("Rahasia A", response.body)
		for key in ("admin_b", "secretary_b", "chair_b"):
			user = self.users[key]
			with as_user(user):
				self.assertFalse(frappe.has_permission(DOCTYPE, doc=self.report), key)
				self.assertEqual(frappe.get_list(DOCTYPE, filters={"name": self.report}), [], key)
				self.assertEqual(
					frappe.get_list(DOCTYPE, fields=["snapshot", "executive_summary"], limit=0), [], key
				)
				self.assertRaises(frappe.PermissionError, frappe.client.get, DOCTYPE, self.report)
				self.assertRaises(frappe.PermissionError, compile_report, self.report)
				self.assertRaises(frappe.PermissionError, get_preview, self.report)
				self.assertRaises(frappe.PermissionError, output.download_pdf, self.report)
				self.assertRaises(frappe.PermissionError, output.download_docx, self.report)
			client = rest_client(user)
			for path, params in (
				(resource(DOCTYPE, self.report), None),
				(resource(DOCTYPE), {"fields": '["name","snapshot"]', "limit_page_length": 0}),
				("/api/method/frappe.desk.form.load.getdoc", {"doctype": DOCTYPE, "name": self.report}),
				("/api/method/frappe.client.get", {"doctype": DOCTYPE, "name": self.report}),
				(
					"/api/method/frappe.client.get_value",
					{
						"doctype": DOCTYPE,
						"filters": json.dumps({"name": self.report}),
						"fieldname": "snapshot",
					},
				),
				(
					"/api/method/frappe.desk.reportview.get",
					{"doctype": DOCTYPE, "fields": '["name","snapshot"]'},
				),
				(f"/api/method/{METHOD}.get_preview", {"name": self.report}),
				("/api/method/tppo_app.reporting.output.download_pdf", {"name": self.report}),
				("/api/method/tppo_app.reporting.output.download_docx", {"name": self.report}),
				("/printview", {"doctype": DOCTYPE, "name": self.report}),
				(
					"/api/method/frappe.www.printview.get_html_and_style",
					{"doc": DOCTYPE, "name": self.report},
				),
				(
					"/api/method/frappe.desk.search.search_link",
					{"doctype": DOCTYPE, "txt": "", "page_length": 50},
				),
			):
				response = client.get(path, params)
				self.assertNotIn("Rahasia A", response.body, (key, path))
				self.assertNotIn('"small_count_threshold', response.body, (key, path))
				if self.report not in json.dumps(params or {}) + path:  # a list or a search
					self.assertNotIn(self.report, response.body, (key, path))
			for filters in ({"region": PROVINCE_A}, {"task_force": self.tf_a}, {"name": self.report}):
				response = client.get(
					"/api/method/frappe.client.get_count",
					{"doctype": DOCTYPE, "filters": json.dumps(filters)},
				)
				self.assertEqual(response.json.get("message"), 0, (key, filters, response.body[:300]))
			response = client.post(f"/api/method/{METHOD}.compile_report", {"name": self.report})
			self.assertIn(response.status, (403, 404), (key, response.body[:300]))

	def test_another_province_prepares_no_report_for_a_task_force_not_its_own(self):
		for key in ("admin_b", "secretary_b"):
			with as_user(self.users[key]):
				frappe.db.delete(DOCTYPE, {"task_force": self.tf_a, "year": YEAR + 1})
				doc = frappe.get_doc(doctype=DOCTYPE, task_force=self.tf_a, year=YEAR + 1, region=PROVINCE_B)
				self.assertRaises(frappe.PermissionError, doc.insert)
		# A Secretary of a district cannot prepare the province's report either.
		with as_user(self.users["secretary_a2"]):
			doc = frappe.get_doc(doctype=DOCTYPE, task_force=self.tf_a, year=YEAR + 1)
			self.assertRaises(frappe.PermissionError, doc.insert)

	def test_a_refusal_tells_nothing_of_another_province_s_report(self):
		"""Sending a report as already approved, or a contribution to another province's report, is refused
		before any check that would name that report or say whether it is approved."""
		for key in ("admin_b", "secretary_b", "chair_b"):
			with as_user(self.users[key]):
				doc = frappe.get_doc(doctype=DOCTYPE, task_force=self.tf_a, year=YEAR, docstatus=1)
				with self.assertRaises(frappe.PermissionError) as refused:
					doc.insert()
				self.assertNotIn(self.report, str(refused.exception), key)
				contribution = frappe.get_doc(
					doctype=CONTRIBUTION,
					task_force_report=self.report,
					agency=self.agency_b,
					section_title="Probe",
					due_date=add_days(today(), 5),
				)
				self.assertRaises(frappe.PermissionError, contribution.insert)

	# ---- contributions --------------------------------------------------------------------------------------------

	def test_an_agency_reads_and_writes_only_its_own_section(self):
		police, social = self.ask(self.police), self.ask(self.social)
		with as_user(self.users["police"]):
			self.assertEqual(frappe.get_list(CONTRIBUTION, pluck="name"), [police])
			self.assertRaises(frappe.PermissionError, frappe.client.get, CONTRIBUTION, social)
			self.assertRaises(
				frappe.PermissionError, frappe.client.set_value, CONTRIBUTION, social, "content", "x"
			)
			self.assertRaises(frappe.PermissionError, submit_contribution, social)
			# The agency does not set its own status, nor move its section to another report or agency.
			doc = frappe.get_doc(CONTRIBUTION, police)
			doc.status = "Merged"
			self.assertRaises(frappe.PermissionError, doc.save)
			doc = frappe.get_doc(CONTRIBUTION, police)
			doc.agency = self.social
			self.assertRaises(frappe.PermissionError, doc.save)
			# ... nor asks for a section itself.
			new = frappe.get_doc(
				doctype=CONTRIBUTION,
				task_force_report=self.report,
				agency=self.police,
				section_title="Sendiri",
				due_date=add_days(today(), 5),
			)
			self.assertRaises(frappe.PermissionError, new.insert)
		client = rest_client(self.users["police"])
		response = client.get(
			resource(CONTRIBUTION), {"fields": '["name","content"]', "limit_page_length": 0}
		)
		self.assertNotIn(social, response.body)
		for key in ("admin_b", "secretary_b", "chair_b"):
			with as_user(self.users[key]):
				self.assertEqual(
					frappe.get_list(CONTRIBUTION, filters={"task_force_report": self.report}), []
				)
				self.assertFalse(frappe.has_permission(CONTRIBUTION, doc=police))

	def test_an_agency_of_another_membership_opens_nothing(self):
		"""Police in this task force and Social Affairs in a district's: still only Police's section here."""
		police_user = self.users["police"]
		if not frappe.db.exists("Task Force Member", {"task_force": self.tf_a2, "user": police_user}):
			make_member(
				self.tf_a2, "atk-police", user=police_user, task_force_role="Member", agency=self.social
			)
		police, social = self.ask(self.police), self.ask(self.social)
		with as_user(police_user):
			self.assertEqual(frappe.get_list(CONTRIBUTION, pluck="name"), [police])
			self.assertFalse(frappe.has_permission(CONTRIBUTION, doc=social))
			self.assertTrue(frappe.has_permission(CONTRIBUTION, doc=police))

	def test_reminders_reach_only_the_agency_asked(self):
		from tppo_app.reporting.contributions import send_due_reminders

		police = self.ask(self.police)
		frappe.db.delete("Notification Log", {"document_type": CONTRIBUTION, "document_name": police})
		send_due_reminders()
		frappe.db.commit()  # nosemgrep: the notifications are created by a background job when enqueued
		recipients = set(
			frappe.get_all(
				"Notification Log",
				filters={"document_type": CONTRIBUTION, "document_name": police},
				pluck="for_user",
			)
		)
		self.assertTrue(recipients <= {self.users["police"]}, recipients)

	# ---- approval -------------------------------------------------------------------------------------------------

	def test_only_the_chair_approves_and_names_the_delegate(self):
		for key in ("secretary", "plain", "admin_a", "national", "chair_b"):
			with as_user(self.users[key]):
				doc = frappe.get_doc(DOCTYPE, self.report)
				self.assertRaises(frappe.PermissionError, doc.submit)
		for key in ("secretary", "plain"):
			with as_user(self.users[key]):
				doc = frappe.get_doc(DOCTYPE, self.report)
				doc.approval_delegate = self.plain_member
				self.assertRaises(frappe.PermissionError, doc.save)
		self.assertIsNone(frappe.db.get_value(DOCTYPE, self.report, "approval_delegate"))
		self.assertEqual(frappe.db.get_value(DOCTYPE, self.report, "docstatus"), 0)

	def test_the_approver_does_not_rewrite_the_report_while_approving_it(self):
		with as_user(self.users["chair"]):
			doc = frappe.get_doc(DOCTYPE, self.report)
			doc.approval_delegate = self.plain_member
			doc.save()
		for key, field, value in (
			("plain", "executive_summary", "<p>Ditulis ulang oleh delegasi</p>"),
			("plain", "recommendations", "<p>Rekomendasi delegasi</p>"),
			("chair", "addressed_to", "Orang lain"),
			("chair", "year", YEAR + 3),
		):
			with as_user(self.users[key]):
				doc = frappe.get_doc(DOCTYPE, self.report)
				doc.set(field, value)
				self.assertRaises(frappe.PermissionError, doc.submit)
		self.assertEqual(frappe.db.get_value(DOCTYPE, self.report, "docstatus"), 0)
		self.assertEqual(frappe.db.get_value(DOCTYPE, self.report, "executive_summary"), "<p>Rahasia A</p>")
		# Approving as it stands still works, also when the form's editor rewrote the markup (the stored text is
		# kept: not even an image comes in that way).
		with as_user(self.users["plain"]):
			doc = frappe.get_doc(DOCTYPE, self.report)
			doc.executive_summary = (
				'<div class="ql-editor"><p>Rahasia  A</p><img src="http://x.invalid/a"></div>'
			)
			doc.submit()
		self.assertEqual(frappe.db.get_value(DOCTYPE, self.report, "docstatus"), 1)
		self.assertEqual(frappe.db.get_value(DOCTYPE, self.report, "executive_summary"), "<p>Rahasia A</p>")

	def test_a_focal_point_does_not_make_itself_chair_or_change_its_agency(self):
		"""The chair, the secretariat and an agency's reader are who a member with a user is in the task force: a
		focal point (who maintains the members without users) changes none of it for a member with a user."""
		focal = self.users["focal_a1"]
		tf_a1 = self.tf[DISTRICT_A1]
		own = frappe.db.get_value("Task Force Member", {"task_force": tf_a1, "user": focal}) or (
			make_member(tf_a1, "atk-focal-a1", user=focal, task_force_role="Member", agency=self.police).name
		)
		frappe.db.set_value("Task Force Member", own, {"task_force_role": "Member", "agency": self.police})
		try:
			with as_user(focal):
				for field, value in (
					("task_force_role", "Chair"),
					("task_force_role", "Secretary"),
					("agency", self.social),
				):
					doc = frappe.get_doc("Task Force Member", own)
					doc.set(field, value)
					self.assertRaises(frappe.PermissionError, doc.save)
			self.assertEqual(frappe.db.get_value("Task Force Member", own, "task_force_role"), "Member")
		finally:
			# The attack must not outlive the test (tearDown commits).
			frappe.db.set_value(
				"Task Force Member", own, {"task_force_role": "Member", "agency": self.police}
			)

	def test_a_member_who_is_not_of_the_secretariat_attaches_and_removes_nothing(self):
		"""Every TPPO role holds write on Task Force Report (a Secretary is often only a Viewer); the controller
		refuses their saves, but Frappe's side paths that only ask for write (attach or remove a file, tags,
		assignments) do not go through it."""
		with as_user(self.users["plain"]):
			self.assertFalse(frappe.has_permission(DOCTYPE, "write", doc=self.report))
			attachment = frappe.get_doc(
				doctype="File",
				file_name="not-the-secretariat.txt",
				content=b"x",
				attached_to_doctype=DOCTYPE,
				attached_to_name=self.report,
				is_private=1,
			)
			self.assertRaises(frappe.PermissionError, attachment.insert)

	def test_the_write_criterion_for_the_lead_to_wire(self):
		"""secretariat.report_criterion (not wired yet): who may write a report, and that reading stays by region."""
		from tppo_app.access.scoping import matches
		from tppo_app.reporting.secretariat import report_criterion

		with as_user(self.users["chair"]):
			frappe.get_doc(DOCTYPE, self.report).db_set("approval_delegate", self.plain_member)
		doc = frappe.get_doc(DOCTYPE, self.report)
		for key, read, write in (
			("secretary", True, True),
			("chair", True, True),
			("plain", True, True),  # the delegate
			("police", True, False),
			("social", True, False),
			("admin_a", True, True),
			("focal_a1", False, False),
			("admin_b", False, False),
			("secretary_b", False, False),
			("chair_b", False, False),
			("national", True, True),
			("reviewer", True, False),
		):
			user = self.users[key]
			for for_write, expected in ((False, read), (True, write)):
				criterion = report_criterion(user, for_write)
				got = criterion is None or matches(doc, criterion)
				self.assertEqual(got, expected, (key, for_write))
		frappe.get_doc(DOCTYPE, self.report).db_set("approval_delegate", None)

	# ---- the snapshot ---------------------------------------------------------------------------------------------

	def test_the_snapshot_changes_only_by_compile(self):
		before = frappe.db.get_value(DOCTYPE, self.report, "snapshot")
		forged = json.dumps({**json.loads(before), "cases": {"total": 999}})
		for key in ("secretary", "admin_a", "national"):
			with as_user(self.users[key]):
				doc = frappe.get_doc(DOCTYPE, self.report)
				doc.snapshot = forged
				self.assertRaises(frappe.PermissionError, doc.save)
				self.assertRaises(
					frappe.PermissionError, frappe.client.set_value, DOCTYPE, self.report, "snapshot", forged
				)
				self.assertRaises(
					frappe.PermissionError,
					frappe.client.set_value,
					DOCTYPE,
					self.report,
					"agency_sections",
					"<p>x</p>",
				)
		# Nor is an approval forged on a draft.
		with as_user(self.users["secretary"]):
			for field, value in (
				("approved_by", self.users["chair"]),
				("approved_on", "2026-06-01 10:00:00"),
			):
				doc = frappe.get_doc(DOCTYPE, self.report)
				doc.set(field, value)
				self.assertRaises(frappe.PermissionError, doc.save)
		frappe.db.rollback()  # the refused saves above locked the row; the REST request runs on its own connection
		client = rest_client(self.users["secretary"])
		response = client.put(resource(DOCTYPE, self.report), {"snapshot": forged, "compile_count": 99})
		self.assertEqual(response.status, 403, response.body[:300])
		response = client.post(
			"/api/method/run_doc_method", {"dt": DOCTYPE, "dn": self.report, "method": "compile"}
		)
		self.assertEqual(response.status, 403, response.body[:300])
		self.assertEqual(frappe.db.get_value(DOCTYPE, self.report, "snapshot"), before)

	def test_no_state_change_by_a_link(self):
		"""Compiling, submitting and merging change the report: a GET (a link or an image on another site, opened
		by the secretariat's browser) does none of them."""
		police = self.ask(self.police)
		count = frappe.db.get_value(DOCTYPE, self.report, "compile_count")
		frappe.db.commit()  # nosemgrep: the REST requests run on their own connection
		client = rest_client(self.users["secretary"])
		for method, params in (
			(f"{METHOD}.compile_report", {"name": self.report}),
			("tppo_app.reporting.contributions.merge_contributions", {"report": self.report}),
			("tppo_app.reporting.contributions.submit_contribution", {"name": police}),
		):
			response = client.get(f"/api/method/{method}", params)
			self.assertIn(response.status, (403, 405), (method, response.body[:300]))
		self.assertEqual(frappe.db.get_value(DOCTYPE, self.report, "compile_count"), count)
		# The same call as a POST (what the form does) still works.
		response = client.post(f"/api/method/{METHOD}.compile_report", {"name": self.report})
		self.assertEqual(response.status, 200, response.body[:300])

	# ---- the documents made from users' HTML ---------------------------------------------------------------------

	def test_the_pdf_fetches_nothing_a_user_names(self):
		"""The narrative and an agency's section are users' HTML: an image, a stylesheet or an attachment link in
		them must not make the server fetch a URL (an internal service) and put its answer into the PDF."""
		import http.server
		import io
		import threading

		from pypdf import PdfReader

		from tppo_app.reporting.contributions import merge_contributions

		hits = []

		class Handler(http.server.BaseHTTPRequestHandler):
			def do_GET(self):
				hits.append(self.path)
				body = b"INTERNAL-ONLY"
				self.send_response(200)
				self.send_header("Content-Length", str(len(body)))
				self.end_headers()
				self.wfile.write(body)

			def log_message(self, *args):
				pass

		server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
		threading.Thread(target=server.serve_forever, daemon=True).start()
		base = f"http://127.0.0.1:{server.server_address[1]}"
		payload = (
			f'<p>Ringkasan</p><a rel="attachment" href="{base}/attach">a</a><img src="{base}/img">'
			f'<style>@import url("{base}/css"); body {{ display: none }}</style>'
			f'<link rel="attachment" href="{base}/link">'
		)
		try:
			with as_user(self.users["secretary"]):
				doc = frappe.get_doc(DOCTYPE, self.report)
				doc.executive_summary = payload
				doc.save()
			police = self.ask(self.police)
			with as_user(self.users["police"]):
				doc = frappe.get_doc(CONTRIBUTION, police)
				doc.content = payload.replace("/attach", "/agency")
				doc.save()
				submit_contribution(police)
			with as_user(self.users["secretary"]):
				self.assertEqual(merge_contributions(self.report), 1)
			with as_user(self.users["admin_a"]):
				doc = frappe.get_doc(DOCTYPE, self.report)
				self.assertIn(f"{base}/agency", doc.agency_sections)  # the payload is there
				pdf = output.pdf_bytes(doc)
				preview = get_preview(self.report)
		finally:
			server.shutdown()
		self.assertEqual(hits, [])
		self.assertEqual(PdfReader(io.BytesIO(pdf)).attachments, {})
		self.assertNotIn(b"INTERNAL-ONLY", pdf)
		self.assertNotIn("<style", preview)
		self.assertNotIn("<link", preview)

	# ---- victims' small counts ------------------------------------------------------------------------------------

	def test_no_small_victim_count_comes_back_by_subtraction(self):
		frappe.db.delete(DOCTYPE, {"task_force": self.tf_a2, "year": YEAR})
		with as_user(self.users["secretary_a2"]):
			name = frappe.get_doc(doctype=DOCTYPE, task_force=self.tf_a2, year=YEAR).insert().name
			compile_report(name)
		k = small_count_threshold()
		self.assertGreater(k, 2)
		snapshot = json.loads(frappe.db.get_value(DOCTYPE, name, "snapshot"))
		self.assertNotIn('"count": 2', json.dumps(snapshot["victims"]))
		for section, breakdowns in (
			("victims", ("by_sex", "by_age_group", "by_origin_province")),
			("services", ("by_type",)),
		):
			total = snapshot[section]["total"]
			if not isinstance(total, int):
				continue
			for key in breakdowns:
				rows = snapshot[section][key]
				shown = sum(r["count"] for r in rows if isinstance(r["count"], int))
				if any(not isinstance(r["count"], int) for r in rows):
					# The total minus the counts shown would be the masked counts.
					self.assertLessEqual(total, shown, (section, key, total, rows))
		# Nor in the documents made from it.
		with as_user(self.users["secretary_a2"]):
			doc = frappe.get_doc(DOCTYPE, name)
			html = output.render_html(doc)
		self.assertNotIn("korban teridentifikasi: 8", html)

	# ---- bad input ------------------------------------------------------------------------------------------------

	def test_bad_input_is_refused_without_a_traceback(self):
		execute = national_reporting_compliance.execute
		with as_user(self.users["admin_a"]):
			for filters in (
				{"year": 10**12},
				{"year": "2025; drop table"},
				{"year": 2025, "region": ["11", "12"]},
				{"year": 2025, "region": {"name": "12"}},
				{"year": 2025, "period": ["Q1"]},
				{"year": 2025, "region": "does-not-exist"},
			):
				try:
					refusal = report_refusal(execute, filters)
				except frappe.ValidationError:
					refusal = True
				if refusal is None:
					_columns, rows, *_rest = execute(filters)
					self.assertFalse(
						[r for r in rows if r.get("region") and r["region"].startswith(PROVINCE_B)], filters
					)
			# Another province as the region filter: nothing of it.
			_columns, rows, *_rest = execute({"year": 2025, "region": PROVINCE_B})
			self.assertEqual(rows, [])
		with as_user(self.users["secretary"]):
			for year in (10**9, -5, "abc"):
				frappe.db.delete(DOCTYPE, {"task_force": self.tf_a, "year": 1999})
				doc = frappe.get_doc(doctype=DOCTYPE, task_force=self.tf_a, year=year)
				self.assertRaises(frappe.ValidationError, doc.insert)
			self.assertRaises(frappe.DoesNotExistError, compile_report, "TFR-does-not-exist")
			doc = frappe.get_doc(doctype=DOCTYPE, task_force="no-such-task-force", year=YEAR + 2)
			self.assertRaises(frappe.ValidationError, doc.insert)

	# ---- the progress report form -----------------------------------------------------------------------------------

	def test_the_report_form_tells_nothing_of_another_region(self):
		plan_b = frappe.db.get_value("Action Plan", {"region": PROVINCE_B}) or make_plan(
			self.tf_b, "RAD", parent_plan=make_plan(national_task_force(), "RAN"), title="Attacker RAD B"
		)
		with as_user(self.users["focal_a1"]):
			# Another region's plan answers as an unknown plan does: no periods, no error that tells them apart.
			for filters in (
				{"action_plan": plan_b},
				{"action_plan": "no-such-plan"},
				{"action_plan": plan_b, "task_force": self.tf_b},
				{"action_plan": [plan_b]},
				{"action_plan": ["in", [plan_b]], "task_force": ["like", "%"]},
				"not a dict",
				None,
			):
				self.assertEqual(
					report_form.open_periods("Reporting Period", "", "name", 0, 20, filters), [], filters
				)
			defaults = report_form.new_report_defaults()
			self.assertIn(defaults.get("task_force"), (None, self.tf[DISTRICT_A1]))
