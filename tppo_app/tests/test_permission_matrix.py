"""The permission matrix (issue #6): for every role, doctype, action and region, the answer of the REST API.

MATRIX_TABLE below is the whole specification; the code after it turns each cell into real requests (RestClient:
the WSGI application, the user's API key, a database connection of its own) and compares. A line holds one code
per role, in the order of ROLES, and each code stands for the two regions the matrix checks:

- own: a record in the user's region or under it: district A1, which lies in province A (province A itself for
  the doctypes kept per province, PROVINCE_LEVEL). For national users it is simply the first of the two;
- other: a record of another province: district B1 (province B for PROVINCE_LEVEL).

  all  allowed in both regions (list, export, report view, script reports: the rows of both come back)
  own  allowed in the own region, refused in the other (only the own region's rows come back)
  -    refused in both (403, or no row comes back)

Actions (TestPermissionMatrix.ACTIONS), each as the user's REST request:
  list            GET /api/resource/<doctype>
  read            GET /api/resource/<doctype>/<name>
  create          POST /api/resource/<doctype>
  write           PUT of a harmless field, restored afterwards (a refusal must leave the record unchanged);
                  "write: <state>" the same on a progress report in that state
  submit          PUT docstatus 1
  workflow: <action>   frappe.model.workflow.apply_workflow
  delete          DELETE /api/resource/<doctype>/<name>
  export          frappe.desk.reportview.export_query (CSV)
  report view     frappe.desk.reportview.get
  script reports  frappe.desk.query_report.run of each report of SCRIPT_REPORTS, filtered to the region
  personal data   whether the personal field comes back with its value (read, list, export)

To extend it: a doctype is a block of lines (its records come from MatrixWorld.payload), an action a line (its
request in TestPermissionMatrix.ACTIONS), a role a column (its user in MatrixWorld.actors). Every check is a
subTest named role · doctype · action · region; the class prints how many ran and held, and writes every answer
to the file TPPO_PERMISSION_MATRIX_LOG names, if set.
"""

import contextlib
import csv
import io
import itertools
import json
import os
from collections import namedtuple
from typing import ClassVar

import frappe
from frappe.utils import add_days, today

from tppo_app import roles
from tppo_app.task_force.utils import overlapping_task_forces
from tppo_app.tests.case_factories import case_users
from tppo_app.tests.utils import (
	DISTRICT_A1,
	DISTRICT_B1,
	PROVINCE_A,
	PROVINCE_B,
	RestClient,
	TPPOTestCase,
	act,
	make_user,
	national_task_force,
	region_test_data,
	resource,
)

ROLES = (
	"National Admin",
	"Provincial Admin",  # of province A
	"District Focal Point",  # of district A1
	"Ministry Reviewer",
	"Case Worker",  # of province A
	"Viewer",  # of province A
	"National Viewer",  # a viewer without a region, as the demo's pemantau
)

