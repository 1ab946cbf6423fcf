"""Where a regional user's records go: a new record belongs to the user's region, and a regional user never
creates, moves or deletes a record outside their region (doc_events on every doctype of the app). Who sees what
is tppo_app.regions (the scope) and tppo_app.access (the criterion on every path).
"""

import frappe
from frappe import _

from tppo_app.regions import get_default_region, get_user_regions
from tppo_app.roles import ALL_ROLES, MODULES


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
