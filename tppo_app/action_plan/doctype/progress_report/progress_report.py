# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _

from tppo_app.action_plan import progress
from tppo_app.approval import guards as approval
from tppo_app.approval.chain import snapshot_chain
from tppo_app.approval.states import APPROVED
from tppo_app.utils.document import TPPODocument

TRAIL_FIELDS = (
	"submitted_by",
	"submitted_on",
	"verified_by",
	"verified_on",
	"approved_by",
	"approved_on",
	"returned_by",
	"return_reason",
	"next_approvers",
	"approval_steps",
	"regional_levels",
	"current_level",
	"chain_version",
	"level_deadline",
)


class ProgressReport(TPPODocument):
	def before_insert(self):
		if self.amended_from:
			# The form's Amend copies every field, the approval state too: an amendment starts over as a draft
			# (keep_server_fields clears the trail of every new report).
			self.workflow_state = None

	def validate(self):
		self.keep_server_fields()
		progress.validate_period_belongs_to_plan(self)
		progress.validate_unique(self)
		self.set_title()
		progress.fill_items(self)
		progress.compute_achievement(self)
		progress.validate_evidence(self)
		snapshot_chain(self)
		approval.validate(self)

	def keep_server_fields(self):
		"""The approval trail, the chain copy and the next approvers belong to the server: whatever a client
		sends for them is replaced by what is stored, before any check reads them. The reason for a return is
		written through set_return_reason only."""
		before = self.get_doc_before_save()
		if not before:
			for fieldname in TRAIL_FIELDS:
				self.set(fieldname, [] if fieldname == "approval_steps" else None)
			return
		if (
			not self.flags.setting_return_reason
			and (self.return_reason or "") != (before.return_reason or "")
			and self.return_reason is not None
		):
			# Said, not silently dropped: the reason is written by the one who returns the report.
			frappe.throw(
				_("The reason for a return is written when the report is returned (the Return action)."),
				frappe.ValidationError,
				title=_("Not permitted"),
			)
		for fieldname in TRAIL_FIELDS:
			if fieldname == "return_reason" and self.flags.setting_return_reason:
				continue
			if fieldname == "approval_steps":
				self.set(
					"approval_steps",
					[frappe.copy_doc(row, ignore_no_copy=True) for row in before.approval_steps],
				)
				for row, old in zip(self.approval_steps, before.approval_steps, strict=True):
					row.name = old.name
			else:
				self.set(fieldname, before.get(fieldname))

	def before_update_after_submit(self):
		before = self.get_doc_before_save()
		for fieldname in TRAIL_FIELDS:
			changed = (
				[(r.level_no, r.status, r.acted_by, r.approvers) for r in self.approval_steps]
				!= [(r.level_no, r.status, r.acted_by, r.approvers) for r in before.approval_steps]
				if fieldname == "approval_steps"
				else self.get(fieldname) != before.get(fieldname)
			)
			if changed:
				frappe.throw(
					_("The approval trail of an approved report cannot change."), title=_("Not permitted")
				)

	def set_title(self):
		self.title = report_title(self.task_force, self.reporting_period)

	def before_submit(self):
		if self.workflow_state != APPROVED:
			frappe.throw(
				_("A progress report is submitted by its approval, not directly."), title=_("Not permitted")
			)


def report_title(task_force: str, reporting_period: str) -> str:
	"""The report's title says whose and which period at a glance, even where lists cut it short (a phone):
	"Kota Banjarmasin · 2025-Q4"."""
	region = frappe.db.get_value("Task Force", task_force, "region")
	where = frappe.db.get_value("Region", region, "region_name") if region else None
	where = where or frappe.db.get_value("Task Force", task_force, "task_force_name")
	period = frappe.db.get_value("Reporting Period", reporting_period, "period_label")
	return f"{where} · {period}"


@frappe.whitelist()
def get_plan_rows(action_plan: str, reporting_period: str) -> list[dict]:
	"""The rows a new report starts with: the plan's items and their targets for the period's year."""
	frappe.has_permission("Action Plan", doc=action_plan, throw=True)
	year = frappe.db.get_value("Reporting Period", reporting_period, "year")
	return progress.plan_items(action_plan, year)


@frappe.whitelist(methods=["POST"])
def request_cancellation(report: str, reason: str) -> None:
	"""A province that finds an error in an approved report asks the ministry to cancel it: the reason goes on the
	report's timeline and to the ministry reviewers, who alone cancel (with the national admin)."""
	from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification

	from tppo_app.permissions import require_roles
	from tppo_app.regions import users_with_role_in_region
	from tppo_app.roles import MINISTRY_REVIEWER, PROVINCIAL_ADMIN

	require_roles(PROVINCIAL_ADMIN)
	doc = frappe.get_doc("Progress Report", report)
	doc.check_permission("read")
	reason = (reason or "").strip() if isinstance(reason, str) else ""
	if not reason:
		frappe.throw(
			_("Say what is wrong in the report."), frappe.ValidationError, title=_("Reason required")
		)
	if doc.docstatus != 1:
		frappe.throw(_("Only an approved report is cancelled."), frappe.ValidationError)
	doc.add_comment(
		"Comment", _("Cancellation requested: {0}").format(frappe.utils.escape_html(reason[:2000]))
	)
	reviewers = users_with_role_in_region(MINISTRY_REVIEWER, None)
	if reviewers:
		enqueue_create_notification(
			reviewers,
			{
				"type": "Alert",
				"document_type": doc.doctype,
				"document_name": doc.name,
				"subject": _("Cancellation requested for {0}: {1}").format(
					doc.title or doc.name, reason[:200]
				),
				"from_user": frappe.session.user,
			},
		)


def on_doctype_update():
	# The one-report-per-key check and the compliance report look reports up by these together.
	frappe.db.add_index("Progress Report", ["task_force", "action_plan", "reporting_period"])
