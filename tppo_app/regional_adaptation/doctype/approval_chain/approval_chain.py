# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _

from tppo_app.approval.chain import MAX_LEVELS, refresh_open_reports, resolve_approvers
from tppo_app.utils.document import TPPODocument

REQUIRED = {
	"Role in Province": "role",
	"Task Force Role": "task_force_role",
	"Named Member": "member",
	"Named User": "user",
}


class ApprovalChain(TPPODocument):
	def validate(self):
		if frappe.db.get_value("Region", self.region, "region_type") != "Province":
			frappe.throw(_("An approval chain belongs to a province."), title=_("Choose a province"))
		if len(self.levels) > MAX_LEVELS:
			frappe.throw(
				_("A province adds at most {0} levels before its verification.").format(MAX_LEVELS),
				title=_("Too many levels"),
			)
		for level in self.levels:
			fieldname = REQUIRED.get(level.approver_type)  # an unknown type: Frappe's Select check says so
			if fieldname and not level.get(fieldname):
				frappe.throw(
					_("Level {0} ({1}): choose the {2}.").format(
						level.idx, level.level_name, _(level.meta.get_label(fieldname))
					)
				)
			if level.approver_type == "Named Member":
				region = frappe.db.get_value("Task Force Member", level.member, "region")
				if region != self.region:
					frappe.throw(
						_("Level {0}: {1} is not a member of this province's task force.").format(
							level.idx, frappe.bold(level.member)
						)
					)
			if not resolve_approvers(level, self.region):
				frappe.msgprint(
					_(
						"Level {0} ({1}) has no one who can act yet; reports cannot pass it until someone can."
					).format(level.idx, level.level_name),
					indicator="orange",
					alert=True,
				)
		if not self.is_new() and self.has_changes():
			self.version = (self.version or 0) + 1

	def on_update(self):
		refresh_open_reports(self.region, self.document_type)

	def on_trash(self):
		self.enabled = 0
		frappe.db.set_value("Approval Chain", self.name, "enabled", 0)
		refresh_open_reports(self.region, self.document_type)

	def has_changes(self) -> bool:
		before = self.get_doc_before_save()
		if not before:
			return True

		def levels(doc):
			return [
				(l.level_name, l.approver_type, l.role, l.task_force_role, l.member, l.user, l.deadline_days)
				for l in doc.levels
			]

		return levels(before) != levels(self) or before.enabled != self.enabled