# Two lines of column headings, then a block per doctype: one line per action, one column per role (in the order
# of ROLES): all, own or - (see the module's docstring). Lines starting with "#" are comments.
MATRIX_TABLE = """
                          National Provincial Focal  Ministry  Case    Viewer  National
                          Admin    Admin      Point  Reviewer  Worker  (A)     Viewer
Task Force
    list                  all      own        own    all       own     own     all
    read                  all      own        own    all       own     own     all
    create                all      own        own    -         -       -       -
    write                 all      own        own    -         -       -       -
    delete                all      own        -      -         -       -       -
    export                all      own        own    all       -       -       -
    report view           all      own        own    all       own     own     all
Task Force Member
    list                  all      own        own    all       own     own     all
    read                  all      own        own    all       own     own     all
    create                all      own        own    -         -       -       -
    write                 all      own        own    -         -       -       -
    delete                all      own        -      -         -       -       -
    export                all      own        own    all       -       -       -
    report view           all      own        own    all       own     own     all
    script reports        all      own        own    all       own     own     all
Sub Task Force
    list                  all      own        own    all       own     own     all
    read                  all      own        own    all       own     own     all
    create                all      own        own    -         -       -       -
    write                 all      own        own    -         -       -       -
    delete                all      own        -      -         -       -       -
    export                all      own        own    all       -       -       -
    report view           all      own        own    all       own     own     all
Agency
    list                  all      own        own    all       own     own     all
    read                  all      own        own    all       own     own     all
    create                all      own        own    -         -       -       -
    write                 all      own        own    -         -       -       -
    delete                all      own        -      -         -       -       -
    export                all      own        own    all       -       -       -
    report view           all      own        own    all       own     own     all
Action Plan
    list                  all      own        own    all       own     own     all
    read                  all      own        own    all       own     own     all
    create                all      own        own    -         -       -       -
    write                 all      own        own    -         -       -       -
    delete                all      own        -      -         -       -       -
    export                all      own        own    all       -       -       -
    report view           all      own        own    all       own     own     all
Action Plan Item
    list                  all      own        own    all       own     own     all
    read                  all      own        own    all       own     own     all
    create                all      own        own    -         -       -       -
    write                 all      own        own    -         -       -       -
    delete                all      own        -      -         -       -       -
    export                all      own        own    all       -       -       -
    report view           all      own        own    all       own     own     all
Progress Report
    list                  all      own        own    all       own     own     all
    read                  all      own        own    all       own     own     all
    create                all      own        own    -         -       -       -
# A draft changes in the hands of its district and province (and of national admins, who hold System
# Manager); the reviewer's write permission serves the states that wait for the ministry.
    write                 all      own        own    -         -       -       -
# Once verified it waits for the ministry: the reviewer may correct it, the district and province no longer.
    write: Verified       all      -          -      all       -       -       -
# Submitted by its approval only, never directly.
    submit                -        -          -      -         -       -       -
# Each step by the approver the hierarchy names: the district, its province, the ministry.
    workflow: Submit      -        -          own    -         -       -       -
    workflow: Verify      -        own        -      -         -       -       -
    workflow: Approve     -        -          -      all       -       -       -
    delete                all      own        -      -         -       -       -
    export                all      own        own    all       -       -       -
    report view           all      own        own    all       own     own     all
    script reports        all      own        own    all       own     own     all
# Cases, victims and services: the region's case workers record them, its provincial admin reads them, focal
# points see none; the reviewer and the viewers read them, victims as codes only.
TPPO Case
    list                  all      own        -      all       own     own     all
    read                  all      own        -      all       own     own     all
    create                all      -          -      -         own     -       -
    write                 all      -          -      -         own     -       -
    delete                all      -          -      -         -       -       -
    export                all      -          -      all       own     -       -
    report view           all      own        -      all       own     own     all
    script reports        all      own        -      all       own     own     all
Victim
    list                  all      own        -      all       own     own     all
    read                  all      own        -      all       own     own     all
# Who the victim is (name, NIK, birth date...): the case workers of the victim's region and national admins,
# wherever the record comes back.
    personal data         all      -          -      -         own     -       -
    personal data in list all      -          -      -         own     -       -
    personal data in export all    -          -      -         own     -       -
    create                all      -          -      -         own     -       -
    write                 all      -          -      -         own     -       -
    delete                all      -          -      -         -       -       -
    export                all      -          -      all       own     -       -
    report view           all      own        -      all       own     own     all
    script reports        all      own        -      all       own     own     all
Victim Service
    list                  all      own        -      all       own     own     all
    read                  all      own        -      all       own     own     all
# A service's notes are personal data too.
    personal data         all      -          -      -         own     -       -
    personal data in list all      -          -      -         own     -       -
    personal data in export all    -          -      -         own     -       -
    create                all      -          -      -         own     -       -
    write                 all      -          -      -         own     -       -
    delete                all      -          -      -         -       -       -
    export                all      -          -      all       own     -       -
    report view           all      own        -      all       own     own     all
    script reports        all      own        -      all       own     own     all
Training
    list                  all      own        own    all       own     own     all
    read                  all      own        own    all       own     own     all
    create                all      own        own    -         -       -       -
    write                 all      own        own    -         -       -       -
    delete                all      own        -      -         -       -       -
    export                all      own        own    all       -       -       -
    report view           all      own        own    all       own     own     all
    script reports        all      own        own    all       own     own     all
Coordination Meeting
    list                  all      own        own    all       own     own     all
    read                  all      own        own    all       own     own     all
    create                all      own        own    -         -       -       -
    write                 all      own        own    -         -       -       -
# Submitting a held meeting approves its minutes.
    submit                all      own        own    -         -       -       -
    delete                all      own        -      -         -       -       -
    export                all      own        own    all       -       -       -
    report view           all      own        own    all       own     own     all
    script reports        all      own        own    all       own     own     all
Recommendation
    list                  all      own        own    all       own     own     all
    read                  all      own        own    all       own     own     all
    create                all      own        own    -         -       -       -
    write                 all      own        own    -         -       -       -
    delete                all      own        -      -         -       -       -
    export                all      own        own    all       -       -       -
    report view           all      own        own    all       own     own     all
    script reports        all      own        own    all       own     own     all
RAN Report Template
    list                  all      own        own    all       own     own     all
    read                  all      own        own    all       own     own     all
    create                all      own        own    -         -       -       -
    write                 all      own        own    -         -       -       -
    delete                all      own        -      -         -       -       -
    export                all      own        own    all       -       -       -
    report view           all      own        own    all       own     own     all
    script reports        all      own        own    all       own     own     all
# A province's adaptations: its admin keeps them. A district focal point holds a User Permission on the
# district only, so the province's records stay out of their sight.
Regional Field
    list                  all      own        -      all       own     own     all
    read                  all      own        -      all       own     own     all
    create                all      own        -      -         -       -       -
    write                 all      own        -      -         -       -       -
    delete                all      own        -      -         -       -       -
    export                all      own        -      -         -       -       -
    report view           all      own        -      all       own     own     all
# Case workers hold no permission on approval chains.
Approval Chain
    list                  all      own        -      all       -       own     all
    read                  all      own        -      all       -       own     all
    create                all      own        -      -         -       -       -
    write                 all      own        -      -         -       -       -
    delete                all      own        -      -         -       -       -
    export                all      own        -      -         -       -       -
    report view           all      own        -      all       -       own     all
# Who read which victim: for national admins to review. Nobody writes or deletes an entry.
Victim Access Log
    list                  all      -          -      -         -       -       -
    read                  all      -          -      -         -       -       -
    create                -        -          -      -         -       -       -
    write                 -        -          -      -         -       -       -
    delete                -        -          -      -         -       -       -
    export                all      -          -      -         -       -       -
    report view           all      -          -      -         -       -       -
"""

