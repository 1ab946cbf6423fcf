"""Report templates: what a template refuses, who may see and keep it, and the JSON round trip between sites."""

import json

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_field

from tppo_app.action_plan.doctype.ran_report_template.ran_report_template import (
	EXPORT_FORMAT,
	TemplateImportError,
	export_template,
	get_field_options,
	import_template,
)
from tppo_app.action_plan.report_template import InvalidTemplateError
from tppo_app.permissions import RegionScopeError
from tppo_app.tests.utils import (
	DISTRICT_A1,
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	as_user,
	make_agency,
	make_plan,
	make_report_template,
	national_task_force,
	region_test_data,
)

LEVEL_FIELD = "tppo_test_priority"


def template_doc(**values):
	values.setdefault("title", "Unsaved template")
	values["dimensions"] = [{"dimension": d} for d in values.pop("dimensions", ["Cluster"])]
	values["measures"] = [{"measure": m} for m in values.pop("measures", ["Achievement %"])]
	values["conditions"] = [
		{"fieldname": f, "operator": o, "value": v} for f, o, v in values.pop("conditions", [])
	]
	return frappe.get_doc(doctype="RAN Report Template", **values)


class TestRANReportTemplate(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# A custom field first: adding a column commits, so it must come before this class's own data.
		create_custom_field(
			"Progress Report",
			{"fieldname": LEVEL_FIELD, "label": "Test Priority", "fieldtype": "Int", "insert_after": "year"},
		)
		cls.users = region_test_data()["users"]
		cls.ran = make_plan(national_task_force(), "RAN", title="Template Test RAN")
		cls.agency = make_agency("Template Test Agency", level="National", region=None)

	def full_template(self, title="Everything", user=None, **values) -> str:
		return make_report_template(
			title=title,
			dimensions=["Cluster", "Province", "Item", LEVEL_FIELD],
			measures=["Achievement %", "Items", "Reported", "Target", "Realised"],
			conditions=[(LEVEL_FIELD, ">", "2"), ("measure_type", "in", "Count, Percentage")],
			user=user,
			**{
				"action_plan": self.ran,
				"include_adopting_plans": 1,
				"filter_cluster": "Prevention",
				"filter_region": PROVINCE_A,
				"filter_agency": self.agency,
				"filter_year": 2025,
				"filter_period_label": "2025-Q2",
				"include_unapproved": 1,
				"chart_type": "Pie",
				"chart_measure": "Items",
				"description": "Semua isian terisi",
				**values,
			},
		)

	# ---- what a template refuses ------------------------------------------------------------------------

	def assert_refused(self, doc, *fragments):
		with self.assertRaises(InvalidTemplateError) as caught:
			doc.insert()
		message = str(caught.exception)
		for fragment in fragments:
			self.assertIn(fragment, message)
		self.assertFalse(frappe.db.exists("RAN Report Template", {"title": doc.title}))

	def test_bad_templates_are_refused_with_a_clear_message(self):
		self.assert_refused(template_doc(title="Bad 1", dimensions=["Kecamatan"]), "Kecamatan", "Cluster")
		self.assert_refused(template_doc(title="Bad 2", dimensions=[]), "at least one row dimension")
		self.assert_refused(template_doc(title="Bad 3", dimensions=["Cluster", "Cluster"]), "twice")
		self.assert_refused(template_doc(title="Bad 4", measures=[]), "at least one measure")
		self.assert_refused(template_doc(title="Bad 5", measures=["Budget"]), "Budget")
		self.assert_refused(template_doc(title="Bad 6", measures=["Target"]), "Item dimension")
		self.assert_refused(
			template_doc(title="Bad 7", chart_type="Bar", chart_measure="Items"), "chart"
		)  # Items is not one of its measures
		self.assert_refused(
			template_doc(title="Bad 8", conditions=[("no_such_field", "=", "1")]), "no_such_field"
		)
		self.assert_refused(template_doc(title="Bad 9", conditions=[(LEVEL_FIELD, ">", "high")]), "high")
		self.assert_refused(template_doc(title="Bad 10", conditions=[("unit", ">", "")]), "value")
		self.assert_refused(template_doc(title="Bad 11", filter_year=1850), "1850")

	def test_custom_fields_are_offered_as_dimensions_and_condition_fields(self):
		with as_user(self.users["admin_a"]):
			options = get_field_options()
		dimensions = [o["value"] for o in options["dimensions"]]
		self.assertEqual(
			dimensions[:7], ["Cluster", "Item", "Province", "Region", "Agency", "Period", "Year"]
		)
		self.assertIn(LEVEL_FIELD, dimensions)
		self.assertIn(LEVEL_FIELD, [o["value"] for o in options["condition_fields"]])
		# And a template using one is accepted.
		self.assertTrue(self.full_template("Custom field template"))

	# ---- who sees and keeps a template ------------------------------------------------------------------

	def test_a_province_keeps_its_templates_and_reads_national_ones(self):
		admin_a, admin_b, focal_a1 = self.users["admin_a"], self.users["admin_b"], self.users["focal_a1"]
		national = make_report_template("National template", ["Cluster"], ["Items"])
		own = make_report_template("Template of A", ["Region"], ["Items"], user=admin_a)
		self.assertEqual(frappe.db.get_value("RAN Report Template", own, "region"), PROVINCE_A)

		with as_user(admin_b):
			listed = set(frappe.get_list("RAN Report Template", pluck="name"))
			self.assertNotIn(own, listed)
			self.assertIn(national, listed)
			self.assertFalse(frappe.has_permission("RAN Report Template", "read", doc=own))
			self.assertFalse(frappe.has_permission("RAN Report Template", "write", doc=own))
			self.assertRaises(frappe.PermissionError, export_template, own)
			doc = frappe.get_doc("RAN Report Template", own)
			doc.title = "Taken over by B"
			self.assertRaises(frappe.PermissionError, doc.save)
			self.assertRaises(frappe.PermissionError, frappe.delete_doc, "RAN Report Template", own)
		self.assertEqual(frappe.db.get_value("RAN Report Template", own, "title"), "Template of A")

		with as_user(admin_a):
			self.assertTrue(frappe.has_permission("RAN Report Template", "write", doc=own))
			# National templates are read-only for a province.
			self.assertTrue(frappe.has_permission("RAN Report Template", "read", doc=national))
			self.assertFalse(frappe.has_permission("RAN Report Template", "write", doc=national))
			doc = frappe.get_doc("RAN Report Template", national)
			doc.title = "Changed by A"
			self.assertRaises(frappe.PermissionError, doc.save)
			# Nor can A file a template under B.
			self.assertRaises(
				RegionScopeError, template_doc(title="A's template for B", region=PROVINCE_B).insert
			)

		# A district reads its province's templates, and keeps none of them.
		with as_user(focal_a1):
			self.assertIn(own, frappe.get_list("RAN Report Template", pluck="name"))
			self.assertFalse(frappe.has_permission("RAN Report Template", "write", doc=own))
			district_own = template_doc(title="Template of A1").insert()
			self.assertEqual(district_own.region, DISTRICT_A1)

	# ---- JSON between sites -----------------------------------------------------------------------------

	def test_export_and_import_round_trip(self):
		original = self.full_template("Round trip")
		exported = export_template(original)
		data = json.loads(exported)
		self.assertEqual((data["format"], data["version"]), (EXPORT_FORMAT, 1))
		self.assertEqual(data["action_plan_title"], "Template Test RAN")
		self.assertEqual(data["filter_agency_name"], "Template Test Agency")

		copy = import_template(exported)
		self.assertNotEqual(copy, original)
		self.assertEqual(json.loads(export_template(copy)), data)
		a, b = (frappe.get_doc("RAN Report Template", name) for name in (original, copy))
		for table in ("dimensions", "measures", "conditions"):
			self.assertEqual(
				[row.as_dict(no_default_fields=True, no_child_table_fields=True) for row in a.get(table)],
				[row.as_dict(no_default_fields=True, no_child_table_fields=True) for row in b.get(table)],
			)

		# On another site the plan and the agency have other ids: their titles find them.
		data.update(action_plan="AP-99999", filter_agency="AGN-99999", title="From another site")
		moved = frappe.get_doc("RAN Report Template", import_template(json.dumps(data)))
		self.assertEqual((moved.action_plan, moved.filter_agency), (self.ran, self.agency))

	def test_a_province_imports_a_template_as_its_own(self):
		exported = export_template(self.full_template("National original"))
		with as_user(self.users["admin_b"]):
			copy = frappe.get_doc("RAN Report Template", import_template(exported))
		self.assertEqual(copy.region, PROVINCE_B)
		self.assertEqual(copy.owner, self.users["admin_b"])

	def test_bad_json_is_refused_and_nothing_is_saved(self):
		exported = json.loads(export_template(self.full_template("Source")))
		count = frappe.db.count("RAN Report Template")

		def refused(data, *fragments):
			text = data if isinstance(data, str) else json.dumps(data)
			with self.assertRaises(TemplateImportError) as caught:
				import_template(text)
			for fragment in fragments:
				self.assertIn(fragment, str(caught.exception))

		refused("{not json", "not valid JSON")
		refused([1, 2], "JSON object")
		refused({**exported, "format": "something else"}, EXPORT_FORMAT)
		refused({**exported, "version": 7}, "Version 7")
		refused({**exported, "owner": "x", "script": "y"}, "Unknown fields", "owner", "script")
		refused(
			{**exported, "dimensions": [{"dimension": "Cluster", "sql": "drop table"}]},
			"Unknown fields in",
			"dimensions",
			"sql",
		)
		refused({**exported, "measures": "Items"}, "must be a list")
		refused({**exported, "title": ""}, "no title")
		refused({**exported, "action_plan": None, "action_plan_title": "No Such Plan"}, "No Such Plan")
		# A well-formed export of a bad template is refused by the template's own checks.
		self.assertRaises(
			InvalidTemplateError,
			import_template,
			json.dumps({**exported, "title": "Bad dims", "dimensions": [{"dimension": "Desa"}]}),
		)
		self.assertEqual(frappe.db.count("RAN Report Template"), count)
