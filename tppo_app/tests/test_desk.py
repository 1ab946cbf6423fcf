"""What the desk shows each role: its own workspace after login, none of Frappe's administrator workspaces, and
a login page that names the system."""

import frappe
from frappe.boot import get_bootinfo
from frappe.desk.desktop import get_workspace_sidebar_items

from tppo_app.desk import ADMIN_WORKSPACES, HOME_WORKSPACES
from tppo_app.tests.utils import TPPOTestCase, as_user, region_test_data


class TestDesk(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.users = region_test_data()["users"]

	def test_each_role_lands_on_its_own_workspace(self):
		expected = dict(HOME_WORKSPACES)
		for key, role in (
			("focal_a1", "TPPO District Focal Point"),
			("admin_a", "TPPO Provincial Admin"),
			("reviewer", "TPPO Ministry Reviewer"),
			("national", "TPPO National Admin"),
			("viewer", "TPPO Viewer"),
		):
			with as_user(self.users[key]):
				boot = get_bootinfo()
			self.assertEqual(boot.user.default_workspace["name"], expected[role], key)

	def test_a_workspace_the_user_chose_is_kept(self):
		user = self.users["focal_a1"]
		frappe.db.set_value("User", user, "default_workspace", "Action Plans")
		frappe.clear_document_cache("User", user)
		try:
			with as_user(user):
				boot = get_bootinfo()
			self.assertEqual(boot.user.default_workspace["name"], "Action Plans")
		finally:
			frappe.db.set_value("User", user, "default_workspace", None)
			frappe.clear_document_cache("User", user)

	def test_frappe_administrator_workspaces_are_not_shown_to_the_app_roles(self):
		for key in ("focal_a1", "admin_a", "reviewer", "viewer"):
			with as_user(self.users[key]):
				frappe.cache.delete_value("user_allowed_modules", user=self.users[key])
				shown = {page.name for page in get_workspace_sidebar_items()["pages"]}
			self.assertFalse(shown & set(ADMIN_WORKSPACES), f"{key} sees {shown & set(ADMIN_WORKSPACES)}")
		with as_user("Administrator"):
			shown = {page.name for page in get_workspace_sidebar_items()["pages"]}
		self.assertTrue(set(ADMIN_WORKSPACES) & shown)

	def test_the_login_page_names_the_system(self):
		# frappe/www/login.py shows "Login to {app_name}", from these settings
		self.assertEqual(frappe.get_website_settings("app_name"), "PP-TPPO")
		self.assertEqual(frappe.get_system_settings("app_name"), "PP-TPPO")

	def test_charts_are_labelled_in_the_users_language(self):
		import datetime

		from frappe.utils.dateutils import get_period

		from tppo_app.overrides.language import dashboard_chart, month_label
		from tppo_app.tests.case_factories import make_case

		make_case("LP/DESK/2025/1", stage="Investigation")
		frappe.local.lang = "id"
		try:
			self.assertEqual(month_label(get_period(datetime.date(2025, 12, 5), "Monthly")), "Des 2025")
			self.assertEqual(month_label("2025"), "2025")
			with as_user(self.users["viewer"]):
				labels = dashboard_chart(chart_name="Cases by Stage")["labels"]
		finally:
			frappe.local.lang = "en"
		self.assertIn(frappe._("Investigation", lang="id"), labels)
		self.assertNotIn("Investigation", labels)