ALL, OWN, NONE = "all", "own", "-"
OWN_REGION, OTHER_REGION = "own", "other"
REGIONS = (OWN_REGION, OTHER_REGION)
PROVINCE_LEVEL = ("Regional Field", "Approval Chain")


def parse_matrix(table: str) -> dict[str, dict[str, tuple[str, ...]]]:
	"""{doctype: {action: codes}}; a malformed line is an error, never a check silently skipped."""
	matrix: dict[str, dict[str, tuple[str, ...]]] = {}
	doctype = None
	for line in table.strip("\n").splitlines()[2:]:
		if not line.strip() or line.startswith("#"):
			continue
		if not line[0].isspace():
			doctype = line.strip()
			matrix[doctype] = {}
			continue
		words = line.split()
		action, codes = " ".join(words[: -len(ROLES)]), tuple(words[-len(ROLES) :])
		if not doctype or not action or set(codes) - {ALL, OWN, NONE} or action in matrix[doctype]:
			raise ValueError(f"permission matrix: bad line {line.strip()!r}")
		matrix[doctype][action] = codes
	return matrix


MATRIX = parse_matrix(MATRIX_TABLE)


def area(doctype: str, region: str) -> str:
	"""The Region of the matrix's own or other record of a doctype."""
	if doctype in PROVINCE_LEVEL:
		return {OWN_REGION: PROVINCE_A, OTHER_REGION: PROVINCE_B}[region]
	return district(region)


def district(region: str) -> str:
	return {OWN_REGION: DISTRICT_A1, OTHER_REGION: DISTRICT_B1}[region]


def expected(code: str, region: str) -> bool:
	return code == ALL or (code == OWN and region == OWN_REGION)


# ---- the records the matrix acts on ----------------------------------------------------------------------

# A workflow action: the state a report must be in, and the state it moves to.
WORKFLOW_STATES = {
	"Submit": ("Draft", "Submitted"),
	"Verify": ("Submitted", "Verified"),
	"Approve": ("Verified", "Approved"),
}
# A harmless field per doctype for the write checks (Progress Report: a row's narrative).
WRITE_FIELDS = {
	"Task Force": "chair_position",
	"Task Force Member": "position",
	"Sub Task Force": "description",
	"Agency": "address",
	"Action Plan": "legal_basis_number",
	"Action Plan Item": "budget_source",
	"TPPO Case": "summary",
	"Victim": "previously_trafficked",
	"Victim Service": "referred_by_agency",
	"Training": "place",
	"Coordination Meeting": "venue",
	"Recommendation": "details",
	"RAN Report Template": "description",
	"Regional Field": "description",
	"Approval Chain": "enabled",
	"Victim Access Log": "detail",
}
# The personal field a personal-data check looks for in what the API returns.
PERSONAL_FIELDS = {"Victim": "full_name", "Victim Service": "notes"}


