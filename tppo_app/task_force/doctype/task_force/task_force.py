# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import get_link_to_form, getdate, today

from tppo_app.task_force.rules import PARENT_LEVEL, period_status
from tppo_app.task_force.utils import overlapping_task_forces, region_level
from tppo_app.utils.document import TPPODocument


class InvalidPeriodError(frappe.ValidationError):
	pass


class DuplicateActiveTaskForceError(frappe.ValidationError):
	pass


class InvalidParentTaskForceError(frappe.ValidationError):
	pass


class TaskForce(TPPODocument):
	def validate(self):
		self.set_level()
		self.set_default_name()
		self.validate_period()
		self.validate_one_per_region()
		self.set_parent_task_force()
		self.set_status()

	def set_level(self):
		self.level = region_level(self.region)

	def set_default_name(self):
		if not self.task_force_name:
			region_name = frappe.db.get_value("Region", self.region, "region_name")
			prefix = {"National": "", "Province": _("Provinsi") + " ", "District": ""}[self.level]
			self.task_force_name = _("Gugus Tugas PP-TPPO {0}").format(prefix + region_name)

	def validate_period(self):
		if getdate(self.period_end) < getdate(self.period_start):
			frappe.throw(
				_("The period ends ({0}) before it starts ({1}).").format(
					frappe.bold(frappe.format(self.period_end, "Date")),
					frappe.bold(frappe.format(self.period_start, "Date")),
				),
				InvalidPeriodError,
				title=_("Invalid period"),
			)
		if self.legal_basis_date and getdate(self.legal_basis_date) > getdate(today()):
			frappe.throw(
				_("The legal basis date cannot be in the future."),
				InvalidPeriodError,
				title=_("Invalid date"),
			)

	def validate_one_per_region(self):
		clash = overlapping_task_forces(self.region, self.period_start, self.period_end, exclude=self.name)
		if clash:
			frappe.throw(
				_(
					"{0} already has a task force for an overlapping period: {1}. End its period first, or choose another period."
				).format(
					frappe.bold(frappe.db.get_value("Region", self.region, "region_name")),
					get_link_to_form("Task Force", clash[0]),
				),
				DuplicateActiveTaskForceError,
				title=_("One task force per region"),
			)

	def set_parent_task_force(self):
		"""A district's parent is its province's task force, a province's the national one."""
		parent_level = PARENT_LEVEL[self.level]
		if not parent_level:
			if self.parent_task_force:
				frappe.throw(
					_("The national task force has no parent task force."),
					InvalidParentTaskForceError,
					title=_("Invalid parent task force"),
				)
			return

		parent_region = frappe.db.get_value("Region", self.region, "parent_region")
		if self.parent_task_force:
			actual_region = frappe.db.get_value("Task Force", self.parent_task_force, "region")
			if actual_region != parent_region:
				frappe.throw(
					_("The parent of this task force must be the task force of {0}.").format(
						frappe.bold(frappe.db.get_value("Region", parent_region, "region_name"))
					),
					InvalidParentTaskForceError,
					title=_("Invalid parent task force"),
				)
			return
		# Left empty: take the parent region's task force for this period, when there is one.
		candidates = overlapping_task_forces(parent_region, self.period_start, self.period_end)
		if candidates:
			self.parent_task_force = candidates[0]

	def set_status(self):
		self.status = period_status(getdate(self.period_start), getdate(self.period_end), getdate(today()))

	def on_update(self):
		if self.has_value_changed("region"):
			# Members' region follows the task force; their User Permissions follow the members.
			for member in frappe.get_all(
				"Task Force Member", filters={"task_force": self.name}, pluck="name"
			):
				frappe.get_doc("Task Force Member", member).save(ignore_permissions=True)
