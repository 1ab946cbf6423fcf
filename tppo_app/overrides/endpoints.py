"""Frappe endpoints answered through tppo_app (override_whitelisted_methods): each calls Frappe's own method and
narrows what it returns; see tppo_app.overrides."""

import frappe
from frappe import _

from tppo_app.case_management.privacy import PRIVATE_DOCTYPES, can_read_personal_data


def _readable(doctype: str, name: str) -> bool:
	"""Whether the record exists and the session user may read it (one answer for both: no oracle)."""
	if not isinstance(doctype, str) or not isinstance(name, str) or not frappe.db.exists("DocType", doctype):
		return False
	if not frappe.db.exists(doctype, name):
		return False
	return bool(frappe.has_permission(doctype, "read", doc=name))


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug: bool = False, cache: bool = False) -> int:
	"""frappe.client.get_count answers with a raw count in v15 (no read permission, no scope). This counts what
	the user may list, with the same filters."""
	from frappe.client import get_safe_filters

	frappe.has_permission(doctype, "read", throw=True)
	rows = frappe.get_list(doctype, filters=get_safe_filters(filters), fields=["count(*) as count"])
	return rows[0].count if rows else 0


@frappe.whitelist(methods=["GET", "POST", "PUT", "DELETE"])
def run_doc_method(method, docs=None, dt=None, dn=None, arg=None, args=None):
	"""Frappe's run_doc_method appends the whole document to the response (`docs`), personal fields included,
	whatever the method answers. The same call, then each document as the user may read it."""
	from frappe.handler import run_doc_method as frappe_run_doc_method

	result = frappe_run_doc_method(method, docs=docs, dt=dt, dn=dn, arg=arg, args=args)
	for doc in frappe.response.get("docs") or []:
		if hasattr(doc, "apply_fieldlevel_read_permissions"):
			doc.apply_fieldlevel_read_permissions()
	return result


@frappe.whitelist()
def getdoc(doctype, name, user=None):
	"""The form's load: a victim's attachments, comments and messages are personal data (a scan of an ID card,
	a note naming the victim), shown only to users who read the personal-data level."""
	from frappe.desk.form.load import getdoc as frappe_getdoc

	frappe_getdoc(doctype, name, user=user)
	docinfo = frappe.response.get("docinfo")
	if doctype in PRIVATE_DOCTYPES and docinfo and not can_read_personal_data(doctype):
		for key in ("attachments", "comments", "communications", "automated_messages", "attachment_logs"):
			if key in docinfo:
				docinfo[key] = []


@frappe.whitelist()
def get_link_title(doctype, docname):
	"""A record's title only for users who may read it; otherwise its name, as for a title-less doctype."""
	from frappe.desk.search import get_link_title as frappe_get_link_title

	if not _readable(doctype, docname):
		return docname
	return frappe_get_link_title(doctype, docname)


@frappe.whitelist()
def validate_link(doctype: str, docname: str, fields=None):
	"""A link to a record the user may not read is answered as a link to no record."""
	from frappe.client import validate_link as frappe_validate_link

	values = frappe_validate_link(doctype, docname, fields=fields)
	if values and values.get("name") and not _readable(doctype, values["name"]):
		return frappe._dict(name=None)
	return values


@frappe.whitelist()
def toggle_like(doctype, name, add=False):
	"""Likes only on records the user may read (Frappe writes `_liked_by` on any record)."""
	from frappe.desk.like import toggle_like as frappe_toggle_like

	if not _readable(doctype, name):
		frappe.throw(_("Not permitted"), frappe.PermissionError)
	return frappe_toggle_like(doctype, name, add=add)
