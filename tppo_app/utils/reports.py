"""Script reports answer a user's error with a message and no rows.

Frappe v15 starts a 15-second timer when a script report runs and cancels it only when `execute` returns: an
exception thrown inside `execute` (a refused filter, a 403) leaves the timer running, and 15 seconds later the
report becomes a background (prepared) report for every user. `safe_report` wraps each report's `execute`:
filters of the wrong kind are refused before any query, and any error becomes a message and an empty result.
The patch `tppo_app.patches.reports_back_to_normal` returns reports already switched.
"""

import functools

import frappe
from frappe import _


class ReportFilterError(frappe.ValidationError):
	pass


def check_filter_values(filters) -> dict:
	"""Filters are a mapping of names to text, numbers, yes/no or lists of those; anything else is refused."""
	filters = frappe.parse_json(filters) if isinstance(filters, str) else filters
	if filters is None:
		return frappe._dict()
	if not isinstance(filters, dict):
		frappe.throw(
			_("The report's filters could not be read."), ReportFilterError, title=_("Invalid filter")
		)
	scalar = str | int | float | bool | type(None)
	for key, value in filters.items():
		ok = isinstance(value, scalar) or (
			isinstance(value, list | tuple) and all(isinstance(v, scalar) for v in value)
		)
		if not ok or not isinstance(key, str):
			frappe.throw(
				_("The filter {0} has a value of the wrong kind.").format(frappe.bold(str(key)[:60])),
				ReportFilterError,
				title=_("Invalid filter"),
			)
	return frappe._dict(filters)


def date_range(query, field, filters):
	"""The query limited to the filters' From and To dates (either may be empty); refused when they are the wrong
	way round."""
	from frappe.utils import getdate

	start, end = filters.get("from_date"), filters.get("to_date")
	if start and end and getdate(start) > getdate(end):
		frappe.throw(
			_("The From date comes after the To date."), ReportFilterError, title=_("Invalid filters")
		)
	if start:
		query = query.where(field >= getdate(start))
	if end:
		query = query.where(field <= getdate(end))
	return query


def safe_report(execute):
	@functools.wraps(execute)
	def wrapper(filters: dict | None = None):
		try:
			return execute(check_filter_values(filters))
		except (frappe.ValidationError, frappe.PermissionError) as refusal:
			# frappe.throw has already put its message in the response
			frappe.flags.report_refusal = refusal
			return [], []
		except Exception as error:
			frappe.flags.report_refusal = error
			# On the primary: a report may run on a read-only replica (tppo_app.replica).
			frappe.write_only()(frappe.log_error)(title=_("Report could not be run"))
			frappe.msgprint(
				_("This report could not be run with these filters. Check the filters and try again."),
				title=_("Invalid filter"),
				indicator="red",
			)
			return [], []

	wrapper.tppo_safe_report = True
	return wrapper
