"""Bad input through the REST API, for every doctype a user creates: wrong types, missing mandatory values,
oversize text, script and HTML, links to records that do not exist, impossible or out-of-range dates,
duplicate keys, and property-based fuzzing of the numbers, dates and phone numbers people type.

Each request is a real HTTP request (RestClient: API keys, its own database connection) by a user who may
create the record. Every refusal must be a 4xx (never a 500), carry a sentence a person can read (not a
traceback), and leave the database as it was: the same number of rows in the doctype's table and in each of
its child tables, and for an update the stored document unchanged.
"""

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import frappe
from frappe.model import no_value_fields, table_fields
from frappe.utils import add_days, getdate, strip_html, today

from tppo_app import roles
from tppo_app.action_plan.achievement import achievement_percent
from tppo_app.task_force.rules import normalise_phone
from tppo_app.tests.case_factories import make_case, make_service, make_victim
from tppo_app.tests.coordination_factories import make_meeting, make_recommendation
from tppo_app.tests.utils import (
	RestClient,
	TPPOTestCase,
	make_agency,
	make_item,
	make_member,
	make_plan,
	make_progress_report,
	make_report_template,
	make_task_force,
	make_user,
	national_task_force,
	period_of,
	region_test_data,
	resource,
)

# The records live in province 15 (Jambi) with users of their own, so that a draft report or a member here never
# shows up in another test's counts.
PROVINCE_D, DISTRICT_D1, DISTRICT_D2 = "15", "15.01", "15.02"
REFUSED = (400, 403, 409, 417)
SCRIPT = 'X<script>alert(1)</script><img src=x onerror="alert(2)">'
SCRIPT_JSON = '["<script>alert(1)</script>", "<img src=x onerror=alert(2)>"]'
EXECUTABLE = re.compile(r"<script|onerror|onload|javascript:", re.IGNORECASE)
PROPERTY = settings(
	max_examples=25,
	deadline=None,
	database=None,
	derandomize=True,
	suppress_health_check=[HealthCheck.too_slow],
)


def unique(prefix: str) -> str:
	return f"{prefix} {frappe.generate_hash(length=6)}"


@dataclass
class Spec:
	"""A doctype as a user creates it: who, a valid payload, a stored record to update, and its own rules."""

	doctype: str
	user: str
	payload: Callable[[], dict]
	existing: Callable[[], str] | None = None
	server_fills: tuple[str, ...] = ()  # mandatory values the server fills in when the client leaves them out
	bad_dates: tuple = ()  # (changes, a fragment of the message)
	duplicates: tuple = ()  # (changes, a fragment of the message)
	skip_links: tuple[str, ...] = ()  # links the server replaces whatever the client sends
	extra: dict = field(default_factory=dict)


