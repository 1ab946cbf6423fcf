"""Region-scoped access.

Who sees what follows the Region tree through Frappe's own User Permissions (allow = Region, descendants
included): a provincial admin holds one for their province, a district focal point one for their district,
national users hold none. Every doctype with a Link to Region is scoped by that without extra code.

This module adds what User Permissions cannot express:
- a regional user never creates a record without a region, nor outside their region;
- national entries (an empty region, e.g. a national managed-list entry) are read-only for regional users;
- reference data (managed lists, agencies) of the regions above a user is readable by them, read-only:
  a district sees its province's agencies and list entries. These doctypes set ignore_user_permissions on
  their region field and use `reference_query_conditions` / `has_reference_permission` instead, both built
  from one qb criterion so that list views and forms cannot disagree;
- `get_user_regions` gives qb reports the same scope that list views get.
"""

import frappe
from frappe import _
from frappe.core.doctype.user_permission.user_permission import get_user_permissions

from tppo_app.roles import ALL_ROLES, MODULES

NATIONAL_REGION = "ID"


class RegionScopeError(frappe.PermissionError):
	pass


def has_app_permission() -> bool:
	roles = set(frappe.get_roles())
	return bool(roles & {"System Manager", *ALL_ROLES})


def require_roles(*roles: str) -> None:
	"""Like frappe.only_for, which v15 skips under tests: the same refusal everywhere, tests included."""
	user = frappe.session.user
	if user != "Administrator" and not set(frappe.get_roles(user)) & set(roles):
		frappe.throw(_("You are not permitted to do this."), frappe.PermissionError, title=_("Not permitted"))


def get_user_regions(user: str | None = None, doctype: str | None = None) -> list[str] | None:
	"""Regions the user may see, descendants included; None when the user is not restricted (national)."""
	user = user or frappe.session.user
	if user == "Administrator":
		return None
	perms = get_user_permissions(user).get("Region") or []
	allowed = [p.doc for p in perms if not p.applicable_for or p.applicable_for == doctype]
	if not allowed or NATIONAL_REGION in allowed:
		return None
	return allowed


def in_region(field, region: str):
	"""A qb criterion: the field names the region or a region under it (lft/rgt of the Region tree).

	An unknown region matches nothing, without an error: a report's Region filter runs the report while the
	user is still typing, and an error there would also switch Frappe v15 to a background (prepared) report
	for everyone."""
	bounds = frappe.db.get_value("Region", region, ["lft", "rgt"])
	if not bounds:
		return field.isnull() & field.notnull()
	table = frappe.qb.DocType("Region")
	subtree = (
		frappe.qb.from_(table).select(table.name).where((table.lft >= bounds[0]) & (table.rgt <= bounds[1]))
	)
	return field.isin(subtree)


def get_ancestor_regions(regions: list[str]) -> list[str]:
	"""The regions above the given ones (a district's province, the country)."""
	region = frappe.qb.DocType("Region")
	bounds = frappe.get_all("Region", filters={"name": ("in", regions)}, fields=["lft", "rgt"])
	if not bounds:
		return []
	condition = None
	for b in bounds:
		c = (region.lft < b.lft) & (region.rgt > b.rgt)
		condition = c if condition is None else condition | c
	return [r[0] for r in frappe.qb.from_(region).select(region.name).where(condition).run()]


def _reference_criterion(doctype: str, user: str, for_write: bool = False):
	"""None when the user sees everything; else a qb criterion on the doctype's region."""
	allowed = get_user_regions(user, doctype)
	if allowed is None:
		return None
	table = frappe.qb.DocType(doctype)
	if for_write:
		return table.region.isin(allowed)
	readable = allowed + get_ancestor_regions(allowed)
	return table.region.isnull() | (table.region == "") | table.region.isin(readable)


def reference_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	criterion = _reference_criterion(doctype, user or frappe.session.user)
	return "" if criterion is None else criterion.get_sql(with_namespace=True, quote_char="`")


# Permission types that only read; any other (write, delete, submit...) changes the record.
READ_PTYPES = ("read", "select", "print", "email", "report", "export", "share")


def matches(doc, criterion) -> bool:
	"""Whether the stored record satisfies a qb criterion on its table (one check for forms and lists alike)."""
	table = frappe.qb.DocType(doc.doctype)
	return bool(
		frappe.qb.from_(table).select(table.name).where(table.name == doc.name).where(criterion).run()
	)


def has_reference_permission(doc, ptype: str = "read", user: str | None = None, debug: bool = False) -> bool:
	user = user or frappe.session.user
	for_write = ptype not in READ_PTYPES
	if doc.is_new() or not doc.get("name"):
		return True  # validate_region_scope decides where a new record may go
	criterion = _reference_criterion(doc.doctype, user, for_write)
	if criterion is None:
		return True
	if for_write and not doc.get("region"):
		return False  # national entries are read-only for regional users
	return matches(doc, criterion)


