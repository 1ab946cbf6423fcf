"""Test helpers: idempotent factories for users, task forces and members, and a real REST client.

Test data lives in regions the demo does not use (Aceh 11, North Sumatra 12), so tests never depend on it.
"""

import json
import secrets
from contextlib import contextmanager
from threading import Thread

import frappe
from frappe.utils import get_test_client

from tppo_app.regions import NATIONAL_REGION
from tppo_app.roles import MINISTRY_REVIEWER, NATIONAL_ADMIN

try:
	from frappe.tests import IntegrationTestCase as TPPOTestCase  # v16
except ImportError:
	from frappe.tests.utils import FrappeTestCase as TPPOTestCase  # v15

# Province A with two districts, and province B with one.
PROVINCE_A, DISTRICT_A1, DISTRICT_A2 = "11", "11.01", "11.02"
PROVINCE_B, DISTRICT_B1 = "12", "12.01"
TEST_DOMAIN = "test.tppo.example"


def make_user(name: str, role: str, regions: tuple[str, ...] = (), national: bool = False) -> str:
	"""A desk user with one TPPO role and a Region User Permission per region. `national` gives a user of a
	regional role the explicit national grant (a national viewer); without regions or it, a regional role sees
	nothing (a national role is national by itself)."""
	email = f"{name}@{TEST_DOMAIN}"
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			doctype="User",
			email=email,
			first_name=name,
			user_type="System User",
			send_welcome_email=0,
			roles=[{"role": role}],
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	if not regions and national and role not in (NATIONAL_ADMIN, MINISTRY_REVIEWER):
		# A national user of a regional role (a national viewer) holds the explicit national grant.
		regions = (NATIONAL_REGION,)
	for region in regions:
		if not frappe.db.exists("User Permission", {"user": email, "allow": "Region", "for_value": region}):
			frappe.get_doc(
				doctype="User Permission",
				user=email,
				allow="Region",
				for_value=region,
				apply_to_all_doctypes=1,
				is_default=int(len(regions) == 1),
			).insert(ignore_permissions=True)
	frappe.cache.hdel("user_permissions", email)
	return email


def make_task_force(region: str, start: str = "2025-01-01", end: str = "2029-12-31", **values) -> str:
	existing = frappe.db.get_value(
		"Task Force", {"region": region, "period_start": start, "period_end": end}, "name"
	)
	if existing:
		return existing
	return (
		frappe.get_doc(
			doctype="Task Force",
			region=region,
			period_start=start,
			period_end=end,
			legal_basis_type=values.pop("legal_basis_type", "Pergub" if "." not in region else "Perbup"),
			legal_basis_number=f"TEST/{region}/{start[:4]}",
			legal_basis_date=min(start, frappe.utils.today()),
			**values,
		)
		.insert(ignore_permissions=True)
		.name
	)


def make_agency(
	name: str, level: str = "Province", region: str | None = PROVINCE_A, agency_type: str = "Police"
) -> str:
	existing = frappe.db.get_value("Agency", {"agency_name": name}, "name")
	if existing:
		return existing
	return (
		frappe.get_doc(
			doctype="Agency", agency_name=name, agency_type=agency_type, level=level, region=region
		)
		.insert(ignore_permissions=True)
		.name
	)


def make_member(task_force: str, full_name: str, **values) -> "frappe.model.document.Document":
	values.setdefault("agency", make_agency("Test Agency A", region=PROVINCE_A))
	values.setdefault("start_date", "2025-01-01")
	return frappe.get_doc(
		doctype="Task Force Member", task_force=task_force, full_name=full_name, **values
	).insert(ignore_permissions=True)


