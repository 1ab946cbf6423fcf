"""How access is granted and ends, who may do it, and the log of every change.

- A user's regions come from their active task-force memberships (tppo_app.task_force.utils
  .sync_user_region_permissions); a national task-force membership gives the national grant.
- Linking a user to a membership, and changing, ending or deleting a membership that has a linked user, are
  administrative acts: only a national admin, or a provincial admin whose region holds the membership, may do
  them, and a provincial admin only for users whose roles and regions they may see (no national user, no user
  of another province). Focal points keep maintaining members without users.
- Provincial admins grant and withdraw the regional roles to users of their region (`set_regional_roles`);
  TPPO Case Worker, which reveals victims' identities, only ever by a provincial or national admin.
- Every grant and withdrawal is written to Access Change Log (who, when, what, why); withdrawing a region ends
  the user's sessions, so nothing cached in a browser outlives the access.
"""

import frappe
from frappe import _
from frappe.utils import now_datetime

from tppo_app.regions import NATIONAL_REGION, get_user_regions, is_national
from tppo_app.roles import (
	CASE_WORKER,
	DISTRICT_FOCAL_POINT,
	NATIONAL_ADMIN,
	PROVINCIAL_ADMIN,
	VIEWER,
)

GRANTABLE_BY_PROVINCE = (DISTRICT_FOCAL_POINT, CASE_WORKER, VIEWER)
GRANTABLE_BY_NATION = (*GRANTABLE_BY_PROVINCE, PROVINCIAL_ADMIN)


class AccessAdministrationError(frappe.PermissionError):
	pass


