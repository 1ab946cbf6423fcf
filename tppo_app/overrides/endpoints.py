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
	_hide_private_docinfo(doctype, frappe.response.get("docinfo"))


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
	if not _readable(doctype, docname):
		frappe.clear_messages()  # the same silence whether the record is missing or out of reach
		return frappe._dict(name=None)
	return values


@frappe.whitelist()
def toggle_like(doctype, name, add=False):
	"""Likes only on records the user may read (Frappe writes `_liked_by` on any record)."""
	from frappe.desk.like import toggle_like as frappe_toggle_like

	if not _readable(doctype, name):
		frappe.throw(_("Not permitted"), frappe.PermissionError)
	return frappe_toggle_like(doctype, name, add=add)


def _hide_private_docinfo(doctype: str, docinfo) -> None:
	if doctype in PRIVATE_DOCTYPES and docinfo and not can_read_personal_data(doctype):
		for key in (
			"attachments",
			"comments",
			"communications",
			"automated_messages",
			"attachment_logs",
			"info_logs",
		):
			if key in docinfo:
				docinfo[key] = []


@frappe.whitelist()
def get_docinfo(doc=None, doctype=None, name=None):
	"""The form's side panel, as getdoc: a victim's attachments, comments and messages are personal data."""
	from frappe.desk.form.load import get_docinfo as frappe_get_docinfo

	frappe_get_docinfo(doc=doc, doctype=doctype, name=name)
	_hide_private_docinfo(doctype or (doc or {}).get("doctype"), frappe.response.get("docinfo"))


@frappe.whitelist()
def get_communications(doctype, name, start=0, limit=20):
	"""A victim's messages are personal data."""
	from frappe.desk.form.load import get_communications as frappe_get_communications

	if doctype in PRIVATE_DOCTYPES and not can_read_personal_data(doctype):
		frappe.has_permission(doctype, "read", doc=name, throw=True)
		return []
	return frappe_get_communications(doctype, name, start=start, limit=limit)


# Link search runs with ignore_permissions when the client sends ignore_user_permissions (a Link field that
# ignores User Permissions): no scope, no permission query, no field-level check. That is honoured only for these
# public lookups (an allow-list); every other doctype is searched with the user's scope, as any list is.
PUBLIC_LOOKUPS = frozenset(
	(
		"Region",
		"Country",
		"Currency",
		"Language",
		"DocType",
		"Role",
		"Module Def",
		"Print Format",
		"Letter Head",
		"Gender",
		"Salutation",
	)
)


def _public_lookup(doctype) -> bool:
	return doctype in PUBLIC_LOOKUPS


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters: str | dict | list | None = None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""Link search keeps the user's scope: ignore_user_permissions (which makes Frappe skip every permission) is
	honoured only for public lookups (the Region tree, countries, ...)."""
	from frappe.desk.search import search_link as frappe_search_link

	return frappe_search_link(
		doctype,
		txt,
		query=query,
		filters=filters,
		page_length=page_length,
		searchfield=searchfield,
		reference_doctype=reference_doctype,
		ignore_user_permissions=bool(ignore_user_permissions) and _public_lookup(doctype),
	)


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters: str | None | dict | list = None,
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""As search_link."""
	from frappe.desk.search import search_widget as frappe_search_widget

	return frappe_search_widget(
		doctype,
		txt,
		query=query,
		searchfield=searchfield,
		start=start,
		page_length=page_length,
		filters=filters,
		filter_fields=filter_fields,
		as_dict=as_dict,
		reference_doctype=reference_doctype,
		ignore_user_permissions=bool(ignore_user_permissions) and _public_lookup(doctype),
	)


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""The sidebar's "Assigned To" counts query the doctype without any permission in v15: the records are
	narrowed to those the user may list first."""
	from frappe.desk.listview import get_group_by_count as frappe_get_group_by_count

	if field == "assigned_to":
		names = frappe.get_list(doctype, filters=frappe.parse_json(current_filters), pluck="name", limit=0)
		current_filters = frappe.as_json({"name": ["in", names or [""]]})
	return frappe_get_group_by_count(doctype, current_filters, field)


@frappe.whitelist()
def get_submitted_linked_docs(doctype: str, name: str, ignore_doctypes_on_cancel_all=None):
	"""Cancel-all's list of linked documents: only records the user may read (v15 ignores its own check)."""
	from frappe.desk.form.linked_with import get_submitted_linked_docs as frappe_linked

	frappe.has_permission(doctype, "read", doc=name, throw=True)
	result = frappe_linked(doctype, name, ignore_doctypes_on_cancel_all=ignore_doctypes_on_cancel_all)
	docs = [d for d in result.get("docs", []) if _readable(d.get("doctype"), d.get("name"))]
	return {"docs": docs, "count": len(docs)}


@frappe.whitelist()
@frappe.read_only()
def run_report(
	report_name,
	filters=None,
	user=None,
	ignore_prepared_report=False,
	custom_columns=None,
	is_tree=False,
	parent_field=None,
	are_default_filters=True,
):
	"""Script reports: filters must be a mapping, refused with a message before Frappe starts the report (and its
	15-second timer, which an error would leave running and switch the report for everyone)."""
	from frappe.desk.query_report import run as frappe_run

	from tppo_app.utils.reports import check_filter_values

	check_filter_values(filters)
	return frappe_run(
		report_name,
		filters=filters,
		user=user,
		ignore_prepared_report=ignore_prepared_report,
		custom_columns=custom_columns,
		is_tree=is_tree,
		parent_field=parent_field,
		are_default_filters=are_default_filters,
	)
