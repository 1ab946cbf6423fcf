# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class AchievementSummary(Document):
	"""Kept by tppo_app.action_plan.summary (on a progress report's approval and cancellation), never edited."""


def on_doctype_update():
	import frappe

	# The views total the rows of the reports they count; the approvals replace a task force's rows of a year.
	frappe.db.add_index("Achievement Summary", ["task_force", "action_plan", "year"])
