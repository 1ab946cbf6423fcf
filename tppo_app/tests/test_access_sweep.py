"""The sweep: no hand-kept list of paths decides what is safe.

1. Every doctype of the app is classified for region scope (tppo_app.access.classification); every child
   doctype and scoped parent carries the permission hooks; every script report is wrapped (safe_report).
2. Every whitelisted method that Frappe and the app expose is classified once in WHITELISTED (reads a doctype,
   writes, admin-only, harmless, the app's own): a method that appears in a later release and is in no class
   fails the test, so someone decides about it.
3. For every region-scoped doctype (child tables included) that has a record in province A, a user of
   province B calls every read method: no response holds that record (its name in lists, its data in
   documents). A ministry reviewer, a viewer and a provincial admin read victims through every read method and
   get no personal field, anywhere in the response (documents, `docs`, versions, counts).
"""

import importlib
import json
import pkgutil
import re

import frappe

from tppo_app.access.classification import (
	CUSTOM,
	GLOBAL,
	REFERENCE,
	REGION_FIELD,
	child_doctypes_from_files,
	scoped_parents,
)
from tppo_app.access.scoping import app_child_doctypes, app_doctypes
from tppo_app.tests.utils import (
	DISTRICT_A1,
	PROVINCE_A,
	PROVINCE_B,
	RestClient,
	TPPOTestCase,
	resource,
	rest_client,
)

# ---- 2. every whitelisted method, classified once ---------------------------------------------------------
# Longest prefix wins: a module (or a class of it), or a method by its full name.
READS = (
	"reads a doctype"  # driven below by READ_DRIVERS, or answers only what get_list / has_permission allow
)
WRITES = "writes a document"  # Frappe checks the document's write/create/delete permission (the app's hooks)
ADMIN = "admin only"  # System Manager / Administrator (role checks or doctypes only they hold)
HARMLESS = "harmless"  # no region-scoped data: the session, translations, the user's own settings
APP = "the app's own"  # each checks its permission explicitly (and is tested beside its module)
OVERRIDDEN = "answered by tppo_app.overrides"

