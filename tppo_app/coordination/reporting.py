"""What the coordination reports share: region scope and the common filters.

qb applies no permission, so every report re-applies the user's regions itself (tppo_app.regions.scope_query),
the same scope list views get; dates go through tppo_app.utils.reports.date_range.
"""

import frappe
from frappe import _
from frappe.utils import getdate

from tppo_app.regions import in_region, scope_query


def scoped(query, table, filters, doctype: str):
	"""The query limited to the user's regions, and to the region filter (with everything under it)."""
	query = scope_query(query, table.region, doctype)
	if filters.get("region"):
		query = query.where(in_region(table.region, filters.region))
	if filters.get("task_force"):
		query = query.where(table.task_force == filters.task_force)
	return query


def period_filter(filters) -> str:
	from tppo_app.coordination.rules import PERIODS

	period = filters.get("period") or "Quarter"
	if period not in PERIODS:
		frappe.throw(_("Period must be one of: {0}.").format(", ".join(_(p) for p in PERIODS)))
	return period
