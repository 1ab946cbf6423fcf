"""Install and migrate steps.

Fixtures carry what this app owns outright (its roles). Defaults that national or regional admins may edit
(managed-list entries, role profiles, later the approval workflows) are created here only when missing, so a
migrate never overwrites an edit.
"""

import frappe

from tppo_app.action_plan.notifications import install_notifications
from tppo_app.approval.workflow import install_workflows
from tppo_app.capacity_building.defaults import install_defaults as install_training_defaults
from tppo_app.case_management.defaults import install_defaults as install_case_defaults
from tppo_app.coordination.notifications import install_notifications as install_follow_up_notifications
from tppo_app.desk import keep_admin_workspaces_for_admins, name_the_system
from tppo_app.roles import (
	ALL_ROLES,
	CASE_WORKER,
	DISTRICT_FOCAL_POINT,
	MINISTRY_REVIEWER,
	NATIONAL_ADMIN,
	PROVINCIAL_ADMIN,
	VIEWER,
)
from tppo_app.task_force.regions import load_regions
from tppo_app.utils.managed_list import ensure_managed_list

# Agency types named in Perpres 49/2023 practice and the seed reports (a managed list: admins extend it).
AGENCY_TYPES = (
	"Ministry or National Agency",
	"Regional Government Office (OPD)",
	"Women's Empowerment and Child Protection Office (DP3A)",
	"Police",
	"Police Women and Children Unit (UPPA)",
	"Prosecutor's Office",
	"Court",
	"Immigration",
	"Migrant Worker Protection Agency (BP3MI)",
	"Social Affairs",
	"Health",
	"Manpower",
	"Education",
	"University",
	"Non-Governmental Organisation",
	"Community Organisation",
	"Religious Leaders",
	"Children's Forum (Forum Anak)",
	"Media",
	"Private Sector",
	"Witness and Victim Protection Agency (LPSK)",
)

# Sub task force functions of the national structure (names to confirm per region: a managed list).
SUB_TASK_FORCE_FUNCTIONS = (
	"Prevention and Child Participation",
	"Health Rehabilitation",
	"Social Rehabilitation, Repatriation and Reintegration",
	"Development of Legal Norms",
	"Law Enforcement",
	"Coordination and Cooperation",
)

# RAN PP-TPPO clusters of work (a managed list: plans and regions add their own).
ACTION_PLAN_CLUSTERS = (
	"Prevention",
	"Health Rehabilitation",
	"Social Rehabilitation, Repatriation and Reintegration",
	"Development of Legal Norms",
	"Law Enforcement",
	"Coordination and Cooperation",
	"Data and Reporting",
)

# Kinds of coordination meeting (a managed list); meetings of a case-conference type ask for the case.
MEETING_TYPES = ("Coordination Meeting", "Plenary", "Evaluation", "Case Conference", "Socialisation")
CASE_CONFERENCE = "Case Conference"

# One role profile per role, so that admins assign a profile rather than loose roles.
ROLE_PROFILES = {
	# National admins keep Customize Form and the Workflow form for national changes: Frappe gives those to
	# System Manager. Provincial admins never need it (they adapt through the regional adaptation doctypes).
	NATIONAL_ADMIN: (NATIONAL_ADMIN, "System Manager"),
	PROVINCIAL_ADMIN: (PROVINCIAL_ADMIN,),
	DISTRICT_FOCAL_POINT: (DISTRICT_FOCAL_POINT,),
	MINISTRY_REVIEWER: (MINISTRY_REVIEWER,),
	CASE_WORKER: (CASE_WORKER,),
	VIEWER: (VIEWER,),
}


def after_install():
	ensure_roles()
	setup_defaults()
	# Access follows regions, never a share a user makes (tppo_app.patches.disable_document_sharing).
	frappe.db.set_single_value("System Settings", "disable_document_sharing", 1)


def after_migrate():
	from tppo_app.overrides.checks import check_overrides

	check_overrides()  # a Frappe upgrade that broke a wrapped internal fails the migrate, loudly
	setup_defaults()


def before_tests():
	"""Runs once before `bench run-tests`: a site that looks like one a user set up, and the request-time fixes
	that tests call outside a request."""
	from tppo_app.overrides.fieldlevel import install as install_fieldlevel_fix

	install_fieldlevel_fix()
	frappe.clear_cache()
	complete_setup_wizard()
	setup_defaults()
	# The test runner expects the bootstrap committed.
	frappe.db.commit()  # nosemgrep: frappe-manual-commit


def setup_defaults():
	ensure_roles()
	load_regions()
	ensure_role_profiles()
	ensure_managed_list("Agency Type", "agency_type_name", AGENCY_TYPES)
	ensure_managed_list(
		"Sub Task Force Function",
		"function_name",
		SUB_TASK_FORCE_FUNCTIONS,
		extra=lambda i: {"sort_order": i + 1},
	)
	ensure_managed_list(
		"Action Plan Cluster", "cluster_name", ACTION_PLAN_CLUSTERS, extra=lambda i: {"sort_order": i + 1}
	)
	ensure_managed_list(
		"Meeting Type",
		"meeting_type_name",
		MEETING_TYPES,
		extra=lambda i: {"sort_order": i + 1, "is_case_conference": int(MEETING_TYPES[i] == CASE_CONFERENCE)},
	)
	install_case_defaults()
	install_training_defaults()
	install_workflows()
	install_notifications()
	install_follow_up_notifications()
	keep_admin_workspaces_for_admins()
	name_the_system()


def ensure_roles():
	"""The Role fixture also carries these; creating them here lets after_install use them right away."""
	for role in ALL_ROLES:
		if not frappe.db.exists("Role", role):
			frappe.get_doc(doctype="Role", role_name=role, desk_access=1).insert(ignore_permissions=True)


def ensure_role_profiles():
	for profile, roles in ROLE_PROFILES.items():
		if frappe.db.exists("Role Profile", profile):
			continue
		frappe.get_doc(
			doctype="Role Profile",
			role_profile=profile,
			roles=[{"role": role} for role in roles],
		).insert(ignore_permissions=True)


def complete_setup_wizard(language: str = "Indonesia"):
	"""Completes Frappe's setup wizard for an Indonesian site (the desk redirects to it until then)."""
	if frappe.db.get_single_value("System Settings", "setup_complete"):
		return
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	setup_complete(
		{
			"language": language,
			"country": "Indonesia",
			"timezone": "Asia/Jakarta",
			"currency": "IDR",
			"full_name": "Administrator",
			"email": "",
			"enable_telemetry": 0,
		}
	)
