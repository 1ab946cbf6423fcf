# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import getdate, today, validate_email_address

from tppo_app.access.grants import check_membership_change
from tppo_app.task_force.rules import membership_active, normalise_phone
from tppo_app.task_force.utils import sync_user_region_permissions
from tppo_app.utils.document import TPPODocument


class InvalidPhoneError(frappe.ValidationError):
	pass


class InvalidMembershipError(frappe.ValidationError):
	pass


class TaskForceMember(TPPODocument):
	def validate(self):
		self.full_name = " ".join((self.full_name or "").split())
		self.validate_contact()
		self.validate_dates()
		self.validate_sub_task_force()
		self.validate_user()
		self.is_active = int(
			membership_active(
				getdate(self.start_date), self.end_date and getdate(self.end_date), getdate(today())
			)
		)

	def validate_contact(self):
		if self.email:
			self.email = self.email.strip().lower()
			if not validate_email_address(self.email):
				frappe.throw(
					_("{0} is not a valid email address.").format(frappe.bold(self.email)),
					frappe.InvalidEmailAddressError,
					title=_("Invalid email"),
				)
		if self.mobile_no:
			normalised = normalise_phone(self.mobile_no)
			if not normalised:
				frappe.throw(
					_(
						"{0} is not a valid Indonesian phone number. Write it as 08…, 628… or +628…, e.g. 0812 3456 7890."
					).format(frappe.bold(self.mobile_no)),
					InvalidPhoneError,
					title=_("Invalid phone number"),
				)
			self.mobile_no = normalised

	def validate_dates(self):
		if self.end_date and getdate(self.end_date) < getdate(self.start_date):
			frappe.throw(
				_("The membership ends before it starts."), InvalidMembershipError, title=_("Invalid period")
			)

	def validate_sub_task_force(self):
		if self.sub_task_force and frappe.db.get_value(
			"Sub Task Force", self.sub_task_force, "task_force"
		) != (self.task_force):
			frappe.throw(
				_("Sub task force {0} belongs to another task force.").format(
					frappe.bold(self.sub_task_force)
				),
				InvalidMembershipError,
				title=_("Invalid sub task force"),
			)

	def validate_user(self):
		"""Linking a user, and changing or ending a membership with one, are the admins' (access.grants)."""
		check_membership_change(self)

	def on_trash(self):
		check_membership_change(self, deleting=True)

	def on_update(self):
		self.sync_access()

	def after_delete(self):
		self.sync_access()

	def sync_access(self):
		"""The linked user (and a user unlinked just now) get the region access their memberships give."""
		before = self.get_doc_before_save()
		released = {self.region, before and before.region}
		for user in filter(None, {self.user, before and before.user}):
			sync_user_region_permissions(user, released, reference=self)
