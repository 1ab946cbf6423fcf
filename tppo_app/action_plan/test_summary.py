"""The achievement summary is what the reports say: after each approval, return, cancellation and amendment,
the national views read from it (and from its cache) give the numbers of the row-by-row view, and `rebuild`
finds nothing to fix."""

import frappe

from tppo_app.action_plan import summary
from tppo_app.action_plan.achievement_data import chosen_reports, plan_totals
from tppo_app.action_plan.report.ran_achievement.ran_achievement import execute
from tppo_app.approval.guards import set_return_reason
from tppo_app.tests.report_scenario import make_scenario
from tppo_app.tests.utils import (
	DISTRICT_A2,
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	act,
	as_user,
	make_progress_report,
)

FILTER_SETS = (
	{"year": 2025, "group_by": "Cluster"},
	{"year": 2025, "group_by": "Region"},
	{"group_by": "Cluster"},
	{"year": 2025, "group_by": "Cluster", "region": PROVINCE_A},
	{"year": 2025, "group_by": "Region", "cluster": "Prevention"},
	{"year": 2025, "group_by": "Cluster", "include_unapproved": 1},
	{"year": 2025, "group_by": "Region", "include_unapproved": 1},
)


def comparable(groups: list[dict], levels: list[str]) -> list[tuple]:
	"""Groups as sorted tuples of plain numbers (the database answers Decimals, the merge ints)."""

	def number(value):
		return None if value is None else round(float(value), 6)

	out = []
	for g in groups:
		items = g.get("plan_item") or ",".join(sorted(i for i in (g.get("plan_items") or "").split(",") if i))
		out.append(
			(
				*(g[level] for level in levels),
				items,
				*(
					number(g[f])
					for f in (
						"rows",
						"scored",
						"achievement_sum",
						"target_sum",
						"target_n",
						"target_min",
						"realised_sum",
						"realised_n",
						"realised_min",
						"year_min",
						"year_max",
					)
				),
			)
		)
	return sorted(out, key=repr)