class MatrixWorld:
	"""The users of ROLES and, per doctype, a record in the own and in the other region (made on first use, and
	made again when a check has deleted it or moved it on), with what they depend on. Everything it makes is
	committed (the API's connection sees committed data only) and deleted again by clean_up."""

	def __init__(self):
		self.run = frappe.generate_hash(length=6)
		self.counter = itertools.count(1)
		self.created: list[tuple[str, str]] = []
		self.records: dict[tuple, str] = {}

	def build(self) -> None:
		users = case_users()
		self.users = self.actors(users)
		task_forces = region_test_data()["task_forces"]
		self.task_force = {OWN_REGION: task_forces[DISTRICT_A1], OTHER_REGION: task_forces[DISTRICT_B1]}
		# Who verifies a district's report: the admin of its province.
		self.verifier = {OWN_REGION: users["admin_a"], OTHER_REGION: users["admin_b"]}
		self.agency = {
			region: self.insert(
				doctype="Agency",
				agency_name=f"Matrix Polda {region} {self.run}",
				agency_type="Police",
				level="Province",
				region={OWN_REGION: PROVINCE_A, OTHER_REGION: PROVINCE_B}[region],
			)
			for region in REGIONS
		}
		# A regional plan adopts the RAN (national_task_force makes the national task force if there is none).
		self.ran = self.insert(
			doctype="Action Plan",
			title=f"Matrix RAN {self.run}",
			plan_type="RAN",
			task_force=national_task_force(),
			start_year=2025,
			end_year=2029,
		)
		self.plan, self.item = {}, {}
		for region in REGIONS:
			self.plan[region] = self.insert(**self.payload("Action Plan", region))
			frappe.get_doc("Action Plan", self.plan[region]).generate_reporting_periods()
			self.created.extend(
				("Reporting Period", name)
				for name in frappe.get_all(
					"Reporting Period", {"action_plan": self.plan[region]}, pluck="name"
				)
			)
			self.item[region] = self.insert(**self.payload("Action Plan Item", region))
		self.victim = {region: self.insert(**self.payload("Victim", region)) for region in REGIONS}
		self.meeting = {region: self.make("Coordination Meeting", region, "Held") for region in REGIONS}

	@staticmethod
	def actors(users: dict) -> dict[str, str]:
		"""The user of each role (column) of the matrix."""
		# A national admin as the role profile makes one: with System Manager.
		national = make_user("matrix-national-admin", roles.NATIONAL_ADMIN)
		if "System Manager" not in frappe.get_roles(national):
			frappe.get_doc("User", national).add_roles("System Manager")
		actors = {
			"National Admin": national,
			"Provincial Admin": users["admin_a"],
			"District Focal Point": users["focal_a1"],
			"Ministry Reviewer": users["reviewer"],
			"Case Worker": users["case_a"],
			"Viewer": make_user("matrix-viewer-a", roles.VIEWER, (PROVINCE_A,)),
			"National Viewer": users["viewer"],
		}
		if tuple(actors) != ROLES:
			raise ValueError("permission matrix: a user for every role, in the order of ROLES")
		return actors

	# -- making and finding records

	def insert(self, **values) -> str:
		doc = frappe.get_doc(values).insert(ignore_permissions=True)
		self.created.append((doc.doctype, doc.name))
		return doc.name

	def record(self, doctype: str, region: str, state: str | None = None) -> str:
		"""The matrix's record of a doctype in a region (and state), made again if a check used it up."""
		key = (doctype, region, state)
		name = self.records.get(key)
		if not name or not self.in_state(doctype, name, state):
			name = self.records[key] = self.make(doctype, region, state)
		return name

	def make(self, doctype: str, region: str, state: str | None = None) -> str:
		"""A new record (committed): a throwaway for a check that uses it up."""
		if doctype == "Approval Chain":
			self.clear_chain(region)
		name = self.insert(**self.payload(doctype, region))
		if doctype == "Coordination Meeting" and state == "Held":
			meeting = frappe.get_doc(doctype, name)
			for row in meeting.attendance:
				row.attendance = "Present"
			meeting.minutes = "<p>Matrix minutes.</p>"
			meeting.save(ignore_permissions=True)
		if doctype == "Progress Report" and state in ("Submitted", "Verified"):
			act("Administrator", name, "Submit")
			if state == "Verified":
				act(self.verifier[region], name, "Verify")
		frappe.db.commit()  # nosemgrep: the API's connection sees committed data only
		return name

	@staticmethod
	def in_state(doctype: str, name: str, state: str | None) -> bool:
		"""Whether the record is still there, a draft (a progress report: in the state), and held if asked."""
		if doctype == "Progress Report":
			return frappe.db.get_value(doctype, name, "workflow_state") == (state or "Draft")
		if frappe.db.get_value(doctype, name, "docstatus") != 0:
			return False  # gone (None), or submitted
		return state != "Held" or frappe.db.get_value(doctype, name, "status") == "Held"

	def clear_chain(self, region: str) -> None:
		"""One approval chain per province: a new one replaces the matrix's."""
		for name in frappe.get_all(
			"Approval Chain", {"region": area("Approval Chain", region)}, pluck="name"
		):
			self.discard("Approval Chain", name)

	def discard(self, doctype: str, name: str) -> None:
		"""Deletes a record whatever its state (as Administrator), and commits."""
		if not frappe.db.exists(doctype, name):
			return
		if doctype == "Victim":
			frappe.db.delete("Victim Access Log", {"victim": name})
		if frappe.db.get_value(doctype, name, "docstatus") == 1:
			frappe.db.set_value(doctype, name, "docstatus", 2, update_modified=False)
		frappe.delete_doc(doctype, name, force=True, ignore_permissions=True, delete_permanently=True)
		frappe.db.commit()  # nosemgrep: the API's connection sees committed data only

	def clean_up(self) -> None:
		for doctype, name in reversed(self.created):
			self.discard(doctype, name)

	# -- payloads: what a user sends to create a record in a region

	def marker(self) -> str:
		"""A text no other record holds."""
		return f"Matrix {self.run} {next(self.counter)}"

	def write_value(self, doctype: str):
		"""What a write check puts into the doctype's WRITE_FIELDS field."""
		if doctype in ("Victim", "Approval Chain"):
			return 1  # a check box their records have unchecked
		if doctype == "Victim Service":
			return self.agency[OWN_REGION]
		return self.marker()

	def payload(self, doctype: str, region: str) -> dict:
		marker, where, tf = self.marker(), area(doctype, region), self.task_force[region]
		agency = self.agency[region]
		match doctype:
			case "Task Force":
				year = self.free_year(where)
				values = dict(
					region=where,
					task_force_name=marker,
					period_start=f"{year}-01-01",
					period_end=f"{year}-12-31",
					legal_basis_type="Perbup",
					legal_basis_number=marker,
					legal_basis_date="2025-01-01",
				)
			case "Task Force Member":
				values = dict(task_force=tf, full_name=marker, agency=agency, start_date="2025-01-01")
			case "Sub Task Force":
				used = frappe.get_all("Sub Task Force", {"task_force": tf}, pluck="function")
				free = frappe.get_all(
					"Sub Task Force Function",
					{"region": ("is", "not set"), "name": ("not in", used or [""])},
					pluck="name",
					order_by="name",
				)
				values = dict(task_force=tf, function=free[0], sub_task_force_name=marker)
			case "Agency":
				values = dict(agency_name=marker, agency_type="Police", level="District", region=where)
			case "Action Plan":
				values = dict(
					title=marker,
					plan_type="RAD",
					parent_plan=self.ran,
					task_force=tf,
					start_year=2025,
					end_year=2029,
					reporting_frequency="Quarter",
				)
			case "Action Plan Item":
				values = dict(
					action_plan=self.plan[region],
					item_code=marker.rsplit(" ", 1)[-1],
					cluster="Prevention",
					responsible_agency=agency,
					activity=marker,
					indicator=marker,
					unit="kegiatan",
					measure_type="Count",
					targets=[{"year": 2025, "target": 4}],
				)
			case "Progress Report":
				values = dict(
					task_force=tf, action_plan=self.plan[region], reporting_period=self.free_period(region)
				)
			case "TPPO Case":
				values = dict(
					police_report_number=f"LP/{marker}",
					police_report_date="2024-05-02",
					region=where,
					stage="Investigation",
					inquiry_date="2024-05-02",
					investigation_date="2024-05-20",
					modus="Sexual Exploitation",
					suspects=[
						{
							"suspect_alias": marker,
							"role_in_network": "Recruiter or Intermediary",
							"sex": "Male",
						}
					],
				)
			case "Victim":
				values = dict(
					region=where,
					identification_date="2024-06-01",
					full_name=marker,
					birth_date="2008-03-14",
					sex="Female",
					origin_region=where,
				)
			case "Victim Service":
				values = dict(
					victim=self.victim[region],
					service_type="Medical",
					date_requested="2024-06-02",
					date_started="2024-06-04",
					notes=marker,
				)
			case "Training":
				values = dict(
					title=marker,
					topic="Safe Migration",
					task_force=tf,
					start_date="2025-03-03",
					end_date="2025-03-04",
					mode="Offline",
					participants=[{"participant_name": marker, "agency": agency, "sex": "Female"}],
				)
			case "Coordination Meeting":
				values = dict(
					title=marker,
					meeting_type="Coordination Meeting",
					task_force=tf,
					meeting_date=add_days(today(), -10),
					start_time="09:00:00",
					end_time="11:00:00",
					venue="Ruang Rapat",
					agenda=[{"topic": marker}],
					invitees=[{"agency": agency}],
				)
			case "Recommendation":
				values = dict(
					meeting=self.meeting[region],
					title=marker,
					responsible_agency=agency,
					due_date=add_days(today(), -2),
				)
			case "RAN Report Template":
				values = dict(
					title=marker,
					region=where,
					action_plan=self.plan[region],
					include_unapproved=1,
					dimensions=[{"dimension": "Cluster"}],
					measures=[{"measure": "Items"}],
				)
			case "Regional Field":
				values = dict(
					label=marker,
					label_id=marker,
					document_type="Training",
					region=where,
					fieldtype="Data",
					enabled=0,
				)
			case "Approval Chain":
				values = dict(region=where, document_type="Progress Report", enabled=0)
			case "Victim Access Log":
				values = dict(
					accessed_on=frappe.utils.now_datetime(),
					user="Administrator",
					victim=self.victim[region],
					victim_region=where,
					access_via="API",
					detail=marker,
				)
			case _:
				raise KeyError(f"permission matrix: no payload for {doctype}")
		return {"doctype": doctype, **values}

	def free_year(self, region: str) -> int:
		"""A year of no task force of the region (one task force per region and period)."""
		return next(
			year
			for year in range(2040, 2100)
			if not overlapping_task_forces(region, f"{year}-01-01", f"{year}-12-31")
		)

	def free_period(self, region: str) -> str:
		"""A period of the region's plan its task force has not reported on (one report per period)."""
		taken = frappe.get_all(
			"Progress Report",
			{"action_plan": self.plan[region], "docstatus": ("<", 2)},
			pluck="reporting_period",
		)
		return frappe.get_all(
			"Reporting Period",
			{"action_plan": self.plan[region], "name": ("not in", taken or [""])},
			pluck="name",
			order_by="end_date",
		)[0]


