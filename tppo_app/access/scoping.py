"""One choke point for region scope: every doctype of the app is classified once, and the region-scoped ones
(child tables included) get the same criterion through Frappe's query-level and document-level hooks.

Frappe applies `permission_query_conditions` to every list query (list and report views, /api/resource for
parents and children, frappe.client.get_list / get_count, export, group-by and sidebar counts, link search
without ignore_user_permissions) and `has_permission` to every document read (getdoc, REST, frappe.client.get,
print). A path nobody listed still goes through one of the two.

- REGION_FIELD doctypes are scoped by a field naming a Region: the user's regions (descendants included).
- REFERENCE doctypes (managed lists, agencies, plans) are also readable from the regions below their own.
- CUSTOM doctypes bring their own criterion (a joint meeting is seen by every region taking part).
- Child tables follow their parent, per `parenttype` (Regional Value serves several parents); rows of a table
  kept at personal-data level (a province's regional values on Victim Service) are only listed for users who
  read that level.
- GLOBAL doctypes hold no region data (the Region tree, settings).

`tppo_app.tests.test_access_sweep` fails when a doctype of the app is in none of these.
"""

import frappe
from frappe.utils.caching import request_cache

from tppo_app.access.classification import CUSTOM, REFERENCE, REGION_FIELD, scoped_parents
from tppo_app.regions import NO_REGION, get_ancestor_regions, get_user_regions, nothing
from tppo_app.roles import MODULES


def region_criterion(doctype: str, user: str, fieldname: str = "region", with_ancestors: bool = False):
	"""None for a national user; else the rows whose region field lies in the user's regions (nothing for a user
	without any), and with_ancestors also national rows and those of the regions above (reference data)."""
	allowed = get_user_regions(user, doctype)
	if allowed is None:
		return None
	table = frappe.qb.DocType(doctype)
	if allowed == [NO_REGION]:
		return nothing(table)
	if not with_ancestors:
		return table[fieldname].isin(allowed)
	readable = allowed + get_ancestor_regions(allowed)
	return table[fieldname].isnull() | (table[fieldname] == "") | table[fieldname].isin(readable)


def reference_criterion(doctype: str, user: str, for_write: bool = False):
	"""Reference data: read also from the regions above and nationally; changed only in the user's own regions."""
	return region_criterion(doctype, user, with_ancestors=not for_write)


# Permission types that only read; any other (write, delete, submit...) changes the record.
READ_PTYPES = ("read", "select", "print", "email", "report", "export", "share")


def matches(doc, criterion) -> bool:
	"""Whether the stored record satisfies a qb criterion on its table (one check for forms and lists alike)."""
	table = frappe.qb.DocType(doc.doctype)
	return bool(
		frappe.qb.from_(table).select(table.name).where(table.name == doc.name).where(criterion).run()
	)


@request_cache
def app_child_doctypes() -> dict[str, list[tuple[str, str]]]:
	"""child doctype -> [(parent doctype, table fieldname)] for every table field of the app's parents. Asked by
	every list query of a child table: worked out once per request (frappe.clear_cache, which a changed table
	field calls, forgets it)."""
	children: dict[str, list[tuple[str, str]]] = {}
	for parent in scoped_parents():
		if not frappe.db.exists("DocType", parent):
			continue
		for df in frappe.get_meta(parent).get_table_fields():
			children.setdefault(df.options, []).append((parent, df.fieldname))
	return children


def criterion(doctype: str, user: str, for_write: bool = False):
	"""A qb criterion on the doctype's table for the rows the user may read (or change); None for all rows."""
	if doctype in REGION_FIELD:
		return region_criterion(doctype, user, REGION_FIELD[doctype])
	if doctype in REFERENCE:
		return reference_criterion(doctype, user, for_write)
	if doctype in CUSTOM:
		return frappe.get_attr(CUSTOM[doctype])(user, for_write)
	parents = app_child_doctypes().get(doctype)
	if parents:
		return child_criterion(doctype, parents, user)
	# Not classified: nothing (fail closed). The sweep test keeps this list complete.
	return nothing(frappe.qb.DocType(doctype))


def child_criterion(doctype: str, parents: list[tuple[str, str]], user: str):
	table = frappe.qb.DocType(doctype)
	result = None
	unrestricted = True
	for parent, fieldname in parents:
		meta = frappe.get_meta(parent)
		level = meta.get_field(fieldname).permlevel
		if level and user != "Administrator" and level not in meta.get_permlevel_access("read", user=user):
			unrestricted = False
			continue  # a table at personal-data level: not listed for users who cannot read that level
		parent_criterion = criterion(parent, user)
		if parent_criterion is not None:
			unrestricted = False
			ptable = frappe.qb.DocType(parent)
			rows = table.parent.isin(frappe.qb.from_(ptable).select(ptable.name).where(parent_criterion))
		else:
			rows = table.parent.isnotnull()
		part = (table.parenttype == parent) & (table.parentfield == fieldname) & rows
		result = part if result is None else result | part
	if unrestricted:
		return None
	return result if result is not None else nothing(table)


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions for every classified doctype of the app."""
	where = criterion(doctype, user or frappe.session.user)
	return "" if where is None else where.get_sql(with_namespace=True, quote_char="`")


def has_permission(doc, ptype: str = "read", user: str | None = None, debug: bool = False) -> bool:
	"""has_permission for every classified parent doctype: the stored record must satisfy the criterion."""
	if not doc.get("name") or (doc.is_new() and not frappe.db.exists(doc.doctype, doc.name)):
		return True  # tppo_app.permissions.validate_region_scope decides where a new record may go
	# A "new" document that carries a stored record's name (a client can send one) is that record.
	where = criterion(doc.doctype, user or frappe.session.user, for_write=ptype not in READ_PTYPES)
	return where is None or matches(doc, where)


def app_doctypes() -> list[str]:
	return frappe.get_all("DocType", filters={"module": ("in", MODULES)}, pluck="name")
