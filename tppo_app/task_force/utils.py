"""Task-force logic that needs the database: parents, overlaps, membership access and daily refreshes."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from tppo_app.task_force.rules import level_of_region_type, membership_active, period_status


def region_level(region: str) -> str:
	region_type = frappe.db.get_value("Region", region, "region_type", cache=True)
	if not region_type:
		frappe.throw(_("Region {0} does not exist.").format(frappe.bold(region)), frappe.LinkValidationError)
	return level_of_region_type(region_type)


def overlapping_task_forces(region: str, start, end, exclude: str | None = None) -> list[str]:
	"""Task forces of a region whose period shares a day with start..end."""
	tf = frappe.qb.DocType("Task Force")
	query = (
		frappe.qb.from_(tf)
		.select(tf.name)
		.where((tf.region == region) & (tf.period_start <= end) & (tf.period_end >= start))
	)
	if exclude:
		query = query.where(tf.name != exclude)
	return [r[0] for r in query.run()]


def refresh_task_force_status() -> None:
	"""Daily: Active / Upcoming / Expired follow the period."""
	today_date = getdate(today())
	for row in frappe.get_all("Task Force", fields=["name", "period_start", "period_end", "status"]):
		status = period_status(getdate(row.period_start), getdate(row.period_end), today_date)
		if status != row.status:
			frappe.db.set_value("Task Force", row.name, "status", status, update_modified=False)


def end_expired_memberships() -> None:
	"""Daily: memberships whose period ended lose their region access; those that began gain it."""
	today_date = getdate(today())
	users = set()
	for row in frappe.get_all(
		"Task Force Member", fields=["name", "start_date", "end_date", "is_active", "user"]
	):
		active = int(
			membership_active(getdate(row.start_date), row.end_date and getdate(row.end_date), today_date)
		)
		if active != row.is_active:
			frappe.db.set_value("Task Force Member", row.name, "is_active", active, update_modified=False)
			if row.user:
				users.add(row.user)
	for user in users:
		sync_user_region_permissions(user)


def sync_user_region_permissions(
	user: str, released: set[str] | frozenset = frozenset(), reference=None
) -> None:
	"""Makes a user's Region User Permissions follow their task-force memberships.

	Every active membership grants the region of its task force; a membership of the national task force
	grants the national region (the explicit national grant). A region that only ended memberships granted is
	taken away again, the user's sessions are ended, and both are logged (Access Change Log). Permissions for
	regions no membership ever named are left alone, so a national admin's own grants survive. `released` names
	regions of a membership that was just deleted or unlinked from this user. A user left without any region
	sees nothing region-scoped (tppo_app.regions.get_user_regions).
	"""
	from tppo_app.access.grants import end_sessions, log_change

	memberships = frappe.get_all("Task Force Member", filters={"user": user}, fields=["region", "is_active"])
	wanted = {m.region for m in memberships if m.is_active and m.region}
	named = {m.region for m in memberships if m.region} | set(filter(None, released))
	existing = {
		p.for_value: p
		for p in frappe.get_all(
			"User Permission",
			filters={"user": user, "allow": "Region"},
			fields=["name", "for_value", "is_default"],
		)
	}
	withdrawn = (named - wanted) & existing.keys()
	for region in withdrawn:
		frappe.delete_doc("User Permission", existing.pop(region).name, ignore_permissions=True)
		log_change(user, "Region Withdrawn", region=region, reason=_("Membership ended"), reference=reference)
	for region in wanted - existing.keys():
		existing[region] = frappe.get_doc(
			doctype="User Permission",
			user=user,
			allow="Region",
			for_value=region,
			apply_to_all_doctypes=1,
		).insert(ignore_permissions=True)
		log_change(user, "Region Granted", region=region, reason=_("Active membership"), reference=reference)
	# A single region is the default for the user's new records.
	only_one = len(existing) == 1
	for perm in existing.values():
		if bool(perm.is_default) != only_one:
			frappe.db.set_value("User Permission", perm.name, "is_default", int(only_one))
	frappe.cache.hdel("user_permissions", user)
	if withdrawn:
		remove_shares(user, reference)
		end_sessions(user, reason=_("Region withdrawn"))


def remove_shares(user: str, reference=None) -> None:
	"""Shares the app made for the user (a recommendation they were responsible for) end with their region: in
	Frappe a share outlives any permission hook."""
	from tppo_app.access.classification import scoped_parents
	from tppo_app.access.grants import log_change

	shares = frappe.get_all(
		"DocShare",
		filters={"user": user, "share_doctype": ("in", list(scoped_parents()))},
		fields=["name", "share_doctype", "share_name"],
	)
	for share in shares:
		frappe.delete_doc(
			"DocShare", share.name, ignore_permissions=True, flags={"ignore_share_permission": True}
		)
	if shares:
		log_change(
			user,
			"Region Withdrawn",
			reason=_("Shares ended: {0}").format(
				", ".join(f"{s.share_doctype} {s.share_name}" for s in shares)
			)[:1000],
			reference=reference,
		)
