"""Who sees a coordination meeting: the organising task force's region, as for any record, and, for a joint
meeting, the regions of every other task force taking part (a province's meeting with its regencies and
cities). Only the organiser's region changes it.

Frappe's User Permissions can only narrow what a user sees, so the meeting's region field ignores them and
these two hooks apply the rule instead, both from one qb criterion so that list views and forms agree.
"""

import frappe

from tppo_app.permissions import READ_PTYPES, get_user_regions, matches


def _criterion(user: str, for_write: bool):
	allowed = get_user_regions(user, "Coordination Meeting")
	if allowed is None:
		return None
	meeting = frappe.qb.DocType("Coordination Meeting")
	own = meeting.region.isin(allowed)
	if for_write:
		return own
	joint = frappe.qb.DocType("Coordination Meeting Task Force")
	taking_part = (
		frappe.qb.from_(joint)
		.select(joint.parent)
		.where((joint.parenttype == "Coordination Meeting") & joint.region.isin(allowed))
	)
	return own | meeting.name.isin(taking_part)


def meeting_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	criterion = _criterion(user or frappe.session.user, for_write=False)
	return "" if criterion is None else criterion.get_sql(with_namespace=True, quote_char="`")


def has_meeting_permission(doc, ptype: str = "read", user: str | None = None, debug: bool = False) -> bool:
	if doc.is_new() or not doc.get("name"):
		return True  # validate_region_scope decides where a new meeting may go
	criterion = _criterion(user or frappe.session.user, for_write=ptype not in READ_PTYPES)
	return criterion is None or matches(doc, criterion)