WHITELISTED = {
	"frappe.ping": HARMLESS,
	"frappe.rename_doc": WRITES,
	"frappe.auth": HARMLESS,
	"frappe.apps": HARMLESS,
	"frappe.handler": HARMLESS,  # version, logout, upload_file (File permission), ping
	"frappe.handler.run_doc_method": OVERRIDDEN,
	"frappe.client": READS,
	"frappe.client.get_count": OVERRIDDEN,
	"frappe.client.validate_link": OVERRIDDEN,
	"frappe.client.set_value": WRITES,
	"frappe.client.insert": WRITES,
	"frappe.client.insert_many": WRITES,
	"frappe.client.save": WRITES,
	"frappe.client.rename_doc": WRITES,
	"frappe.client.submit": WRITES,
	"frappe.client.cancel": WRITES,
	"frappe.client.delete": WRITES,
	"frappe.client.bulk_update": WRITES,
	"frappe.client.attach_file": WRITES,
	"frappe.client.make_width_property_setter": ADMIN,
	"frappe.client.is_document_amended": READS,
	"frappe.automation": ADMIN,
	"frappe.contacts": HARMLESS,  # contacts and addresses: not used by the app, no region data
	"frappe.core.api.file": WRITES,
	"frappe.core.doctype.access_log": ADMIN,
	"frappe.core.doctype.audit_trail": ADMIN,
	"frappe.core.doctype.communication.email": WRITES,
	"frappe.core.doctype.data_export": READS,  # export_data: get_list with the user's permissions
	"frappe.core.doctype.data_import": READS,  # download_template: export with the user's permissions
	"frappe.core.doctype.deleted_document": ADMIN,
	"frappe.core.doctype.doctype": ADMIN,
	"frappe.core.doctype.document_naming_settings": ADMIN,
	"frappe.core.doctype.error_log": ADMIN,
	"frappe.core.doctype.file": WRITES,
	"frappe.core.doctype.installed_applications": ADMIN,
	"frappe.core.doctype.log_settings": ADMIN,
	"frappe.core.doctype.module_def": ADMIN,
	"frappe.core.doctype.package": ADMIN,
	"frappe.core.doctype.permission_inspector": ADMIN,
	"frappe.core.doctype.prepared_report": READS,  # Prepared Report rows: has_permission on the report
	"frappe.core.doctype.recorder": ADMIN,
	"frappe.core.doctype.report": ADMIN,
	"frappe.core.doctype.role": ADMIN,
	"frappe.core.doctype.role_permission_for_page_and_report": ADMIN,
	"frappe.core.doctype.rq_job": ADMIN,
	"frappe.core.doctype.scheduled_job_type": ADMIN,
	"frappe.core.doctype.server_script": ADMIN,
	"frappe.core.doctype.session_default_settings": HARMLESS,
	"frappe.core.doctype.sms_settings": ADMIN,
	"frappe.core.doctype.submission_queue": WRITES,
	"frappe.core.doctype.system_settings": HARMLESS,
	"frappe.core.doctype.user.user": HARMLESS,  # the user's own account; others' need System Manager
	"frappe.core.doctype.user_permission": ADMIN,
	"frappe.core.doctype.user_type": ADMIN,
	"frappe.core.page.permission_manager": ADMIN,
	"frappe.core.report": ADMIN,
	"frappe.custom": ADMIN,
	"frappe.desk.calendar": READS,
	"frappe.desk.desk_page": HARMLESS,
	"frappe.desk.desktop": HARMLESS,
	"frappe.desk.doctype.bulk_update": WRITES,
	"frappe.desk.doctype.custom_html_block": HARMLESS,
	"frappe.desk.doctype.dashboard": HARMLESS,
	"frappe.desk.doctype.dashboard_chart": READS,
	"frappe.desk.doctype.dashboard_chart_source": HARMLESS,
	"frappe.desk.doctype.dashboard_settings": HARMLESS,
	"frappe.desk.doctype.desktop_icon": HARMLESS,
	"frappe.desk.doctype.event": HARMLESS,
	"frappe.desk.doctype.form_tour": HARMLESS,
	"frappe.desk.doctype.global_search_settings": ADMIN,
	"frappe.desk.doctype.kanban_board": WRITES,
	"frappe.desk.doctype.list_view_settings": HARMLESS,
	"frappe.desk.doctype.module_onboarding": HARMLESS,
	"frappe.desk.doctype.note": HARMLESS,
	"frappe.desk.doctype.notification_log": HARMLESS,
	"frappe.desk.doctype.notification_settings": HARMLESS,
	"frappe.desk.doctype.number_card": READS,
	"frappe.desk.doctype.onboarding_step": HARMLESS,
	"frappe.desk.doctype.route_history": HARMLESS,
	"frappe.desk.doctype.system_console": ADMIN,
	"frappe.desk.doctype.system_health_report": ADMIN,
	"frappe.desk.doctype.tag": WRITES,
	"frappe.desk.doctype.todo": HARMLESS,
	"frappe.desk.doctype.workspace": ADMIN,
	"frappe.desk.form.assign_to": WRITES,
	"frappe.desk.form.document_follow": WRITES,
	"frappe.desk.form.linked_with": READS,
	"frappe.desk.form.load": READS,
	"frappe.desk.form.load.getdoc": OVERRIDDEN,
	"frappe.desk.form.save": WRITES,
	"frappe.desk.form.utils": READS,
	"frappe.desk.gantt": WRITES,
	"frappe.desk.leaderboard": HARMLESS,
	"frappe.desk.like": OVERRIDDEN,
	"frappe.desk.link_preview": READS,
	"frappe.desk.listview": READS,
	"frappe.desk.notifications": HARMLESS,
	"frappe.desk.page.backups": ADMIN,
	"frappe.desk.page.leaderboard": HARMLESS,
	"frappe.desk.page.setup_wizard": ADMIN,
	"frappe.desk.page.user_profile": HARMLESS,
	"frappe.desk.query_report": READS,
	"frappe.desk.reportview": READS,
	"frappe.desk.reportview.delete_items": WRITES,
	"frappe.desk.reportview.save_report": WRITES,
	"frappe.desk.reportview.delete_report": WRITES,
	"frappe.desk.search": READS,
	"frappe.desk.search.get_link_title": OVERRIDDEN,
	"frappe.desk.treeview": READS,
	"frappe.email": HARMLESS,  # email accounts, queue, newsletters: not used by the app's roles
	"frappe.email.doctype.notification": ADMIN,
	"frappe.email.doctype.auto_email_report": ADMIN,
	"frappe.geo": HARMLESS,
	"frappe.integrations": ADMIN,
	"frappe.integrations.oauth2": HARMLESS,
	"frappe.integrations.oauth2_logins": HARMLESS,
	"frappe.model.document": WRITES,  # Document.submit/cancel/rename/add_comment, through run_doc_method
	"frappe.model.mapper": READS,
	"frappe.model.rename_doc": WRITES,
	"frappe.model.utils.user_settings": HARMLESS,
	"frappe.model.workflow": WRITES,
	"frappe.modules.utils": ADMIN,
	"frappe.printing": ADMIN,
	"frappe.printing.page.print": READS,
	"frappe.push_notification": HARMLESS,
	"frappe.realtime": HARMLESS,  # room subscription checks document permission
	"frappe.recorder": ADMIN,
	"frappe.search": READS,
	"frappe.sessions": HARMLESS,
	"frappe.share": WRITES,
	"frappe.social": HARMLESS,
	"frappe.templates.includes": HARMLESS,
	"frappe.translate": HARMLESS,
	"frappe.twofactor": HARMLESS,
	"frappe.utils.backups": ADMIN,
	"frappe.utils.change_log": HARMLESS,
	"frappe.utils.csvutils": HARMLESS,
	"frappe.utils.diff": READS,
	"frappe.utils.file_manager": WRITES,
	"frappe.utils.global_search": READS,
	"frappe.utils.goal": READS,
	"frappe.utils.nestedset": WRITES,
	"frappe.utils.pdf": HARMLESS,
	"frappe.utils.print_format": READS,
	"frappe.utils.scheduler": ADMIN,
	"frappe.utils.weasyprint": READS,
	"frappe.website": HARMLESS,  # the public website: no region-scoped doctype is published
	"frappe.workflow": WRITES,
	"frappe.www": HARMLESS,
	"frappe.www.printview": READS,
	"tppo_app": APP,
	# Task Force Report: read (preview, downloads: print permission on the report, region-scoped), compile (write
	# permission and the task force's secretariat), checked in tppo_app.reporting's tests.
	"tppo_app.reporting.doctype.task_force_report.task_force_report.get_preview": APP,
	"tppo_app.reporting.doctype.task_force_report.task_force_report.compile_report": APP,
	"tppo_app.reporting.output.download_pdf": APP,
	"tppo_app.reporting.output.download_docx": APP,
	"tppo_app.reporting.contributions.submit_contribution": APP,  # write permission and the agency's member
	"tppo_app.reporting.contributions.merge_contributions": APP,  # write permission and the secretariat
	"tppo_app.overrides": OVERRIDDEN,
}

