"""National Reporting Compliance: each task force's on time, late and missing reports on the plan it reports on
equal an independent count (each active plan's reporters as `expected_reporters` names them, the plan's periods
and the Progress Report documents), and a province sees its own task forces and nothing of another province."""

import frappe
from frappe import _
from frappe.utils import getdate

from tppo_app.action_plan.report.national_reporting_compliance.national_reporting_compliance import (
	execute,
	period_field,
)
from tppo_app.action_plan.reporting import expected_reporters
from tppo_app.tests.report_scenario import make_scenario
from tppo_app.tests.utils import (
	DISTRICT_A1,
	DISTRICT_A2,
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	as_user,
	national_task_force,
	report_refusal,
)

SUBMITTED = (
	"Regional Review 1",
	"Regional Review 2",
	"Regional Review 3",
	"Submitted",
	"Verified",
	"Approved",
)


def subtree_of(region: str) -> set[str]:
	lft, rgt = frappe.db.get_value("Region", region, ["lft", "rgt"])
	return set(frappe.get_all("Region", filters={"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name"))


def independent_cells(year: int, region: str | None = None) -> dict[tuple, str]:
	"""(task force, plan, period label) -> status, over every active plan's expected reporters in the region."""
	regions = subtree_of(region) if region else None
	today = getdate()
	cells = {}
	for plan in frappe.get_all("Action Plan", filters={"status": "Active"}, pluck="name"):
		periods = frappe.get_all(
			"Reporting Period",
			filters={"action_plan": plan, "year": year},
			fields=["name", "period_label", "submission_deadline"],
		)
		for tf in expected_reporters(plan):
			if regions is not None and tf.region not in regions:
				continue
			for period in periods:
				submitted = [
					r.submitted_on
					for r in frappe.get_all(
						"Progress Report",
						filters={
							"task_force": tf.name,
							"reporting_period": period.name,
							"docstatus": ("<", 2),
						},
						fields=["submitted_on", "workflow_state"],
					)
					if r.workflow_state in SUBMITTED and r.submitted_on
				]
				if submitted:
					status = "Late" if getdate(min(submitted)) > period.submission_deadline else "On Time"
				else:
					status = "Missing" if period.submission_deadline < today else "Not Due"
				cells[(tf.name, plan, period.period_label)] = status
	return cells


class TestNationalReportingCompliance(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.s = make_scenario()
		cls.users = cls.s.users

	def run_report(self, user, **filters):
		filters.setdefault("year", 2025)
		with as_user(user):
			columns, data, message, chart, summary = execute(filters)
		self.assertIsNone(message)
		return columns, data, chart, {s["label"]: s["value"] for s in summary}

	def cells_of(self, columns, data) -> dict[tuple, str]:
		labels = [c["label"] for c in columns if c["fieldname"].startswith("p_")]
		cells = {}
		for row in data:
			if row["indent"] != 1:
				continue
			for label in labels:
				code = row.get(period_field(label) + "_code")
				if code:
					cells[(row["task_force"], row["action_plan"], label)] = code
		return cells

	def test_a_provinces_numbers_equal_an_independent_count(self):
		columns, data, chart, summary = self.run_report(self.users["admin_a"])
		expected = independent_cells(2025, PROVINCE_A)
		self.assertEqual(self.cells_of(columns, data), expected)
		# The scenario: A on time in Q1 and Q3, late in Q2; A2 late in Q1 and missing after (a draft in Q2);
		# A1 (its own RAD) on time in Q1.
		tf, plans = self.s.tf, self.s.plans
		self.assertEqual(expected[(tf[PROVINCE_A], plans.rad_a, "2025-Q2")], "Late")
		self.assertEqual(expected[(tf[DISTRICT_A2], plans.rad_a, "2025-Q1")], "Late")
		self.assertEqual(expected[(tf[DISTRICT_A2], plans.rad_a, "2025-Q2")], "Missing")
		self.assertEqual(expected[(tf[DISTRICT_A1], plans.rad_a1, "2025-Q1")], "On Time")

		values = list(expected.values())
		for label, status in ((_("On Time"), "On Time"), (_("Late"), "Late"), (_("Missing"), "Missing")):
			self.assertEqual(summary[label], values.count(status))
		due = len([v for v in values if v != "Not Due"])
		self.assertEqual(summary[_("Reports Due")], due)
		self.assertAlmostEqual(summary[_("Compliance")], values.count("On Time") * 100 / due, places=2)

		# One province row for A, whose totals are its task forces' rows.
		groups = [r for r in data if r["indent"] == 0]
		self.assertEqual([g["region"] for g in groups], [PROVINCE_A])
		rows = [r for r in data if r["indent"] == 1]
		for field in ("on_time", "late", "missing", "expected"):
			self.assertEqual(groups[0][field], sum(r[field] for r in rows))
		datasets = {d["name"]: d["values"] for d in chart["data"]["datasets"]}
		self.assertEqual(sum(datasets[_("Missing")]), values.count("Missing"))

	def test_national_view_covers_every_regional_plan(self):
		columns, data, _chart, summary = self.run_report(self.users["reviewer"])
		cells = self.cells_of(columns, data)
		self.assertEqual(cells, independent_cells(2025))
		# The national task force on the RAN, the RADs of A, A1 and B: all in one view.
		reporting = {r["task_force"] for r in data if r["indent"] == 1}
		for task_force in (national_task_force(), *self.s.tf.values()):
			self.assertIn(task_force, reporting)
		self.assertEqual(
			cells[(self.s.tf[PROVINCE_B], self.s.plans.rad_b, "2025-Q1")], "Late"
		)  # deadline 15 April

		# One period only.
		columns, data, _chart, _summary = self.run_report(self.users["reviewer"], period="Q1")
		self.assertEqual([c["label"] for c in columns if c["fieldname"].startswith("p_")], ["2025-Q1"])

	def test_province_b_sees_nothing_of_province_a(self):
		a_regions = subtree_of(PROVINCE_A)
		a_task_forces = set(
			frappe.get_all("Task Force", filters={"region": ("in", list(a_regions))}, pluck="name")
		)
		columns, data, _chart, summary = self.run_report(self.users["admin_b"])
		self.assertTrue(data)
		self.assertFalse({r.get("region") for r in data} & a_regions)
		self.assertFalse({r.get("task_force") for r in data} & a_task_forces)
		self.assertEqual(self.cells_of(columns, data), independent_cells(2025, PROVINCE_B))
		# Asking for province A by the region filter shows nothing either.
		_columns, data, chart, summary = self.run_report(self.users["admin_b"], region=PROVINCE_A)
		self.assertEqual(data, [])
		self.assertIsNone(chart)
		self.assertEqual(summary[_("Reports Due")], 0)
		# A district's focal point sees their own task force only.
		_columns, data, _chart, _summary = self.run_report(self.users["focal_a2"])
		self.assertEqual({r["task_force"] for r in data if r["indent"] == 1}, {self.s.tf[DISTRICT_A2]})

	def test_bad_filters_are_refused(self):
		with as_user(self.users["admin_a"]):
			self.assertIsInstance(report_refusal(execute, {}), frappe.ValidationError)
			self.assertIsInstance(report_refusal(execute, {"year": "abc"}), frappe.ValidationError)
			self.assertIsInstance(
				report_refusal(execute, {"year": 2025, "period": "Q9"}), frappe.ValidationError
			)
