"""Every change a region makes to its adaptations, logged with whole snapshots, and revertible exactly.

Logged: regional fields, form rules, approval chains, report templates, and the entries a region adds to the
managed lists. Each log keeps the document as it was before and after (children included), so reverting a
change restores the previous state exactly: a created document is deleted again, a deleted one comes back
under its own name, a changed one gets its earlier values back. The revert is itself logged.
"""

import json

import frappe
from frappe import _
from frappe.utils import now_datetime

from tppo_app.regions import get_user_regions

CONFIG_DOCTYPES = ("Regional Field", "Regional Form Rule", "Approval Chain", "RAN Report Template")
# Managed lists: only entries a region added are its adaptations (national entries belong to national admins).
MANAGED_LISTS = (
	"Agency Type",
	"Sub Task Force Function",
	"Action Plan Cluster",
	"Trafficking Modus",
	"Exploitation Form",
	"Victim Service Type",
	"Training Topic",
	"Meeting Type",
)
SKIP_KEYS = {
	"modified",
	"modified_by",
	"creation",
	"owner",
	"idx",
	"docstatus",
	"_user_tags",
	"_comments",
	"_assign",
	"_liked_by",
	"_seen",
}


class RevertError(frappe.ValidationError):
	pass


def snapshot(doc) -> str:
	return frappe.as_json(doc.as_dict(no_default_fields=False, convert_dates_to_str=True))


def is_logged(doc) -> bool:
	if (
		frappe.flags.in_install
		or frappe.flags.in_migrate
		or frappe.flags.in_patch
		or frappe.flags.reverting_adaptation
	):
		return False
	if doc.doctype in CONFIG_DOCTYPES:
		return True
	return doc.doctype in MANAGED_LISTS and bool(doc.get("region"))


def summarise(before: dict | None, after: dict | None) -> str:
	if not before:
		return _("created")
	if not after:
		return _("deleted")
	changed = [
		key
		for key in sorted(set(before) | set(after))
		if key not in SKIP_KEYS and not isinstance(after.get(key), list) and before.get(key) != after.get(key)
	]
	tables = [
		key
		for key, value in after.items()
		if isinstance(value, list) and _rows(value) != _rows(before.get(key) or [])
	]
	return ", ".join(changed + tables)


def _rows(rows: list) -> list:
	return [{k: v for k, v in row.items() if k not in SKIP_KEYS and k != "name"} for row in rows]


def write_log(doc, action: str, before: dict | None, after: dict | None) -> str:
	log = frappe.get_doc(
		doctype="Adaptation Log",
		region=(after or before or {}).get("region"),
		reference_doctype=doc.doctype,
		reference_name=doc.name,
		action=action,
		changed_by=frappe.session.user,
		changed_on=now_datetime(),
		summary=summarise(before, after),
		before=frappe.as_json(before) if before else None,
		after=frappe.as_json(after) if after else None,
	)
	log.flags.ignore_permissions = True
	log.insert()
	return log.name


def log_update(doc, method=None):
	"""doc_events on_update of the logged doctypes."""
	if not is_logged(doc):
		return
	before = doc.get_doc_before_save()
	after = json.loads(snapshot(doc))
	if before is None:
		write_log(doc, "Created", None, after)
		return
	before = json.loads(snapshot(before))
	if summarise(before, after):
		write_log(doc, "Changed", before, after)


def log_delete(doc, method=None):
	"""doc_events on_trash of the logged doctypes."""
	if is_logged(doc):
		write_log(doc, "Deleted", json.loads(snapshot(doc)), None)


@frappe.whitelist()
def revert(log: str) -> str:
	"""Restores what a logged change replaced. Returns the new log of the revert."""
	entry = frappe.get_doc("Adaptation Log", log)
	entry.check_permission("read")
	allowed = get_user_regions()
	if allowed is not None and entry.region not in allowed:
		frappe.throw(_("This change belongs to another region."), frappe.PermissionError)
	if entry.reverted_by_log:
		frappe.throw(_("This change was reverted already."), RevertError)
	latest = frappe.get_all(
		"Adaptation Log",
		filters={"reference_doctype": entry.reference_doctype, "reference_name": entry.reference_name},
		order_by="creation desc",
		limit=1,
		pluck="name",
	)
	if latest and latest[0] != entry.name:
		frappe.throw(
			_("{0} changed again afterwards; revert the later changes first.").format(
				frappe.bold(entry.reference_name)
			),
			RevertError,
		)

	before = json.loads(entry.before) if entry.before else None
	doctype, name = entry.reference_doctype, entry.reference_name
	if (
		entry.action in ("Created", "Changed", "Reverted")
		and entry.after
		and not frappe.db.exists(doctype, name)
	):
		frappe.throw(
			_("{0} {1} no longer exists; revert its deletion first.").format(_(doctype), frappe.bold(name)),
			RevertError,
		)
	frappe.flags.reverting_adaptation = True
	try:
		if entry.action == "Created":
			current = frappe.get_doc(doctype, name)
			current.check_permission("delete")
			frappe.delete_doc(doctype, name)
			after = None
		elif entry.action == "Deleted":
			restored = frappe.get_doc(_clean(before))
			restored.check_permission("create")
			restored.insert(set_name=name)
			after = json.loads(snapshot(restored))
		else:
			current = frappe.get_doc(doctype, name)
			current.check_permission("write")
			current.update(_clean(before, keep_name=True))
			current.save()
			after = json.loads(snapshot(current))
	finally:
		frappe.flags.reverting_adaptation = False

	doc = frappe._dict(doctype=doctype, name=name)
	current_state = json.loads(entry.after) if entry.after else None
	new_log = write_log(frappe._dict(doc), "Reverted", current_state, after)
	entry.db_set("reverted_by_log", new_log)
	return new_log


def _clean(data: dict, keep_name: bool = False) -> dict:
	"""A snapshot as values to write back: without bookkeeping fields, children without their old identity."""
	values = {k: v for k, v in data.items() if k not in SKIP_KEYS and (keep_name or k != "name")}
	for key, value in list(values.items()):
		if isinstance(value, list):
			values[key] = [
				{k: v for k, v in row.items() if k not in SKIP_KEYS | {"name", "parent"}} for row in value
			]
	return values
