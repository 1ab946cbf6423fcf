"""The "Adapt for my region" page: a province sees everything it adapted, previews its forms, and reverts a
change exactly; it never sees or reverts another province's."""

import json

import frappe

from tppo_app.regional_adaptation.adaptation_log import RevertError, revert
from tppo_app.regional_adaptation.overview import get_form_preview, get_overview
from tppo_app.tests.utils import PROVINCE_A, TPPOTestCase, as_user, region_test_data

COMPARED = (
	"label",
	"label_id",
	"fieldtype",
	"reqd",
	"insert_after",
	"in_list_view",
	"enabled",
	"region",
	"document_type",
)


def field_state(name):
	return frappe.db.get_value("Regional Field", name, COMPARED, as_dict=True)


class TestAdaptationPage(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = region_test_data()["users"]

	def new_field(self, label, user=None, region=PROVINCE_A, **values):
		with as_user(user or self.users["admin_a"]):
			return frappe.get_doc(
				doctype="Regional Field",
				label=label,
				label_id=label,
				document_type="Task Force Member",
				region=region,
				fieldtype=values.pop("fieldtype", "Data"),
				**values,
			).insert()

	def log_of(self, name, action):
		return frappe.get_all(
			"Adaptation Log",
			filters={"reference_name": name, "action": action},
			pluck="name",
			order_by="creation desc",
		)[0]

	def test_overview_and_preview_show_the_provinces_own_adaptations(self):
		field = self.new_field("Nomor WhatsApp Dinas", insert_after="position")
		with as_user(self.users["admin_a"]):
			overview = get_overview()
			preview = get_form_preview("Task Force Member")
		self.assertEqual(overview["region"], PROVINCE_A)
		member_form = next(f for f in overview["forms"] if f["doctype"] == "Task Force Member")
		self.assertIn(field.name, [f.name for f in member_form["fields"]])
		listed = next(f for f in member_form["fields"] if f.name == field.name)
		# Placed after a field named by its label, not its fieldname.
		position = frappe.get_meta("Task Force Member").get_label("position")
		self.assertEqual(listed.insert_after_label, frappe._(position, context="Task Force Member"))
		names = [df["fieldname"] for df in preview]
		self.assertEqual(names[names.index("position") + 1], field.fieldname)  # in its place
		self.assertIn(field.name, [entry.reference_name for entry in overview["log"]])
		with as_user(self.users["admin_b"]):
			self.assertNotIn(field.name, [f.name for form in get_overview()["forms"] for f in form["fields"]])
			self.assertRaises(frappe.PermissionError, get_overview, PROVINCE_A)

	def test_fields_render_where_the_preview_shows_them_anchored_or_not(self):
		"""A field without a place ends the form's first section, in the preview and in the form alike; the place
		may be given by the label the admin reads ("Jabatan"), and is stored as the field name."""
		from tppo_app.regional_adaptation.regional_fields import default_anchor, get_form_adaptation
		from tppo_app.tests.utils import DISTRICT_A1

		agency_label = frappe._(frappe.get_meta("Task Force Member").get_label("agency"))
		placed = self.new_field("Nomor Pegawai Daerah", insert_after=agency_label)
		self.assertEqual(placed.insert_after, "agency")
		loose = self.new_field("Catatan Gugus Daerah", reqd=1)
		self.assertIsNone(loose.insert_after)
		anchor = default_anchor("Task Force Member")
		with as_user(self.users["admin_a"]):
			preview = [df["fieldname"] for df in get_form_preview("Task Force Member")]
		self.assertEqual(preview[preview.index(anchor) + 1 :][:3].count(loose.fieldname), 1)
		self.assertEqual(preview[preview.index("agency") + 1], placed.fieldname)
		with as_user(self.users["focal_a1"]):
			form = {f.fieldname: f for f in get_form_adaptation("Task Force Member", DISTRICT_A1)["fields"]}
		self.assertEqual(form[placed.fieldname].insert_after, "agency")
		self.assertEqual(form[loose.fieldname].insert_after, anchor)  # the same place as the preview
		self.assertTrue(form[loose.fieldname].reqd)

	def test_a_place_that_is_no_field_is_refused(self):
		from tppo_app.regional_adaptation.doctype.regional_field.regional_field import RegionalFieldError

		with self.assertRaises(RegionalFieldError):
			self.new_field("Kolom Salah Tempat", insert_after="Bidang Yang Tidak Ada")
		self.assertFalse(frappe.db.exists("Regional Field", {"label": "Kolom Salah Tempat"}))

	def test_reverting_a_change_restores_the_previous_state_exactly(self):
		field = self.new_field("Jumlah Desa Binaan", fieldtype="Int", in_list_view=1)
		before = field_state(field.name)
		with as_user(self.users["admin_a"]):
			doc = frappe.get_doc("Regional Field", field.name)
			doc.label, doc.reqd, doc.insert_after = "Desa Binaan (revisi)", 1, "agency"
			doc.save()
			self.assertNotEqual(field_state(field.name), before)
			change = self.log_of(field.name, "Changed")
			self.assertIn("label", frappe.db.get_value("Adaptation Log", change, "summary"))
			revert(change)
			self.assertRaises(RevertError, revert, change)  # once only
		self.assertEqual(field_state(field.name), before)

	def test_reverting_a_creation_and_a_deletion(self):
		with as_user(self.users["admin_a"]):
			created = self.new_field("Sementara")
			revert(self.log_of(created.name, "Created"))
			self.assertFalse(frappe.db.exists("Regional Field", created.name))

			kept = self.new_field("Dihapus lalu dipulihkan")
			snapshot = field_state(kept.name)
			frappe.delete_doc("Regional Field", kept.name)
			revert(self.log_of(kept.name, "Deleted"))
		self.assertEqual(field_state(kept.name), snapshot)

	def test_another_province_cannot_revert(self):
		field = self.new_field("Milik Provinsi A")
		with as_user(self.users["admin_b"]):
			self.assertRaises(frappe.PermissionError, revert, self.log_of(field.name, "Created"))
		self.assertTrue(frappe.db.exists("Regional Field", field.name))
		log = json.loads(frappe.db.get_value("Adaptation Log", self.log_of(field.name, "Created"), "after"))
		self.assertEqual(log["label"], "Milik Provinsi A")
