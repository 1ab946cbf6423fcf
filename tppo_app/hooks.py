app_name = "tppo_app"
app_title = "PP-TPPO"
app_publisher = "TPPO App Contributors"
app_description = "Anti-trafficking task force (Gugus Tugas PP-TPPO) management: task forces, action plans (RAN/RAD), cases, victim services and trainings"
app_email = "tppo-app@googlegroups.com"
app_license = "mit"

# Only Frappe: the app installs on a bare Frappe bench, no ERPNext.
# Written as org/repo (as hrms writes "frappe/erpnext"): a bare "frappe" makes v15's installer ask
# GitHub's API which organisation the app belongs to, which fails on a machine without internet access.
required_apps = ["frappe/frappe"]

add_to_apps_screen = [
	{
		"name": "tppo_app",
		"logo": "/assets/tppo_app/images/tppo-logo.svg",
		"title": "PP-TPPO",
		"route": "/app/pp-tppo",
		"has_permission": "tppo_app.permissions.has_app_permission",
	}
]

app_include_css = "/assets/tppo_app/css/tppo.css"
# Renders a province's regional fields and form rules in the forms of its records.
app_include_js = "/assets/tppo_app/js/regional_fields.js"
app_logo_url = "/assets/tppo_app/images/tppo-logo.svg"

# Installation
# ------------

after_install = "tppo_app.install.after_install"
after_migrate = "tppo_app.install.after_migrate"
before_tests = "tppo_app.install.before_tests"

# Fixtures: only records this app owns outright and that nobody edits per region.
# Defaults that regions may edit (managed lists, role profiles, workflows) are installed once by code
# in tppo_app.install, so a migrate never overwrites an edit.
fixtures = [
	{
		"dt": "Role",
		"filters": [["name", "like", "TPPO %"]],
	},
]

# Permissions
# -----------
# Who sees what follows the Region tree through Frappe's own User Permissions (allow = Region):
# every doctype with a Link to Region is scoped by it without extra code. These hooks add what User
# Permissions cannot express: a regional user never creates or keeps a record outside their region.

# Reference data (managed lists, agencies, action plans and their items and periods): a region also reads
# what the regions above it keep (a district reads its province's RAD and the RAN).
_REFERENCE_DOCTYPES = (
	"Agency",
	"Agency Type",
	"Sub Task Force Function",
	"Action Plan Cluster",
	"Action Plan",
	"Action Plan Item",
	"Reporting Period",
	"RAN Report Template",
	"Meeting Type",
	"Trafficking Modus",
	"Exploitation Form",
	"Victim Service Type",
	"Training Topic",
)
permission_query_conditions = {
	doctype: "tppo_app.permissions.reference_query_conditions" for doctype in _REFERENCE_DOCTYPES
}
has_permission = {doctype: "tppo_app.permissions.has_reference_permission" for doctype in _REFERENCE_DOCTYPES}
# A joint coordination meeting is seen by the regions of every task force taking part.
permission_query_conditions["Coordination Meeting"] = (
	"tppo_app.coordination.permissions.meeting_query_conditions"
)
has_permission["Coordination Meeting"] = "tppo_app.coordination.permissions.has_meeting_permission"

doc_events = {
	"*": {
		"before_insert": "tppo_app.permissions.fill_default_region",
		"validate": "tppo_app.permissions.validate_region_scope",
		"on_trash": "tppo_app.permissions.validate_region_scope_on_delete",
	},
}

# A province's regional fields and form rules, checked on every save of the forms they adapt.
_ADAPTABLE_DOCTYPES = (
	"Progress Report",
	"Action Plan Item",
	"Task Force Member",
	"TPPO Case",
	"Victim Service",
	"Training",
)
doc_events.update(
	{
		doctype: {"validate": "tppo_app.regional_adaptation.regional_fields.validate_regional_values"}
		for doctype in _ADAPTABLE_DOCTYPES
	}
)

# Every change to a region's adaptations is logged with snapshots, so it can be reverted exactly.
_LOGGED_DOCTYPES = (
	"Regional Field",
	"Regional Form Rule",
	"Approval Chain",
	"RAN Report Template",
	"Agency Type",
	"Sub Task Force Function",
	"Action Plan Cluster",
	"Trafficking Modus",
	"Exploitation Form",
	"Victim Service Type",
	"Training Topic",
	"Meeting Type",
)
doc_events.update(
	{
		doctype: {
			"on_update": "tppo_app.regional_adaptation.adaptation_log.log_update",
			"on_trash": "tppo_app.regional_adaptation.adaptation_log.log_delete",
		}
		for doctype in _LOGGED_DOCTYPES
	}
)

# Victims' personal data (permlevel 1): requests that filter, sort, group or search by a personal field are
# refused for users who may not read it, and victim link search never shows one (tppo_app.case_management.privacy).
auth_hooks = [
	"tppo_app.case_management.privacy.check_private_request",
	"tppo_app.permissions.restrict_search_requests",
]
# v15 lists every field a user may not read only if this runs first (see tppo_app.case_management.fieldlevel).
before_request = ["tppo_app.case_management.fieldlevel.install"]
before_job = ["tppo_app.case_management.fieldlevel.install"]
# frappe.client.get_count counts without any permission check in v15.
override_whitelisted_methods = {"frappe.client.get_count": "tppo_app.permissions.get_count"}
standard_queries = {"Victim": "tppo_app.case_management.privacy.search_victims"}

# Scheduled Tasks
# ---------------

scheduler_events = {
	"daily": [
		"tppo_app.task_force.utils.refresh_task_force_status",
		"tppo_app.task_force.utils.end_expired_memberships",
		"tppo_app.action_plan.reporting.send_deadline_reminders",
		"tppo_app.coordination.follow_up.send_follow_up_reminders",
		"tppo_app.case_management.services.flag_overdue_referrals",
	],
}

# Testing
# -------

# Fields and filters
# ------------------

global_search_doctypes = {
	"Default": [
		{"doctype": "Task Force"},
		{"doctype": "Agency"},
		{"doctype": "Region"},
	]
}

export_python_type_annotations = True
