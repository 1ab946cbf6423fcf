"""Who sees a coordination meeting: the organising task force's region, as for any record, and, for a joint
meeting, the regions of every other task force taking part (a province's meeting with its regencies and
cities). Only the organiser's region changes it.

Frappe's User Permissions can only narrow what a user sees, so the meeting's region field ignores them and
tppo_app.access.scoping applies this criterion instead (CUSTOM), to list views and forms alike.
"""

import frappe

from tppo_app.regions import NO_REGION, get_user_regions, nothing


def meeting_criterion(user: str, for_write: bool = False):
	allowed = get_user_regions(user, "Coordination Meeting")
	if allowed is None:
		return None
	meeting = frappe.qb.DocType("Coordination Meeting")
	if allowed == [NO_REGION]:
		return nothing(meeting)
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