PACKAGE_SKIP = re.compile(r"\.(tests?|test_[a-z_]+|patches|commands|boilerplate)(\.|$)")


def whitelisted_methods() -> list[str]:
	"""Every whitelisted function of Frappe and the app, by dotted path (modules imported to register them)."""
	for package in ("frappe", "tppo_app"):
		root = importlib.import_module(package)
		for info in pkgutil.walk_packages(root.__path__, package + "."):
			if PACKAGE_SKIP.search(info.name):
				continue
			try:
				importlib.import_module(info.name)
			except Exception:
				continue  # optional integrations whose dependencies are not installed expose nothing
	return sorted(
		{
			f"{fn.__module__}.{fn.__qualname__}"
			for fn in frappe.whitelisted
			if not PACKAGE_SKIP.search(fn.__module__)  # test modules other tests imported
		}
	)


def classify(method: str) -> str | None:
	parts = method.split(".")
	for end in range(len(parts), 0, -1):
		found = WHITELISTED.get(".".join(parts[:end]))
		if found:
			return found
	return None


class TestClassification(TPPOTestCase):
	def test_every_doctype_of_the_app_is_classified(self):
		children = app_child_doctypes()
		missing = [
			dt
			for dt in app_doctypes()
			if dt not in GLOBAL and dt not in scoped_parents() and dt not in children
		]
		self.assertEqual(missing, [], "classify these in tppo_app.access.classification")
		overlap = set(REGION_FIELD) & set(REFERENCE) | set(REGION_FIELD) & set(CUSTOM)
		self.assertEqual(overlap, set())

	def test_every_scoped_doctype_carries_the_hooks(self):
		query = frappe.get_hooks("permission_query_conditions")
		permission = frappe.get_hooks("has_permission")
		for doctype in (*scoped_parents(), *child_doctypes_from_files()):
			self.assertIn("tppo_app.access.scoping.query_conditions", query.get(doctype, []), doctype)
		for doctype in scoped_parents():
			self.assertIn("tppo_app.access.scoping.has_permission", permission.get(doctype, []), doctype)
		self.assertEqual(set(child_doctypes_from_files()), set(app_child_doctypes()))

	def test_every_script_report_is_wrapped(self):
		from tppo_app.roles import MODULES

		for report in frappe.get_all(
			"Report", filters={"module": ("in", MODULES), "report_type": "Script Report"}, pluck="name"
		):
			module = frappe.get_doc("Report", report)
			execute = frappe.get_attr(
				f"tppo_app.{frappe.scrub(module.module)}.report.{frappe.scrub(report)}.{frappe.scrub(report)}.execute"
			)
			self.assertTrue(getattr(execute, "tppo_safe_report", False), report)

	def test_every_whitelisted_method_is_classified(self):
		methods = whitelisted_methods()
		self.assertGreater(len(methods), 400)
		unclassified = [m for m in methods if not classify(m)]
		self.assertEqual(unclassified, [], "classify these in WHITELISTED")
		overrides = frappe.get_hooks("override_whitelisted_methods")
		for method in ("frappe.client.get_count", "frappe.desk.form.load.getdoc", "run_doc_method"):
			self.assertIn(method, overrides)