# ---- the requests --------------------------------------------------------------------------------------

Outcome = namedtuple("Outcome", "allowed detail")  # allowed: True, False, or None when the answer was neither
REFUSED = (403,)
# A refusal by validation (HTTP 417) is the intended answer only where the rule is a rule of the process, not of
# permissions: a progress report is submitted by its approval; a workflow action that is not the user's to take
# is not offered to them.
REFUSED_BY_PROCESS = (403, 417)


class QuietClient(RestClient):
	"""RestClient without the traceback Frappe prints for each refused request (there are hundreds here); it
	ends this connection's snapshot afterwards, to see what the request committed."""

	def _request(self, method: str, path: str, **kwargs):
		with contextlib.redirect_stdout(io.StringIO()):
			response = super()._request(method, path, **kwargs)
		frappe.db.commit()  # nosemgrep: a new snapshot, to see what the request committed
		return response


def answer(response) -> str:
	"""The status and what went wrong (or the start of the body), on one line."""
	body = response.json if isinstance(response.json, dict) else {}
	reason = body.get("exc_type") or " ".join((response.body or "")[:120].split())
	return f"HTTP {response.status} {reason}".strip()


class TestPermissionMatrix(TPPOTestCase):
	checks = held = 0
	answers: ClassVar[list[str]] = []

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.world = MatrixWorld()
		cls.addClassCleanup(cls.world.clean_up)  # runs even if building fails half way
		cls.world.build()
		cls.clients = {role: QuietClient(user) for role, user in cls.world.users.items()}
		frappe.db.commit()  # nosemgrep: records and API keys must be visible to the request threads

	@classmethod
	def tearDownClass(cls):
		print(f"\npermission matrix: {cls.checks} checks, {cls.held} held")
		if path := os.environ.get("TPPO_PERMISSION_MATRIX_LOG"):
			# Every answer, for review: TPPO_PERMISSION_MATRIX_LOG=/tmp/matrix.txt bench run-tests ...
			with open(path, "w") as log:
				log.write("\n".join(cls.answers) + "\n")
		super().tearDownClass()

	# kind "one": a request per region, fn(client, doctype, region, want, arg) -> Outcome;
	# kind "rows": requests that show which regions' rows come back, fn(client, doctype, arg) -> {label: {region:
	# Outcome}} (label None: the action itself). An action "write: Verified" calls "write" with arg "Verified".
	ACTIONS: ClassVar[dict[str, tuple[str, str]]] = {
		"list": ("rows", "list_rows"),
		"export": ("rows", "export_rows"),
		"report view": ("rows", "report_view_rows"),
		"script reports": ("rows", "script_reports"),
		"personal data in list": ("rows", "personal_rows"),
		"personal data in export": ("rows", "personal_export_rows"),
		"read": ("one", "read"),
		"personal data": ("one", "personal_data"),
		"create": ("one", "create"),
		"write": ("one", "write"),
		"submit": ("one", "submit"),
		"workflow": ("one", "workflow"),
		"delete": ("one", "delete"),
	}

	def run_matrix(self, doctype: str) -> None:
		for action, codes in MATRIX[doctype].items():
			base, _, arg = action.partition(": ")
			kind, method = self.ACTIONS[base]
			request = getattr(self, method)
			for role, code in zip(ROLES, codes, strict=True):
				client = self.clients[role]
				if kind == "one":
					for region in REGIONS:
						try:
							outcome = request(client, doctype, region, expected(code, region), arg or None)
						except Exception as exc:
							outcome = self.broken(exc)
						self.check(role, doctype, action, region, code, outcome)
					continue
				try:
					results = request(client, doctype, arg or None)
				except Exception as exc:
					results = {None: dict.fromkeys(REGIONS, self.broken(exc))}
				for label, outcomes in results.items():
					for region in REGIONS:
						self.check(role, doctype, label or action, region, code, outcomes[region])

	def broken(self, exc: Exception) -> Outcome:
		frappe.db.rollback()
		return Outcome(None, f"the check itself failed: {exc!r}")

	def check(self, role: str, doctype: str, action: str, region: str, code: str, outcome: Outcome) -> None:
		want = expected(code, region)
		type(self).checks += 1
		self.answers.append(
			f"{role} · {doctype} · {action} · {region}: {code} → {outcome.allowed} ({outcome.detail})"
		)
		with self.subTest(role=role, doctype=doctype, action=action, region=region):
			self.assertEqual(
				outcome.allowed,
				want,
				f"{role} · {doctype} · {action} · {region} region: expected "
				f"{'allowed' if want else 'refused'}, got {outcome.detail}",
			)
			type(self).held += 1

	# -- rows: which regions' records come back

	def names(self, doctype: str) -> dict[str, str]:
		return {region: self.world.record(doctype, region) for region in REGIONS}

	def seen(self, names: dict, response, rows_of, words=("its row", "no row")) -> dict[None, dict]:
		"""Whether each region's record is among the rows a response returns (a refusal returns none)."""
		if response.status == 200:
			rows = rows_of(response)
			outcomes = {
				region: Outcome(name in rows, f"{words[name not in rows]}, {answer(response)}")
				for region, name in names.items()
			}
		else:
			refused = response.status in REFUSED
			outcomes = dict.fromkeys(names, Outcome(False if refused else None, answer(response)))
		return {None: outcomes}

	def get_list(self, client, doctype, fields=("name",)):
		"""GET /api/resource/<doctype> for the matrix's records of the doctype."""
		names = self.names(doctype)
		response = client.get(
			resource(doctype),
			{
				"fields": json.dumps(list(fields)),
				"filters": json.dumps([["name", "in", list(names.values())]]),
				"limit_page_length": "0",
			},
		)
		return names, response

	def export(self, client, doctype, fields=("name",)):
		"""Report view's export (CSV) of the matrix's records of the doctype."""
		names = self.names(doctype)
		response = client.get(
			"/api/method/frappe.desk.reportview.export_query",
			{
				"doctype": doctype,
				"file_format_type": "CSV",
				"title": "matrix",
				"fields": json.dumps([f"`tab{doctype}`.`{field}`" for field in fields]),
				"filters": json.dumps([[doctype, "name", "in", list(names.values())]]),
			},
		)
		return names, response

	def list_rows(self, client, doctype, arg=None):
		names, response = self.get_list(client, doctype)
		return self.seen(names, response, lambda r: {row["name"] for row in r.json["data"]})

	def export_rows(self, client, doctype, arg=None):
		names, response = self.export(client, doctype)
		return self.seen(names, response, lambda r: {row[1] for row in csv_rows(r.body)})

	def report_view_rows(self, client, doctype, arg=None):
		names = self.names(doctype)
		response = client.get(
			"/api/method/frappe.desk.reportview.get",
			{
				"doctype": doctype,
				"fields": json.dumps([f"`tab{doctype}`.`name`"]),
				"filters": json.dumps([[doctype, "name", "in", list(names.values())]]),
				"page_length": "500",
			},
		)
		return self.seen(
			names, response, lambda r: {row[0] for row in (r.json["message"] or {}).get("values", [])}
		)

	def personal_rows(self, client, doctype, arg=None):
		"""Rows whose personal field comes back with its value."""
		field = PERSONAL_FIELDS[doctype]
		names, response = self.get_list(client, doctype, fields=("name", field))
		stored = {name: frappe.db.get_value(doctype, name, field) for name in names.values()}
		return self.seen(
			names,
			response,
			lambda r: {row["name"] for row in r.json["data"] if row.get(field) == stored[row["name"]]},
			(f"{field} shown", f"no {field}"),
		)

	def personal_export_rows(self, client, doctype, arg=None):
		"""Exported rows that carry the personal field's value."""
		field = PERSONAL_FIELDS[doctype]
		names, response = self.export(client, doctype, fields=("name", field))
		stored = {name: frappe.db.get_value(doctype, name, field) for name in names.values()}
		return self.seen(
			names,
			response,
			lambda r: {row[1] for row in csv_rows(r.body) if stored.get(row[1]) in row[2:]},
			(f"{field} shown", f"no {field}"),
		)

	def script_reports(self, client, doctype, arg=None):
		"""Each script report of the doctype, filtered to a region: does it show that region's data?"""
		results = {}
		for report, (filters, columns) in SCRIPT_REPORTS[doctype].items():
			outcomes = results[f"script report {report}"] = {}
			for region in REGIONS:
				self.world.record(doctype, region)
				response = client.get(
					"/api/method/frappe.desk.query_report.run",
					{
						"report_name": report,
						"filters": json.dumps(filters(self.world, region)),
						"ignore_prepared_report": "1",
					},
				)
				if response.status == 200:
					rows = data_rows(response.json["message"], columns)
					outcomes[region] = Outcome(bool(rows), f"{len(rows)} rows with data, {answer(response)}")
				else:
					outcomes[region] = Outcome(
						False if response.status in REFUSED else None, answer(response)
					)
		return results

	# -- one record

	def read(self, client, doctype, region, want, arg=None):
		name = self.world.record(doctype, region)
		response = client.get(resource(doctype, name))
		if response.status == 200:
			return Outcome(response.json["data"]["name"] == name, answer(response))
		return Outcome(False if response.status in REFUSED else None, answer(response))

	def personal_data(self, client, doctype, region, want, arg=None):
		name = self.world.record(doctype, region)
		field = PERSONAL_FIELDS[doctype]
		stored = frappe.db.get_value(doctype, name, field)
		response = client.get(resource(doctype, name))
		if response.status == 200:
			shown = response.json["data"].get(field) == stored
			return Outcome(shown, f"{field} {'shown' if shown else 'left out'}, {answer(response)}")
		return Outcome(False if response.status in REFUSED else None, answer(response))

	def create(self, client, doctype, region, want, arg=None):
		payload = self.world.payload(doctype, region)
		if doctype == "Approval Chain":
			self.world.clear_chain(region)
		since = frappe.utils.now_datetime()
		response = client.post(resource(doctype), json.loads(frappe.as_json(payload)))
		made = frappe.get_all(doctype, {"creation": (">=", since)}, pluck="name")
		for name in made:
			self.world.discard(doctype, name)
		if response.status == 200 and made:
			return Outcome(True, f"created, {answer(response)}")
		if response.status in REFUSED and not made:
			return Outcome(False, f"nothing created, {answer(response)}")
		return Outcome(None, f"{len(made)} created, {answer(response)}")

	def write(self, client, doctype, region, want, state=None):
		"""Changes a harmless field (restored afterwards); a refusal must leave it as it was."""
		name = self.world.record(doctype, region, state)
		if doctype == "Progress Report":
			rows = frappe.get_all("Progress Report Item", {"parent": name}, ["*"], order_by="idx")
			target = ("Progress Report Item", rows[0].name, "narrative")
			rows[0].narrative = value = self.world.marker()
			payload = {"items": json.loads(frappe.as_json(rows))}
		else:
			target = (doctype, name, WRITE_FIELDS[doctype])
			value = self.world.write_value(doctype)
			payload = {target[2]: value}
		before = frappe.db.get_value(*target)
		response = client.put(resource(doctype, name), payload)
		after = frappe.db.get_value(*target)
		if after != before:
			frappe.db.set_value(*target, before, update_modified=False)
			frappe.db.commit()  # nosemgrep: the next requests see the record as it was
		if response.status == 200 and after == value:
			return Outcome(True, f"saved, {answer(response)}")
		if response.status in REFUSED and after == before:
			return Outcome(False, f"unchanged, {answer(response)}")
		return Outcome(None, f"{'changed' if after != before else 'unchanged'}, {answer(response)}")

	def submit(self, client, doctype, region, want, arg=None):
		state = "Held" if doctype == "Coordination Meeting" else None
		# A submission cannot be undone: an allowed one gets a record of its own.
		name = self.world.make(doctype, region, state) if want else self.world.record(doctype, region, state)
		response = client.put(resource(doctype, name), {"docstatus": 1})
		submitted = frappe.db.get_value(doctype, name, "docstatus") == 1
		if response.status == 200 and submitted:
			return Outcome(True, f"submitted, {answer(response)}")
		if response.status in REFUSED_BY_PROCESS and not submitted:
			return Outcome(False, f"not submitted, {answer(response)}")
		return Outcome(None, f"{'submitted' if submitted else 'not submitted'}, {answer(response)}")

	def workflow(self, client, doctype, region, want, workflow_action):
		state, next_state = WORKFLOW_STATES[workflow_action]
		# A transition moves the report on: an allowed one gets a report of its own.
		name = self.world.make(doctype, region, state) if want else self.world.record(doctype, region, state)
		doc = json.loads(frappe.get_doc(doctype, name).as_json())
		response = client.post(
			"/api/method/frappe.model.workflow.apply_workflow", {"doc": doc, "action": workflow_action}
		)
		now = frappe.db.get_value(doctype, name, "workflow_state")
		if response.status == 200 and now == next_state:
			return Outcome(True, f"{state} → {now}, {answer(response)}")
		if response.status in REFUSED_BY_PROCESS and now == state:
			return Outcome(False, f"still {now}, {answer(response)}")
		return Outcome(None, f"{state} → {now}, {answer(response)}")

	def delete(self, client, doctype, region, want, arg=None):
		# An allowed deletion gets a record of its own.
		name = self.world.make(doctype, region) if want else self.world.record(doctype, region)
		response = client.delete(resource(doctype, name))
		gone = not frappe.db.exists(doctype, name)
		if response.status == 202 and gone:
			return Outcome(True, f"deleted, {answer(response)}")
		if response.status in REFUSED and not gone:
			return Outcome(False, f"still there, {answer(response)}")
		return Outcome(None, f"{'deleted' if gone else 'still there'}, {answer(response)}")