def fixtures() -> frappe._dict:
	"""Records in province A (idempotent, committed by the caller so that the request threads see them)."""
	users = {
		"admin": make_user("bad-input-admin", roles.PROVINCIAL_ADMIN, (PROVINCE_D,)),
		"focal": make_user("bad-input-focal", roles.DISTRICT_FOCAL_POINT, (DISTRICT_D1,)),
		"case": make_user("bad-input-case", roles.CASE_WORKER, (PROVINCE_D,)),
		"national": region_test_data()["users"]["national"],
	}
	tf = {region: make_task_force(region) for region in (PROVINCE_D, DISTRICT_D1, DISTRICT_D2)}
	agency = make_agency("Bad Input Police D", region=PROVINCE_D)
	ran = make_plan(national_task_force(), "RAN", title="Bad Input RAN")
	plan = make_plan(tf[PROVINCE_D], "RAD", parent_plan=ran, title="Bad Input RAD D")
	items = {
		"count": make_item(plan, "BI.1", targets={2025: 10, 2026: 12}, responsible_agency=agency),
		"percentage": make_item(plan, "BI.2", "Percentage", {2025: 80}, responsible_agency=agency),
		"yes_no": make_item(plan, "BI.3", "Yes/No", {2025: 1}, responsible_agency=agency),
		"amount": make_item(plan, "BI.4", "Amount (IDR)", {2025: 2500000}, responsible_agency=agency),
	}
	member = make_member(tf[PROVINCE_D], "Bad Input Member", agency=agency, mobile_no="081234567890").name
	sub_task_force = frappe.db.get_value(
		"Sub Task Force", {"task_force": tf[PROVINCE_D], "function": "Law Enforcement"}
	) or (
		frappe.get_doc(doctype="Sub Task Force", task_force=tf[PROVINCE_D], function="Law Enforcement")
		.insert(ignore_permissions=True)
		.name
	)
	q1 = period_of(plan, "2025-Q1")
	report = (
		frappe.db.get_value(
			"Progress Report",
			{"task_force": tf[DISTRICT_D1], "action_plan": plan, "reporting_period": q1, "docstatus": 0},
		)
		or make_progress_report(tf[DISTRICT_D1], plan, "2025-Q1", {"BI.1": 3}, user=users["focal"]).name
	)
	victim = make_victim("Korban Bad Input", serial=911, region=DISTRICT_D1)
	other_victim = make_victim("Korban Bad Input Dua", serial=912, region=DISTRICT_D1)
	case = make_case(
		"LP/BAD-INPUT/2024/1",
		region=PROVINCE_D,
		victims=[victim],
		suspects=[{"suspect_alias": "BI", "status": "Suspect"}],
	)
	other_case = make_case("LP/BAD-INPUT/2024/2", region=PROVINCE_D)
	service = make_service(victim, "Medical", "2024-07-01", case=case)
	meeting = frappe.db.get_value("Coordination Meeting", {"title": "Bad Input Rakor"}) or (
		make_meeting(tf[PROVINCE_D], "Bad Input Rakor", "2025-03-03").name
	)
	recommendation = frappe.db.get_value("Recommendation", {"title": "Bad Input Rec"}) or (
		make_recommendation(meeting, "Bad Input Rec", agency, due_date="2025-04-30").name
	)
	training = frappe.db.get_value("Training", {"title": "Bad Input Training"}) or (
		frappe.get_doc(
			doctype="Training",
			title="Bad Input Training",
			topic="Safe Migration",
			task_force=tf[PROVINCE_D],
			start_date="2025-02-10",
			end_date="2025-02-11",
			participants=[{"participant_name": "Peserta Satu", "sex": "Female"}],
		)
		.insert(ignore_permissions=True)
		.name
	)
	template = make_report_template(
		"Bad Input Template", ["Cluster"], ["Items", "Achievement %"], region=PROVINCE_D
	)
	# A plan without reporting periods yet (make_plan generates them), for a new period.
	plan_2030 = frappe.db.get_value("Action Plan", {"title": "Bad Input RAD D 2030"}) or (
		frappe.get_doc(
			doctype="Action Plan",
			title="Bad Input RAD D 2030",
			plan_type="RAD",
			task_force=tf[PROVINCE_D],
			parent_plan=ran,
			start_year=2030,
			end_year=2031,
			reporting_frequency="Quarter",
		)
		.insert(ignore_permissions=True)
		.name
	)
	social_affairs = make_agency("Bad Input Dinsos D", region=PROVINCE_D, agency_type="Social Affairs")
	if not frappe.db.exists("Meeting Type", f"Bad Input Rapat ({PROVINCE_D})"):
		frappe.get_doc(doctype="Meeting Type", meeting_type_name="Bad Input Rapat", region=PROVINCE_D).insert(
			ignore_permissions=True
		)
	return frappe._dict(
		users=users,
		tf=tf,
		agency=agency,
		ran=ran,
		plan=plan,
		plan_items=items,
		member=member,
		sub_task_force=sub_task_force,
		report=report,
		victim=victim,
		other_victim=other_victim,
		case=case,
		other_case=other_case,
		service=service,
		meeting=meeting,
		recommendation=recommendation,
		training=training,
		template=template,
		plan_2030=plan_2030,
		social_affairs=social_affairs,
	)


