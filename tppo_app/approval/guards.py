"""Server-side guards for the Progress Report approval workflow, beyond what Frappe's Workflow checks.

Frappe's Workflow checks that a transition exists for the user's role and, unless a transition allows
self-approval, that the user is not the document's creator. But the rule that matters is about the submitter:
a provincial admin who drafts a report for a district must still be able to verify it once the district has
submitted it. So every transition allows "self-approval" in Frappe's sense, and this module decides instead.
v15 also does not enforce a state's "allow edit" role on the server. So, on every save:
- nobody verifies, approves or returns a report they submitted themselves;
- returning needs a reason, which the submitter then sees on the report;
- a report waiting in a state can only be changed by the role that state allows to edit;
- the approval trail (who, when) and the next approvers are recorded by the server, not the client.
Wrong-region actions never get here: User Permissions refuse them first.
"""

import frappe
from frappe import _
from frappe.model.workflow import get_workflow_name
from frappe.utils import now_datetime

from tppo_app.approval.approvers import next_approvers
from tppo_app.approval.chain import record_level_action
from tppo_app.approval.states import APPROVED, DRAFT, RETURNED, VERIFIED, level_of_state

REVIEWING = {VERIFIED: ("verified_by", "verified_on"), APPROVED: ("approved_by", "approved_on")}


class SelfApprovalError(frappe.PermissionError):
	pass


class ReturnReasonMissingError(frappe.ValidationError):
	pass


class StateLockedError(frappe.PermissionError):
	pass


def validate(doc) -> None:
	workflow_name = get_workflow_name(doc.doctype)
	if not workflow_name or frappe.flags.in_import:
		return
	before = doc.get_doc_before_save()
	old_state = before.workflow_state if before else None
	new_state = doc.workflow_state
	user = frappe.session.user

	if before and old_state == new_state:
		guard_edit(doc, workflow_name, user)
	elif before:
		record_transition(doc, old_state, new_state, user)
	doc.next_approvers = ",".join(next_approvers(doc))  # no spaces: the workflow condition splits on ","


def record_transition(doc, old_state: str, new_state: str, user: str) -> None:
	submitting = old_state in (DRAFT, RETURNED)
	if submitting:
		doc.submitted_by, doc.submitted_on = user, now_datetime()
		doc.return_reason = (
			None  # a later return needs a reason of its own (the old one stays in the comments)
		)
		record_level_action(doc, old_state, new_state, user)
		return
	if user == doc.submitted_by and user != "Administrator":
		frappe.throw(
			_("You submitted this report, so someone else must {0} it.").format(_(action_word(new_state))),
			SelfApprovalError,
			title=_("Not permitted"),
		)
	if new_state == RETURNED:
		if not (doc.return_reason or "").strip():
			frappe.throw(
				_("Write the reason for returning the report, so that the submitter knows what to correct."),
				ReturnReasonMissingError,
				title=_("Reason required"),
			)
		doc.returned_by = user
		doc.add_comment("Comment", _("Returned for revision: {0}").format(doc.return_reason))
	elif new_state in REVIEWING and not level_of_state(old_state):
		by, on = REVIEWING[new_state]
		doc.set(by, user)
		doc.set(on, now_datetime())
	record_level_action(doc, old_state, new_state, user)


def action_word(state: str) -> str:
	"""The verb for acting towards a state: leaving a regional review level (to the next level, or on to the
	province) is approving it."""
	return {VERIFIED: "verify", RETURNED: "return"}.get(state, "approve")


def guard_edit(doc, workflow_name: str, user: str) -> None:
	"""Outside a transition, only the state's editing role changes a waiting report."""
	if doc.docstatus != 0 or user == "Administrator" or "System Manager" in frappe.get_roles(user):
		return
	if level_of_state(doc.workflow_state):
		# At a regional review level, only that level's approvers change the report (e.g. to write a reason).
		if user in (doc.next_approvers or "").split(","):
			return
		editors = {"nobody"}
	else:
		workflow = frappe.get_cached_doc("Workflow", workflow_name)
		editors = {row.allow_edit for row in workflow.states if row.state == doc.workflow_state}
	if editors and not editors & set(frappe.get_roles(user)):
		frappe.throw(
			_("This report is {0}; it cannot be changed by you now.").format(
				frappe.bold(_(doc.workflow_state))
			),
			StateLockedError,
			title=_("Not permitted"),
		)


@frappe.whitelist()
def set_return_reason(name: str, reason: str) -> None:
	"""Saves the reason before the Return action (the workflow reloads the report from the database)."""
	reason = (reason or "").strip()
	if not reason:
		frappe.throw(_("Write the reason for returning the report."), ReturnReasonMissingError)
	doc = frappe.get_doc("Progress Report", name)
	doc.return_reason = reason
	doc.flags.setting_return_reason = (
		True  # the one way a client writes it (see ProgressReport.keep_server_fields)
	)
	doc.save()
