"""Default approval workflows, kept as data in this folder, and the code that installs them.

`bench migrate` has no sync for a workflow folder, and a region or a national admin may edit a workflow in the
Workflow form: so each workflow here is inserted once, when the site has no workflow of that name, and never
overwritten afterwards. `install_workflows(force=True)` restores a default on purpose.
"""

import json
from pathlib import Path

import frappe

WORKFLOW_DIR = Path(__file__).parent

# Indicator colours of the states, in list views and on forms.
STATE_STYLES = {
	"Submitted": "Primary",
	"Regional Review 1": "Warning",
	"Regional Review 2": "Warning",
	"Regional Review 3": "Warning",
	"Verified": "Info",
	"Returned": "Danger",
	"Approved": "Success",
}


def default_workflows() -> list[dict]:
	return [json.loads(path.read_text()) for path in sorted(WORKFLOW_DIR.glob("*.json"))]


def install_workflows(force: bool = False) -> list[str]:
	"""Inserts the default workflows a site lacks. Returns the names inserted."""
	installed = []
	for data in default_workflows():
		if frappe.db.exists("Workflow", data["workflow_name"]):
			if not force:
				continue
			frappe.delete_doc("Workflow", data["workflow_name"], ignore_permissions=True, force=True)
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
		installed.append(data["workflow_name"])
	return installed
