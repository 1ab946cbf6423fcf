"""38 provinces x 20 regional fields on the same doctype (760 fields): documents still save, list, filter,
export and report, because regional values are rows, not columns of the shared table."""

import csv
import io
import json

import frappe
from frappe.desk.reportview import export_query

from tppo_app.action_plan.achievement_data import progress_rows
from tppo_app.tests.utils import (
	DISTRICT_A1,
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	act,
	as_user,
	make_item,
	make_plan,
	national_task_force,
	period_of,
	region_test_data,
)

TYPES = ("Data", "Int", "Float", "Currency", "Percent", "Check", "Date", "Select", "Small Text", "Data")
SAMPLE = {
	"Data": "ya",
	"Int": "7",
	"Float": "2.5",
	"Currency": "150000",
	"Percent": "40",
	"Check": "1",
	"Date": "2025-03-31",
	"Select": "B",
	"Small Text": "catatan",
}


class TestNationalScaleFields(TPPOTestCase):
	def test_760_regional_fields_on_one_doctype(self):
		data = region_test_data()
		tf, users = data["task_forces"], data["users"]
		provinces = frappe.get_all("Region", filters={"region_type": "Province"}, pluck="name")
		self.assertEqual(len(provinces), 38)
		for province in provinces:
			for i in range(20):
				fieldtype = TYPES[i % len(TYPES)]
				frappe.get_doc(
					doctype="Regional Field",
					label=f"Scale Field {i}",
					label_id=f"Isian Skala {i}",
					document_type="Progress Report",
					region=province,
					fieldtype=fieldtype,
					options="A\nB\nC" if fieldtype == "Select" else None,
					in_list_view=int(i < 2),
				).insert(ignore_permissions=True)
		self.assertEqual(
			frappe.db.count(
				"Regional Field", {"document_type": "Progress Report", "label": ("like", "Scale Field %")}
			),
			760,
		)
		# The shared table did not grow a column.
		columns = frappe.db.get_table_columns("Progress Report")
		self.assertFalse([c for c in columns if c.startswith("r11_") or c.startswith("r12_")])

		ran = make_plan(national_task_force(), "RAN", title="Scale RAN")
		plan = make_plan(tf[PROVINCE_A], "RAD", parent_plan=ran, title="Scale RAD A")
		make_item(plan, "1.1", targets={2025: 10})
		fields_a = frappe.get_all(
			"Regional Field",
			filters={"region": PROVINCE_A, "label": ("like", "Scale Field %")},
			fields=["name", "fieldtype"],
			order_by="creation",
		)
		with as_user(users["focal_a1"]):
			report = frappe.get_doc(
				doctype="Progress Report",
				task_force=tf[DISTRICT_A1],
				action_plan=plan,
				reporting_period=period_of(plan, "2025-Q1"),
			)
			for field in fields_a:
				report.append(
					"regional_values", {"regional_field": field.name, "value": SAMPLE[field.fieldtype]}
				)
			report.insert()
			report.items[0].realised, report.items[0].status = 4, "Completed"
			report.save()
		self.assertEqual(frappe.db.count("Regional Value", {"parent": report.name}), 20)
		for user, action in (
			(users["focal_a1"], "Submit"),
			(users["admin_a"], "Verify"),
			(users["reviewer"], "Approve"),
		):
			act(user, report.name, action)

		first = fields_a[0].name  # a Data field, shown in list view
		with as_user(users["admin_a"]):
			# List view, with the list column and a filter on a regional value.
			listed = frappe.get_list(
				"Progress Report",
				filters=[
					["Regional Value", "regional_field", "=", first],
					["Regional Value", "value", "=", "ya"],
				],
				fields=["name", "regional_summary"],
			)
			self.assertEqual([r.name for r in listed], [report.name])
			self.assertIn("Isian Skala 0: ya", listed[0].regional_summary)
			# Export with the regional values as columns of the child table.
			frappe.local.form_dict = frappe._dict(
				doctype="Progress Report",
				file_format_type="CSV",
				fields=json.dumps(
					[
						"`tabProgress Report`.`name`",
						"`tabRegional Value`.`fieldname`",
						"`tabRegional Value`.`value`",
					]
				),
				filters=json.dumps([["Progress Report", "name", "=", report.name]]),
			)
			export_query()
			rows = list(csv.reader(io.StringIO(frappe.response.filecontent.decode())))
			self.assertEqual(len(rows) - 1, 20)
			# Reports still run over the same records.
			self.assertEqual([r.report for r in progress_rows({"action_plan": plan})], [report.name])
		with as_user(users["admin_b"]):
			self.assertEqual(frappe.get_list("Progress Report", filters={"name": report.name}), [])
