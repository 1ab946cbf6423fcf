"""Victims' personal data stays with the case workers of the victim's region, through every path Frappe offers:
the form, lists and report view, export, reports, REST, link search and global search. Reads are logged.
Identity checks (NIK, birth date, sex, phone) refuse bad data with a clear message and save nothing."""

import csv
import io
import json

import frappe
from frappe.desk.form.load import getdoc
from frappe.desk.query_report import run as run_report
from frappe.desk.reportview import export_query
from frappe.desk.reportview import get as reportview_get
from frappe.desk.search import search_link
from frappe.utils.global_search import search as global_search

from tppo_app.case_management import privacy
from tppo_app.case_management.privacy import PersonalDataFilterError
from tppo_app.case_management.victims import (
	DuplicateNIKError,
	InvalidBirthDateError,
	InvalidNIKError,
	InvalidPhoneError,
	InvalidVictimDateError,
	NIKMismatchError,
)
from tppo_app.tests.case_factories import (
	case_users,
	make_case,
	make_service,
	make_victim,
	reset_response,
)
from tppo_app.tests.utils import DISTRICT_A1, PROVINCE_A, RestClient, TPPOTestCase, as_user, resource

NAME = "Zulaikha Privasi Testcase"
NIK = "1101015403080007"  # 11.01.01, born 14-03-2008, woman, serial 0007
PERSONAL = ("full_name", "nik", "birth_date", "phone", "address", "origin_village")
SECRETS = (NAME, NIK, "Privasi", "Jalan Rahasia", "+6281234560007")