def region_test_data() -> dict:
	"""Task forces for provinces A and B and their districts, and one user per role and region."""
	from tppo_app import roles

	tf = {
		region: make_task_force(region)
		for region in (PROVINCE_A, DISTRICT_A1, DISTRICT_A2, PROVINCE_B, DISTRICT_B1)
	}
	users = {
		"admin_a": make_user("admin-a", roles.PROVINCIAL_ADMIN, (PROVINCE_A,)),
		"admin_b": make_user("admin-b", roles.PROVINCIAL_ADMIN, (PROVINCE_B,)),
		"focal_a1": make_user("focal-a1", roles.DISTRICT_FOCAL_POINT, (DISTRICT_A1,)),
		"focal_a2": make_user("focal-a2", roles.DISTRICT_FOCAL_POINT, (DISTRICT_A2,)),
		"reviewer": make_user("reviewer", roles.MINISTRY_REVIEWER),
		"national": make_user("national", roles.NATIONAL_ADMIN),
		"viewer": make_user("viewer", roles.VIEWER, national=True),
	}
	return {"task_forces": tf, "users": users}


def report_refusal(execute, filters: dict) -> Exception | None:
	"""Runs a script report's execute as the user would: a refusal comes back as a message and no rows
	(tppo_app.utils.reports); returns the refusal, None when the report ran."""
	frappe.flags.report_refusal = None
	result = execute(filters)
	refusal = frappe.flags.report_refusal
	if refusal is not None:
		assert result == ([], []), result
	return refusal


@contextmanager
def as_user(user: str):
	old = frappe.session.user
	frappe.set_user(user)
	try:
		yield
	finally:
		frappe.set_user(old)


class RestClient:
	"""Real HTTP requests through Frappe's WSGI application, authenticated with the user's API key.

	The request runs in its own thread with its own site connection, as a web worker would, so it sees
	only committed data.
	"""

	def __init__(self, user: str):
		self.user = user
		doc = frappe.get_doc("User", user)
		if not doc.api_key:
			doc.api_key = secrets.token_hex(8)
		self.api_secret = secrets.token_hex(8)
		doc.api_secret = self.api_secret
		doc.save(ignore_permissions=True)
		self.api_key = doc.api_key

	def get(self, path: str, params: dict | None = None):
		return self._request("get", path, query_string=params)

	def post(self, path: str, data: dict):
		return self._request("post", path, json=data)

	def put(self, path: str, data: dict):
		return self._request("put", path, json=data)

	def delete(self, path: str):
		return self._request("delete", path)

	def _request(self, method: str, path: str, **kwargs):
		site = frappe.local.site
		headers = {"Host": site, "Authorization": f"token {self.api_key}:{self.api_secret}"}
		result = {}

		def run():
			client = get_test_client()
			response = getattr(client, method)(path, headers=headers, **kwargs)
			result["status"] = response.status_code
			result["body"] = response.get_data(as_text=True)

		thread = Thread(target=run)
		thread.start()
		thread.join()
		try:
			result["json"] = json.loads(result["body"])
		except ValueError:
			result["json"] = None
		return frappe._dict(result)


_rest_clients: dict[str, RestClient] = {}


def rest_client(user: str) -> RestClient:
	"""One REST client per user for the test run (its API key committed: the request's connection must see it),
	made again when another test gave the user a new secret."""
	from frappe.utils.password import get_decrypted_password

	client = _rest_clients.get(user)
	if (
		not client
		or get_decrypted_password("User", user, "api_secret", raise_exception=False) != client.api_secret
	):
		_rest_clients[user] = RestClient(user)
		frappe.db.commit()  # nosemgrep: the API key must be visible to the request's connection
	return _rest_clients[user]


def resource(doctype: str, name: str | None = None) -> str:
	from urllib.parse import quote

	return f"/api/resource/{quote(doctype)}" + (f"/{quote(name)}" if name else "")


def national_task_force() -> str:
	"""The national task force (the demo's, when the site has it)."""
	existing = frappe.db.get_value("Task Force", {"region": "ID", "period_end": (">=", "2029-12-31")}, "name")
	return existing or make_task_force("ID", start="2023-01-01", end="2029-12-31", legal_basis_type="Perpres")


# ---- action plans ----------------------------------------------------------------------------------------