def get_default_region(user: str | None = None) -> str | None:
	"""The region a regional user's new records belong to: their default User Permission, or their only one."""
	user = user or frappe.session.user
	perms = get_user_permissions(user).get("Region") or []
	defaults = [p.doc for p in perms if p.is_default]
	if defaults:
		return defaults[0]
	# Descendants come without is_default; the user's own grants are the ones whose parent is not granted.
	granted = {p.doc for p in perms}
	tops = [
		r for r in granted if frappe.db.get_value("Region", r, "parent_region", cache=True) not in granted
	]
	return tops[0] if len(tops) == 1 else None


def _region_field(doc):
	if doc.meta.module not in MODULES:
		return None
	df = doc.meta.get_field("region")
	if df and df.fieldtype == "Link" and df.options == "Region":
		return df
	return None


def fill_default_region(doc, method=None):
	"""doc_events["*"]["before_insert"]: a regional user's new record belongs to their region (before naming,
	which managed lists derive from the region)."""
	if _region_field(doc) and not doc.get("region") and get_user_regions(doctype=doc.doctype) is not None:
		doc.region = get_default_region()


def validate_region_scope(doc, method=None):
	"""doc_events["*"]["validate"]: keeps regional users' records inside their region."""
	if frappe.flags.in_install or frappe.flags.in_migrate or frappe.flags.in_patch or frappe.flags.in_import:
		return
	if not _region_field(doc):
		return
	allowed = get_user_regions(doctype=doc.doctype)
	if allowed is None:
		return

	before = None if doc.is_new() else doc.get_doc_before_save()
	if before and before.get("region") and before.get("region") not in allowed:
		# Frappe checks User Permissions against the new values only: without this, a user could move another
		# region's record into their own (and read it there).
		frappe.throw(
			_("{0} {1} belongs to another region; you cannot change it.").format(
				_(doc.doctype), frappe.bold(doc.name)
			),
			RegionScopeError,
			title=_("Not permitted"),
		)
	if before and not before.get("region"):
		frappe.throw(
			_("{0} {1} is a national record; only national admins can change it.").format(
				_(doc.doctype), frappe.bold(doc.get_title())
			),
			RegionScopeError,
			title=_("Not permitted"),
		)
	if not doc.get("region"):
		doc.region = get_default_region()
	if not doc.get("region"):
		frappe.throw(
			_("Choose the region this {0} belongs to.").format(_(doc.doctype)),
			RegionScopeError,
			title=_("Region required"),
		)
	if doc.region not in allowed:
		frappe.throw(
			_("You can only keep records of your own region here; {0} is outside it.").format(
				frappe.bold(frappe.db.get_value("Region", doc.region, "region_name") or doc.region)
			),
			RegionScopeError,
			title=_("Not permitted"),
		)


def validate_region_scope_on_delete(doc, method=None):
	"""doc_events["*"]["on_trash"]: regional users delete only records of their own region."""
	if frappe.flags.in_install or frappe.flags.in_migrate or frappe.flags.in_patch:
		return
	if not _region_field(doc):
		return
	allowed = get_user_regions(doctype=doc.doctype)
	if allowed is None or doc.get("region") in allowed:
		return
	if not doc.get("region"):
		message = _("{0} {1} is a national record; only national admins can delete it.")
	else:
		message = _("{0} {1} belongs to another region; you cannot delete it.")
	frappe.throw(
		message.format(_(doc.doctype), frappe.bold(doc.get_title())),
		RegionScopeError,
		title=_("Not permitted"),
	)


# ---- whitelisted methods Frappe v15 leaves unscoped ----------------------------------------------------

SEARCH_METHODS = ("frappe.desk.search.search_link", "frappe.desk.search.search_widget")


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug: bool = False, cache: bool = False) -> int:
	"""Replaces frappe.client.get_count (override_whitelisted_methods), which v15 answers with a raw count:
	no read permission, no User Permission, so any user could count any region's records by any filter.
	This one counts what the user may list, with the same filters."""
	frappe.has_permission(doctype, "read", throw=True)
	from frappe.client import get_safe_filters

	rows = frappe.get_list(
		doctype, filters=get_safe_filters(filters), fields=["count(*) as count"], debug=debug
	)
	return rows[0].count if rows else 0


def restrict_search_requests() -> None:
	"""auth_hooks: Frappe's link search skips permissions when the client sends ignore_user_permissions; only
	reference data (shared with the regions below) may be searched that way."""
	request = getattr(frappe.local, "request", None)
	params = frappe.local.form_dict
	if not request or not params or not params.get("ignore_user_permissions"):
		return
	method = (
		(request.path or "").rsplit("/", 1)[-1] if "/method/" in (request.path or "") else params.get("cmd")
	)
	if method not in SEARCH_METHODS:
		return
	doctype = params.get("doctype")
	meta = frappe.get_meta(doctype) if doctype and frappe.db.exists("DocType", doctype) else None
	if meta and meta.module in MODULES and doctype not in frappe.get_hooks("has_permission"):
		params["ignore_user_permissions"] = 0
