"""Two people at once on the same progress report: one wins, the other is told, nothing is lost.

Each attempt is a real HTTP request on its own thread and database connection; a barrier releases both
requests together, and the test checks that they really overlapped in time. What Frappe does: every save
first reads the stored row with SELECT ... FOR UPDATE (Document.check_if_latest, through
load_doc_before_save), so two saves of one document run one after the other, and the second compares the
`modified` timestamp it was given (the version its user opened) with the one just committed. A stale one is
refused with TimestampMismatchError ("Document has been modified after you have opened it", HTTP 417). A
workflow action reloads the document first, so the second approver is refused either by that timestamp check
(when both loaded the same version) or by the workflow itself ("Not a valid Workflow Action", when it loaded
the version the first approver already moved on).

The reports live in province 16 (Sumatera Selatan) with their own users, so that the second admin, focal
point and reviewer never show up as approvers or recipients in other tests; they are removed afterwards.
"""

import json
import threading
import time

import frappe
from frappe.utils import get_test_client

from tppo_app import roles
from tppo_app.tests.utils import (
	RestClient,
	TPPOTestCase,
	act,
	make_item,
	make_plan,
	make_progress_report,
	make_task_force,
	make_user,
	national_task_force,
	region_test_data,
	resource,
)

PROVINCE_C, DISTRICT_C1 = "16", "16.01"
PLAN_TITLE = "Concurrency RAD C"
REPEAT = 3
CONFLICT = "Document has been modified after you have opened it"
ALREADY_MOVED = "Not a valid Workflow Action"


def race(*attempts: tuple[RestClient, str, str, dict]) -> list[frappe._dict]:
	"""Sends the requests (client, method, path, json) at the same moment, each on its own thread, and
	returns their responses with the time each one started and ended."""
	site = frappe.local.site
	barrier = threading.Barrier(len(attempts))
	results: list[frappe._dict] = [frappe._dict() for _ in attempts]

	def run(result, client, method, path, data):
		headers = {"Host": site, "Authorization": f"token {client.api_key}:{client.api_secret}"}
		http = get_test_client()
		barrier.wait()
		result.started = time.perf_counter()
		response = getattr(http, method)(path, headers=headers, json=data)
		result.ended = time.perf_counter()
		result.status = response.status_code
		result.body = response.get_data(as_text=True)
		try:
			result.json = json.loads(result.body)
		except ValueError:
			result.json = None
		result.user = client.user

	threads = [
		threading.Thread(target=run, args=(result, *attempt))
		for result, attempt in zip(results, attempts, strict=True)
	]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	return results


def messages(response) -> str:
	raw = (response.json or {}).get("_server_messages")
	return " ".join(json.loads(m).get("message", "") for m in json.loads(raw)) if raw else ""


def remove_reports(plan: str) -> None:
	"""The plan's reports and everything written about them (committed by the requests)."""
	names = frappe.get_all("Progress Report", filters={"action_plan": plan}, pluck="name")
	if not names:
		return
	for child in ("Progress Report Item", "Progress Report Evidence", "Progress Report Approval Step"):
		frappe.db.delete(child, {"parenttype": "Progress Report", "parent": ("in", names)})
	frappe.db.delete("Regional Value", {"parenttype": ("like", "Progress Report%"), "parent": ("in", names)})
	frappe.db.delete("Version", {"ref_doctype": "Progress Report", "docname": ("in", names)})
	frappe.db.delete("Comment", {"reference_doctype": "Progress Report", "reference_name": ("in", names)})
	frappe.db.delete("Notification Log", {"document_type": "Progress Report", "document_name": ("in", names)})
	frappe.db.delete("Email Queue", {"reference_doctype": "Progress Report", "reference_name": ("in", names)})
	frappe.db.delete("Progress Report", {"name": ("in", names)})


