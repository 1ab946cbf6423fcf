"""A province adapts the forms of its own region, and nothing else: regional fields and form rules, as each
user, through the same calls the browser makes."""

import frappe

from tppo_app.permissions import RegionScopeError
from tppo_app.regional_adaptation.regional_fields import (
	RegionalMandatoryError,
	RegionalValueError,
	get_form_adaptation,
	promote_to_national,
)
from tppo_app.tests.utils import (
	DISTRICT_A1,
	DISTRICT_B1,
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	act,
	as_user,
	make_item,
	make_plan,
	make_progress_report,
	national_task_force,
	region_test_data,
)


def add_field(user, label, fieldtype="Data", region=PROVINCE_A, document_type="Progress Report", **values):
	existing = frappe.db.get_value("Regional Field", {"fieldname": f"r{region}_{frappe.scrub(label)}"})
	if existing:  # promoting a field adds a column, which commits: a rerun on the same site finds it
		return frappe.get_doc("Regional Field", existing)
	with as_user(user):
		return frappe.get_doc(
			doctype="Regional Field",
			label=label,
			label_id=values.pop("label_id", label + " (id)"),
			document_type=document_type,
			region=region,
			fieldtype=fieldtype,
			**values,
		).insert()


def regional(doc, field, value, row=None):
	doc.append("regional_values", {"regional_field": field.name, "value": value, "row_name": row})