def specs(f) -> dict[str, Spec]:
	tf_d, future = f.tf[PROVINCE_D], add_days(today(), 30)
	case_number = frappe.db.get_value("TPPO Case", f.case, "police_report_number")
	nik = frappe.db.get_value("Victim", f.victim, "nik")
	return {
		spec.doctype: spec
		for spec in (
			Spec(
				"Task Force",
				"admin",
				lambda: dict(
					region=DISTRICT_D2,
					period_start="2031-01-01",
					period_end="2034-12-31",
					legal_basis_type="Perbup",
					legal_basis_number="BI/2031",
					legal_basis_date="2024-01-01",
					chair_name="Bupati",
				),
				existing=lambda: f.tf[DISTRICT_D1],
				server_fills=("region",),
				bad_dates=(
					(dict(period_start="2034-01-01", period_end="2031-12-31"), "before it starts"),
					(dict(legal_basis_date=future), "future"),
				),
				duplicates=((dict(period_start="2029-01-01"), "overlapping period"),),
			),
			Spec(
				"Task Force Member",
				"admin",
				lambda: dict(
					full_name=unique("Anggota"),
					task_force=tf_d,
					task_force_role="Member",
					sub_task_force=f.sub_task_force,
					agency=f.agency,
					position="Penyidik",
					start_date="2025-01-01",
					mobile_no="0812 3456 7890",
					email="anggota@example.com",
				),
				existing=lambda: f.member,
				bad_dates=((dict(start_date="2025-06-01", end_date="2025-01-31"), "ends before it starts"),),
			),
			Spec(
				"Sub Task Force",
				"admin",
				lambda: dict(task_force=tf_d, function="Health Rehabilitation", description="Rehabilitasi"),
				existing=lambda: f.sub_task_force,
				duplicates=((dict(function="Law Enforcement"), "already has a sub task force"),),
			),
			Spec(
				"Agency",
				"admin",
				lambda: dict(
					agency_name=unique("Instansi"),
					abbreviation="INS",
					agency_type="Police",
					level="Province",
					region=PROVINCE_D,
					phone="0651 123456",
					address="Jl. Test 1",
				),
				existing=lambda: f.agency,
			),
			Spec(
				"Action Plan",
				"admin",
				lambda: dict(
					title=unique("RAD"),
					plan_type="RAD",
					task_force=tf_d,
					parent_plan=f.ran,
					start_year=2025,
					end_year=2029,
					reporting_frequency="Quarter",
					submission_days=15,
					legal_basis_date="2024-12-01",
				),
				existing=lambda: f.plan,
				bad_dates=(
					(dict(start_year=1850), "2000 and 2100"),
					(dict(start_year=2029, end_year=2025), "run forward"),
				),
			),
			Spec(
				"Action Plan Item",
				"admin",
				lambda: dict(
					action_plan=f.plan,
					item_code=unique("X"),
					cluster="Prevention",
					responsible_agency=f.agency,
					supporting_agencies=[{"agency": f.social_affairs}],
					activity="Sosialisasi",
					indicator="Jumlah sosialisasi",
					unit="kegiatan",
					measure_type="Count",
					baseline=1,
					targets=[{"year": 2025, "target": 5}],
				),
				existing=lambda: f.plan_items["count"],
				bad_dates=((dict(targets=[{"year": 2031, "target": 5}]), "outside the plan's years"),),
				duplicates=(
					(
						dict(targets=[{"year": 2025, "target": 5}, {"year": 2025, "target": 6}]),
						"has a target already",
					),
				),
			),
			Spec(
				"Reporting Period",
				"admin",
				lambda: dict(
					action_plan=f.plan_2030,
					period_type="Quarter",
					year=2030,
					period_no=3,
					submission_deadline="2030-10-15",
				),
				existing=lambda: period_of(f.plan, "2025-Q3"),
				bad_dates=(
					(dict(submission_deadline="2025-01-01"), "before the period ends"),
					(dict(year=2035, submission_deadline="2035-10-15"), "outside the plan's years"),
				),
				duplicates=(
					(
						dict(action_plan=f.plan, year=2025, period_no=1, submission_deadline="2025-04-15"),
						"already exists",
					),
				),
			),
			Spec(
				"Progress Report",
				"focal",
				lambda: dict(
					task_force=f.tf[DISTRICT_D1],
					action_plan=f.plan,
					reporting_period=period_of(f.plan, "2025-Q2"),
					items=[
						{
							"action_plan_item": f.plan_items["count"],
							"realised": 4,
							"status": "In Progress",
							"narrative": "Dua kegiatan",
						}
					],
				),
				existing=lambda: f.report,
				duplicates=(
					(dict(reporting_period=period_of(f.plan, "2025-Q1")), "already has a progress report"),
				),
			),
			Spec(
				"TPPO Case",
				"case",
				lambda: dict(
					police_report_number=unique("LP/BI").replace(" ", "/"),
					police_report_date="2024-05-02",
					region=PROVINCE_D,
					stage="Investigation",
					inquiry_date="2024-05-02",
					investigation_date="2024-05-20",
					modus="Sexual Exploitation",
					court="PN Banda Aceh",
					summary="Ringkasan",
					suspects=[{"suspect_alias": "S1", "status": "Suspect", "sex": "Male"}],
					victims=[{"victim": f.victim}],
				),
				existing=lambda: f.case,
				server_fills=("region",),
				bad_dates=(
					(dict(police_report_date=future, inquiry_date=future), "future"),
					(dict(investigation_date="2024-05-01"), "cannot come before"),
				),
				duplicates=(
					(dict(police_report_number=case_number.lower().replace("/", " / ")), "already recorded"),
					(dict(victims=[{"victim": f.victim}, {"victim": f.victim}]), "listed twice"),
				),
			),
			Spec(
				"Victim",
				"case",
				lambda: dict(
					region=DISTRICT_D1,
					identification_date="2024-06-01",
					trafficking_status="Possible Victim",
					sex="Female",
					full_name=unique("Korban"),
					birth_date="2000-01-01",
					phone="081234567890",
					address="Desa Test",
					origin_village="Test",
				),
				existing=lambda: f.victim,
				server_fills=("region",),
				bad_dates=(
					(dict(identification_date=future), "future"),
					(dict(birth_date="2024-07-01"), "comes after the date the victim was identified"),
					(dict(birth_date="1901-01-01"), "older than 120"),
				),
				duplicates=((dict(nik=nik, birth_date=None), "already"),),
			),
			Spec(
				"Victim Service",
				"case",
				lambda: dict(
					victim=f.victim,
					case=f.case,
					service_type="Shelter",
					date_requested="2024-07-02",
					date_started="2024-07-03",
					notes="Rumah aman",
				),
				existing=lambda: f.service,
				bad_dates=(
					(dict(date_started="2024-06-01"), "before the victim was referred"),
					(dict(date_requested=future, date_started=None), "future"),
				),
			),
			Spec(
				"Training",
				"admin",
				lambda: dict(
					title=unique("Pelatihan"),
					topic="Safe Migration",
					task_force=tf_d,
					start_date="2025-02-10",
					end_date="2025-02-11",
					mode="Offline",
					place="Banda Aceh",
					participants=[
						{
							"participant_name": "P1",
							"sex": "Female",
							"pre_test_score": 50,
							"post_test_score": 70,
						}
					],
				),
				existing=lambda: f.training,
				bad_dates=((dict(start_date="2025-02-12", end_date="2025-02-10"), "ends"),),
				duplicates=(
					(
						dict(participants=[{"participant_name": "P1", "sex": "Female"}] * 2),
						"listed twice",
					),
				),
			),
			Spec(
				"Coordination Meeting",
				"admin",
				lambda: dict(
					title=unique("Rakor"),
					meeting_type="Coordination Meeting",
					task_force=tf_d,
					meeting_date="2025-05-05",
					start_time="09:00:00",
					end_time="11:00:00",
					venue="Aula",
					agenda=[{"topic": "Pembukaan", "presenter": "Ketua"}],
					invitees=[{"agency": f.agency, "invitee_name": "Kapolda", "email": "polda@example.com"}],
				),
				existing=lambda: f.meeting,
				bad_dates=((dict(start_time="11:00:00", end_time="09:00:00"), "ends"),),
				duplicates=(
					(dict(other_task_forces=[{"task_force": tf_d}]), "already part of this meeting"),
				),
			),
			Spec(
				"Recommendation",
				"admin",
				lambda: dict(
					title=unique("Rekomendasi"),
					meeting=f.meeting,
					status="Open",
					due_date="2025-06-30",
					responsible_agency=f.agency,
					details="<p>Tindak lanjut</p>",
					progress_updates=[{"update_date": "2025-03-10", "note": "Mulai"}],
				),
				existing=lambda: f.recommendation,
				bad_dates=(
					(dict(due_date="2025-03-01"), "before the meeting"),
					(
						dict(progress_updates=[{"update_date": future, "note": "Nanti"}]),
						"between the meeting",
					),
				),
			),
			Spec(
				"RAN Report Template",
				"admin",
				lambda: dict(
					title=unique("Template"),
					region=PROVINCE_D,
					action_plan=f.plan,
					description="Capaian",
					dimensions=[{"dimension": "Cluster"}],
					measures=[{"measure": "Items"}, {"measure": "Achievement %"}],
					conditions=[{"fieldname": "status", "operator": "=", "value": "Completed"}],
					filter_year=2025,
				),
				existing=lambda: f.template,
				bad_dates=((dict(filter_year=1850), "1850"),),
				duplicates=((dict(dimensions=[{"dimension": "Cluster"}] * 2), "chosen twice"),),
			),
			Spec(
				"Regional Field",
				"admin",
				lambda: dict(
					label=unique("Kolom"),
					label_id="Kolom",
					document_type="Training",
					region=PROVINCE_D,
					fieldtype="Int",
					description="Bantuan",
				),
				server_fills=("region",),
			),
			Spec(
				"Regional Form Rule",
				"admin",
				lambda: dict(region=PROVINCE_D, document_type="Training", fieldname="place", rule="Hide"),
				server_fills=("region",),
			),
			Spec(
				"Approval Chain",
				"admin",
				lambda: dict(
					region=PROVINCE_D,
					document_type="Progress Report",
					enabled=0,
					levels=[
						{
							"level_name": "Inspektorat",
							"approver_type": "Named Member",
							"member": f.member,
							"deadline_days": 5,
						}
					],
				),
				server_fills=("region",),
			),
			Spec(
				"Meeting Type",
				"admin",
				lambda: dict(meeting_type_name=unique("Rapat"), sort_order=9, description="Rapat khusus"),
				duplicates=((dict(meeting_type_name="Bad Input Rapat"), "already exists"),),
			),
		)
	}