class TestConcurrency(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		users = region_test_data()["users"]
		cls.users = {
			"reviewer": users["reviewer"],
			"admin_c1": make_user("admin-c1", roles.PROVINCIAL_ADMIN, (PROVINCE_C,)),
			"admin_c2": make_user("admin-c2", roles.PROVINCIAL_ADMIN, (PROVINCE_C,)),
			"focal_c1": make_user("focal-c1", roles.DISTRICT_FOCAL_POINT, (DISTRICT_C1,)),
			"focal_c1b": make_user("focal-c1b", roles.DISTRICT_FOCAL_POINT, (DISTRICT_C1,)),
			# officers of the province's own review level (an inspectorate): focal-point rights in the province
			"officer_c1": make_user("officer-c1", roles.DISTRICT_FOCAL_POINT, (PROVINCE_C,)),
			"officer_c2": make_user("officer-c2", roles.DISTRICT_FOCAL_POINT, (PROVINCE_C,)),
			# a second ministry reviewer: enabled only while a test needs them (every national reviewer approves)
			"reviewer_2": make_user("reviewer-2", roles.MINISTRY_REVIEWER),
		}
		frappe.db.set_value("User", cls.users["reviewer_2"], "enabled", 0)
		cls.tf = {region: make_task_force(region) for region in (PROVINCE_C, DISTRICT_C1)}
		ran = make_plan(national_task_force(), "RAN", title="Concurrency RAN")
		cls.plan = make_plan(cls.tf[PROVINCE_C], "RAD", parent_plan=ran, title=PLAN_TITLE)
		cls.items = [
			make_item(cls.plan, code, targets={2025: 10, 2026: 10, 2027: 10}) for code in ("C.1", "C.2")
		]
		remove_reports(cls.plan)  # a run stopped half-way leaves its reports
		cls.remove_chain()
		cls.clients = {key: RestClient(user) for key, user in cls.users.items()}
		frappe.db.commit()  # nosemgrep: the request threads see committed data only

	@classmethod
	def tearDownClass(cls):
		remove_reports(cls.plan)
		cls.remove_chain()
		frappe.db.set_value("User", cls.users["reviewer_2"], "enabled", 0)
		frappe.db.commit()  # nosemgrep: undo what the requests committed
		super().tearDownClass()

	@classmethod
	def remove_chain(cls):
		for name in frappe.get_all("Approval Chain", filters={"region": PROVINCE_C}, pluck="name"):
			frappe.delete_doc("Approval Chain", name, force=True, ignore_permissions=True)
			frappe.db.delete(
				"Adaptation Log", {"reference_doctype": "Approval Chain", "reference_name": name}
			)

	# ---- helpers ----

	def report(self, period: str, *actions: tuple[str, str]) -> str:
		"""A district report with values, taken through the given (user key, action) steps, committed."""
		name = make_progress_report(
			self.tf[DISTRICT_C1], self.plan, period, {"C.1": 4, "C.2": 5}, user=self.users["focal_c1"]
		).name
		for user, action in actions:
			act(self.users[user], name, action)
		frappe.db.commit()  # nosemgrep: the request threads see committed data only
		return name

	def load(self, user: str, name: str) -> dict:
		"""The report as the user's form loads it."""
		response = self.clients[user].get(resource("Progress Report", name))
		self.assertEqual(response.status, 200, response.body[:300])
		return response.json["data"]

	def stored(self, name: str):
		frappe.db.commit()  # nosemgrep: a fresh snapshot: the requests ran on other connections
		return frappe.get_doc("Progress Report", name)

	def assert_overlapped(self, first, second):
		self.assertLess(first.started, second.ended, "the requests did not overlap")
		self.assertLess(second.started, first.ended, "the requests did not overlap")

	def one_wins(self, responses, *refusals: str):
		"""Exactly one request succeeded; the other got a 4xx whose message is one of `refusals`."""
		self.assert_overlapped(*responses)
		statuses = sorted(r.status for r in responses)
		detail = [(r.user, r.status, r.body[:400]) for r in responses]
		self.assertEqual(statuses[0], 200, detail)
		self.assertIn(statuses[1], (409, 417), detail)
		winner = next(r for r in responses if r.status == 200)
		loser = next(r for r in responses if r.status != 200)
		self.assertTrue(any(text in messages(loser) for text in refusals), detail)
		self.assertNotIn("Traceback", messages(loser))
		return winner, loser

	def workflow_comments(self, name: str, state: str) -> int:
		return frappe.db.count(
			"Comment",
			{
				"reference_doctype": "Progress Report",
				"reference_name": name,
				"comment_type": "Workflow",
				"content": state,
			},
		)

	def versions(self, name: str) -> int:
		frappe.db.commit()  # nosemgrep: a fresh snapshot: the requests ran on other connections
		return frappe.db.count("Version", {"ref_doctype": "Progress Report", "docname": name})

	def state_versions(self, name: str, state: str) -> int:
		"""Versions that record the report moving into the state."""
		count = 0
		for data in frappe.get_all(
			"Version", filters={"ref_doctype": "Progress Report", "docname": name}, pluck="data"
		):
			changed = json.loads(data).get("changed") or []
			count += any(change[0] == "workflow_state" and change[2] == state for change in changed)
		return count

	# ---- saving ----

	def test_two_saves_of_the_same_version_one_wins_the_other_is_told(self):
		name = self.report("2025-Q1")
		for attempt in range(REPEAT):
			with self.subTest(attempt=attempt):
				first, second = self.load("focal_c1", name), self.load("focal_c1b", name)
				first["items"][0]["narrative"] = f"Versi A {attempt}"
				second["items"][1]["narrative"] = f"Versi B {attempt}"
				second["items"][1]["realised"] = 9
				versions = self.versions(name)
				responses = race(
					*(
						(self.clients[user], "post", "/api/method/frappe.desk.form.save.savedocs", data)
						for user, data in (
							("focal_c1", {"doc": json.dumps(first), "action": "Save"}),
							("focal_c1b", {"doc": json.dumps(second), "action": "Save"}),
						)
					)
				)
				winner, loser = self.one_wins(responses, CONFLICT)
				self.assertEqual(loser.json.get("exc_type"), "TimestampMismatchError")
				self.assertEqual(self.versions(name), versions + 1)  # the refused save left no trace

				stored = self.stored(name)
				narratives = [row.narrative for row in stored.items]
				won_with_a = winner.user == self.users["focal_c1"]
				self.assertEqual(len(stored.items), 2)  # no row written twice
				self.assertEqual(
					narratives,
					[f"Versi A {attempt}", first["items"][1].get("narrative")]
					if won_with_a
					else [second["items"][0].get("narrative"), f"Versi B {attempt}"],
				)
				self.assertEqual(stored.items[1].realised, 5 if won_with_a else 9)

				# The one who was told reloads and saves their change again: both changes are kept.
				retry_user = "focal_c1b" if won_with_a else "focal_c1"
				retry = self.load(retry_user, name)
				if won_with_a:
					retry["items"][1].update(narrative=f"Versi B {attempt}", realised=9)
				else:
					retry["items"][0]["narrative"] = f"Versi A {attempt}"
				response = self.clients[retry_user].post(
					"/api/method/frappe.desk.form.save.savedocs", {"doc": json.dumps(retry), "action": "Save"}
				)
				self.assertEqual(response.status, 200, response.body[:400])
				stored = self.stored(name)
				self.assertEqual(
					[row.narrative for row in stored.items], [f"Versi A {attempt}", f"Versi B {attempt}"]
				)
				self.assertEqual((stored.items[1].realised, stored.items[1].achievement_percent), (9, 90))
				# reset the second row for the next attempt
				frappe.db.set_value("Progress Report Item", stored.items[1].name, "realised", 5)
				frappe.db.commit()  # nosemgrep: the next attempt's requests read it

	def test_two_rest_updates_of_the_same_version_one_wins_the_other_is_told(self):
		"""A REST client that sends the `modified` it read gets the same protection as the form."""
		name = self.report("2025-Q2")
		for attempt in range(REPEAT):
			with self.subTest(attempt=attempt):
				loaded = {user: self.load(user, name) for user in ("focal_c1", "focal_c1b")}
				loaded["focal_c1"]["items"][0]["narrative"] = f"PUT A {attempt}"
				loaded["focal_c1b"]["items"][0]["narrative"] = f"PUT B {attempt}"
				responses = race(
					*(
						(
							self.clients[user],
							"put",
							resource("Progress Report", name),
							{"modified": data["modified"], "items": data["items"]},
						)
						for user, data in loaded.items()
					)
				)
				winner, _loser = self.one_wins(responses, CONFLICT)
				stored = self.stored(name)
				self.assertEqual(
					stored.items[0].narrative,
					f"PUT {'A' if winner.user == self.users['focal_c1'] else 'B'} {attempt}",
				)
				self.assertEqual(len(stored.items), 2)

	# ---- approving ----

	def test_two_admins_verifying_at_once_make_one_transition(self):
		for attempt, period in enumerate(("2025-Q3", "2025-Q4", "2026-Q1")):
			with self.subTest(attempt=attempt):
				name = self.report(period, ("focal_c1", "Submit"))
				loaded = self.load("admin_c1", name)
				responses = race(
					*(
						(
							self.clients[user],
							"post",
							"/api/method/frappe.model.workflow.apply_workflow",
							{"doc": json.dumps(loaded), "action": "Verify"},
						)
						for user in ("admin_c1", "admin_c2")
					)
				)
				winner, _loser = self.one_wins(responses, CONFLICT, ALREADY_MOVED)
				stored = self.stored(name)
				self.assertEqual((stored.workflow_state, stored.verified_by), ("Verified", winner.user))
				self.assertEqual(self.workflow_comments(name, "Verified"), 1)
				self.assertEqual(self.state_versions(name, "Verified"), 1)
				self.assertEqual([row.narrative for row in stored.items], [None, None])  # values untouched
				self.assertEqual([row.realised for row in stored.items], [4, 5])

	def test_two_ministry_reviewers_approving_at_once_make_one_approval(self):
		frappe.db.set_value("User", self.users["reviewer_2"], "enabled", 1)
		frappe.db.commit()  # nosemgrep: the second reviewer is an approver only from now on
		try:
			for attempt, period in enumerate(("2026-Q2", "2026-Q3", "2026-Q4")):
				with self.subTest(attempt=attempt):
					name = self.report(period, ("focal_c1", "Submit"), ("admin_c1", "Verify"))
					loaded = self.load("reviewer", name)
					self.assertIn(self.users["reviewer_2"], loaded["next_approvers"].split(","))
					responses = race(
						*(
							(
								self.clients[user],
								"post",
								"/api/method/frappe.model.workflow.apply_workflow",
								{"doc": json.dumps(loaded), "action": "Approve"},
							)
							for user in ("reviewer", "reviewer_2")
						)
					)
					winner, _loser = self.one_wins(responses, CONFLICT, ALREADY_MOVED)
					stored = self.stored(name)
					self.assertEqual(
						(stored.workflow_state, stored.docstatus, stored.approved_by),
						("Approved", 1, winner.user),
					)
					self.assertEqual(self.workflow_comments(name, "Approved"), 1)
					self.assertEqual(self.state_versions(name, "Approved"), 1)
		finally:
			frappe.db.set_value("User", self.users["reviewer_2"], "enabled", 0)
			frappe.db.commit()  # nosemgrep: back to one test reviewer

	def test_two_officers_approving_a_regional_level_at_once_leave_one_approval_step(self):
		chain = frappe.get_doc(
			doctype="Approval Chain",
			region=PROVINCE_C,
			document_type="Progress Report",
			levels=[
				{
					"level_name": "Inspektorat",
					"approver_type": "Role in Province",
					"role": roles.DISTRICT_FOCAL_POINT,
					"deadline_days": 5,
				}
			],
		).insert(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: the reports below take the chain
		try:
			for attempt, period in enumerate(("2027-Q1", "2027-Q2", "2027-Q3")):
				with self.subTest(attempt=attempt):
					name = self.report(period, ("focal_c1", "Submit"))
					loaded = self.load("officer_c1", name)
					self.assertEqual(loaded["workflow_state"], "Regional Review 1")
					self.assertEqual(
						sorted(loaded["next_approvers"].split(",")),
						sorted([self.users["officer_c1"], self.users["officer_c2"]]),
					)
					responses = race(
						*(
							(
								self.clients[user],
								"post",
								"/api/method/frappe.model.workflow.apply_workflow",
								{"doc": json.dumps(loaded), "action": "Approve Level"},
							)
							for user in ("officer_c1", "officer_c2")
						)
					)
					winner, _loser = self.one_wins(responses, CONFLICT, ALREADY_MOVED)
					stored = self.stored(name)
					self.assertEqual(stored.workflow_state, "Submitted")
					steps = [(s.level_no, s.status, s.acted_by) for s in stored.approval_steps]
					self.assertEqual(steps, [(1, "Approved", winner.user)])
					self.assertEqual(self.workflow_comments(name, "Submitted"), 1)
					self.assertEqual(self.state_versions(name, "Submitted"), 1)
					self.assertEqual(
						sorted(stored.next_approvers.split(",")),
						sorted([self.users["admin_c1"], self.users["admin_c2"]]),
					)
		finally:
			frappe.delete_doc("Approval Chain", chain.name, force=True, ignore_permissions=True)
			frappe.db.delete(
				"Adaptation Log", {"reference_doctype": "Approval Chain", "reference_name": chain.name}
			)
			frappe.db.commit()  # nosemgrep: no chain for the other tests
