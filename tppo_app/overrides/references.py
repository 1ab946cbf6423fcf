"""Rows of Frappe's own doctypes that point at a record of the app (a file attached to it, a comment on it, its
versions, messages, workflow actions) follow that record's scope: permission_query_conditions and
has_permission registered beside Frappe's own for these doctypes (Frappe joins query conditions with AND;
a has_permission hook here only ever denies, so Frappe's own check still decides the rest).

Attachments, comments and messages of a victim are personal data: only users who read the personal-data level
of the victim see them.
"""

import frappe

from tppo_app.access.classification import scoped_parents
from tppo_app.access.scoping import criterion
from tppo_app.case_management.privacy import PRIVATE_DOCTYPES, can_read_personal_data

# doctype -> (field naming the referenced doctype, field naming the referenced record)
REFERENCE_FIELDS = {
	"File": ("attached_to_doctype", "attached_to_name"),
	"Comment": ("reference_doctype", "reference_name"),
	"Version": ("ref_doctype", "docname"),
	"Communication": ("reference_doctype", "reference_name"),
	"Workflow Action": ("reference_doctype", "reference_name"),
	"Tag Link": ("document_type", "document_name"),
}
# Rows that show the record's content (not only that it changed): private for victims.
CONTENT_DOCTYPES = ("File", "Comment", "Communication")


def _pointer_criterion(doctype: str, user: str):
	table = frappe.qb.DocType(doctype)
	dt_field, name_field = REFERENCE_FIELDS[doctype]
	app_doctypes = list(scoped_parents())
	result = table[dt_field].isnull() | table[dt_field].notin(app_doctypes)
	for target in app_doctypes:
		if (
			doctype in CONTENT_DOCTYPES
			and target in PRIVATE_DOCTYPES
			and not can_read_personal_data(target, user)
		):
			continue
		where = criterion(target, user)
		if where is None:
			result = result | (table[dt_field] == target)
			continue
		target_table = frappe.qb.DocType(target)
		readable = frappe.qb.from_(target_table).select(target_table.name).where(where)
		result = result | ((table[dt_field] == target) & table[name_field].isin(readable))
	return result


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if user == "Administrator":
		return ""
	return _pointer_criterion(doctype, user).get_sql(with_namespace=True, quote_char="`")


def has_permission(doc, ptype: str = "read", user: str | None = None, debug: bool = False):
	"""Denies when the referenced record is the app's and the user may not read it; otherwise says nothing."""
	user = user or frappe.session.user
	if user == "Administrator":
		return None
	dt_field, name_field = REFERENCE_FIELDS[doc.doctype]
	target, name = doc.get(dt_field), doc.get(name_field)
	if not target or target not in scoped_parents():
		return None
	if (
		doc.doctype in CONTENT_DOCTYPES
		and target in PRIVATE_DOCTYPES
		and not can_read_personal_data(target, user)
	):
		return False
	if not name or not frappe.db.exists(target, name):
		return False
	if doc.doctype == "File" and ptype in ("create", "write", "delete"):
		# Attaching a file to a record, or removing one, changes the record: v15 asks only for File's own create
		# permission, so a user who may only read a record could attach to it.
		return None if frappe.has_permission(target, "write", doc=name, user=user) else False
	return None if frappe.has_permission(target, "read", doc=name, user=user) else False