# ---- 3. every read method, as the attacker ---------------------------------------------------------------

SECRETS = ("Sapujagat", "Rahasianingsih", "081299887766", "Gang Rahasia Sapujagat")


def _list_params(doctype: str, parent: str | None) -> dict:
	params = {"doctype": doctype, "fields": '["name"]', "limit_page_length": 500}
	if parent:
		params["parent"] = parent
	return params


# name: (how to call it, what it reveals: "rows" (names appear in lists) or "doc" (the record's data))
LIST_DRIVERS = {
	"rest list": lambda c, dt, parent: c.get(
		resource(dt), {"fields": '["name"]', "limit_page_length": 0, **({"parent": parent} if parent else {})}
	),
	"frappe.client.get_list": lambda c, dt, parent: c.get(
		"/api/method/frappe.client.get_list", _list_params(dt, parent)
	),
	"reportview.get": lambda c, dt, parent: c.get(
		"/api/method/frappe.desk.reportview.get", {**_list_params(dt, parent), "fields": '["name"]'}
	),
	"reportview.get_list": lambda c, dt, parent: c.get(
		"/api/method/frappe.desk.reportview.get_list", _list_params(dt, parent)
	),
	"group by count": lambda c, dt, parent: c.get(
		"/api/method/frappe.desk.listview.get_group_by_count",
		{"doctype": dt, "current_filters": "[]", "field": "name"},
	),
	"search_link": lambda c, dt, parent: c.get(
		"/api/method/frappe.desk.search.search_link", {"doctype": dt, "txt": "", "page_length": 500}
	),
	"search_link ignoring user permissions": lambda c, dt, parent: c.get(
		"/api/method/frappe.desk.search.search_link",
		{"doctype": dt, "txt": "", "page_length": 500, "ignore_user_permissions": 1},
	),
	"search_widget": lambda c, dt, parent: c.get(
		"/api/method/frappe.desk.search.search_widget", {"doctype": dt, "txt": "", "page_length": 500}
	),
	"export_query": lambda c, dt, parent: c.get(
		"/api/method/frappe.desk.reportview.export_query",
		{"doctype": dt, "fields": '["name"]', "file_format_type": "CSV", "filters": "[]"},
	),
}
# Drivers on one record (the attacker knows its name): the record's data must not come back.
DOC_DRIVERS = {
	"rest document": lambda c, dt, name: c.get(resource(dt, name)),
	"frappe.client.get": lambda c, dt, name: c.get(
		"/api/method/frappe.client.get", {"doctype": dt, "name": name}
	),
	"frappe.client.get_value": lambda c, dt, name: c.get(
		"/api/method/frappe.client.get_value",
		{"doctype": dt, "filters": json.dumps({"name": name}), "fieldname": '["name", "creation"]'},
	),
	"getdoc": lambda c, dt, name: c.get(
		"/api/method/frappe.desk.form.load.getdoc", {"doctype": dt, "name": name}
	),
	"get_docinfo": lambda c, dt, name: c.get(
		"/api/method/frappe.desk.form.load.get_docinfo", {"doctype": dt, "name": name}
	),
	"run_doc_method": lambda c, dt, name: c.get(
		"/api/method/run_doc_method",
		{"dt": dt, "dn": name, "method": "add_comment", "args": '{"text": "x"}'},
	),
	"print view": lambda c, dt, name: c.get(
		"/api/method/frappe.www.printview.get_html_and_style", {"doc": dt, "name": name}
	),
	"link preview": lambda c, dt, name: c.get(
		"/api/method/frappe.desk.link_preview.get_preview_data", {"doctype": dt, "docname": name}
	),
	"linked with": lambda c, dt, name: c.get(
		"/api/method/frappe.desk.form.linked_with.get", {"doctype": dt, "docname": name}
	),
	"get_next": lambda c, dt, name: c.get(
		"/api/method/frappe.desk.form.utils.get_next",
		{"doctype": dt, "value": name, "prev": 0, "sort_field": "creation", "sort_order": "asc"},
	),
	"validate_link": lambda c, dt, name: c.get(
		"/api/method/frappe.client.validate_link", {"doctype": dt, "docname": name, "fields": '["creation"]'}
	),
	"get_link_title": lambda c, dt, name: c.get(
		"/api/method/frappe.desk.search.get_link_title", {"doctype": dt, "docname": name}
	),
	"versions": lambda c, dt, name: c.get(
		resource("Version"), {"filters": json.dumps({"docname": name}), "fields": '["data"]'}
	),
	"global search": lambda c, dt, name: c.get(
		"/api/method/frappe.utils.global_search.search", {"text": name, "limit": 50}
	),
}


