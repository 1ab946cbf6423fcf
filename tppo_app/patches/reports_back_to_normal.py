"""Frappe v15 switched some of the app's script reports to background (prepared) reports after a user's error
(tppo_app.utils.reports): they run normally again."""

import frappe

from tppo_app.roles import MODULES


def execute():
	switched = frappe.get_all(
		"Report",
		filters={"module": ("in", MODULES), "is_standard": "Yes", "prepared_report": 1},
		pluck="name",
	)
	for name in switched:
		frappe.db.set_value("Report", name, "prepared_report", 0, update_modified=False)
	if switched:
		print(f"tppo_app: {len(switched)} report(s) run normally again: {', '.join(switched)}")