# ---- what is checked, how -----------------------------------------------------------------------------------


def messages(response) -> list[str]:
	"""The messages a user sees (_server_messages), without HTML."""
	raw = (response.json or {}).get("_server_messages")
	return [strip_html(json.loads(m).get("message") or "") for m in json.loads(raw)] if raw else []


def writable(doctype: str, permlevels=(0,)):
	"""Fields a client sets: no layout, tables, read-only or higher-level fields."""
	return [
		df
		for df in frappe.get_meta(doctype).fields
		if df.fieldtype not in no_value_fields
		and df.fieldtype not in table_fields
		and not df.read_only
		and df.permlevel in permlevels
	]


def label(df) -> str:
	"""The field's label as the messages name it: Frappe answers API-key requests in English (the language
	is chosen before the key identifies the user), whatever the test process's own language."""
	return df.label


def wrong_value(df):
	"""A value of the wrong type for the field."""
	return {
		"Int": "zwölf",
		"Float": "12,5 persen",
		"Currency": "Rp 1.000",
		"Percent": "tinggi",
		"Date": "31/12/2025",
		"Datetime": "kemarin",
		"Time": "25:99",
		"Link": {"name": "TF-00001"},
		"Check": ["1"],
		"Select": ["Female"],
	}.get(df.fieldtype, ["a", "list"])


