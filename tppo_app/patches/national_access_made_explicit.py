"""Access fails closed from this release: a user is national only by a national role or the explicit national
grant (a User Permission on the region "ID"). Before, any user without a Region User Permission counted as
national, which is how national viewers were set up, and also what a person became when their last membership
ended.

This patch keeps what national admins set up on purpose and nothing else:
- users with an app role, no region and no task-force membership at all (set up as national users) get the
  explicit national grant, logged in Access Change Log;
- users whose memberships all ended (who became national by accident) get nothing: they see nothing until an
  admin links them to a membership again; they are listed in the migrate output;
- every user linked to a membership is synchronised again, so a national task-force membership gives the grant.
"""

import frappe

from tppo_app.regions import NATIONAL_REGION, SCOPE_NATIONAL_ROLES
from tppo_app.roles import ALL_ROLES


def execute():
	from tppo_app.access.grants import log_change
	from tppo_app.task_force.utils import sync_user_region_permissions

	for user in frappe.get_all(
		"Task Force Member", filters={"user": ("is", "set")}, pluck="user", distinct=True
	):
		sync_user_region_permissions(user)

	regional_roles = set(ALL_ROLES) - set(SCOPE_NATIONAL_ROLES)
	holders = set(
		frappe.get_all(
			"Has Role",
			filters={"role": ("in", list(regional_roles)), "parenttype": "User"},
			pluck="parent",
			distinct=True,
		)
	) - {"Administrator", "Guest"}
	granted, left = [], []
	for user in sorted(holders):
		if set(frappe.get_roles(user)) & set(SCOPE_NATIONAL_ROLES):
			continue
		if frappe.db.exists("User Permission", {"user": user, "allow": "Region"}):
			continue
		if frappe.db.exists("Task Force Member", {"user": user}):
			left.append(user)  # national only because their memberships ended
			continue
		frappe.get_doc(
			doctype="User Permission",
			user=user,
			allow="Region",
			for_value=NATIONAL_REGION,
			apply_to_all_doctypes=1,
		).insert(ignore_permissions=True)
		log_change(
			user,
			"Region Granted",
			region=NATIONAL_REGION,
			reason="Upgrade: the national access this user had without a region is now an explicit grant",
		)
		granted.append(user)
	frappe.clear_cache()
	if granted:
		print(f"tppo_app: national access made explicit for {len(granted)} user(s): {', '.join(granted)}")
	if left:
		print(
			f"tppo_app: {len(left)} user(s) whose memberships ended no longer see every region: {', '.join(left)}"
			" (link them to a membership again if they still work here)"
		)
