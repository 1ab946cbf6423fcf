"""How each doctype of the app is scoped by region: data only (hooks.py reads it before Frappe is loaded).

tppo_app.access.scoping applies it; tppo_app.tests.test_access_sweep fails when a doctype is in none of these.
"""

import json
from pathlib import Path

# doctype -> the field whose Region scopes it.
REGION_FIELD = {
	"Action Plan Import": "region",
	"Progress Report": "region",
	"Achievement Summary": "region",
	"Reporting Reminder": "region",
	"Training": "region",
	"TPPO Case": "region",
	"Victim": "region",
	"Victim Service": "region",
	"Victim Access Log": "victim_region",
	"Recommendation": "region",
	"Recommendation Reminder": "region",
	"Adaptation Log": "region",
	"Approval Chain": "region",
	"Regional Field": "region",
	"Regional Form Rule": "region",
	"Sub Task Force": "region",
	"Task Force": "region",
	"Task Force Member": "region",
	"Access Change Log": "region",
}
REFERENCE = (
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
CUSTOM = {
	"Coordination Meeting": "tppo_app.coordination.permissions.meeting_criterion",
	# read as its region; written only by its secretariat, chair and named delegate
	"Task Force Report": "tppo_app.reporting.secretariat.report_criterion",
	"Task Force Report Contribution": "tppo_app.reporting.contributions.contribution_criterion",
}
GLOBAL = ("Region", "TPPO Settings")


def scoped_parents() -> tuple[str, ...]:
	return (*REGION_FIELD, *REFERENCE, *CUSTOM)


def child_doctypes_from_files() -> list[str]:
	"""The app's child doctypes, from their JSON files."""
	root = Path(__file__).resolve().parent.parent
	names = []
	for path in sorted(root.glob("*/doctype/*/*.json")):
		if path.stem != path.parent.name:
			continue
		data = json.loads(path.read_text())
		if data.get("doctype") == "DocType" and data.get("istable"):
			names.append(data["name"])
	return names


def permission_hooks() -> tuple[dict, dict]:
	"""(permission_query_conditions, has_permission) for hooks.py: one criterion for every scoped doctype; child
	doctypes get the query hook (Frappe checks a child's document permission on its parent)."""
	query = {
		doctype: "tppo_app.access.scoping.query_conditions"
		for doctype in (*scoped_parents(), *child_doctypes_from_files())
	}
	permission = {doctype: "tppo_app.access.scoping.has_permission" for doctype in scoped_parents()}
	return query, permission
