# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""Task Force Report: a task force's report for a year (the national one to the President, a province's to its
governor), compiled from the app into a frozen snapshot, written up by the secretariat, approved by the chair.

The logic is in tppo_app.reporting (compilation, secretariat, output); this controller only enforces the rules:
- the secretariat creates, edits and compiles it (tppo_app.reporting.secretariat), in its own region;
- the snapshot and its compilation fields change only by `compile_report`, never through a save;
- approving is submitting, by the Chair, the Daily Chair or the delegate the chair named, of the report as it
  stands (the approver changes nothing of it while approving); a submitted report never changes (cancel and amend
  to change it, then compile again).
"""

import json

import frappe
from frappe import _
from frappe.utils import now_datetime, strip_html

from tppo_app.reporting import compilation, secretariat
from tppo_app.utils.document import TPPODocument

COMPILED_FIELDS = ("snapshot", "compiled_on", "compiled_by", "compile_count", "changes_since_last")


class TaskForceReport(TPPODocument):
	def validate(self):
		# A new report is the secretariat's, also one sent as already approved (checked first: nothing below may
		# answer about another task force's reports).
		if self.flags.in_insert or self.is_new() or (self.docstatus == 0 and not self.chair_names_delegate()):
			secretariat.check_secretariat(self.task_force)
		if self.docstatus == 1:
			self.approve_as_it_stands()
		self.validate_year()
		self.validate_unique()
		self.guard_compiled_fields()
		secretariat.validate_delegate(self)
		if not self.title:
			self.title = _("Report of {0}, {1}").format(self.task_force_name or self.task_force, self.year)

	def before_submit(self):
		secretariat.check_approver(self)
		if not self.snapshot:
			frappe.throw(_("Compile the report before approving it."), title=_("Not compiled"))
		self.approved_by = frappe.session.user
		self.approved_on = now_datetime()

	def before_cancel(self):
		secretariat.check_approver(self)

	def on_trash(self):
		secretariat.check_secretariat(self.task_force)

	def chair_names_delegate(self) -> bool:
		"""A chair who is not of the secretariat may save the report to name the delegate, and change nothing
		else."""
		before = self.get_doc_before_save()
		if not before or not secretariat.is_chair(self.task_force):
			return False
		changed = {
			df.fieldname
			for df in self.meta.fields
			if df.fieldtype not in ("Section Break", "Column Break", "Tab Break", "HTML")
			and not _same(before.get(df.fieldname), self.get(df.fieldname))
		}
		return changed <= {"approval_delegate"}

	def approve_as_it_stands(self):
		"""Approving (submitting) saves the report once more, without the secretariat's check: the approver
		approves the report the secretariat wrote and changes nothing of it (the chair may still name the
		delegate, checked by validate_delegate). The form's editor may rewrite the markup of a text it shows:
		the stored text is kept when the words are the same."""
		before = self.get_doc_before_save()
		if not before or before.docstatus != 0:
			return
		changed = []
		for df in self.meta.fields:
			if df.fieldtype in ("Section Break", "Column Break", "Tab Break", "HTML") or df.fieldname in (
				"approval_delegate",
				"approved_by",
				"approved_on",
			):
				continue
			old, new = before.get(df.fieldname), self.get(df.fieldname)
			if _same(old, new):
				continue
			if df.fieldtype == "Text Editor" and _words(old) == _words(new):
				self.set(df.fieldname, old)
				continue
			changed.append(df.fieldname)
		if changed:
			frappe.throw(
				_("Approve the report as the secretariat wrote it; changes are made before approving it."),
				frappe.PermissionError,
				title=_("Not permitted"),
			)

	def validate_year(self):
		if not 2000 <= int(self.year or 0) <= 2100:
			frappe.throw(_("Enter the year the report covers."), title=_("Invalid year"))

	def validate_unique(self):
		existing = frappe.db.get_value(
			"Task Force Report",
			{
				"task_force": self.task_force,
				"year": self.year,
				"docstatus": ("<", 2),
				"name": ("!=", self.name or ""),
			},
		)
		if existing:
			frappe.throw(
				_("{0} already has a report for {1}: {2}.").format(self.task_force, self.year, existing),
				frappe.DuplicateEntryError,
				title=_("Report exists"),
			)

	def guard_compiled_fields(self):
		"""The snapshot and its fields come from `compile_report` only, the agency sections from
		`contributions.merge_contributions`."""
		before = self.get_doc_before_save()
		guarded = (() if self.flags.compiling else COMPILED_FIELDS) + (
			() if self.flags.merging else ("agency_sections",)
		)
		for field in guarded:
			old = before.get(field) if before else None
			if not _same(old, self.get(field)):
				frappe.throw(
					_("The compiled content is set by Compile only."),
					frappe.PermissionError,
					title=_("Not permitted"),
				)
		# Who approved and when: set by approving (before_submit, after this check), never sent by a client.
		for field in ("approved_by", "approved_on"):
			old = before.get(field) if before else None
			if not _same(old, self.get(field)):
				frappe.throw(
					_("Who approved the report and when is recorded by approving it only."),
					frappe.PermissionError,
					title=_("Not permitted"),
				)

	def compile(self):
		if self.docstatus != 0:
			frappe.throw(_("An approved report is not compiled again; amend it to change it."))
		previous = json.loads(self.snapshot) if self.snapshot else None
		snapshot = compilation.compile_snapshot(self)
		lines = compilation.changes(previous, snapshot)
		self.snapshot = json.dumps(snapshot, sort_keys=True, default=str)
		self.compiled_on = snapshot["meta"]["compiled_on"]
		self.compiled_by = frappe.session.user
		self.compile_count = (self.compile_count or 0) + 1
		if previous is None:
			self.changes_since_last = None
		else:
			self.changes_since_last = "\n".join(lines) if lines else _("Nothing changed.")
		self.flags.compiling = True
		self.save()
		self.flags.compiling = False


def _same(old, new) -> bool:
	if isinstance(old, dict | list) or isinstance(new, dict | list):
		return _json(old) == _json(new)
	return (old or None) == (new or None) or str(old or "") == str(new or "")


def _words(html) -> str:
	return " ".join(strip_html(html or "").split())


def _json(value):
	if isinstance(value, str):
		try:
			value = json.loads(value)
		except ValueError:
			return value
	return json.dumps(value, sort_keys=True, default=str)


def get_report(name: str, ptype: str = "read"):
	doc = frappe.get_doc("Task Force Report", name)
	doc.check_permission(ptype)
	return doc


@frappe.whitelist(methods=["POST"])
def compile_report(name: str) -> dict:
	"""Compile (or recompile) a draft report: the secretariat of the report's task force only."""
	doc = get_report(name, "write")
	secretariat.check_secretariat(doc.task_force)
	doc.compile()
	return {"compiled_on": doc.compiled_on, "changes": doc.changes_since_last}


@frappe.whitelist()
def get_preview(name: str) -> str:
	"""The compiled content as HTML, for the form (whoever may read the report)."""
	from tppo_app.reporting.output import render_html

	doc = get_report(name)
	return render_html(doc, for_pdf=False) if doc.snapshot else ""
