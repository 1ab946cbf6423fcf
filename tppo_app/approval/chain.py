"""Regional approval chains: a province adds review levels before its own verification of a district's report.

The default chain is district → province → ministry, and it always stays: a province can only add up to three
levels in front of its verification (an inspectorate or planning-agency check, say). There is still one Frappe
Workflow ("Progress Report Approval"), readable in the Workflow form: its states "Regional Review 1..3" are
passed or skipped according to the report's own levels.

A report copies its province's chain (the levels and who acts at each) while it is a draft or returned, and
keeps that copy once submitted: documents in flight keep the chain they started with, whatever the province
changes later. Every approving transition of the workflow carries the condition
`frappe.session.user in doc.next_approvers`, so only the approvers resolved from the hierarchy can act, and
they are the ones notified. Approvers come from the task force above the submitter: a role held in the
province (a User Permission on it), a role in the province's task force, a named member, or a named user.
"""

import frappe
from frappe import _

from tppo_app.approval.states import DRAFTING, MAX_LEVELS, RETURNED, level_of_state
from tppo_app.regions import users_with_role_in_region


class NoApproverError(frappe.ValidationError):
	pass


def province_task_force(province: str) -> str | None:
	return frappe.db.get_value("Task Force", {"region": province, "status": "Active"}, "name")


def resolve_approvers(level, province: str) -> list[str]:
	"""Users who act at a level, from the province's hierarchy."""
	if level.approver_type == "Role in Province":
		return users_with_role_in_region(level.role, province)
	if level.approver_type == "Task Force Role":
		task_force = province_task_force(province)
		return sorted(
			frappe.get_all(
				"Task Force Member",
				filters={
					"task_force": task_force,
					"task_force_role": level.task_force_role,
					"is_active": 1,
					"user": ("is", "set"),
				},
				pluck="user",
			)
		)
	if level.approver_type == "Named Member":
		user = frappe.db.get_value("Task Force Member", {"name": level.member, "is_active": 1}, "user")
		return [user] if user else []
	if level.approver_type == "Named User":
		return [level.user] if frappe.db.get_value("User", level.user, "enabled") else []
	return []


def snapshot_chain(doc) -> None:
	"""Copies the province's chain onto a district report that has not been submitted yet."""
	if doc.get("level") != "District" or doc.workflow_state not in DRAFTING:
		return
	province = frappe.db.get_value("Region", doc.region, "parent_region")
	chain = frappe.db.get_value(
		"Approval Chain", {"region": province, "document_type": doc.doctype, "enabled": 1}, "name"
	)
	doc.approval_steps = []
	doc.regional_levels = doc.current_level = doc.chain_version = 0
	if not chain:
		return
	chain = frappe.get_doc("Approval Chain", chain)
	for i, level in enumerate(chain.levels, start=1):
		doc.append(
			"approval_steps",
			{
				"level_no": i,
				"level_name": level.level_name,
				"approvers": ",".join(resolve_approvers(level, province)),
				"deadline_days": level.deadline_days,
				"status": "Pending",
			},
		)
	doc.regional_levels = len(doc.approval_steps)
	doc.chain_version = chain.version


def step(doc, level: int):
	return next((s for s in doc.approval_steps if s.level_no == level), None)


def enter_level(doc, level: int) -> None:
	current = step(doc, level)
	if not current or not current.approvers:
		frappe.throw(
			_(
				"No one can act at the province's review level {0} ({1}). Ask the provincial admin to fix the approval chain."
			).format(level, frappe.bold(current.level_name if current else "?")),
			NoApproverError,
			title=_("No approver"),
		)
	doc.current_level = level
	doc.level_deadline = frappe.utils.add_days(frappe.utils.today(), current.deadline_days or 0)


def record_level_action(doc, old_state: str, new_state: str, user: str) -> None:
	"""Marks the level the report leaves as approved or returned, and enters the next one."""
	left = level_of_state(old_state)
	current = step(doc, left) if left else None
	if current:
		current.status = "Returned" if new_state == RETURNED else "Approved"
		current.acted_by, current.acted_on = user, frappe.utils.now_datetime()
	entered = level_of_state(new_state)
	if entered:
		if entered == 1:
			for s in doc.approval_steps:
				s.status, s.acted_by, s.acted_on = "Pending", None, None
		enter_level(doc, entered)
	else:
		doc.current_level = 0
		doc.level_deadline = None


def approvers_of_state(doc) -> list[str] | None:
	level = level_of_state(doc.workflow_state)
	if not level:
		return None
	current = step(doc, level)
	return [u for u in (current.approvers or "").split(",") if u] if current else []


def refresh_open_reports(province: str, doctype: str = "Progress Report") -> int:
	"""After a province changes its chain: its unsubmitted district reports take the new one (submitted reports
	keep theirs). Returns how many reports it refreshed."""
	region = frappe.qb.DocType("Region")
	districts = frappe.qb.from_(region).select(region.name).where(region.parent_region == province)
	reports = frappe.get_all(
		doctype,
		filters={
			"region": ("in", [r[0] for r in districts.run()]),
			"workflow_state": ("in", DRAFTING[2:]),
			"docstatus": 0,
		},
		pluck="name",
	)
	for name in reports:
		doc = frappe.get_doc(doctype, name)
		snapshot_chain(doc)
		# Only the copy of the chain changes; the report's own checks ran when it was saved.
		doc.flags.ignore_validate = True
		doc.flags.ignore_permissions = True
		doc.save()
	return len(reports)