class TestVictim(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = case_users()
		cls.victim = make_victim(
			NAME,
			nik=NIK,
			birth_date="2008-03-14",
			phone="0812-3456-0007",
			address="Jalan Rahasia 7",
			origin_village="Desa Privasi",
		)
		cls.case = make_case("LP/TEST/PRIVACY/2024", victims=[cls.victim])
		make_service(cls.victim, "Medical", "2024-06-02", date_started="2024-06-03")
		# REST requests run on their own connection, as a web worker would: they see committed data only.
		frappe.db.commit()  # nosemgrep: test bootstrap shared with the REST worker threads

	def outsiders(self):
		return {u: self.users[u] for u in ("reviewer", "viewer", "case_b")}

	def assertNoSecret(self, value, who):
		text = value if isinstance(value, str) else json.dumps(value, default=str)
		for secret in SECRETS:
			self.assertNotIn(secret, text, f"{who} saw {secret}")

	# ---- identity checks ----------------------------------------------------------------------------------

	def test_invalid_nik_birth_date_and_sex_are_refused_and_nothing_saved(self):
		count = frappe.db.count("Victim")
		base = dict(doctype="Victim", region=DISTRICT_A1, identification_date="2024-06-01", sex="Female")
		cases = (
			(dict(nik="12345"), InvalidNIKError, "16 digits"),
			(dict(nik="9901015403080001"), InvalidNIKError, "province code"),
			(dict(nik="1101019903080001"), InvalidNIKError, "birth date"),
			(dict(nik="1101015403080000"), InvalidNIKError, "0000"),
			(dict(nik="1101015403080001", birth_date="2008-03-15"), NIKMismatchError, "14-03-08"),
			(dict(nik="1101011403080001", birth_date="2008-03-14"), NIKMismatchError, "man"),
			(dict(birth_date="2030-01-01"), InvalidBirthDateError, "comes after"),
			(dict(identification_date="2099-01-01"), InvalidVictimDateError, "future"),
			(dict(phone="12"), InvalidPhoneError, "phone number"),
			(dict(consent_to_data_sharing=1, consent_given_by="Victim"), InvalidVictimDateError, "consent"),
		)
		for values, error, words in cases:
			doc = frappe.get_doc({**base, **values})
			with self.assertRaises(error, msg=values) as raised:
				doc.insert(ignore_permissions=True)
			self.assertIn(words, str(raised.exception), values)
		self.assertEqual(frappe.db.count("Victim"), count)

		# The same person twice is refused too.
		with self.assertRaises(DuplicateNIKError):
			frappe.get_doc({**base, "nik": NIK, "birth_date": "2008-03-14"}).insert(ignore_permissions=True)

	def test_sex_must_be_chosen_not_defaulted(self):
		"""Statistics by sex count what the case worker chose: a victim sent without it is refused (a Select's
		first option would otherwise be filled in silently)."""
		before = frappe.db.count("Victim")
		client = RestClient(self.users["case_a"])
		frappe.db.commit()  # nosemgrep: the API key must be visible to the request thread
		response = client.post(
			resource("Victim"),
			{
				"region": DISTRICT_A1,
				"identification_date": "2024-01-10",
				"trafficking_status": "Actual Victim",
			},
		)
		self.assertEqual(response.status, 417, response.body)
		self.assertIn("Sex", response.body)
		self.assertEqual(frappe.db.count("Victim"), before)

	def test_age_group_and_birth_date_follow_the_nik_on_the_server(self):
		frappe.db.delete("Victim", {"nik": ("in", ("1101011001070003", "1101010901060003"))})
		with as_user(self.users["case_a"]):
			doc = frappe.get_doc(
				doctype="Victim",
				region=DISTRICT_A1,
				identification_date="2024-01-10",
				sex="Male",
				nik="1101011001070003",  # born 10-01-07: 17 on the day identified
				phone="081234560003",
			).insert()
		self.assertEqual(str(doc.birth_date), "2007-01-10")
		self.assertEqual(doc.age_group, "Child (<18)")
		self.assertEqual(doc.phone, "+6281234560003")
		self.assertTrue(doc.name.startswith("V-11.01-2024-"), doc.name)
		# A reviewer never sees the birth date, yet the age group is there for them.
		with as_user(self.users["reviewer"]):
			reset_response()
			getdoc("Victim", doc.name)
			shown = frappe.response.docs[0]
		self.assertEqual(shown.age_group, "Child (<18)")
		self.assertIsNone(shown.get("birth_date"))
		doc.birth_date = "2006-01-09"
		doc.nik = "1101010901060003"
		doc.save(ignore_permissions=True)
		self.assertEqual(doc.age_group, "Adult")

	# ---- every path, as each user -----------------------------------------------------------------------

	def test_form_shows_personal_fields_only_to_the_regions_case_worker(self):
		for who, user in self.outsiders().items():
			with as_user(user):
				reset_response()
				if who == "case_b":
					# Another region's case worker cannot open the record at all.
					self.assertRaises(frappe.PermissionError, getdoc, "Victim", self.victim)
					continue
				getdoc("Victim", self.victim)
				doc = frappe.response.docs[0]
				self.assertEqual(doc.name, self.victim)
				self.assertEqual(doc.sex, "Female")
				for fieldname in PERSONAL:
					self.assertIsNone(doc.get(fieldname), f"{who}: {fieldname}")
				self.assertNoSecret(doc.as_dict(), who)
				# The form's timeline shows the services, and versions carry no personal values.
				self.assertEqual([s.service_type for s in doc.get_onload().services], ["Medical"])
				self.assertNoSecret(frappe.response.get("docinfo"), who)
		with as_user(self.users["case_a"]):
			reset_response()
			getdoc("Victim", self.victim)
			doc = frappe.response.docs[0]
		self.assertEqual((doc.full_name, doc.nik), (NAME, NIK))

	def test_lists_report_view_and_export_drop_personal_columns(self):
		asked = ["name", "sex", "full_name", "nik", "`tabVictim`.`birth_date`", "phone", "count(nik) as n"]
		for who, user in self.outsiders().items():
			with as_user(user):
				rows = frappe.get_list(
					"Victim", fields=asked, filters={"region": DISTRICT_A1}, group_by="name"
				)
				self.assertNoSecret(rows, who)
				self.assertNoSecret(frappe.get_list("Victim", fields=["*"]), who)
				for row in rows:
					self.assertFalse(set(row) & set(PERSONAL), who)

				frappe.local.form_dict = frappe._dict(
					doctype="Victim", fields=json.dumps([f"`tabVictim`.`{f}`" for f in ("name", *PERSONAL)])
				)
				self.assertNoSecret(reportview_get(), who)

				if who == "reviewer":  # the only one with export permission
					frappe.local.form_dict = frappe._dict(
						doctype="Victim",
						fields=json.dumps([f"`tabVictim`.`{f}`" for f in ("name", "sex", *PERSONAL)]),
						file_format_type="CSV",
						filters=json.dumps({"name": self.victim}),
					)
					export_query()
					content = frappe.response.filecontent
					content = content.decode() if isinstance(content, bytes) else content
					self.assertIn(self.victim, content)
					self.assertNoSecret(content, who)
					header = next(csv.reader(io.StringIO(content)))
					self.assertNotIn("Full Name", header)
		with as_user(self.users["case_a"]):
			rows = frappe.get_list(
				"Victim", fields=["name", "full_name", "nik"], filters={"name": self.victim}
			)
		self.assertEqual((rows[0].full_name, rows[0].nik), (NAME, NIK))

	def test_reports_never_show_personal_fields(self):
		for user in (*self.outsiders().values(), self.users["case_a"]):
			with as_user(user):
				for report in (
					"Victim Statistics",
					"Case Statistics",
					"Service Coverage",
					"Suspect Statistics",
					"TIP Annual Summary",
				):
					result = run_report(report, filters={"region": PROVINCE_A})
					self.assertNoSecret(result, f"{user} / {report}")

	def test_link_search_and_global_search_find_codes_only(self):
		for who, user in {**self.outsiders(), "case_a": self.users["case_a"]}.items():
			with as_user(user):
				# Searching a name finds nothing, and asking for the name column returns none.
				self.assertEqual(search_link("Victim", "Zulaikha"), [], who)
				results = search_link(
					"Victim", "", searchfield="full_name", ignore_user_permissions=True, page_length=500
				)
				self.assertNoSecret(results, who)
				found = {r["value"] for r in results}
				if who == "case_b":
					self.assertNotIn(self.victim, found)
				else:
					self.assertIn(self.victim, found)
				for row in global_search(NAME) + global_search(NIK):
					self.assertNotEqual(row.doctype, "Victim")
		gs = frappe.qb.Table("__global_search")
		self.assertFalse(frappe.qb.from_(gs).select(gs.name).where(gs.doctype == "Victim").run())

	def test_victim_search_is_routed_through_the_private_query(self):
		"""Frappe v15's own link search skips the field-level check when asked to ignore user permissions;
		hooks.py routes Victim searches through tppo_app's query, which never selects a personal field."""
		self.assertEqual(
			frappe.get_hooks("standard_queries").get("Victim"),
			["tppo_app.case_management.privacy.search_victims"],
		)

	def test_rest_api_returns_no_personal_field_to_outsiders(self):
		clients = {
			who: RestClient(user)
			for who, user in {**self.outsiders(), "case_a": self.users["case_a"]}.items()
		}
		frappe.db.commit()  # nosemgrep: API keys must be visible to the request threads
		fields = json.dumps(["name", "sex", *PERSONAL])
		for who, client in clients.items():
			doc = client.get(resource("Victim", self.victim))
			listed = client.get(resource("Victim"), {"fields": fields, "limit_page_length": "0"})
			method = client.get(
				"/api/method/frappe.client.get_list",
				{"doctype": "Victim", "fields": fields, "limit_page_length": 0},
			)
			if who == "case_a":
				self.assertEqual(doc.json["data"]["nik"], NIK)
				self.assertIn(NAME, listed.body)
				continue
			if who == "case_b":
				self.assertEqual(doc.status, 403, doc.body[:200])
			else:
				self.assertEqual(doc.status, 200, doc.body[:200])
				self.assertEqual(doc.json["data"]["name"], self.victim)
			self.assertEqual(listed.status, 200, listed.body[:300])
			self.assertNoSecret(doc.body + listed.body + method.body, who)
			names = {row["name"] for row in listed.json["data"]}
			self.assertEqual(self.victim in names, who != "case_b", who)

	def test_filtering_sorting_or_grouping_by_personal_fields_is_refused(self):
		"""Frappe drops the columns but would still filter by them: a reviewer could test a guessed NIK."""
		reviewer, case_a = RestClient(self.users["reviewer"]), RestClient(self.users["case_a"])
		frappe.db.commit()  # nosemgrep: API keys must be visible to the request threads
		probes = (
			(resource("Victim"), {"filters": json.dumps([["nik", "=", NIK]])}),
			(resource("Victim"), {"filters": json.dumps({"full_name": ["like", "Zul%"]})}),
			(resource("Victim"), {"order_by": "birth_date desc"}),
			("/api/v2/doctype/Victim/count", {"filters": json.dumps({"nik": NIK})}),
			(
				"/api/method/frappe.client.get_count",
				{"doctype": "Victim", "filters": json.dumps({"nik": NIK})},
			),
			(
				"/api/method/frappe.desk.reportview.get",
				{
					"doctype": "Victim",
					"fields": '["name"]',
					"filters": json.dumps([["Victim", "nik", "=", NIK]]),
				},
			),
			(
				"/api/method/frappe.desk.listview.get_group_by_count",
				{"doctype": "Victim", "current_filters": "[]", "field": "full_name"},
			),
			(
				"/api/method/frappe.client.get_count",
				{"doctype": "Victim Service", "filters": json.dumps({"notes": ["like", "%"]})},
			),
			# Endpoints that pass their own field lists straight to the query.
			(
				"/api/method/frappe.desk.search.search_widget",
				{"doctype": "Victim", "txt": "", "filter_fields": json.dumps(["full_name", "nik"])},
			),
			(
				"/api/method/frappe.desk.calendar.get_events",
				{
					"doctype": "Victim",
					"start": "2000-01-01",
					"end": "2099-01-01",
					"field_map": json.dumps(
						{"start": "identification_date", "end": "identification_date", "title": "full_name"}
					),
				},
			),
		)
		for path, params in probes:
			response = reviewer.get(path, params)
			self.assertEqual(response.status, 403, f"{path} {params}: {response.body[:300]}")
			self.assertNoSecret(response.body, "reviewer")
		# The victim's own case worker may filter by NIK; plain filters stay open for everyone.
		own = case_a.get(resource("Victim"), {"filters": json.dumps([["nik", "=", NIK]])})
		self.assertEqual([r["name"] for r in own.json["data"]], [self.victim])
		# Another region's case worker may filter by NIK too, but finds only their own region's victims.
		other = RestClient(self.users["case_b"])
		frappe.db.commit()  # nosemgrep: API keys must be visible to the request threads
		self.assertEqual(
			other.get(resource("Victim"), {"filters": json.dumps([["nik", "=", NIK]])}).json["data"], []
		)
		plain = reviewer.get(
			resource("Victim"), {"filters": json.dumps({"sex": "Female"}), "limit_page_length": 0}
		)
		self.assertEqual(plain.status, 200)
		# The check itself, without HTTP.
		self.assertEqual(
			privacy.referenced_fields(
				{"filters": [["Victim", "nik", "=", 1]], "order_by": "`tabVictim`.`birth_date`"}
			),
			{"nik", "birth_date"},
		)
		with as_user(self.users["viewer"]):
			self.assertRaises(
				PersonalDataFilterError,
				privacy.search_victims,
				"Victim",
				"",
				filters={"nik": NIK},
			)

	def test_reads_are_logged(self):
		def logs(user, via):
			return frappe.get_all(
				"Victim Access Log",
				filters={"user": user, "victim": self.victim, "access_via": via},
				fields=["personal_fields_shown", "victim_region"],
			)

		for who in ("case_a", "reviewer"):
			before = len(logs(self.users[who], "Form"))
			with as_user(self.users[who]):
				reset_response()
				getdoc("Victim", self.victim)
			entries = logs(self.users[who], "Form")
			self.assertEqual(len(entries), before + 1, who)
			self.assertEqual(entries[0].personal_fields_shown, int(who == "case_a"), who)
			self.assertEqual(entries[0].victim_region, DISTRICT_A1)

		client = RestClient(self.users["viewer"])
		frappe.db.commit()  # nosemgrep: API keys must be visible to the request threads
		before = len(logs(self.users["viewer"], "API"))
		self.assertEqual(client.get(resource("Victim", self.victim)).status, 200)
		frappe.db.commit()  # nosemgrep: end this transaction's snapshot to see what the request committed
		self.assertEqual(len(logs(self.users["viewer"], "API")), before + 1)

		# Printing is a read too; the standard print format shows no personal field to a reviewer.
		before = len(logs(self.users["reviewer"], "Print"))
		with as_user(self.users["reviewer"]):
			html = frappe.get_print("Victim", self.victim)
		self.assertIn(self.victim, html)
		self.assertNoSecret(html, "reviewer")
		self.assertEqual(len(logs(self.users["reviewer"], "Print")), before + 1)

		# A case worker's list request with personal columns is logged as one entry.
		case_a = RestClient(self.users["case_a"])
		frappe.db.commit()  # nosemgrep: API keys must be visible to the request threads
		count = frappe.db.count("Victim Access Log", {"user": self.users["case_a"], "access_via": "API"})
		case_a.get(resource("Victim"), {"fields": json.dumps(["name", "full_name"])})
		frappe.db.commit()  # nosemgrep: end this transaction's snapshot to see what the request committed
		self.assertEqual(
			frappe.db.count("Victim Access Log", {"user": self.users["case_a"], "access_via": "API"}),
			count + 1,
		)

		# Only admins read the log; regional users neither read nor delete it.
		for who in ("case_a", "admin_a", "reviewer"):
			with as_user(self.users[who]):
				self.assertFalse(frappe.has_permission("Victim Access Log", "read"), who)
				self.assertFalse(frappe.has_permission("Victim Access Log", "delete"), who)
		with as_user(self.users["national"]):
			self.assertTrue(frappe.has_permission("Victim Access Log", "read"))
			self.assertFalse(frappe.has_permission("Victim Access Log", "delete"))
			self.assertFalse(frappe.has_permission("Victim Access Log", "write"))

	def test_versions_record_changes_to_personal_fields_without_their_values(self):
		frappe.db.delete("Victim", {"full_name": ("in", ("Versi Sebelum", "Versi Sesudah"))})
		doc = frappe.get_doc("Victim", make_victim("Versi Sebelum", birth_date="2001-02-03", serial=8))
		doc.full_name = "Versi Sesudah"
		doc.has_disability = 1
		doc.save(ignore_permissions=True, ignore_version=False)  # tests skip versions unless asked
		data = json.loads(
			frappe.get_all(
				"Version",
				filters={"ref_doctype": "Victim", "docname": doc.name},
				pluck="data",
				order_by="creation desc",
			)[0]
		)
		changed = {row[0]: row[1:] for row in data["changed"]}
		self.assertEqual(changed["full_name"], [privacy.REDACTED, privacy.REDACTED])
		self.assertEqual(changed["has_disability"], [0, 1])
		self.assertNotIn("Versi", json.dumps(data))
