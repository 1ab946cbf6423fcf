"""The region tree and who sees which part of it: every region-tree query of the app is here.

- Scope: a user is national (Administrator, a national role, or the explicit national grant: a User Permission
  on the region "ID"), regional (their Region User Permissions, descendants included), or has nothing
  (`get_user_regions` answers [NO_REGION], so that every filter built from it matches nothing: fail closed).
- Queries: the subtree criterion (`in_region`), the regions above (`get_ancestor_regions`), a report's scope
  (`scope_query`), the users who hold a role in a region (`users_with_role_in_region`).

Permission hooks (tppo_app.access), reports and approval all read the tree through this module.
"""

import frappe
from frappe.core.doctype.user_permission.user_permission import get_user_permissions

from tppo_app.roles import MINISTRY_REVIEWER, NATIONAL_ADMIN

NATIONAL_REGION = "ID"
# What get_user_regions answers for a user who holds no scope: a region name no record can carry, so that every
# `isin(allowed)` and `in allowed` of a caller matches nothing.
NO_REGION = "(none)"
# Roles that are national by themselves; every other user needs a region, or the explicit national grant.
SCOPE_NATIONAL_ROLES = (NATIONAL_ADMIN, MINISTRY_REVIEWER)


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


def subtree(region: str) -> list[str]:
	"""The region and every region under it."""
	table = frappe.qb.DocType("Region")
	return [
		r[0] for r in frappe.qb.from_(table).select(table.name).where(in_region(table.name, region)).run()
	]


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


def users_with_role_in_region(role: str, region: str | None) -> list[str]:
	"""Enabled users holding the role whose User Permissions grant exactly this region; for region None, the
	national holders of the role (a national role is national by itself, any other by the national grant)."""

	user = frappe.qb.DocType("User")
	has_role = frappe.qb.DocType("Has Role")
	permission = frappe.qb.DocType("User Permission")
	query = (
		frappe.qb.from_(user)
		.join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.select(user.name)
		.distinct()
		.where((has_role.role == role) & (user.enabled == 1) & (user.name.notin(["Administrator", "Guest"])))
	)
	granted = frappe.qb.from_(permission).select(permission.user).where(permission.allow == "Region")
	if region:
		query = query.where(user.name.isin(granted.where(permission.for_value == region)))
	elif role not in SCOPE_NATIONAL_ROLES:
		query = query.where(user.name.isin(granted.where(permission.for_value == NATIONAL_REGION)))
	return sorted(r[0] for r in query.run())


def scope_query(query, field, doctype: str | None = None):
	"""A qb query narrowed to the rows whose `field` lies in the session user's regions (reports built with qb:
	qb applies no permission)."""
	allowed = get_user_regions(doctype=doctype)
	return query if allowed is None else query.where(field.isin(allowed))
