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
		# the desk root, where each role lands on its own workspace (tppo_app.desk.boot_session)
		"route": "/app",
		"has_permission": "tppo_app.permissions.has_app_permission",
	}
]

app_include_css = "/assets/tppo_app/css/tppo.css"
# Renders a province's regional fields and form rules in the forms of its records.
# Shows percentages, dates and activity-log values the Indonesian way (tppo_app/public/js/locale.js).
app_include_js = [
	"/assets/tppo_app/js/regional_fields.js",
	"/assets/tppo_app/js/access.js",
	"/assets/tppo_app/js/locale.js",
]
# Tells a user without any region why they see nothing, and whether they manage others' access; lands each
# role on its own workspace.
boot_session = ["tppo_app.access.grants.boot_session", "tppo_app.desk.boot_session"]
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
# Scope is given, never left over (fail closed): a user is national by a national role or the explicit national
# grant (a User Permission on the region "ID"), regional by their Region User Permissions (granted by active
# task-force memberships), and otherwise sees nothing region-scoped (tppo_app.regions.get_user_regions).
# Every doctype of the app is classified once (tppo_app.access.classification); each region-scoped one, child
# tables included, gets the same criterion on every list query and every document read
# (tppo_app.access.scoping). Reference data (managed lists, agencies, plans) of the regions above a user is
# readable by them, read-only; a joint coordination meeting is seen by the regions of every task force taking part.
from tppo_app.access.classification import permission_hooks
from tppo_app.replica import METADATA_DOCTYPES

permission_query_conditions, has_permission = permission_hooks()

doc_events = {
	# A victim's or a service's versions say that a personal field changed, never its values.
	"Version": {"before_insert": "tppo_app.case_management.privacy.redact_version"},
	# With a replica: a user's changed access is never read stale into a cache (tppo_app.replica).
	"User Permission": {
		event: "tppo_app.replica.access_changed" for event in ("after_insert", "on_update", "on_trash")
	},
	"User": {event: "tppo_app.replica.access_changed" for event in ("on_update", "on_trash")},
	**{
		doctype: {
			event: "tppo_app.replica.metadata_changed" for event in ("after_insert", "on_update", "on_trash")
		}
		for doctype in METADATA_DOCTYPES
	},
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

# The achievement summary the national views total, kept in the approval's own transaction
# (tppo_app.action_plan.summary).
doc_events["Progress Report"] = {
	**doc_events.get("Progress Report", {}),
	"on_submit": "tppo_app.action_plan.summary.on_submit",
	"on_cancel": "tppo_app.action_plan.summary.on_cancel",
}

# Victims' personal data (permlevel 1): requests that filter, sort, group or search by a personal field are
# refused for users who may not read it, and victim link search never shows one (tppo_app.case_management.privacy).
auth_hooks = [
	"tppo_app.case_management.privacy.check_private_request",
	# With a replica configured: whether this request's read-only calls may read it (tppo_app.replica).
	"tppo_app.replica.route_reads",
]
after_request = ["tppo_app.replica.note_own_write"]
# What tppo_app.replica holds in Redis (who waits for the replica, its last check) survives `bench clear-cache`.
persistent_cache_keys = ["tppo_replica_*"]
# v15 lists every field a user may not read only if this runs first (see tppo_app.overrides.fieldlevel).
before_request = [
	"tppo_app.overrides.checks.check_once",
	"tppo_app.overrides.fieldlevel.install",
	"tppo_app.desk.guest_language",
]
# Background jobs decide like requests whether their read-only calls may use a replica (a lagging or unreachable
# one serves no job either).
before_job = ["tppo_app.overrides.fieldlevel.install", "tppo_app.replica.route_reads"]
# Frappe endpoints that answer more than the user may see: each calls Frappe's own and narrows the answer
# (tppo_app.overrides lists them all).
override_whitelisted_methods = {
	"frappe.client.get_count": "tppo_app.overrides.endpoints.get_count",
	"run_doc_method": "tppo_app.overrides.endpoints.run_doc_method",
	"runserverobj": "tppo_app.overrides.endpoints.run_doc_method",
	"frappe.desk.form.load.getdoc": "tppo_app.overrides.endpoints.getdoc",
	"frappe.desk.search.get_link_title": "tppo_app.overrides.endpoints.get_link_title",
	"frappe.client.validate_link": "tppo_app.overrides.endpoints.validate_link",
	"frappe.desk.like.toggle_like": "tppo_app.overrides.endpoints.toggle_like",
	"frappe.desk.form.load.get_docinfo": "tppo_app.overrides.endpoints.get_docinfo",
	"frappe.desk.form.load.get_communications": "tppo_app.overrides.endpoints.get_communications",
	"frappe.desk.search.search_link": "tppo_app.overrides.endpoints.search_link",
	"frappe.desk.search.search_widget": "tppo_app.overrides.endpoints.search_widget",
	"frappe.desk.listview.get_group_by_count": "tppo_app.overrides.endpoints.get_group_by_count",
	"frappe.desk.form.linked_with.get_submitted_linked_docs": "tppo_app.overrides.endpoints.get_submitted_linked_docs",
	"frappe.desk.query_report.run": "tppo_app.overrides.endpoints.run_report",
	# (in the user's language)
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": "tppo_app.overrides.language.dashboard_chart",
}
# Frappe's own doctypes whose rows point at a record of the app follow that record's scope.
for _doctype in ("File", "Comment", "Version", "Communication", "Workflow Action", "Tag Link"):
	permission_query_conditions[_doctype] = "tppo_app.overrides.references.query_conditions"
	has_permission[_doctype] = "tppo_app.overrides.references.has_permission"
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
		"tppo_app.reporting.contributions.send_due_reminders",
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