def csv_rows(body: str) -> list[list[str]]:
	"""The data rows of an export (after the header): Sr, then the exported columns."""
	return [row for row in list(csv.reader(io.StringIO(body)))[1:] if len(row) > 1]


# ---- script reports ---------------------------------------------------------------------------------------


# The app's script reports, by the doctype whose report permission they follow: their filters for a region of
# the matrix, and the columns whose value (a count, masked as "<5" or not, or a record) means the region's data
# is shown.
SCRIPT_REPORTS = {
	"Task Force Member": {
		"Task Force Roster": (
			lambda w, r: {"group_by": "Task Force", "region": district(r), "active_only": 1},
			("members",),
		),
	},
	"Progress Report": {
		"RAN Achievement": (
			lambda w, r: {
				"action_plan": w.plan[r],
				"group_by": "Cluster",
				"include_unapproved": 1,
				"region": district(r),
			},
			("report",),
		),
		"Reporting Compliance": (
			lambda w, r: {"action_plan": w.plan[r], "year": 2025, "region": district(r)},
			("report",),
		),
		"Item Detail": (lambda w, r: {"item": w.item[r], "include_unapproved": 1}, ("report",)),
	},
	"Training": {
		"Training Report": (lambda w, r: {"group_by": "Agency", "region": district(r)}, ("participants",)),
	},
	"TPPO Case": {
		"Case Statistics": (
			lambda w, r: {"group_by": "Region", "region": district(r)},
			("inquiry", "investigation", "p21", "prosecution", "verdict", "final_verdict", "sp3"),
		),
		"Suspect Statistics": (
			lambda w, r: {"group_by": "Role in the Network", "region": district(r)},
			("women", "men", "sex_unknown"),
		),
		"TIP Annual Summary": (
			lambda w, r: {"from_year": 2024, "to_year": 2024, "region": district(r)},
			("investigations", "victims_identified"),
		),
	},
	"Victim": {
		"Victim Statistics": (
			lambda w, r: {"group_by": "Region", "region": district(r)},
			("girls", "boys", "women", "men", "age_unknown"),
		),
	},
	"Victim Service": {
		"Service Coverage": (lambda w, r: {"region": district(r)}, ("victims",)),
	},
	"Coordination Meeting": {
		"Meetings Held": (lambda w, r: {"period": "Quarter", "region": district(r)}, ("total",)),
		"Attendance by Agency": (lambda w, r: {"region": district(r)}, ("invited",)),
	},
	"Recommendation": {
		"Recommendation Follow-up": (
			lambda w, r: {"group_by": "Agency", "period": "Quarter", "region": district(r)},
			("total",),
		),
		"Overdue Recommendations": (lambda w, r: {"region": district(r)}, ("recommendation",)),
	},
	"RAN Report Template": {
		"RAN Template Report": (lambda w, r: {"template": w.record("RAN Report Template", r)}, ("items",)),
	},
}


def data_rows(message: dict | None, columns: tuple[str, ...]) -> list[dict]:
	"""The rows of a report result that show data: not a total row, and a count, masked count or record in one
	of the columns."""
	return [
		row
		for row in (message or {}).get("result") or []
		if isinstance(row, dict) and not row.get("is_total_row") and any(row.get(c) for c in columns)
	]


def _matrix_test(doctype: str):
	def test(self):
		self.run_matrix(doctype)

	test.__doc__ = f"{doctype}: every role, action and region as MATRIX_TABLE says."
	return test


for _doctype in MATRIX:
	setattr(TestPermissionMatrix, f"test_{frappe.scrub(_doctype)}", _matrix_test(_doctype))
