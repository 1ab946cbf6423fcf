"""What the desk shows the app's users: each role lands on its own workspace, Frappe's developer and
administrator workspaces stay with System Managers, and the login page names the system, in the visitor's language."""

import frappe

from tppo_app.roles import (
	CASE_WORKER,
	DISTRICT_FOCAL_POINT,
	MINISTRY_REVIEWER,
	NATIONAL_ADMIN,
	PROVINCIAL_ADMIN,
	VIEWER,
)

# The workspace each role lands on after login; a user with several roles lands on the first that applies.
HOME_WORKSPACES = (
	(NATIONAL_ADMIN, "National Admin"),
	(PROVINCIAL_ADMIN, "Provincial Admin"),
	(MINISTRY_REVIEWER, "Ministry Review"),
	(DISTRICT_FOCAL_POINT, "District Focal Point"),
	(CASE_WORKER, "Case Work"),
	(VIEWER, "Overview"),
)

# Frappe's own workspaces that only administrators use (tools, developer settings, integrations, users, website).
ADMIN_WORKSPACES = ("Tools", "Build", "Integrations", "Users", "Website")
ADMIN_ROLE = "System Manager"

SYSTEM_NAME = "PP-TPPO"


def home_workspace(roles: list[str]) -> str | None:
	for role, workspace in HOME_WORKSPACES:
		if role in roles:
			return workspace
	return None


def boot_session(bootinfo) -> None:
	"""boot_session hook: a user without a default workspace of their own lands on their role's."""
	user = bootinfo.get("user") or {}
	if user.get("default_workspace") or frappe.session.user in ("Guest", "Administrator"):
		return
	workspace = home_workspace(frappe.get_roles())
	if workspace and frappe.db.exists("Workspace", workspace):
		user["default_workspace"] = {"name": workspace, "public": 1, "title": workspace}


def keep_admin_workspaces_for_admins() -> None:
	"""Frappe shows Tools, Build, Integrations, Users and Website to every desk user who can read one of their
	doctypes; restricted to System Manager, the app's roles see only their own workspaces. Rows are added without
	touching the workspace's modified time, so Frappe's own sync of its workspaces is not disturbed; when an
	upgrade of Frappe rewrites one, the next migrate restricts it again."""
	for workspace in ADMIN_WORKSPACES:
		if not frappe.db.exists("Workspace", workspace):
			continue
		if frappe.db.exists("Has Role", {"parenttype": "Workspace", "parent": workspace}):
			continue  # roles set by Frappe or an administrator are left as they are
		frappe.get_doc(
			{
				"doctype": "Has Role",
				"parenttype": "Workspace",
				"parentfield": "roles",
				"parent": workspace,
				"role": ADMIN_ROLE,
				"idx": 1,
			}
		).db_insert()
		frappe.clear_document_cache("Workspace", workspace)


def name_the_system() -> None:
	"""The login page says "Login to Frappe" until the site has a name (Website Settings, else System Settings):
	both get the system's; a name an administrator chose is kept."""
	for settings in ("Website Settings", "System Settings"):
		if (frappe.db.get_single_value(settings, "app_name") or "Frappe") == "Frappe":
			frappe.db.set_single_value(settings, "app_name", SYSTEM_NAME)


def guest_language() -> None:
	"""before_request: Frappe v15 picks a visitor's language before the session says the visitor is a guest, so
	the login page is English whatever the browser and the site say. Asked again once the session is known,
	Frappe's own rules apply: the browser's language when the site has it, else the site's."""
	request = getattr(frappe.local, "request", None)
	if not request or request.path.startswith("/api/"):
		return  # pages only: an API call is answered as before (its key identifies the user later)
	if getattr(frappe.local, "session", None) and frappe.session.user == "Guest":
		from frappe.translate import get_language

		frappe.local.lang = get_language()
