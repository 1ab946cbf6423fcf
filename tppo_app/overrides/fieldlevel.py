"""A fix for Frappe v15's list queries: every field a user may not read is dropped, not every other one.

`DatabaseQuery.apply_fieldlevel_read_permissions` (frappe/model/db_query.py, v15.55.1) walks `self.fields`
with enumerate() and, for a field the user may not read, `remove_field` pops it from that same list when the
query returns dicts. The next field slides into the popped slot and is never checked, so
`frappe.get_list("Victim", fields=["full_name", "nik"])` run as a ministry reviewer returned the NIK. Frappe's
own HTTP list endpoints are not affected (reportview.validate_fields strips permlevel fields before the
query), but Python callers and endpoints that build field lists themselves are (frappe.desk.calendar.get_events
`fields`, frappe.desk.search.search_widget `filter_fields`).

`install` wraps the method to run it again until nothing more is removed: no field is left unchecked, and the
wrapper changes nothing once Frappe fixes the loop. It is installed when tppo_app.case_management.privacy is
imported (by the Victim controllers, the reports and the request check).
"""

from frappe.model.db_query import DatabaseQuery


def install() -> None:
	original = DatabaseQuery.apply_fieldlevel_read_permissions
	if getattr(original, "tppo_checks_every_field", False):
		return

	def apply_fieldlevel_read_permissions(self):
		if self.as_list:
			# Lists keep every slot (a dropped field becomes None), so one pass sees every field.
			return original(self)
		while True:
			before = list(self.fields)
			original(self)
			if self.fields == before:
				return

	apply_fieldlevel_read_permissions.tppo_checks_every_field = True
	apply_fieldlevel_read_permissions.__doc__ = original.__doc__
	# Deliberate, and the one patch of a Frappe method in the app: v15 leaves every other restricted field in a
	# list query's result (a victim's NIK); listed and checked in tppo_app.overrides.checks.
	# nosemgrep: frappe-monkey-patching-not-allowed
	DatabaseQuery.apply_fieldlevel_read_permissions = apply_fieldlevel_read_permissions