class BadInputTestCase(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.f = fixtures()
		cls.specs = specs(cls.f)
		cls.clients = {key: RestClient(cls.f.users[key]) for key in ("admin", "focal", "case", "national")}
		frappe.db.commit()  # nosemgrep: the request threads see committed data only

	# ---- helpers ----

	def client(self, spec: Spec) -> RestClient:
		return self.clients[spec.user]

	def permlevels(self, spec: Spec) -> tuple[int, ...]:
		return (0, 1) if spec.user == "case" else (0,)

	def counts(self, doctype: str) -> dict:
		"""Rows of the doctype and of each of its child tables (committed data)."""
		frappe.db.commit()  # nosemgrep: a fresh snapshot: the request ran on another connection
		meta = frappe.get_meta(doctype)
		if meta.issingle:
			return {}
		counts = {doctype: frappe.db.count(doctype)}
		for df in meta.get_table_fields():
			counts[df.options] = frappe.db.count(df.options, {"parenttype": doctype})
		return counts

	def stored(self, doctype: str, name: str) -> str:
		frappe.db.commit()  # nosemgrep: a fresh snapshot: the request ran on another connection
		return frappe.get_doc(doctype, name).as_json()

	def send(self, spec: Spec, payload: dict, name: str | None = None):
		client = self.client(spec)
		return (
			client.put(resource(spec.doctype, name), payload)
			if name
			else client.post(resource(spec.doctype), payload)
		)

	def assert_refused(self, spec: Spec, payload: dict, *fragments: str, name: str | None = None):
		"""The request is refused with a 4xx and a readable message that contains each fragment; nothing saved
		(and, for an update, the stored document unchanged)."""
		before = self.counts(spec.doctype)
		stored = self.stored(spec.doctype, name) if name else None
		response = self.send(spec, payload, name)
		context = f"{spec.doctype} {json.dumps(payload, default=str)[:300]} → {response.status} {response.body[:600]}"
		self.assertIn(response.status, REFUSED, context)
		self.assert_readable(response, context)
		text = " ".join(messages(response))
		for fragment in fragments:
			self.assertIn(fragment, text, context)
		self.assertEqual(self.counts(spec.doctype), before, f"half-saved: {context}")
		if name:
			self.assertEqual(self.stored(spec.doctype, name), stored, f"changed: {context}")
		return response

	def assert_readable(self, response, context: str = ""):
		shown = messages(response)
		self.assertTrue(shown, f"no message for the user: {context}")
		text = " ".join(shown)
		self.assertRegex(text, r"[A-Za-z]{3,}.*\s.*[A-Za-z]{3,}", f"not a sentence: {context}")
		for raw in ("Traceback", 'File "', "pymysql", "TypeError", "AttributeError", "KeyError"):
			self.assertNotIn(raw, text, f"raw error shown: {context}")

	def accepted(self, spec: Spec, payload: dict) -> str:
		response = self.send(spec, payload)
		self.assertEqual(response.status, 200, f"{spec.doctype}: {response.body[:800]}")
		return response.json["data"]["name"]

	def delete(self, doctype: str, names: list[str]):
		frappe.db.commit()  # nosemgrep: a fresh snapshot, in which the records the requests made exist
		for name in names:
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True, ignore_missing=False)
			frappe.db.delete("Adaptation Log", {"reference_doctype": doctype, "reference_name": name})
		frappe.db.commit()  # nosemgrep: the records were committed by the request threads

	def child_rows(self, spec: Spec, payload: dict):
		"""(table fieldname, child doctype) of the tables the payload fills."""
		meta = frappe.get_meta(spec.doctype)
		return [
			(df.fieldname, df.options)
			for df in meta.get_table_fields()
			if payload.get(df.fieldname) and isinstance(payload[df.fieldname][0], dict)
		]

	def variants(self, spec: Spec, value_of: Callable, fields: Callable = writable):
		"""(payload, df) with one field of the parent or of a row set to value_of(spec, df); fields for which it
		returns ... (Ellipsis) are left alone, None is sent as null."""
		payload = spec.payload()
		for df in fields(spec.doctype, self.permlevels(spec)):
			value = value_of(spec, df)
			if value is not Ellipsis:
				changed = spec.payload()
				changed[df.fieldname] = value
				yield changed, df
		for table, child in self.child_rows(spec, payload):
			for df in fields(child, (0,)):
				value = value_of(spec, df)
				if value is not Ellipsis:
					changed = spec.payload()
					changed[table] = [{**changed[table][0], df.fieldname: value}]
					yield changed, df


