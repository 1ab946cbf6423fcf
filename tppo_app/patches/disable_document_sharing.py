"""Scope is given by region, never by a share a user makes: document sharing is switched off (the app's own
shares, e.g. a recommendation with its responsible user, are made by its code)."""

import frappe


def execute():
	if not frappe.db.get_single_value("System Settings", "disable_document_sharing"):
		frappe.db.set_single_value("System Settings", "disable_document_sharing", 1)
		print("tppo_app: document sharing switched off (System Settings); access follows regions")