class TestRegionalFields(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		data = region_test_data()
		cls.tf, cls.users = data["task_forces"], data["users"]
		ran = make_plan(national_task_force(), "RAN", title="Regional Fields RAN")
		cls.plan_a = make_plan(cls.tf[PROVINCE_A], "RAD", parent_plan=ran, title="Regional Fields RAD A")
		cls.plan_b = make_plan(cls.tf[PROVINCE_B], "RAD", parent_plan=ran, title="Regional Fields RAD B")
		for plan in (cls.plan_a, cls.plan_b):
			make_item(plan, "1.1", targets={2025: 10})
		cls.mandatory = add_field(cls.users["admin_a"], "Villages Reached", "Int", reqd=1, in_list_view=1)

	def test_a_mandatory_regional_field_binds_the_province_and_its_districts_only(self):
		focal = self.users["focal_a1"]
		with self.assertRaises(RegionalMandatoryError) as raised:
			make_progress_report(self.tf[DISTRICT_A1], self.plan_a, "2025-Q1", {"1.1": 3}, user=focal)
		self.assertIn("Villages Reached", str(raised.exception))
		self.assertFalse(
			frappe.db.exists("Progress Report", {"task_force": self.tf[DISTRICT_A1], "year": 2025})
		)

		with as_user(focal):
			report = frappe.get_doc(
				doctype="Progress Report",
				task_force=self.tf[DISTRICT_A1],
				action_plan=self.plan_a,
				reporting_period=frappe.db.get_value(
					"Reporting Period", {"action_plan": self.plan_a, "period_label": "2025-Q1"}
				),
			)
			regional(report, self.mandatory, "12")
			report.insert()
		self.assertEqual(report.regional_values[0].value_number, 12)
		self.assertEqual(report.regional_summary, "Villages Reached (id): 12")
		act(focal, report.name, "Submit")  # nothing else stands in the way

		# Province B's records neither get nor accept the field.
		self.assertEqual(get_form_adaptation("Progress Report", DISTRICT_B1)["fields"], [])
		with as_user(self.users["admin_b"]):
			self.assertEqual(
				get_form_adaptation("Progress Report", PROVINCE_A)["fields"], []
			)  # not their region
		b_report = make_progress_report(self.tf[DISTRICT_B1], self.plan_b, "2025-Q1", {"1.1": 2})
		regional(b_report, self.mandatory, "5")
		self.assertRaises(RegionalValueError, b_report.save, ignore_permissions=True)
		self.assertEqual(frappe.db.count("Regional Value", {"parent": b_report.name}), 0)

	def test_a_mandatory_field_the_province_switched_off_is_no_longer_asked_for(self):
		switched_off = add_field(self.users["admin_a"], "Posts Switched Off", "Int", reqd=1)
		with as_user(self.users["admin_a"]):
			switched_off.reload()
			switched_off.enabled = 0
			switched_off.save()
		focal = self.users["focal_a1"]
		with as_user(focal):
			report = frappe.get_doc(
				doctype="Progress Report",
				task_force=self.tf[DISTRICT_A1],
				action_plan=self.plan_a,
				reporting_period=frappe.db.get_value(
					"Reporting Period", {"action_plan": self.plan_a, "period_label": "2026-Q3"}
				),
			)
			regional(report, self.mandatory, "4")
			report.insert()  # the switched-off field, which the form no longer shows, does not stop the save
		self.assertNotIn(switched_off.name, [v.regional_field for v in report.regional_values])

	def test_the_form_gets_its_provinces_fields_in_the_users_language(self):
		with as_user(self.users["focal_a1"]):
			adaptation = get_form_adaptation("Progress Report", DISTRICT_A1)
		self.assertIn("Villages Reached", [f.label for f in adaptation["fields"]])

	def test_values_are_typed_and_checked(self):
		choice = add_field(self.users["admin_a"], "Funding", "Select", options="APBD\nDonor")
		report = frappe.get_doc(
			doctype="Progress Report",
			task_force=self.tf[PROVINCE_A],
			action_plan=self.plan_a,
			reporting_period=frappe.db.get_value(
				"Reporting Period", {"action_plan": self.plan_a, "period_label": "2025-Q2"}
			),
		)
		regional(report, self.mandatory, "4")
		report.insert(ignore_permissions=True)
		for field, bad in ((self.mandatory, "many"), (choice, "Lottery")):
			report.reload()
			if field is self.mandatory:
				report.regional_values[0].value = bad
			else:
				regional(report, field, bad)
			with self.assertRaises(RegionalValueError) as raised:
				report.save(ignore_permissions=True)
			self.assertIn(bad, str(raised.exception))
		self.assertEqual(
			frappe.get_all("Regional Value", filters={"parent": report.name}, pluck="value"), ["4"]
		)

	def test_a_province_cannot_touch_another_provinces_or_national_adaptations(self):
		admin_a, admin_b = self.users["admin_a"], self.users["admin_b"]
		count = frappe.db.count("Regional Field")
		self.assertRaises(frappe.PermissionError, add_field, admin_a, "Into B", region=PROVINCE_B)
		b_field = add_field(admin_b, "B's own field", region=PROVINCE_B)
		with as_user(admin_a):
			self.assertFalse(frappe.has_permission("Regional Field", "read", doc=b_field.name))
			self.assertNotIn(b_field.name, frappe.get_list("Regional Field", pluck="name"))
			doc = frappe.get_doc("Regional Field", b_field.name)
			doc.label = "Taken over"
			self.assertRaises(frappe.PermissionError, doc.save)
			self.assertRaises(frappe.PermissionError, frappe.delete_doc, "Regional Field", b_field.name)
		self.assertEqual(frappe.db.count("Regional Field"), count + 1)
		self.assertEqual(frappe.db.get_value("Regional Field", b_field.name, "label"), "B's own field")

	def test_form_rules_hide_and_require_for_the_province_only(self):
		with as_user(self.users["admin_a"]):
			frappe.get_doc(
				doctype="Regional Form Rule",
				region=PROVINCE_A,
				document_type="Task Force Member",
				fieldname="position",
				rule="Make Mandatory",
			).insert()
			# A field required nationally cannot be hidden by a region.
			hide_required = frappe.get_doc(
				doctype="Regional Form Rule",
				region=PROVINCE_A,
				document_type="Task Force Member",
				fieldname="agency",
				rule="Hide",
			)
			self.assertRaises(frappe.ValidationError, hide_required.insert)
		from tppo_app.tests.utils import make_member

		self.assertRaises(RegionalMandatoryError, make_member, self.tf[PROVINCE_A], "No Position")
		make_member(self.tf[PROVINCE_A], "With Position", position="Kepala Seksi")
		make_member(self.tf[PROVINCE_B], "No Position in B")  # province B is not bound by A's rule

	def test_regional_values_are_filterable_and_survive_amendment(self):
		report = frappe.get_doc(
			doctype="Progress Report",
			task_force=self.tf[PROVINCE_A],
			action_plan=self.plan_a,
			reporting_period=frappe.db.get_value(
				"Reporting Period", {"action_plan": self.plan_a, "period_label": "2025-Q4"}
			),
		)
		regional(report, self.mandatory, "31")
		report.insert(ignore_permissions=True)
		with as_user(self.users["admin_a"]):
			found = frappe.get_list(
				"Progress Report",
				filters=[
					["Regional Value", "regional_field", "=", self.mandatory.name],
					["Regional Value", "value_number", ">", 30],
				],
				pluck="name",
			)
		self.assertIn(report.name, found)
		copy = frappe.copy_doc(report)
		self.assertEqual(
			[(v.regional_field, v.value) for v in copy.regional_values], [(self.mandatory.name, "31")]
		)


class TestPromoteRegionalField(TPPOTestCase):
	"""On its own: promoting adds a column, and adding a column commits, so this class keeps to its own data."""

	def test_promoting_a_regional_field_keeps_every_value(self):
		data = region_test_data()
		tf, users = data["task_forces"], data["users"]
		plan = make_plan(
			tf[PROVINCE_B],
			"RAD",
			parent_plan=make_plan(national_task_force(), "RAN", title="Promote RAN"),
			title="Promote RAD B",
		)
		field = add_field(
			users["admin_b"], "Shelter Capacity", "Int", region=PROVINCE_B, document_type="Action Plan Item"
		)
		item = frappe.get_doc("Action Plan Item", make_item(plan, "7.7", targets={2025: 1}))
		if not item.regional_values:
			regional(item, field, "25")
			item.save()
		with as_user(users["admin_b"]):
			self.assertRaises(frappe.PermissionError, promote_to_national, field.name)
		fieldname = promote_to_national(field.name)
		self.assertEqual(frappe.db.get_value("Action Plan Item", item.name, fieldname), 25)
		self.assertEqual(
			frappe.db.get_value("Regional Field", field.name, ["enabled", "promoted_to"]), (0, fieldname)
		)
