"""The Action Plans workspace: its number cards count what each user can act on, what is due and what is
overdue, in the user's regions; its chart equals RAN Achievement's; the role workspaces open with the
action-plan work each role does first."""

import json

import frappe
from frappe import _
from frappe.desk.desktop import get_desktop_page, get_workspace_sidebar_items
from frappe.desk.doctype.number_card.number_card import get_result
from frappe.model.workflow import get_transitions
from frappe.utils import add_days, getdate

from tppo_app import roles
from tppo_app.action_plan.dashboard import (
	default_plan,
	overdue_pairs,
	overdue_reports,
	reports_awaiting_my_action,
)
from tppo_app.action_plan.dashboard_chart_source.national_achievement_by_cluster.national_achievement_by_cluster import (
	get as national_achievement,
)
from tppo_app.action_plan.report.ran_achievement.ran_achievement import execute as ran_achievement
from tppo_app.action_plan.reporting import expected_reporters, has_submitted
from tppo_app.tests.report_scenario import expected_rows, make_scenario, mean
from tppo_app.tests.utils import (
	DISTRICT_A1,
	DISTRICT_A2,
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	as_user,
	make_user,
	period_of,
)


def subtree(region: str) -> list[str]:
	lft, rgt = frappe.db.get_value("Region", region, ["lft", "rgt"])
	return frappe.get_all("Region", filters={"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name")


def above(region: str) -> list[str]:
	lft, rgt = frappe.db.get_value("Region", region, ["lft", "rgt"])
	return frappe.get_all("Region", filters={"lft": ("<", lft), "rgt": (">", rgt)}, pluck="name")


class TestActionPlanDashboard(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.s = make_scenario()
		cls.users = cls.s.users

	def test_reports_awaiting_my_action_are_those_the_workflow_lets_the_user_act_on(self):
		for key in ("focal_a1", "focal_a2", "admin_a", "admin_b", "reviewer", "national", "viewer"):
			with as_user(self.users[key]):
				# What the form's action menu offers the user, report by report, in the user's regions.
				expected = sum(
					bool(get_transitions(frappe.get_doc("Progress Report", name)))
					for name in frappe.get_list("Progress Report", filters={"docstatus": 0}, pluck="name")
				)
				card = reports_awaiting_my_action()
			self.assertEqual(card["value"], expected, key)

		# The scenario's own: district A2's draft waits for its focal point, nothing for A1's focal point (its
		# report is submitted), and nothing for a viewer or a national admin.
		for key, low in (("focal_a2", 1), ("focal_a1", 0), ("viewer", 0), ("national", 0)):
			with as_user(self.users[key]):
				value = reports_awaiting_my_action()["value"]
			self.assertGreaterEqual(value, low, key)
			if not low:
				self.assertEqual(value, 0, key)
		with as_user(self.users["focal_a2"]):
			self.assertIn("Draft", reports_awaiting_my_action()["route_options"]["workflow_state"][1])

	def test_reports_due_counts_the_periods_due_in_the_next_30_days_in_scope(self):
		today = getdate()
		# One period of each province's plan falls due within 30 days.
		for plan, days in ((self.s.plans.rad_a, 10), (self.s.plans.rad_b, 5)):
			frappe.db.set_value(
				"Reporting Period", period_of(plan, "2029-Q1"), "submission_deadline", add_days(today, days)
			)

		card = frappe.get_doc("Number Card", "Reports Due")
		for key, region in (("admin_a", PROVINCE_A), ("admin_b", PROVINCE_B), ("reviewer", None)):
			periods = frappe.get_all(
				"Reporting Period",
				filters={"submission_deadline": ("between", [today, add_days(today, 30)])},
				fields=["name", "region"],
			)
			if region:
				readable = set(subtree(region)) | set(above(region))
				periods = [p for p in periods if not p.region or p.region in readable]
			with as_user(self.users[key]):
				self.assertEqual(get_result(card.as_json(), card.filters_json), len(periods), key)
			self.assertTrue(periods)

		with as_user(self.users["admin_a"]):
			due = frappe.get_list("Reporting Period", filters=json.loads(card.filters_json), pluck="name")
		self.assertIn(period_of(self.s.plans.rad_a, "2029-Q1"), due)
		self.assertNotIn(period_of(self.s.plans.rad_b, "2029-Q1"), due)

	def test_overdue_reports_equal_the_expected_reporters_without_a_submitted_report(self):
		today = getdate()
		plans = frappe.get_all("Action Plan", filters={"status": "Active"}, pluck="name")
		for key, region in (("admin_a", PROVINCE_A), ("admin_b", PROVINCE_B), ("focal_a2", DISTRICT_A2)):
			scope = set(subtree(region))
			expected = set()
			for plan in plans:
				reporters = [tf.name for tf in expected_reporters(plan) if tf.region in scope]
				for period in frappe.get_all(
					"Reporting Period",
					filters={"action_plan": plan, "submission_deadline": ("<", today)},
					pluck="name",
				):
					expected |= {(tf, period) for tf in reporters if not has_submitted(tf, period)}
			with as_user(self.users[key]):
				self.assertEqual(overdue_pairs(), expected, key)
				self.assertEqual(overdue_reports()["value"], len(expected), key)

		with as_user(self.users["admin_a"]):
			pairs = overdue_pairs()
		rad_a = self.s.plans.rad_a
		# A2's 2025-Q2 report is still a draft; province A's Q1 was submitted; district A1 reports on its own RAD.
		self.assertIn((self.s.tf[DISTRICT_A2], period_of(rad_a, "2025-Q2")), pairs)
		self.assertNotIn((self.s.tf[PROVINCE_A], period_of(rad_a, "2025-Q1")), pairs)
		self.assertNotIn((self.s.tf[DISTRICT_A1], period_of(rad_a, "2025-Q4")), pairs)
		self.assertIn((self.s.tf[DISTRICT_A1], period_of(self.s.plans.rad_a1, "2025-Q4")), pairs)
		self.assertFalse({tf for tf, _period in pairs} & {self.s.tf[PROVINCE_B]})

	def test_national_achievement_chart_equals_ran_achievement(self):
		filters = {"action_plan": self.s.plans.ran, "year": 2025}
		for key, province in (("reviewer", None), ("admin_b", PROVINCE_B)):
			with as_user(self.users[key]):
				chart = national_achievement(filters=json.dumps(filters))
				report_chart = ran_achievement({**filters, "include_adopting_plans": 1})[3]
			self.assertEqual(chart["labels"], report_chart["data"]["labels"], key)
			self.assertEqual(
				chart["datasets"][0]["values"], report_chart["data"]["datasets"][0]["values"], key
			)
			rows = [r for r in expected_rows(self.s) if not province or r.province == province]
			for label, value in zip(chart["labels"], chart["datasets"][0]["values"], strict=True):
				self.assertAlmostEqual(
					value, mean(r.achievement for r in rows if _(r.cluster) == label), places=2
				)

		# Without a year: the latest year with approved reports (2026: province B's R1, 4 of 20).
		with as_user(self.users["reviewer"]):
			chart = national_achievement(filters=json.dumps({"action_plan": self.s.plans.ran}))
		self.assertEqual((chart["labels"], chart["datasets"][0]["values"]), ([_("Prevention")], [20.0]))

	def test_default_plan_is_the_nearest_active_plan(self):
		with as_user(self.users["focal_a1"]):
			self.assertEqual(default_plan(), self.s.plans.rad_a1)
		with as_user(self.users["focal_a2"]):
			self.assertEqual(frappe.db.get_value("Action Plan", default_plan(), "region"), PROVINCE_A)
		with as_user(self.users["admin_b"]):
			self.assertEqual(frappe.db.get_value("Action Plan", default_plan(), "region"), PROVINCE_B)
		with as_user(self.users["reviewer"]):
			self.assertEqual(frappe.db.get_value("Action Plan", default_plan(), "plan_type"), "RAN")


class TestActionPlanWorkspaces(TPPOTestCase):
	def test_action_plans_workspace_is_whole_and_consistent(self):
		ws = frappe.get_doc("Workspace", "Action Plans")
		self.assertEqual((ws.module, ws.sequence_id, ws.public), ("Action Plan", 11, 1))
		self.assertEqual({r.role for r in ws.roles}, set(roles.ALL_ROLES))
		self.assertWorkspaceConsistent(ws)
		self.assertEqual(
			[s.label for s in ws.shortcuts],
			[
				"Progress Report",
				"Action Plan",
				"Action Plan Item",
				"Reporting Period",
				"RAN Achievement",
				"Reporting Compliance",
				"Item Detail",
			],
		)
		self.assertEqual(
			{c.number_card_name for c in ws.number_cards},
			{"Reports Awaiting My Action", "Reports Due", "Overdue Reports"},
		)
		self.assertEqual([c.chart_name for c in ws.charts], ["National Achievement by Cluster"])

	def test_role_workspaces_open_with_the_action_plan_work(self):
		first = {
			"District Focal Point": ["Progress Report"],
			"Provincial Admin": ["Progress Report", "Reporting Compliance"],
			"Ministry Review": ["Progress Report", "RAN Achievement"],
		}
		for name, shortcuts in first.items():
			ws = frappe.get_doc("Workspace", name)
			self.assertWorkspaceConsistent(ws)
			self.assertEqual([s.label for s in ws.shortcuts][: len(shortcuts)], shortcuts, name)
			blocks = [b["data"]["shortcut_name"] for b in json.loads(ws.content) if b["type"] == "shortcut"]
			self.assertEqual(blocks[: len(shortcuts)], shortcuts, name)

	def test_every_role_gets_the_cards_and_the_chart(self):
		for role in roles.ALL_ROLES:
			user = make_user(f"ap-ws-{frappe.scrub(role)}", role)
			with as_user(user):
				pages = [p["name"] for p in get_workspace_sidebar_items()["pages"]]
				page = get_desktop_page(
					json.dumps({"name": "Action Plans", "title": "Action Plans", "public": 1})
				)
			self.assertIn("Action Plans", pages, role)
			self.assertNotEqual(pages[0], "Action Plans", role)  # each role's own workspace still comes first
			self.assertEqual(len(page["number_cards"]["items"]), 3, role)
			self.assertEqual(len(page["charts"]["items"]), 1, role)
			shortcuts = {s["link_to"] for s in page["shortcuts"]["items"]}
			self.assertTrue({"Progress Report", "RAN Achievement"} <= shortcuts, f"{role}: {shortcuts}")

	def assertWorkspaceConsistent(self, ws):
		"""Every block of the page has its row, and every row its block; everything linked exists."""
		content = json.loads(ws.content)
		blocks = {kind: [b["data"][key] for b in content if b["type"] == kind] for kind, key in (
			("shortcut", "shortcut_name"), ("number_card", "number_card_name"), ("chart", "chart_name"), ("card", "card_name"),
		)}  # fmt: skip
		self.assertEqual(blocks["shortcut"], [s.label for s in ws.shortcuts], ws.name)
		self.assertEqual(blocks["number_card"], [c.label for c in ws.number_cards], ws.name)
		self.assertEqual(blocks["chart"], [c.label for c in ws.charts], ws.name)
		self.assertEqual(blocks["card"], [l.label for l in ws.links if l.type == "Card Break"], ws.name)
		self.assertEqual(len({b["id"] for b in content}), len(content), ws.name)

		for s in ws.shortcuts:
			self.assertTrue(
				frappe.db.exists("DocType" if s.type == "DocType" else s.type, s.link_to), s.link_to
			)
		for c in ws.number_cards:
			self.assertTrue(frappe.db.exists("Number Card", c.number_card_name), c.number_card_name)
		for c in ws.charts:
			self.assertTrue(frappe.db.exists("Dashboard Chart", c.chart_name), c.chart_name)
		for i, link in enumerate(ws.links):
			if link.type == "Card Break":
				following = ws.links[i + 1 :]
				count = next((n for n, l in enumerate(following) if l.type == "Card Break"), len(following))
				self.assertEqual(link.link_count, count, f"{ws.name}: {link.label}")
			else:
				self.assertTrue(frappe.db.exists(link.link_type, link.link_to), link.link_to)
