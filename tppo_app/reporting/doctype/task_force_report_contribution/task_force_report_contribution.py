# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""A section a member agency is asked to write for a Task Force Report (tppo_app.reporting.contributions)."""

import frappe
from frappe import _

from tppo_app.reporting import contributions
from tppo_app.utils.document import TPPODocument


class TaskForceReportContribution(TPPODocument):
	def validate(self):
		contributions.validate(self)

	def after_insert(self):
		contributions.notify(
			contributions.contributors(self.task_force, self.agency),
			self.name,
			_("Your agency is asked for a section of a task force report: {0}").format(self.section_title),
			_("Please write the section {0} by {1}. {2}").format(
				frappe.bold(self.section_title), self.due_date, frappe.utils.escape_html(self.request or "")
			),
		)

	def on_trash(self):
		from tppo_app.reporting import secretariat

		secretariat.check_secretariat(self.task_force)
