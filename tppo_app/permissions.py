"""Region-scoped access.

Who sees what follows the Region tree. Scope is something a user is given, never what is left when a permission
is missing (fail closed):
- national: Administrator, the national roles (TPPO National Admin, TPPO Ministry Reviewer), or a User Permission
  on the national region "ID" (the explicit national grant, e.g. for a national Viewer; only System Managers,
  i.e. national admins, create User Permissions);
- regional: the user's Region User Permissions (descendants included), granted by active task-force memberships;
- nothing: any other user. A user who loses their last region sees nothing region-scoped, never everything.

`get_user_regions` answers this for every query of the app; tppo_app.access.scoping applies it to every
region-scoped doctype (child tables included) through Frappe's permission hooks.

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

from tppo_app.roles import ALL_ROLES, MINISTRY_REVIEWER, MODULES, NATIONAL_ADMIN

NATIONAL_REGION = "ID"
# What get_user_regions answers for a user who holds no scope: a region name no record can carry, so that every
# `isin(allowed)` and `in allowed` of a caller matches nothing.
NO_REGION = "(none)"
# Roles that are national by themselves; every other user needs a region, or the explicit national grant.
SCOPE_NATIONAL_ROLES = (NATIONAL_ADMIN, MINISTRY_REVIEWER)


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


def has_national_grant(user: str) -> bool:
	"""The explicit national grant: a User Permission on the national region that applies to every doctype."""
	return any(
		p.doc == NATIONAL_REGION and not p.applicable_for
		for p in get_user_permissions(user).get("Region") or []
	)


def is_national(user: str | None = None) -> bool:
	"""Whether the user sees every region: Administrator, a national role, or the explicit national grant."""
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	if set(frappe.get_roles(user)) & set(SCOPE_NATIONAL_ROLES):
		return True
	return has_national_grant(user)


def get_user_regions(user: str | None = None, doctype: str | None = None) -> list[str] | None:
	"""Regions the user may see, descendants included; None when the user is national.

	A user who was given no region gets [NO_REGION]: every caller's filter then matches nothing (fail closed)."""
	user = user or frappe.session.user
	if is_national(user):
		return None
	perms = get_user_permissions(user).get("Region") or []
	allowed = [
		p.doc
		for p in perms
		if p.doc != NATIONAL_REGION and (not p.applicable_for or p.applicable_for == doctype)
	]
	return allowed or [NO_REGION]


def has_no_scope(user: str | None = None) -> bool:
	"""A user who holds neither a region nor national access (and so sees nothing region-scoped)."""
	return get_user_regions(user) == [NO_REGION]


def nothing(table):
	"""A qb criterion no row satisfies."""
	return table.name.isnull() & table.name.notnull()


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
	if allowed == [NO_REGION]:
		return nothing(table)
	if for_write:
		return table.region.isin(allowed)
	readable = allowed + get_ancestor_regions(allowed)
	return table.region.isnull() | (table.region == "") | table.region.isin(readable)


# Permission types that only read; any other (write, delete, submit...) changes the record.
READ_PTYPES = ("read", "select", "print", "email", "report", "export", "share")


def matches(doc, criterion) -> bool:
	"""Whether the stored record satisfies a qb criterion on its table (one check for forms and lists alike)."""
	table = frappe.qb.DocType(doc.doctype)
	return bool(
		frappe.qb.from_(table).select(table.name).where(table.name == doc.name).where(criterion).run()
	)


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
