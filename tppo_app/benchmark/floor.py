"""Frappe alone: the benchmark's submission on a document that has nothing of tppo_app, as a reference for what
Frappe's own document cycle costs on this machine.

"Bench Floor Report" is a custom doctype made on the benchmark site only (module Custom, `custom: 1`): a parent
with a workflow state and a table of "Bench Floor Row", whose fields are Progress Report Item's (the same two
links, the same text and number columns), and a workflow of Frappe's own ("Bench Floor Approval": Draft ->
Submitted by the focal point, Submitted -> Verified by the provincial admin, so that a Submit makes Workflow
Actions as the app's does). Its version history is on, as the app's is. It has no controller, no hooks, no
notifications and no permission hooks: what a Submit costs here is what Frappe costs for a 150-row document, and
tppo_app's own submission cannot be expected to cost much less than that.

Each document's rows are a copy of the submitter's own draft report rows. The documents are deleted after the
run; the doctypes stay (made once, like the data).
"""

import frappe

from tppo_app.benchmark import data, measure
from tppo_app.roles import DISTRICT_FOCAL_POINT, PROVINCIAL_ADMIN

PARENT = "Bench Floor Report"
ROW = "Bench Floor Row"
WORKFLOW = "Bench Floor Approval"
ROW_FIELDS = (
	"action_plan_item",
	"item_code",
	"cluster",
	"indicator",
	"unit",
	"measure_type",
	"target",
	"realised",
	"achievement_percent",
	"status",
	"narrative",
	"obstacles",
	"follow_up",
)


def ensure_doctypes() -> None:
	"""The two custom doctypes and the workflow, made once on the benchmark site (and on no other: they give
	focal points and provincial admins documents without a region)."""
	if not frappe.db.exists("User", {"name": ("like", f"fp.%@{data.USER_DOMAIN}")}):
		frappe.throw(
			f"Frappe alone runs on the benchmark site only (its users @{data.USER_DOMAIN}): "
			"see scripts/bench and tppo_app/benchmark/data.py."
		)
	if not frappe.db.exists("DocType", ROW):
		fields = [
			{k: f.get(k) for k in ("fieldname", "fieldtype", "label", "options")}
			for f in frappe.get_meta("Progress Report Item").fields
		]
		frappe.get_doc(
			{
				"doctype": "DocType",
				"name": ROW,
				"module": "Custom",
				"custom": 1,
				"istable": 1,
				"fields": fields,
			}
		).insert()
	if not frappe.db.exists("DocType", PARENT):
		permissions = [
			{"role": role, "read": 1, "write": 1, "create": 1, "delete": 1}
			for role in ("System Manager", DISTRICT_FOCAL_POINT, PROVINCIAL_ADMIN)
		]
		frappe.get_doc(
			{
				"doctype": "DocType",
				"name": PARENT,
				"module": "Custom",
				"custom": 1,
				"autoname": "hash",
				"track_changes": 1,
				"fields": [
					{"fieldname": "title", "fieldtype": "Data", "label": "Title"},
					{
						"fieldname": "workflow_state",
						"fieldtype": "Link",
						"options": "Workflow State",
						"label": "Workflow State",
					},
					{"fieldname": "items", "fieldtype": "Table", "options": ROW, "label": "Items"},
				],
				"permissions": permissions,
			}
		).insert()
	if not frappe.db.exists("Workflow", WORKFLOW):
		frappe.get_doc(
			{
				"doctype": "Workflow",
				"workflow_name": WORKFLOW,
				"document_type": PARENT,
				"is_active": 1,
				"workflow_state_field": "workflow_state",
				"send_email_alert": 0,
				"states": [
					{"state": "Draft", "doc_status": "0", "allow_edit": DISTRICT_FOCAL_POINT},
					{"state": "Submitted", "doc_status": "0", "allow_edit": PROVINCIAL_ADMIN},
					{"state": "Verified", "doc_status": "0", "allow_edit": PROVINCIAL_ADMIN},
				],
				"transitions": [
					{
						"state": "Draft",
						"action": "Submit",
						"next_state": "Submitted",
						"allowed": DISTRICT_FOCAL_POINT,
						"allow_self_approval": 1,
					},
					{
						"state": "Submitted",
						"action": "Verify",
						"next_state": "Verified",
						"allowed": PROVINCIAL_ADMIN,
						"allow_self_approval": 1,
					},
				],
			}
		).insert()
	frappe.db.commit()


def drafts(user: str, count: int) -> list[str]:
	"""`count` floor documents owned by `user`, each with a copy of the rows of the user's first draft report."""
	report = measure.prepare_drafts(user, measure.district_of(user), 1)[0]
	rows = frappe.get_all(
		"Progress Report Item", filters={"parent": report}, fields=list(ROW_FIELDS), order_by="idx"
	)
	names = []
	frappe.set_user(user)
	for i in range(count):
		doc = frappe.get_doc({"doctype": PARENT, "title": f"{report} {i + 1}", "items": rows}).insert()
		names.append(doc.name)
	frappe.set_user("Administrator")
	frappe.db.commit()
	return names


def concurrent_submissions(base_url: str, users_count: int, per_user: int) -> dict:
	"""The benchmark's concurrent submissions, the same users and the same rows, on the floor doctype."""
	ensure_doctypes()
	submitters = measure.users().submitters[1 : users_count + 1]
	work = {user: drafts(user, per_user) for user in submitters}
	names = [n for names in work.values() for n in names]
	result = {"name": f"Frappe alone, the same 150-row document: {users_count} users x {per_user}"}
	try:
		result.update(measure.post_all(base_url, work, PARENT))
		result["submitted_in_db"] = frappe.db.count(
			PARENT, {"name": ("in", names), "workflow_state": "Submitted"}
		)
	finally:
		remove(names)
	measure.print_load(result, "(reference)")
	return result


def remove(names: list[str]) -> None:
	"""The floor documents deleted (committed): none is left behind, even after a failed run."""
	frappe.db.rollback()
	for name in names:
		frappe.delete_doc(PARENT, name, force=True, ignore_permissions=True)
	frappe.db.commit()