def make_plan(task_force: str, plan_type: str = "RAD", parent_plan: str | None = None, **values) -> str:
	title = values.pop("title", f"Test {plan_type} {task_force}")
	existing = frappe.db.get_value("Action Plan", {"title": title}, "name")
	if existing:
		return existing
	plan = frappe.get_doc(
		doctype="Action Plan",
		title=title,
		plan_type=plan_type,
		task_force=task_force,
		parent_plan=parent_plan,
		start_year=values.pop("start_year", 2025),
		end_year=values.pop("end_year", 2029),
		reporting_frequency=values.pop("reporting_frequency", "Quarter"),
		submission_days=values.pop("submission_days", 15),
		**values,
	).insert(ignore_permissions=True)
	plan.generate_reporting_periods()
	return plan.name


def make_item(
	plan: str, code: str, measure_type: str = "Count", targets: dict | None = None, **values
) -> str:
	existing = frappe.db.get_value("Action Plan Item", {"action_plan": plan, "item_code": code}, "name")
	if existing:
		return existing
	targets = targets if targets is not None else {2025: 10, 2026: 12}
	values.setdefault("cluster", "Prevention")
	values.setdefault("responsible_agency", make_agency("Test Agency A", region=PROVINCE_A))
	return (
		frappe.get_doc(
			doctype="Action Plan Item",
			action_plan=plan,
			item_code=code,
			activity=values.pop("activity", f"Activity {code}"),
			indicator=values.pop("indicator", f"Indicator {code}"),
			unit=values.pop("unit", "kegiatan"),
			measure_type=measure_type,
			targets=[{"year": year, "target": target} for year, target in targets.items()],
			**values,
		)
		.insert(ignore_permissions=True)
		.name
	)


def period_of(plan: str, label: str) -> str:
	return frappe.db.get_value("Reporting Period", {"action_plan": plan, "period_label": label}, "name")


def make_progress_report(
	task_force: str, plan: str, period_label: str, realised: dict | None = None, user=None
):
	"""A draft report; `realised` maps item code → value (those rows get status Completed)."""
	doc = frappe.get_doc(
		doctype="Progress Report",
		task_force=task_force,
		action_plan=plan,
		reporting_period=period_of(plan, period_label),
	)
	if user:
		with as_user(user):
			doc.insert()
	else:
		doc.insert(ignore_permissions=True)
	if realised:
		for row in doc.items:
			if row.item_code in realised:
				row.realised = realised[row.item_code]
				row.status = "Completed"
		if user:
			with as_user(user):
				doc.save()
		else:
			doc.save(ignore_permissions=True)
	return doc


def act(user: str, report: str, action: str):
	"""Applies a workflow action as the user, exactly as the form's action menu does."""
	from frappe.model.workflow import apply_workflow

	with as_user(user):
		return apply_workflow(frappe.get_doc("Progress Report", report).as_dict(), action)


# ---- achievement data, report templates --------------------------------------------------------------------

ACHIEVEMENT_ITEMS = {
	# code: (measure type, targets, cluster)
	"R1": ("Count", {2025: 10, 2026: 12}, "Prevention"),
	"R2": ("Percentage", {2025: 80}, "Prevention"),
	"R3": ("Yes/No", {2025: 1}, "Law Enforcement"),
	"R4": ("Amount (IDR)", {2025: 1000000}, "Law Enforcement"),
	"R5": ("Count", {2025: 4}, "Law Enforcement"),
}