def is_national_admin(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(set(frappe.get_roles(user)) & {NATIONAL_ADMIN, "System Manager"})


def administered_regions(admin: str | None = None) -> list[str] | None:
	"""Regions whose access the user administers (descendants included); None for national admins."""
	admin = admin or frappe.session.user
	if is_national_admin(admin):
		return None
	if PROVINCIAL_ADMIN not in frappe.get_roles(admin):
		return []
	return get_user_regions(admin)


def may_administer_region(region: str | None, admin: str | None = None) -> bool:
	allowed = administered_regions(admin)
	return allowed is None or (bool(region) and region in allowed)


def own_regions(user: str) -> list[str]:
	"""The regions granted to the user (not their descendants)."""
	return frappe.get_all(
		"User Permission", filters={"user": user, "allow": "Region"}, pluck="for_value", order_by="for_value"
	)


def may_administer_user(user: str, admin: str | None = None) -> bool:
	"""A national admin administers every user but Administrator; a provincial admin a user who is not national,
	holds no role beyond the regional ones, and whose regions all lie in the admin's province."""
	admin = admin or frappe.session.user
	if user in ("Administrator", "Guest"):
		return admin == "Administrator"
	allowed = administered_regions(admin)
	if allowed is None:
		return True
	if not allowed or is_national(user):
		return False
	from tppo_app.roles import ALL_ROLES

	app_roles = set(frappe.get_roles(user)) & {*ALL_ROLES, "System Manager"}
	if app_roles - set(GRANTABLE_BY_PROVINCE):
		return False
	return all(region in allowed for region in own_regions(user))


def _refuse(message: str):
	frappe.throw(message, AccessAdministrationError, title=_("Not permitted"))


def check_membership_change(doc, deleting: bool = False) -> None:
	"""Task Force Member validate / on_trash: changes that give or take access are administrative acts."""
	if frappe.flags.in_install or frappe.flags.in_migrate or frappe.flags.in_patch:
		return
	before = None if doc.is_new() or deleting else doc.get_doc_before_save()
	old_user = before.user if before else (doc.user if deleting else None)
	if not doc.user and not old_user:
		return  # a member without a user: focal points keep these up to date
	if not deleting and before:
		# (the role in the task force and the agency give access too: a chair approves its reports, an agency's
		# member reads the contributions asked of that agency)
		watched = ("user", "task_force", "region", "start_date", "end_date", "task_force_role", "agency")
		if not any(str(before.get(f) or "") != str(doc.get(f) or "") for f in watched):
			return
	admin = frappe.session.user
	for region in {doc.region, before and before.region} - {None, ""}:
		if not may_administer_region(region, admin):
			_refuse(
				_(
					"Only the national admin or the provincial admin of this region can link a user to a membership, or change, end or delete a membership that has a user."
				)
			)
	if doc.user and not deleting and (not before or before.user != doc.user):
		if not may_administer_user(doc.user, admin):
			_refuse(
				_(
					"{0} holds roles or regions outside what you administer; ask the national admin to link them."
				).format(frappe.bold(doc.user))
			)


def log_change(
	user: str,
	change: str,
	region: str | None = None,
	role: str | None = None,
	reason: str | None = None,
	reference=None,
) -> None:
	frappe.get_doc(
		doctype="Access Change Log",
		changed_on=now_datetime(),
		user=user,
		change=change,
		region=region,
		role=role,
		changed_by=frappe.session.user,
		reference_doctype=reference.doctype if reference else None,
		reference_name=reference.name if reference else None,
		reason=(reason or "")[:1000] or None,
	).insert(ignore_permissions=True)


def end_sessions(user: str, reason: str | None = None) -> None:
	"""Logs the user out everywhere (their access just narrowed)."""
	from frappe.sessions import clear_sessions

	if user in ("Administrator", "Guest") or user == frappe.session.user:
		return
	clear_sessions(user=user, keep_current=False, force=True)
	log_change(user, "Sessions Ended", reason=reason)


@frappe.whitelist()
def get_user_access(user: str) -> dict:
	"""What the access dialog shows: the user's app roles and regions, and which roles the caller may change."""
	if not may_administer_user(user):
		_refuse(_("You cannot manage the access of {0}.").format(frappe.bold(user)))
	from tppo_app.roles import ALL_ROLES

	grantable = GRANTABLE_BY_NATION if is_national_admin() else GRANTABLE_BY_PROVINCE
	return {
		"user": user,
		"roles": sorted(set(frappe.get_roles(user)) & set(ALL_ROLES)),
		"regions": [
			f"{frappe.db.get_value('Region', region, 'region_name') or region} ({region})"
			for region in own_regions(user)
		],
		"grantable": list(grantable),
	}


@frappe.whitelist(methods=["POST"])
def set_regional_roles(user: str, roles: list | str, reason: str) -> dict:
	"""Grants and withdraws the regional roles of a user of the caller's region; logged with the reason.

	The user's Role Profile is cleared when the roles change, so that saving the user does not refill them."""
	roles = frappe.parse_json(roles) if isinstance(roles, str) else roles
	if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
		frappe.throw(_("Choose the roles as a list."), frappe.ValidationError)
	reason = (reason or "").strip() if isinstance(reason, str) else ""
	if not reason:
		frappe.throw(_("Say why the access changes."), frappe.ValidationError, title=_("Reason required"))
	if not frappe.db.exists("User", user) or not may_administer_user(user):
		_refuse(_("You cannot manage the access of {0}.").format(frappe.bold(user)))
	grantable = set(GRANTABLE_BY_NATION if is_national_admin() else GRANTABLE_BY_PROVINCE)
	unknown = set(roles) - grantable
	if unknown:
		_refuse(_("You cannot grant {0}.").format(", ".join(sorted(_(r) for r in unknown))))
	doc = frappe.get_doc("User", user)
	current = {r.role for r in doc.roles}
	added = sorted(set(roles) - current)
	removed = sorted((current & grantable) - set(roles))
	if not added and not removed:
		return get_user_access(user)
	doc.role_profile_name = None
	doc.set("roles", [r for r in doc.roles if r.role not in removed])
	for role in added:
		doc.append("roles", {"role": role})
	doc.flags.ignore_permissions = True
	doc.save()
	region = (own_regions(user) or [None])[0]
	for role in added:
		log_change(user, "Role Granted", region=region, role=role, reason=reason)
	for role in removed:
		log_change(user, "Role Withdrawn", region=region, role=role, reason=reason)
	if removed:
		end_sessions(user, reason=reason)
	return get_user_access(user)


def boot_session(bootinfo) -> None:
	"""boot_session hook: the desk tells a user with an app role and no region why they see nothing."""
	from tppo_app.permissions import has_app_permission
	from tppo_app.regions import has_no_scope

	user = frappe.session.user
	bootinfo.tppo_no_scope = bool(user != "Guest" and has_app_permission() and has_no_scope(user))
	from tppo_app.regions import NO_REGION

	administered = administered_regions(user)
	bootinfo.tppo_administers_access = administered is None or administered not in ([], [NO_REGION])
