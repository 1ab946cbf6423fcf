"""A province's report template grouped by the province's own regional field renders the same numbers as an
independent computation over the same reports."""

import frappe

from tppo_app.action_plan.report.ran_template_report.ran_template_report import execute
from tppo_app.tests.utils import (
	DISTRICT_A1,
	DISTRICT_A2,
	PROVINCE_A,
	TPPOTestCase,
	act,
	as_user,
	make_item,
	make_plan,
	make_report_template,
	national_task_force,
	period_of,
	region_test_data,
)


class TestRegionalTemplates(TPPOTestCase):
	def test_a_template_groups_by_a_regional_field(self):
		data = region_test_data()
		tf, users = data["task_forces"], data["users"]
		ran = make_plan(national_task_force(), "RAN", title="Regional Template RAN")
		plan = make_plan(tf[PROVINCE_A], "RAD", parent_plan=ran, title="Regional Template RAD A")
		for code, target in (("1.1", 10), ("1.2", 20)):
			make_item(plan, code, targets={2025: target})
		with as_user(users["admin_a"]):
			funding = frappe.get_doc(
				doctype="Regional Field",
				label="Funding Source",
				label_id="Sumber Dana",
				document_type="Progress Report",
				region=PROVINCE_A,
				fieldtype="Select",
				options="APBD\nDonor",
			).insert()

		# Two districts report, each with its funding source; A2's district reports more.
		realised = {DISTRICT_A1: {"1.1": 5, "1.2": 10}, DISTRICT_A2: {"1.1": 9, "1.2": 20}}
		source = {DISTRICT_A1: "APBD", DISTRICT_A2: "Donor"}
		focal = {DISTRICT_A1: users["focal_a1"], DISTRICT_A2: users["focal_a2"]}
		for district in (DISTRICT_A1, DISTRICT_A2):
			with as_user(focal[district]):
				report = frappe.get_doc(
					doctype="Progress Report",
					task_force=tf[district],
					action_plan=plan,
					reporting_period=period_of(plan, "2025-Q1"),
				)
				report.append("regional_values", {"regional_field": funding.name, "value": source[district]})
				report.insert()
				for row in report.items:
					row.realised, row.status = realised[district][row.item_code], "Completed"
				report.save()
			for user, action in (
				(focal[district], "Submit"),
				(users["admin_a"], "Verify"),
				(users["reviewer"], "Approve"),
			):
				act(user, report.name, action)

		template = make_report_template(
			"By funding source",
			[funding.fieldname],
			["Items", "Achievement %"],
			user=users["admin_a"],
			action_plan=plan,
			region=PROVINCE_A,
		)
		with as_user(users["admin_a"]):
			_columns, rows, *_ = execute({"template": template})
		by_source = {row["group"]: row for row in rows if row["indent"] == 1}

		# Independently: each report's mean achievement over its two items (target 10 and 20).
		expected = {
			source[d]: sum(realised[d][code] / target * 100 for code, target in (("1.1", 10), ("1.2", 20)))
			/ 2
			for d in (DISTRICT_A1, DISTRICT_A2)
		}
		self.assertEqual(set(by_source), {"APBD", "Donor"})
		for label, achievement in expected.items():
			self.assertEqual(by_source[label]["items"], 2)
			self.assertAlmostEqual(by_source[label]["achievement"], achievement)

		# At national scale the database totals the template, joining the regional values: the same numbers.
		from tppo_app.action_plan.report_template import render

		with as_user(users["admin_a"]):
			doc = frappe.get_doc("RAN Report Template", template)
			self.assertEqual(render(doc, {"totals_only": 1})[1], render(doc)[1])
