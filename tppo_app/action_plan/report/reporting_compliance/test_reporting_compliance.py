"""Reporting Compliance: on time, late and missing per period and task force equal an independent count over
the same reports and deadlines, and each user sees only the task forces of their regions."""

import frappe
from frappe import _
from frappe.utils import getdate

from tppo_app.action_plan.report.reporting_compliance.reporting_compliance import execute
from tppo_app.tests.report_scenario import make_scenario
from tppo_app.tests.utils import (
	DISTRICT_A2,
	PROVINCE_A,
	TPPOTestCase,
	as_user,
	national_task_force,
	report_refusal,
)


class TestReportingCompliance(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.s = make_scenario()
		cls.users = cls.s.users
		# Province A and district A2 report on RAD A; district A1 has a RAD of its own.
		cls.reporters = {cls.s.tf[PROVINCE_A], cls.s.tf[DISTRICT_A2]}

	def run_report(self, user=None, **filters):
		filters.setdefault("action_plan", self.s.plans.rad_a)
		filters.setdefault("year", 2025)
		with as_user(user or self.users["admin_a"]):
			columns, data, message, chart, summary = execute(filters)
		self.assertIsNone(message)
		return data, chart, {s["label"]: s["value"] for s in summary}

	def independent_statuses(self, year=2025, task_forces=None) -> dict[tuple, str]:
		"""(period label, task force) -> status, from the reports' states and submission times."""
		periods = frappe.get_all(
			"Reporting Period",
			filters={"action_plan": self.s.plans.rad_a, "year": year},
			fields=["name", "period_label", "submission_deadline"],
		)
		submitted = {}
		for name in self.s.reports.values():
			doc = frappe.get_doc("Progress Report", name)
			if doc.action_plan == self.s.plans.rad_a and doc.workflow_state in (
				"Submitted",
				"Verified",
				"Approved",
			):
				submitted[(doc.task_force, doc.reporting_period)] = doc.submitted_on
		statuses = {}
		for period in periods:
			for tf in task_forces or self.reporters:
				on = submitted.get((tf, period.name))
				if on:
					status = "Late" if getdate(on) > period.submission_deadline else "On Time"
				else:
					status = "Missing" if period.submission_deadline < getdate() else "Not Due"
				statuses[(period.period_label, tf)] = status
		return statuses

	def test_statuses_and_counts_match_an_independent_count(self):
		data, chart, summary = self.run_report()
		expected = self.independent_statuses()
		rows = {(r["period_label"], r["task_force"]): r for r in data if r["indent"] == 1}
		self.assertEqual({k: r["status_code"] for k, r in rows.items()}, expected)
		# The scenario: A on time in Q1 and Q3 (submitted on the deadline day), late in Q2; A2 late in Q1, a
		# draft in Q2 (missing), nothing after; Q4's deadline (January 2026) has passed too.
		self.assertEqual(
			{k: v for k, v in expected.items() if v != "Missing"},
			{
				("2025-Q1", self.s.tf[PROVINCE_A]): "On Time",
				("2025-Q2", self.s.tf[PROVINCE_A]): "Late",
				("2025-Q3", self.s.tf[PROVINCE_A]): "On Time",
				("2025-Q1", self.s.tf[DISTRICT_A2]): "Late",
			},
		)
		self.assertEqual(rows[("2025-Q2", self.s.tf[PROVINCE_A])]["days_late"], 5)
		self.assertEqual(rows[("2025-Q2", self.s.tf[PROVINCE_A])]["report"], self.s.reports["a_q2"])

		counts = {status: list(expected.values()).count(status) for status in ("On Time", "Late", "Missing")}
		self.assertEqual(summary[_("On Time")], counts["On Time"])
		self.assertEqual(summary[_("Late")], counts["Late"])
		self.assertEqual(summary[_("Missing")], counts["Missing"])
		self.assertEqual(summary[_("Reports Due")], sum(counts.values()))
		self.assertAlmostEqual(
			summary[_("Compliance")], counts["On Time"] * 100 / sum(counts.values()), places=2
		)

		# Each period's row sums up its task forces; the chart shows the same counts.
		groups = [r for r in data if r["indent"] == 0]
		self.assertEqual([g["period_label"] for g in groups], ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"])
		for g in groups:
			period_rows = [r for (label, _tf), r in rows.items() if label == g["period_label"]]
			for field, status in (("on_time", "On Time"), ("late", "Late"), ("missing", "Missing")):
				self.assertEqual(g[field], sum(r["status_code"] == status for r in period_rows))
			self.assertEqual(g["expected"], len(period_rows))
		datasets = {d["name"]: d["values"] for d in chart["data"]["datasets"]}
		self.assertEqual(datasets[_("On Time")], [g["on_time"] for g in groups])
		self.assertEqual(datasets[_("Missing")], [g["missing"] for g in groups])

	def test_periods_not_yet_due_are_not_counted(self):
		data, chart, summary = self.run_report(year=2029)
		self.assertEqual({r["status_code"] for r in data if r["indent"] == 1}, {"Not Due"})
		self.assertEqual(summary[_("Not Yet Due")], 4 * len(self.reporters))
		self.assertEqual(summary[_("Reports Due")], 0)
		self.assertIsNone(summary[_("Compliance")])
		self.assertIsNone(chart)

	def test_one_period(self):
		period = frappe.db.get_value(
			"Reporting Period", {"action_plan": self.s.plans.rad_a, "period_label": "2025-Q1"}
		)
		data, _chart, summary = self.run_report(reporting_period=period)
		self.assertEqual({r["period_label"] for r in data}, {"2025-Q1"})
		self.assertEqual((summary[_("On Time")], summary[_("Late")], summary[_("Missing")]), (1, 1, 0))

	def test_each_user_sees_the_task_forces_of_their_regions(self):
		# A focal point sees their own task force only.
		data, _chart, summary = self.run_report(user=self.users["focal_a2"])
		self.assertEqual({r["task_force"] for r in data if r["indent"] == 1}, {self.s.tf[DISTRICT_A2]})
		expected = self.independent_statuses(task_forces={self.s.tf[DISTRICT_A2]})
		self.assertEqual(summary[_("Missing")], list(expected.values()).count("Missing"))

		# The region filter narrows the same way.
		data, _chart, _summary = self.run_report(region=DISTRICT_A2)
		self.assertEqual({r["task_force"] for r in data if r["indent"] == 1}, {self.s.tf[DISTRICT_A2]})

		# Another province cannot open province A's plan.
		with as_user(self.users["admin_b"]):
			refusal = report_refusal(execute, {"action_plan": self.s.plans.rad_a, "year": 2025})
			self.assertIsInstance(refusal, frappe.PermissionError)

		# Only the national task force reports on the RAN itself: nobody in province A's regions.
		data, _chart, _summary = self.run_report(action_plan=self.s.plans.ran)
		self.assertFalse([r for r in data if r["indent"] == 1])
		with as_user(self.users["reviewer"]):
			data = execute({"action_plan": self.s.plans.ran, "year": 2025})[1]
		self.assertEqual({r["task_force"] for r in data if r["indent"] == 1}, {national_task_force()})

	def test_a_plan_is_required(self):
		self.assertIsInstance(report_refusal(execute, {"year": 2025}), frappe.ValidationError)