class TestAchievementSummary(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.s = make_scenario()
		cls.reviewer = cls.s.users["reviewer"]
		# The scenario's views count a few reports: cache their totals too, so that every comparison below
		# also proves that an approval, a return, a cancellation or an amendment is never answered from the cache.
		cls.cache_min_reports = summary.CACHE_MIN_REPORTS
		summary.CACHE_MIN_REPORTS = 0

	@classmethod
	def tearDownClass(cls):
		summary.CACHE_MIN_REPORTS = cls.cache_min_reports
		super().tearDownClass()

	def assertSummaryHoldsTheReports(self):
		"""Every task force, plan and year of the scenario: the summary holds exactly the rows of its latest
		approved report."""
		stored = frappe.get_all(
			"Achievement Summary",
			filters={"action_plan": ("in", list(self.s.plans.values()))},
			fields=["progress_report", "action_plan_item", *summary.COMPARED],
			order_by="progress_report, idx",
		)
		latest = summary.latest_approved()
		scenario = [
			r
			for r in latest
			if frappe.db.get_value("Progress Report", r, "action_plan") in self.s.plans.values()
		]
		expected = summary.expected_rows(scenario)
		self.assertEqual(
			[
				tuple(summary.normalise(f, r[f]) for f in ("progress_report", *summary.COMPARED))
				for r in stored
			],
			[
				tuple(summary.normalise(f, r[f]) for f in ("progress_report", *summary.COMPARED))
				for r in expected
			],
		)

	def assertViewsAgree(self):
		"""For each filter set: the groups from the summary equal those from the rows, and the national view
		(totalled) equals the row-by-row view."""
		for filters in FILTER_SETS:
			filters = {"action_plan": self.s.plans.ran, "include_adopting_plans": 1, **filters}
			levels = ["cluster", "plan_item"] if filters["group_by"] == "Cluster" else ["province", "region"]
			with self.subTest(**filters), as_user(self.reviewer):
				reports = chosen_reports(frappe._dict(filters))
				self.assertTrue(summary.applies(filters, levels))
				self.assertEqual(
					comparable(summary.totals(filters, levels, reports), levels),
					comparable(plan_totals(filters, levels, [r.name for r in reports]), levels),
				)
				keys = ("indent", "label", "achievement", "items", "rows", "reported", "target", "realised")
				full = execute({**filters, "totals_only": 0})[1]
				totals = execute({**filters, "totals_only": 1})[1]
				self.assertEqual(
					[{k: row.get(k) for k in keys} for row in totals if row["indent"] <= 2],
					[{k: row.get(k) for k in keys} for row in full if row["indent"] <= 2],
				)

	def summary_reports(self, task_force: str) -> set[str]:
		return set(
			frappe.get_all(
				"Achievement Summary",
				filters={"task_force": task_force, "year": 2025},
				distinct=True,
				pluck="progress_report",
			)
		)

	def test_the_approvals_keep_it(self):
		s = self.s
		self.assertSummaryHoldsTheReports()
		self.assertViewsAgree()
		# The scenario's approved reports, and only those: A2's draft and A1's submitted report are not there.
		self.assertEqual(self.summary_reports(s.tf[DISTRICT_A2]), {s.reports["a2_q1"]})
		self.assertEqual(self.summary_reports(s.tf[PROVINCE_A]), {s.reports["a_q2"]})
		self.assertEqual(self.summary_reports(s.tf[PROVINCE_B]), {s.reports["b_q1"]})

		focal, admin = s.users["focal_a2"], s.users["admin_a"]
		tf, plan = s.tf[DISTRICT_A2], s.plans.rad_a

		# Approve: district A2's third quarter becomes its latest approved report of 2025.
		q3 = make_progress_report(tf, plan, "2025-Q3", {"R1": 15, "R2": 70, "R3": 1}, user=focal).name
		for user, action in ((focal, "Submit"), (admin, "Verify")):
			act(user, q3, action)
			self.assertEqual(self.summary_reports(tf), {s.reports["a2_q1"]})  # in review: not yet
			self.assertViewsAgree()
		act(self.reviewer, q3, "Approve")
		self.assertEqual(self.summary_reports(tf), {q3})
		self.assertSummaryHoldsTheReports()
		self.assertViewsAgree()

		# Return: a report in review that goes back to its focal point changes nothing.
		q4 = make_progress_report(tf, plan, "2025-Q4", {"R1": 18}, user=focal).name
		act(focal, q4, "Submit")
		with as_user(admin):
			set_return_reason(q4, "Lampirkan daftar hadir")
		act(admin, q4, "Return")
		self.assertEqual(self.summary_reports(tf), {q3})
		self.assertSummaryHoldsTheReports()
		self.assertViewsAgree()

		# Cancel: the latest approved report left (the first quarter) counts again.
		with as_user(self.reviewer):
			frappe.get_doc("Progress Report", q3).cancel()
		self.assertEqual(self.summary_reports(tf), {s.reports["a2_q1"]})
		self.assertSummaryHoldsTheReports()
		self.assertViewsAgree()

		# Amend: the amendment counts once it is approved, with its own values.
		with as_user(focal):
			amended = frappe.copy_doc(frappe.get_doc("Progress Report", q3))
			amended.amended_from = q3
			amended.docstatus = 0  # as the form's Amend button does
			amended.insert()
			for row in amended.items:
				if row.item_code == "R1":
					row.realised = 16
			amended.save()
		act(focal, amended.name, "Submit")
		self.assertEqual(self.summary_reports(tf), {s.reports["a2_q1"]})
		act(admin, amended.name, "Verify")
		act(self.reviewer, amended.name, "Approve")
		self.assertEqual(self.summary_reports(tf), {amended.name})
		realised = frappe.get_all(
			"Achievement Summary",
			filters={"progress_report": amended.name, "realised": 16},
			pluck="action_plan_item",
		)
		self.assertEqual(len(realised), 1)
		self.assertSummaryHoldsTheReports()
		self.assertViewsAgree()

		# An earlier period approved after a later one: the later one stays the year's latest.
		for user, action in ((focal, "Submit"), (admin, "Verify"), (self.reviewer, "Approve")):
			act(user, s.reports["a2_q2"], action)
		self.assertEqual(frappe.db.get_value("Progress Report", s.reports["a2_q2"], "docstatus"), 1)
		self.assertEqual(self.summary_reports(tf), {amended.name})
		self.assertSummaryHoldsTheReports()
		self.assertViewsAgree()

	def test_rebuild_repairs_and_says_what_differed(self):
		s = self.s
		summary_table = frappe.qb.DocType("Achievement Summary")
		# Damage it: one report's rows gone, another's value changed, a row of a report that is not approved.
		frappe.qb.from_(summary_table).delete().where(
			summary_table.progress_report == s.reports["b_q1"]
		).run()
		frappe.qb.update(summary_table).set(summary_table.realised, 999).where(
			summary_table.progress_report == s.reports["a_q2"]
		).run()
		rows = summary.expected_rows([s.reports["a2_q1"]])
		for row in rows:
			row.progress_report = s.reports["a2_q2"]  # the draft
		summary.insert(rows)

		result = summary.rebuild(quiet=True, commit=False)
		said = "\n".join(result["differences"])
		for key in ("b_q1", "a_q2", "a2_q2"):
			self.assertIn(s.reports[key], said)
		self.assertSummaryHoldsTheReports()
		self.assertEqual(summary.rebuild(quiet=True, commit=False)["differences"], [])

	def test_read_only_and_region_scoped(self):
		meta = frappe.get_meta("Achievement Summary")
		for perm in meta.permissions:
			self.assertFalse(perm.write or perm.create or perm.delete, perm.role)
		admin_b = self.s.users["admin_b"]
		with as_user(admin_b):
			seen = frappe.get_list("Achievement Summary", pluck="progress_report", limit_page_length=0)
			self.assertTrue(seen)
			regions = set(frappe.get_list("Achievement Summary", pluck="region", limit_page_length=0))
			self.assertNotIn(DISTRICT_A2, regions)
			self.assertNotIn(PROVINCE_A, regions)
			row = frappe.get_all(
				"Achievement Summary", filters={"region": PROVINCE_A}, pluck="name", limit_page_length=1
			)[0]
			self.assertFalse(frappe.has_permission("Achievement Summary", doc=row))
