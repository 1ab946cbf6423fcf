"""A field a national admin adds to Progress Report in Customize Form shows in the form, the list, the export
and the report data without code."""

import csv
import io
import json

import frappe
from frappe.desk.reportview import export_query

from tppo_app.action_plan.achievement_data import progress_rows
from tppo_app.tests.utils import (
	DISTRICT_A1,
	PROVINCE_A,
	TPPOTestCase,
	act,
	as_user,
	make_item,
	make_plan,
	make_progress_report,
	national_task_force,
	region_test_data,
)


def customize(doctype: str, label: str, fieldtype: str = "Data", **props) -> str:
	"""What a national admin does in Customize Form: add a field by its label. Returns its fieldname."""
	fieldname = "custom_" + frappe.scrub(label)
	if frappe.get_meta(doctype).has_field(fieldname):
		return fieldname  # adding a column commits, so a rerun on the same site finds it
	form = frappe.get_doc("Customize Form")
	form.doc_type = doctype
	form.fetch_to_customize()
	form.append("fields", {"label": label, "fieldtype": fieldtype, "is_custom_field": 1, **props})
	form.save_customization()
	return fieldname


class TestProgressReportCustomFields(TPPOTestCase):
	def test_custom_fields_flow_into_form_list_export_and_reports(self):
		data = region_test_data()
		tf, users = data["task_forces"], data["users"]
		ran = make_plan(national_task_force(), "RAN", title="Custom Field RAN")
		plan = make_plan(tf[PROVINCE_A], "RAD", parent_plan=ran, title="Custom Field RAD A")
		make_item(plan, "1.1", targets={2025: 10})
		villages = customize(
			"Progress Report", "Villages Reached", "Int", in_list_view=1, insert_after="year"
		)
		budget = customize("Progress Report Item", "Budget Used", "Currency", insert_after="realised")

		report = make_progress_report(tf[DISTRICT_A1], plan, "2025-Q1", {"1.1": 4}, user=users["focal_a1"])
		with as_user(users["focal_a1"]):
			report.set(villages, 7)
			report.items[0].set(budget, 2_500_000)
			report.save()
		for user, action in (
			(users["focal_a1"], "Submit"),
			(users["admin_a"], "Verify"),
			(users["reviewer"], "Approve"),
		):
			act(user, report.name, action)

		# Form: the field is in the meta the form renders from.
		meta = frappe.get_meta("Progress Report")
		self.assertEqual(meta.get_field(villages).label, "Villages Reached")
		# List: a list-view column, readable by the province's admin.
		self.assertTrue(meta.get_field(villages).in_list_view)
		with as_user(users["admin_a"]):
			listed = frappe.get_list("Progress Report", filters={"name": report.name}, fields=[villages])
		self.assertEqual(listed[0][villages], 7)
		# Export from the report view.
		with as_user(users["admin_a"]):
			frappe.local.form_dict = frappe._dict(
				doctype="Progress Report",
				file_format_type="CSV",
				fields=json.dumps(["`tabProgress Report`.`name`", f"`tabProgress Report`.`{villages}`"]),
				filters=json.dumps([["Progress Report", "name", "=", report.name]]),
			)
			export_query()
		rows = list(csv.reader(io.StringIO(frappe.response.filecontent.decode())))
		self.assertIn("Villages Reached", rows[0])
		self.assertEqual(rows[1][rows[0].index("Villages Reached")], "7")
		# Report data (what the achievement reports and report templates aggregate).
		with as_user(users["admin_a"]):
			row = next(r for r in progress_rows({"action_plan": plan}) if r.report == report.name)
		self.assertEqual((row[villages], row[budget]), (7, 2_500_000))
