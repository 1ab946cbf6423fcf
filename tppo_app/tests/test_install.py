"""The app installs on a fresh site with its modules, roles, role profiles and workspaces; migrating again
keeps what admins edited."""

import frappe

from tppo_app import roles
from tppo_app.install import AGENCY_TYPES, setup_defaults
from tppo_app.tests.utils import TPPOTestCase, as_user, make_user

WORKSPACES = {
	"PP-TPPO": set(roles.ALL_ROLES),
	"National Admin": {roles.NATIONAL_ADMIN},
	"Provincial Admin": {roles.PROVINCIAL_ADMIN},
	"District Focal Point": {roles.DISTRICT_FOCAL_POINT},
	"Ministry Review": {roles.MINISTRY_REVIEWER},
	"Case Work": {roles.CASE_WORKER},
	"Overview": {roles.VIEWER},
}


class TestInstall(TPPOTestCase):
	def test_modules_are_installed(self):
		modules = set(frappe.get_all("Module Def", filters={"app_name": "tppo_app"}, pluck="name"))
		self.assertEqual(modules, set(roles.MODULES))
		self.assertIn("tppo_app", frappe.get_installed_apps())

	def test_only_frappe_is_required(self):
		self.assertEqual(frappe.get_hooks("required_apps", app_name="tppo_app"), ["frappe/frappe"])

	def test_roles_and_role_profiles(self):
		for role in roles.ALL_ROLES:
			self.assertTrue(frappe.db.get_value("Role", role, "desk_access"), role)
			profile_roles = frappe.get_all(
				"Has Role", filters={"parent": role, "parenttype": "Role Profile"}, pluck="role"
			)
			self.assertIn(role, profile_roles)

	def test_each_role_sees_its_own_workspace_first(self):
		for workspace, allowed in WORKSPACES.items():
			self.assertTrue(frappe.db.exists("Workspace", workspace), workspace)
			workspace_roles = set(
				frappe.get_all(
					"Has Role", filters={"parent": workspace, "parenttype": "Workspace"}, pluck="role"
				)
			)
			self.assertEqual(workspace_roles, allowed, workspace)

		from frappe.desk.desktop import get_workspace_sidebar_items

		for workspace, allowed in WORKSPACES.items():
			if len(allowed) != 1:
				continue
			role = next(iter(allowed))
			user = make_user(f"ws-{frappe.scrub(role)}", role)
			with as_user(user):
				pages = [p["name"] for p in get_workspace_sidebar_items()["pages"]]
			self.assertEqual(pages[0], workspace, f"{role} sees {pages}")
			others = set(WORKSPACES) - {workspace, "PP-TPPO"}
			self.assertFalse(others & set(pages), f"{role} sees other roles' workspaces: {pages}")

	def test_migrate_keeps_admin_edits(self):
		# A national admin edits a seeded agency type's description and adds a role to a profile.
		frappe.db.set_value("Agency Type", AGENCY_TYPES[0], "description", "edited by an admin")
		profile = frappe.get_doc("Role Profile", roles.VIEWER)
		profile.append("roles", {"role": roles.CASE_WORKER})
		profile.save()
		counts = {
			dt: frappe.db.count(dt)
			for dt in ("Region", "Agency Type", "Sub Task Force Function", "Role Profile")
		}

		setup_defaults()  # what after_migrate runs

		self.assertEqual(
			frappe.db.get_value("Agency Type", AGENCY_TYPES[0], "description"), "edited by an admin"
		)
		self.assertEqual(
			{r.role for r in frappe.get_doc("Role Profile", roles.VIEWER).roles},
			{roles.VIEWER, roles.CASE_WORKER},
		)
		self.assertEqual(
			counts,
			{
				dt: frappe.db.count(dt)
				for dt in ("Region", "Agency Type", "Sub Task Force Function", "Role Profile")
			},
		)