def achievement_test_data() -> dict:
	"""A RAN adopted by province A's RAD, adopted in turn by the RADs of districts A1 and A2, and by province
	B's RAD, with progress reports through the approval workflow: approved ones in 2025 and 2026, a draft.

	Returns {"plans": {"RAN", "A", "A1", "A2", "B"}, "reports": {key: name}, "task_forces", "users"}.
	Realised values by report (item code → value; other items not reported):
	A1 2025-Q1 {R1 3, R2 40, R3 0}; A1 2025-Q2 {R1 6, R2 60, R3 1, R4 500000}; A1 2026-Q1 {R1 2};
	A2 2025-Q2 {R1 12, R2 90, R5 4}; A2 2025-Q3 {R1 20} (draft); A 2025-Q1 {R1 5, R3 1}; B 2025-Q2 {R1 7}.
	"""
	from tppo_app.action_plan.planning import adopt_items

	data = region_test_data()
	tf, users = data["task_forces"], data["users"]
	police = make_agency("Achievement Police", level="National", region=None)
	social = make_agency(
		"Achievement Social Affairs", level="National", region=None, agency_type="Social Affairs"
	)
	agencies = {"R1": police, "R2": social, "R3": police, "R4": social, "R5": police}

	plans = {"RAN": make_plan(national_task_force(), "RAN", title="Achievement Test RAN")}
	for code, (measure_type, targets, cluster) in ACHIEVEMENT_ITEMS.items():
		make_item(
			plans["RAN"], code, measure_type, targets, cluster=cluster, responsible_agency=agencies[code]
		)
	for key, region, parent, codes in (
		("A", PROVINCE_A, "RAN", ACHIEVEMENT_ITEMS),
		("A1", DISTRICT_A1, "A", ACHIEVEMENT_ITEMS),
		("A2", DISTRICT_A2, "A", ACHIEVEMENT_ITEMS),
		("B", PROVINCE_B, "RAN", ("R1", "R2")),
	):
		plans[key] = make_plan(
			tf[region], "RAD", parent_plan=plans[parent], title=f"Achievement Test RAD {key}"
		)
		parent_items = frappe.get_all(
			"Action Plan Item",
			filters={"action_plan": plans[parent], "item_code": ("in", list(codes))},
			pluck="name",
		)
		adopt_items(plans[key], parent_items)

	district = ("Submit", "Verify", "Approve")
	province = ("Submit to Ministry", "Approve")
	specs = {
		"A1 2025-Q1": (DISTRICT_A1, "A1", "2025-Q1", {"R1": 3, "R2": 40, "R3": 0}, "focal_a1", district),
		"A1 2025-Q2": (
			DISTRICT_A1,
			"A1",
			"2025-Q2",
			{"R1": 6, "R2": 60, "R3": 1, "R4": 500000},
			"focal_a1",
			district,
		),
		"A1 2026-Q1": (DISTRICT_A1, "A1", "2026-Q1", {"R1": 2}, "focal_a1", district),
		"A2 2025-Q2": (DISTRICT_A2, "A2", "2025-Q2", {"R1": 12, "R2": 90, "R5": 4}, "focal_a2", district),
		"A2 2025-Q3": (DISTRICT_A2, "A2", "2025-Q3", {"R1": 20}, "focal_a2", ()),
		"A 2025-Q1": (PROVINCE_A, "A", "2025-Q1", {"R1": 5, "R3": 1}, "admin_a", province),
		"B 2025-Q2": (PROVINCE_B, "B", "2025-Q2", {"R1": 7}, "admin_b", province),
	}
	actors = {
		"Submit": None,
		"Submit to Ministry": None,
		"Verify": "admin_a",
		"Approve": "reviewer",
	}
	reports = {}
	for key, (region, plan_key, period, realised, author, actions) in specs.items():
		existing = frappe.db.get_value(
			"Progress Report",
			{
				"task_force": tf[region],
				"action_plan": plans[plan_key],
				"reporting_period": period_of(plans[plan_key], period),
				"docstatus": ("<", 2),
			},
			"name",
		)
		if existing:
			reports[key] = existing
			continue
		report = make_progress_report(tf[region], plans[plan_key], period, realised, user=users[author])
		for action in actions:
			act(users[actors[action] or author], report.name, action)
		reports[key] = report.name
	return {"plans": plans, "reports": reports, **data}


def make_report_template(
	title: str,
	dimensions: list[str],
	measures: list[str],
	conditions: list[tuple[str, str, str]] = (),
	user: str | None = None,
	**values,
) -> str:
	"""A RAN Report Template (by title: made once); conditions are (fieldname, operator, value)."""
	existing = frappe.db.get_value("RAN Report Template", {"title": title}, "name")
	if existing:
		return existing
	doc = frappe.get_doc(
		doctype="RAN Report Template",
		title=title,
		dimensions=[{"dimension": dimension} for dimension in dimensions],
		measures=[{"measure": measure} for measure in measures],
		conditions=[{"fieldname": f, "operator": o, "value": v} for f, o, v in conditions],
		**values,
	)
	if user:
		with as_user(user):
			doc.insert()
	else:
		doc.insert(ignore_permissions=True)
	return doc.name
