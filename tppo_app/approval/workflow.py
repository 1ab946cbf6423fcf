"""The default approval workflow, kept as data in this folder, and the code that installs it.

`bench migrate` has no sync for a workflow folder, and a national admin may edit a workflow in the Workflow form:
so each workflow here is inserted when the site has none of that name, updated by a later release only while the
site still holds the version shipped before, and never when an admin edited it (tppo_app.shipped).
`install_workflows(force=True)` restores a default on purpose.
"""

import json
from pathlib import Path

import frappe

from tppo_app.approval.states import APPROVED, RETURNED, SUBMITTED, VERIFIED, regional_review

WORKFLOW_DIR = Path(__file__).parent

# Indicator colours of the states, in list views and on forms.
STATE_STYLES = {
	SUBMITTED: "Primary",
	regional_review(1): "Warning",
	regional_review(2): "Warning",
	regional_review(3): "Warning",
	VERIFIED: "Info",
	RETURNED: "Danger",
	APPROVED: "Success",
}


def default_workflows() -> list[dict]:
	return [json.loads(path.read_text()) for path in sorted(WORKFLOW_DIR.glob("*.json"))]


def install_workflows(force: bool = False) -> list[str]:
	"""Inserts the default workflows a site lacks, and brings a site's unedited copy up to this release's
	(tppo_app.shipped). Returns the names inserted or updated. `force` restores a default on purpose."""
	from tppo_app.shipped import sync

	changed = []
	for data in default_workflows():
		name = data["workflow_name"]
		if force and frappe.db.exists("Workflow", name):
			frappe.delete_doc("Workflow", name, ignore_permissions=True, force=True)
		outcome = sync(
			"Workflow",
			name,
			data,
			insert=lambda data=data: _insert_workflow(data),
			update=lambda data=data: _replace_workflow(data),
		)
		if outcome in ("inserted", "updated"):
			changed.append(name)
	return changed


def _replace_workflow(data: dict) -> None:
	frappe.delete_doc("Workflow", data["workflow_name"], ignore_permissions=True, force=True)
	_insert_workflow(data)


def _insert_workflow(data: dict) -> None:
	for state in {row["state"] for row in data["states"]}:
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(doctype="Workflow State", workflow_state_name=state).insert(
				ignore_permissions=True
			)
	for action in {row["action"] for row in data["transitions"]}:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc(doctype="Workflow Action Master", workflow_action_name=action).insert(
				ignore_permissions=True
			)
	frappe.get_doc({"doctype": "Workflow", **data}).insert(ignore_permissions=True)