class TestReadSweep(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from tppo_app.tests.case_factories import case_users, make_case, make_service, make_victim
		from tppo_app.tests.coordination_factories import make_recommendation, report_scenario
		from tppo_app.tests.report_scenario import make_scenario
		from tppo_app.tests.utils import make_member

		cls.s = make_scenario()  # the action-plan data the report tests share
		cls.users = {**cls.s.users, **case_users()}
		coordination = report_scenario()
		cls.tf = cls.s.tf
		cls.victim = make_victim(
			"Sapujagat Rahasianingsih",
			region=DISTRICT_A1,
			serial=877,
			phone="081299887766",
			address="Gang Rahasia Sapujagat 7",
		)
		make_case("LP/TEST/SWEEP/2024/7", region=DISTRICT_A1, victims=[cls.victim])
		make_service(cls.victim, "Medical", "2024-07-01", notes="Catatan Sapujagat")
		make_member(cls.tf[PROVINCE_A], "Anggota Sapu", position="Staf")
		# A member with a user: the grant is logged in Access Change Log under province A's district.
		from tppo_app.roles import DISTRICT_FOCAL_POINT
		from tppo_app.tests.utils import make_user

		make_member(
			cls.tf[DISTRICT_A1], "Anggota Berakun", user=make_user("sweep-member", DISTRICT_FOCAL_POINT)
		)
		make_recommendation(
			coordination["meetings"]["a"], "Sweep recommendation", coordination["agencies"]["police"]
		)
		frappe.db.commit()  # nosemgrep: REST requests run on their own connection

	def client(self, key: str) -> RestClient:
		return rest_client(self.users[key])

	def records_only_a_sees(self, doctype: str) -> list[dict]:
		"""Records of `doctype` province A's admin may read and province B's may not (a few per doctype)."""
		from tppo_app.access.scoping import criterion

		table = frappe.qb.DocType(doctype)
		a_sees = criterion(doctype, self.users["admin_a"])
		b_sees = criterion(doctype, self.users["admin_b"])
		query = frappe.qb.from_(table).select(table.name, table.creation).where(a_sees)
		if frappe.get_meta(doctype).istable:
			query = query.select(table.parenttype)
		if b_sees is not None:
			query = query.where(b_sees.negate())
		return query.orderby(table.creation, order=frappe.qb.desc).limit(3).run(as_dict=True)

	def test_province_b_reads_nothing_of_province_a(self):
		client = self.client("admin_b")
		covered, leaks = [], []
		children = app_child_doctypes()
		for doctype in (*scoped_parents(), *children):
			records = self.records_only_a_sees(doctype)
			if not records:
				continue
			covered.append(doctype)
			names = {r.name for r in records}
			parents = [parent for parent, _ in children.get(doctype, [])] or [None]
			# The drivers work: the national admin gets these records through the same calls.
			own = LIST_DRIVERS["frappe.client.get_list"](
				self.client("national"), doctype, records[0].get("parenttype")
			).body
			self.assertTrue(
				names & {n for n in names if n in own}, f"{doctype}: the list driver finds nothing"
			)
			if doctype not in children:
				own = DOC_DRIVERS["rest document"](self.client("national"), doctype, records[0].name).body
				self.assertIn(str(records[0].creation), own, f"{doctype}: the document driver finds nothing")
			for label, drive in LIST_DRIVERS.items():
				for parent in dict.fromkeys(parents):
					if parent is None and doctype in children:
						continue
					body = drive(client, doctype, parent).body
					leaks += [(doctype, label, n) for n in names if n in body]
			if doctype in children:
				continue
			for record in records:
				stamp = str(record.creation)
				for label, drive in DOC_DRIVERS.items():
					response = drive(client, doctype, record.name)
					if stamp in response.body:
						leaks.append((doctype, label, record.name))
		self.assertEqual(leaks, [])
		must_cover = {
			"Task Force",
			"Task Force Member",
			"Progress Report",
			"Progress Report Item",
			"Action Plan",
			"Action Plan Item",
			"TPPO Case",
			"Victim",
			"Victim Service",
			"Coordination Meeting",
			"Coordination Meeting Invitee",
			"Recommendation",
			"Access Change Log",
		}
		self.assertLessEqual(must_cover, set(covered))

	def test_no_personal_field_through_any_read_method(self):
		service = frappe.get_all("Victim Service", filters={"victim": self.victim}, pluck="name")[0]
		for key in ("reviewer", "viewer", "admin_a", "focal_a1"):
			client = self.client(key)
			found = []
			for doctype, name in (("Victim", self.victim), ("Victim Service", service)):
				for label, drive in {**DOC_DRIVERS}.items():
					body = drive(client, doctype, name).body
					found += [(doctype, label, s) for s in SECRETS if s in body]
				for label, drive in LIST_DRIVERS.items():
					body = drive(client, doctype, None).body
					found += [(doctype, label, s) for s in SECRETS if s in body]
				for fields in ('["*"]', '["full_name", "nik", "phone", "address"]', '["notes"]'):
					body = client.get(resource(doctype), {"fields": fields, "limit_page_length": 0}).body
					found += [(doctype, fields, s) for s in SECRETS if s in body]
			self.assertEqual(found, [], key)
		# The case worker of the victim's province reads them (and the read is logged).
		body = self.client("case_a").get(resource("Victim", self.victim)).body
		self.assertIn("Sapujagat", body)
		self.assertNotIn("Sapujagat", self.client("case_b").get(resource("Victim", self.victim)).body)
		self.assertTrue(PROVINCE_B)


class TestOverrides(TPPOTestCase):
	def test_every_wrapped_frappe_internal_is_there(self):
		from tppo_app.overrides.checks import mismatches

		self.assertEqual(mismatches(), [])

	def test_every_override_of_a_whitelisted_method_lives_in_overrides(self):
		for method, targets in frappe.get_hooks("override_whitelisted_methods").items():
			for target in targets:
				if target.startswith("tppo_app."):
					self.assertTrue(target.startswith("tppo_app.overrides."), f"{method} -> {target}")
