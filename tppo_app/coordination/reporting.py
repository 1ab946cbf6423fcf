"""What the coordination reports share: region scope and the common filters.

qb does not apply User Permissions, so every report re-applies the user's regions itself
(tppo_app.permissions.get_user_regions), the same scope list views get.
"""

import frappe
from frappe import _
from frappe.utils import getdate

from tppo_app.permissions import get_user_regions, in_region


def scoped(query, table, filters, doctype: str):
	"""The query limited to the user's regions, and to the region filter (with everything under it)."""
	allowed = get_user_regions(doctype=doctype)
	if allowed is not None:
		query = query.where(table.region.isin(allowed))
	if filters.get("region"):
		query = query.where(in_region(table.region, filters.region))
	if filters.get("task_force"):
		query = query.where(table.task_force == filters.task_force)
	return query


def date_range(query, field, filters):
	if (
		filters.get("from_date")
		and filters.get("to_date")
		and getdate(filters.from_date) > getdate(filters.to_date)
	):
		frappe.throw(_("From Date must be before To Date."), title=_("Invalid filters"))
	if filters.get("from_date"):
		query = query.where(field >= getdate(filters.from_date))
	if filters.get("to_date"):
		query = query.where(field <= getdate(filters.to_date))
	return query


def period_filter(filters) -> str:
	from tppo_app.coordination.rules import PERIODS

	period = filters.get("period") or "Quarter"
	if period not in PERIODS:
		frappe.throw(_("Period must be one of: {0}.").format(", ".join(_(p) for p in PERIODS)))
	return period
