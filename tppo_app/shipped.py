"""Defaults the app ships that admins may edit in the browser (the approval workflow, the notifications), and
how a later release's correction reaches a site that already has them.

Each default is remembered by a fingerprint of what the app shipped (a hash of the fields the app sets, kept
in Frappe's global defaults). On every migrate (`sync`):
- missing on the site: inserted, fingerprint remembered;
- the site still holds what was shipped (its fingerprint equals the remembered one) and this release ships
  something else: updated to this release's version, and the migrate output says so;
- an admin edited it (the site's fingerprint differs from what was shipped): left alone, and the migrate
  output says that this release changed the default, so the admin can compare.
Fingerprints cover the fields the app sets (the spec's keys): whether the site still holds what was shipped is
asked on the fields that release set, so a release that sets one more field still corrects an unedited copy.
"""

import copy
import hashlib
import json

import frappe

_KEY = "tppo_shipped::{0}::{1}"


def _canonical(spec: dict, doc: dict) -> dict:
	"""The values of `doc` for the keys the app sets in `spec` (child rows: the keys of the spec's rows)."""
	out = {}
	for key, value in spec.items():
		if key in ("doctype", "name"):
			continue
		current = doc.get(key)
		if isinstance(value, list):
			keys = sorted({k for row in value for k in row})
			out[key] = [{k: _plain((row or {}).get(k)) for k in keys} for row in current or []]
		else:
			out[key] = _plain(current)
	return out


def _plain(value):
	if value is None or value == "":
		return None
	if isinstance(value, bool):
		return int(value)
	return value if isinstance(value, int | float) else str(value)


def fingerprint(spec: dict, doc: dict) -> str:
	data = json.dumps(_canonical(spec, doc), sort_keys=True, default=str)
	return hashlib.sha256(data.encode()).hexdigest()[:16]


def site_fingerprint(doctype: str, name: str, spec: dict) -> str | None:
	if not frappe.db.exists(doctype, name):
		return None
	return fingerprint(spec, frappe.get_doc(doctype, name).as_dict())


def remembered(doctype: str, name: str) -> dict:
	"""{"shipped": fingerprint of the spec last applied, "stored": the site's copy right after it was applied,
	"keys": the fields that spec set (a later spec may set more; the site's copy is compared on these)}."""
	return frappe.parse_json(frappe.db.get_global(_KEY.format(doctype, name)) or "{}") or {}


def remember(doctype: str, name: str, spec: dict, stored: str | None) -> None:
	frappe.db.set_global(
		_KEY.format(doctype, name),
		json.dumps({"shipped": fingerprint(spec, spec), "stored": stored, "keys": _keys(spec)}),
	)


def _keys(spec: dict) -> dict:
	"""The fields a spec sets (for a table: the row fields it sets), which its fingerprints cover."""
	return {
		key: sorted({k for row in value for k in row}) if isinstance(value, list) else None
		for key, value in spec.items()
		if key not in ("doctype", "name")
	}


def _skeleton(keys: dict) -> dict:
	"""A spec with those fields and no values: a site's copy fingerprinted as an earlier spec saw it."""
	return {
		key: [dict.fromkeys(row_keys)] if row_keys is not None else None for key, row_keys in keys.items()
	}


def sync(doctype: str, name: str, spec: dict, insert, update) -> str:
	"""Brings one shipped default up to this release. `insert()` creates it; `update()` replaces the site's
	copy with the spec. Returns what happened: inserted, updated, unchanged or kept (an admin's edit)."""
	# Fingerprinted on a copy: insert() and update() build documents from the spec, and Frappe's get_doc adds
	# keys to the rows it is given ("doctype"), which would make what is remembered differ from the same
	# spec read afresh at the next migrate.
	spec = copy.deepcopy(spec)
	shipped_now = fingerprint(spec, spec)
	on_site = site_fingerprint(doctype, name, spec)
	memory = remembered(doctype, name)
	if on_site is not None and memory.get("stored") and memory["stored"] != on_site:
		# The site's copy fingerprinted on the fields the remembered fingerprint covered: those the spec set then
		# (this release may set more), or, for an earlier release that did not remember them, this spec's with
		# the "doctype" Frappe had added to each of its rows. Equal: the site still holds what was shipped then.
		keys = memory.get("keys") or {
			key: [*row_keys, "doctype"] if row_keys else row_keys for key, row_keys in _keys(spec).items()
		}
		if memory["stored"] == site_fingerprint(doctype, name, _skeleton(keys)):
			memory = {**memory, "stored": on_site}
	if on_site is None:
		insert()
		remember(doctype, name, spec, site_fingerprint(doctype, name, spec))
		return "inserted"
	if not memory or on_site == shipped_now:
		# The site holds this release's default: remembered as such (on a site installed before defaults
		# were versioned, or remembered wrongly by an earlier release). A copy that differs, on a site with
		# nothing remembered, counts as an admin's edit (never overwritten).
		if memory.get("shipped") != shipped_now or memory.get("stored") != on_site:
			remember(doctype, name, spec, on_site if on_site == shipped_now else None)
		return "unchanged"
	if memory.get("shipped") == shipped_now:
		return "unchanged"
	if memory.get("stored") and on_site == memory["stored"]:
		update()
		remember(doctype, name, spec, site_fingerprint(doctype, name, spec))
		print(f"tppo_app: {doctype} '{name}' updated to this release's default")
		return "updated"
	print(
		f"tppo_app: {doctype} '{name}' was edited on this site; this release ships a different default,"
		" which was not applied. Compare them in the browser if the change matters to you."
	)
	return "kept"


# What every notification the app ships has in common (System Notification: works without an email account).
NOTIFICATION_DEFAULTS = {
	"channel": "System Notification",
	"enabled": 1,
	"is_standard": 0,
	"message_type": "HTML",
}


def sync_notifications(specs) -> list[str]:
	"""Brings each shipped notification up to this release; returns the names inserted or updated."""
	changed = []
	for spec in specs:
		values = {**NOTIFICATION_DEFAULTS, **spec}
		outcome = sync(
			"Notification",
			spec["name"],
			values,
			insert=lambda v=values: insert_notification(v),
			update=lambda v=values: update_notification(v),
		)
		if outcome in ("inserted", "updated"):
			changed.append(spec["name"])
	return changed


def insert_notification(values: dict) -> None:
	frappe.get_doc({"doctype": "Notification", **values}).insert(ignore_permissions=True)


def update_notification(values: dict) -> None:
	doc = frappe.get_doc("Notification", values["name"])
	doc.update({k: v for k, v in values.items() if k != "name"})
	doc.save(ignore_permissions=True)