class TestBadInput(BadInputTestCase):
	def test_the_valid_payloads_are_accepted(self):
		"""The control: each payload the other tests spoil is accepted as it is."""
		for spec in self.specs.values():
			with self.subTest(doctype=spec.doctype):
				self.delete(spec.doctype, [self.accepted(spec, spec.payload())])

	def test_wrong_types_are_refused(self):
		for spec in self.specs.values():
			for payload, df in self.variants(spec, lambda spec, df: wrong_value(df)):
				with self.subTest(doctype=spec.doctype, field=df.fieldname):
					self.assert_refused(spec, payload, label(df))
			for table, _child in self.child_rows(spec, spec.payload()):
				with self.subTest(doctype=spec.doctype, table=table):
					self.assert_refused(spec, {**spec.payload(), table: "one row"}, "list")
					self.assert_refused(spec, {**spec.payload(), table: ["one row"]}, "object")

	def test_numbers_that_do_not_fit_are_refused(self):
		def value_of(spec, df):
			return {"Int": 2**40, "Float": 1e15, "Currency": -1e13, "Percent": "NaN"}.get(df.fieldtype, ...)

		for spec in self.specs.values():
			for payload, df in self.variants(spec, value_of):
				with self.subTest(doctype=spec.doctype, field=df.fieldname):
					self.assert_refused(spec, payload, label(df))

	def test_missing_mandatory_values_are_refused(self):
		def value_of(spec, df):
			default = frappe.new_doc(df.parent).get(df.fieldname)
			if not df.reqd or df.fieldtype == "Select" or default or df.fieldname in spec.server_fills:
				return ...  # Frappe or the app fills these in
			return None

		for spec in self.specs.values():
			for payload, df in self.variants(spec, value_of):
				with self.subTest(doctype=spec.doctype, field=df.fieldname):
					self.assert_refused(spec, payload, label(df))

	def test_oversize_text_is_refused(self):
		def value_of(spec, df):
			if df.fieldtype in ("Data", "Autocomplete"):
				return "x" * ((df.length or 140) + 1)
			if df.fieldtype in ("Small Text", "Text"):
				return "panjang " * 9000  # 72,000 characters: more than the column holds
			return ...

		for spec in self.specs.values():
			for payload, df in self.variants(spec, value_of):
				with self.subTest(doctype=spec.doctype, field=df.fieldname):
					self.assert_refused(spec, payload)

	def test_links_to_missing_records_are_refused(self):
		def value_of(spec, df):
			return "Tidak Ada 404" if df.fieldtype == "Link" and df.fieldname not in spec.skip_links else ...

		for spec in self.specs.values():
			for payload, df in self.variants(spec, value_of):
				with self.subTest(doctype=spec.doctype, field=df.fieldname):
					self.assert_refused(spec, payload, "Tidak Ada 404")

	def test_impossible_and_out_of_range_dates_are_refused(self):
		def impossible(spec, df):
			return "2025-02-30" if df.fieldtype == "Date" else ...

		def out_of_range(spec, df):
			return "2200-01-01" if df.fieldtype == "Date" else ...

		for spec in self.specs.values():
			for value_of in (impossible, out_of_range):
				for payload, df in self.variants(spec, value_of):
					with self.subTest(
						doctype=spec.doctype, field=df.fieldname, value=payload.get(df.fieldname)
					):
						self.assert_refused(spec, payload, label(df))
			for changes, fragment in spec.bad_dates:
				with self.subTest(doctype=spec.doctype, changes=changes):
					self.assert_refused(spec, {**spec.payload(), **changes}, fragment)

	def test_duplicate_keys_are_refused(self):
		for spec in self.specs.values():
			for changes, fragment in spec.duplicates:
				with self.subTest(doctype=spec.doctype, changes=changes):
					self.assert_refused(spec, {**spec.payload(), **changes}, fragment)

	def test_duplicate_adaptations_are_refused(self):
		"""A second approval chain for the province, a regional field of the same label: refused. The first
		ones live only while the test runs (committed: the request threads must see them)."""
		chain, rule = self.specs["Approval Chain"], self.specs["Regional Field"]
		first = {"Approval Chain": self.accepted(chain, chain.payload())}
		field_payload = rule.payload()
		first["Regional Field"] = self.accepted(rule, field_payload)
		try:
			self.assert_refused(chain, chain.payload(), "already exists")
			self.assert_refused(rule, {**rule.payload(), "label": field_payload["label"]}, "unique")
		finally:
			for doctype, name in first.items():
				self.delete(doctype, [name])

	def test_script_and_html_are_stored_harmless(self):
		"""Frappe escapes tags it does not allow (<script> becomes &lt;script&gt;) and drops event handlers and
		javascript: links from those it allows; tppo_app gives values that parse as JSON, which Frappe's
		sanitiser passes over, the same cleaning. A field with its own format (email, phone, NIK) refuses them.
		Either way nothing executable is stored."""
		texts = ("Data", "Small Text", "Text", "Long Text", "Text Editor")
		created: dict[str, list[str]] = {}
		escaped = 0
		try:
			for spec in self.specs.values():
				for value in (SCRIPT, SCRIPT_JSON):
					for payload, df in self.variants(
						spec, lambda spec, df: value if df.fieldtype in texts else ...
					):
						with self.subTest(doctype=spec.doctype, field=df.fieldname, value=value):
							response = self.send(spec, payload)
							if response.status in REFUSED:
								self.assert_readable(response)
								continue
							self.assertEqual(response.status, 200, response.body[:500])
							name = response.json["data"]["name"]
							created.setdefault(spec.doctype, []).append(name)
							frappe.db.commit()  # nosemgrep: a fresh snapshot: the request ran on another connection
							doc = frappe.get_doc(spec.doctype, name)
							values = [doc.get(df.fieldname)] + [
								row.get(df.fieldname)
								for row in doc.get_all_children()
								if row.doctype == df.parent
							]
							for stored in filter(None, values):
								self.assertNotRegex(stored, EXECUTABLE, f"{spec.doctype}.{df.fieldname}")
								escaped += "&lt;script&gt;" in stored
		finally:
			for doctype, names in created.items():
				self.delete(doctype, names)
		self.assertGreater(escaped, 50)  # most text fields keep the text, escaped

	def test_what_frappe_stores_for_script_and_html(self):
		"""The exact cleaning: disallowed tags escaped, allowed tags kept without event handlers or javascript:
		links, plain text untouched; JSON-shaped text cleaned the same way."""
		spec = self.specs["Agency"]
		expected = {
			SCRIPT: 'X&lt;script&gt;alert(1)&lt;/script&gt;<img src="x">',
			SCRIPT_JSON: '["&lt;script&gt;alert(1)&lt;/script&gt;", "<img src="x">"]',
			'<a href="javascript:alert(1)">Dinas</a> & <b>PPA</b>': "<a>Dinas</a> &amp; <b>PPA</b>",
			"Jl. Merdeka No. 5 & 6": "Jl. Merdeka No. 5 & 6",
		}
		created = []
		try:
			for sent, stored in expected.items():
				with self.subTest(sent=sent):
					name = self.accepted(spec, {**spec.payload(), "address": sent, "abbreviation": sent[:30]})
					created.append(name)
					frappe.db.commit()  # nosemgrep: a fresh snapshot: the request ran on another connection
					self.assertEqual(frappe.db.get_value("Agency", name, "address"), stored)
		finally:
			self.delete("Agency", created)

	def test_bad_updates_leave_the_record_unchanged(self):
		for spec in self.specs.values():
			if not spec.existing:
				continue
			name = spec.existing()
			fields = writable(spec.doctype, self.permlevels(spec))
			bad = []
			for df in fields:
				if df.fieldtype in ("Int", "Float", "Currency", "Date", "Time") and len(bad) < 3:
					bad.append(({df.fieldname: wrong_value(df)}, label(df)))
			link = next(
				(df for df in fields if df.fieldtype == "Link" and df.fieldname not in spec.skip_links), None
			)
			if link:
				bad.append(({link.fieldname: "Tidak Ada 404"}, "Tidak Ada 404"))
			data = next((df for df in fields if df.fieldtype == "Data" and not df.options), None)
			if data:
				bad.append(({data.fieldname: "x" * 200}, ""))
			mandatory = next((df for df in fields if df.reqd and df.fieldtype != "Select"), None)
			if mandatory:
				bad.append(({mandatory.fieldname: None}, label(mandatory)))
			bad.extend((changes, fragment) for changes, fragment in spec.bad_dates)
			for changes, fragment in bad:
				with self.subTest(doctype=spec.doctype, changes=changes):
					self.assert_refused(spec, changes, fragment, name=name)

	def test_a_case_cannot_take_another_cases_police_report_number(self):
		spec = self.specs["TPPO Case"]
		number = frappe.db.get_value("TPPO Case", self.f.other_case, "police_report_number")
		self.assert_refused(
			spec, {"police_report_number": f" {number.lower()} "}, "already recorded", name=self.f.case
		)

	def test_deleting_a_meeting_of_another_year_keeps_this_years_numbering(self):
		"""A meeting is numbered in the year it is held (RAKOR-2025-00007). Frappe, deleting a record, steps back
		the counter of the naming pattern's current year when it equals the deleted number, and reads the
		number of RAKOR-2025-00007 under RAKOR-<this year>- as 0: with this year's counter at 0 (one meeting
		made and deleted), it went to -1, the next meeting was RAKOR-<year>-00000, and the one after that
		could not be saved (duplicate name)."""
		series, key = frappe.qb.DocType("Series"), f"RAKOR-{getdate(today()).year}-"

		def counter():
			found = frappe.qb.from_(series).select(series.current).where(series.name == key).run()
			return found[0][0] if found else None

		original = counter()
		if original is None:
			frappe.qb.into(series).insert(key, 0).run()
		else:
			frappe.qb.update(series).set(series.current, 0).where(series.name == key).run()
		try:
			for offset in (-1, 1):
				meeting = make_meeting(
					self.f.tf[PROVINCE_D], unique("Rakor"), f"{getdate(today()).year + offset}-06-01"
				)
				frappe.delete_doc("Coordination Meeting", meeting.name, force=True, ignore_permissions=True)
				self.assertEqual(counter(), 0, meeting.name)
		finally:
			if original is None:
				frappe.qb.from_(series).delete().where(series.name == key).run()
			else:
				frappe.qb.update(series).set(series.current, original).where(series.name == key).run()
			frappe.db.commit()  # nosemgrep: the counter is shared with the rest of the suite

	def test_settings_refuse_bad_values(self):
		spec = Spec("TPPO Settings", "national", dict)
		for changes, fragment in (
			({"reminder_days": "seminggu"}, "seminggu"),
			({"evidence_max_size_mb": -5}, "positive"),
			({"small_count_threshold": 2**40}, "too large"),
			({"evidence_extensions": {"pdf": True}}, "list or an object"),
		):
			with self.subTest(changes=changes):
				self.assert_refused(spec, changes, fragment, name="TPPO Settings")


class TestBadInputProperties(BadInputTestCase):
	"""Property-based: whatever number, date or phone number is typed, the server answers with the same rule
	as the pure function it uses, never a server error, and a refusal changes nothing."""

	def put(self, spec_or_doctype, name: str, payload: dict):
		spec = self.specs.get(spec_or_doctype) or spec_or_doctype
		before = self.stored(spec.doctype, name)
		response = self.send(spec, payload, name)
		frappe.db.commit()  # nosemgrep: a fresh snapshot: the request ran on another connection
		self.assertNotEqual(response.status, 500, response.body[:800])
		if response.status != 200:
			self.assertIn(response.status, REFUSED, response.body[:500])
			self.assert_readable(response)
			self.assertEqual(self.stored(spec.doctype, name), before)
		return response

	@PROPERTY
	@given(
		row=st.sampled_from(["count", "percentage", "yes_no", "amount"]),
		realised=st.one_of(
			st.integers(min_value=-5, max_value=10**13),
			st.floats(allow_nan=True, allow_infinity=True),
			st.sampled_from(["", "7", " 3.5 ", "1e3", "tujuh", "0x10", "1,5"]),
		),
		status=st.sampled_from(["Completed", "In Progress", "Not Applicable", ""]),
	)
	def test_realised_values_never_crash_and_achievement_follows_them(self, row, realised, status):
		report = frappe.get_doc("Progress Report", self.f.report)
		rows = [r.as_dict() for r in report.items]
		target = next(r for r in rows if r.action_plan_item == self.f.plan_items[row])
		target.update(realised=realised, status=status)
		response = self.put(
			"Progress Report", report.name, {"items": json.loads(json.dumps(rows, default=str))}
		)

		number = _as_number(realised)
		reported = status not in ("", "Not Applicable")
		goal = frappe.db.get_value(
			"Action Plan Item Target", {"parent": self.f.plan_items[row], "year": 2025}, "target"
		)
		expected_ok, expected = number is not None, None
		if expected_ok:
			try:  # a realised value is checked whatever the status, and scored once reported
				expected = achievement_percent(target.measure_type, goal, number)
			except ValueError:
				expected_ok = False
			else:
				expected_ok = expected is None or abs(expected) < 1e12
		self.assertEqual(
			response.status == 200, expected_ok, f"{row} {realised!r} {status!r}: {response.body[:500]}"
		)
		if response.status == 200:
			stored = frappe.get_doc("Progress Report", report.name)
			item = next(r for r in stored.items if r.action_plan_item == self.f.plan_items[row])
			self.assertTrue(math.isclose(item.realised, number, rel_tol=1e-9, abs_tol=1e-6))
			if reported and expected is not None:
				self.assertTrue(math.isclose(item.achievement_percent, expected, rel_tol=1e-6, abs_tol=1e-6))
			self.assertTrue(math.isfinite(stored.overall_achievement))

	@PROPERTY
	@given(
		number=st.one_of(
			st.from_regex(r"(\+62|62|0)8[1-9][0-9 \-]{6,12}", fullmatch=True),
			st.text(alphabet="0123456789+ -().x", max_size=18),
		)
	)
	def test_phone_numbers_are_normalised_or_refused(self, number):
		response = self.put("Task Force Member", self.f.member, {"mobile_no": number})
		expected = normalise_phone(number) if number else ""
		self.assertEqual(response.status == 200, expected is not None, f"{number!r}: {response.body[:300]}")
		if response.status == 200:
			self.assertEqual(
				frappe.db.get_value("Task Force Member", self.f.member, "mobile_no") or "", expected
			)

	@PROPERTY
	@given(start=st.dates(), length=st.integers(min_value=-3, max_value=400))
	def test_training_dates_are_kept_in_order_and_in_range(self, start, length):
		import datetime

		end = start + datetime.timedelta(days=length) if 1 <= start.year <= 9998 else start
		response = self.put(
			"Training", self.f.training, {"start_date": start.isoformat(), "end_date": end.isoformat()}
		)
		in_range = all(1900 <= d.year <= 2100 for d in (start, end))
		self.assertEqual(
			response.status == 200, in_range and end >= start, f"{start} {end}: {response.body[:300]}"
		)
		if response.status == 200:
			stored = frappe.db.get_value("Training", self.f.training, ["start_date", "end_date"])
			self.assertEqual(tuple(stored), (start, end))

	@PROPERTY
	@given(
		baseline=st.one_of(
			st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.sampled_from(["", "12", "dua"])
		),
		target=st.one_of(
			st.floats(min_value=-10, max_value=1e13), st.integers(min_value=-3, max_value=10**13)
		),
	)
	def test_item_numbers_are_stored_as_sent_or_refused(self, baseline, target):
		item = frappe.get_doc("Action Plan Item", self.f.plan_items["amount"])
		rows = [{"name": r.name, "year": r.year, "target": r.target} for r in item.targets]
		rows[0]["target"] = target
		response = self.put("Action Plan Item", item.name, {"baseline": baseline, "targets": rows})
		base, goal = _as_number(baseline), _as_number(target)
		expected_ok = base is not None and goal is not None and goal >= 0
		self.assertEqual(
			response.status == 200, expected_ok, f"{baseline!r} {target!r}: {response.body[:300]}"
		)
		if response.status == 200:
			stored = frappe.get_doc("Action Plan Item", item.name)
			self.assertTrue(math.isclose(stored.baseline, base, rel_tol=1e-9, abs_tol=1e-6))
			self.assertTrue(math.isclose(stored.targets[0].target, goal, rel_tol=1e-9, abs_tol=1e-6))


def _as_number(value) -> float | None:
	"""The number a value stands for, as tppo_app reads it (None: not a number that fits a decimal column);
	an empty value is 0."""
	if value in ("", None):
		return 0.0
	try:
		number = float(value.strip() if isinstance(value, str) else value)
	except ValueError:
		return None
	return number if math.isfinite(number) and abs(number) < 1e12 else None
