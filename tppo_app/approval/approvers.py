"""Who acts next on a progress report, from the region hierarchy: the level's approvers at a regional review level,
the province's admins for a district report in Submitted, the ministry's reviewers for a report in Verified, the
submitter for a returned one."""

import frappe

from tppo_app.approval.chain import approvers_of_state
from tppo_app.approval.states import RETURNED, SUBMITTED, VERIFIED
from tppo_app.regions import users_with_role_in_region
from tppo_app.roles import DISTRICT_FOCAL_POINT, MINISTRY_REVIEWER, PROVINCIAL_ADMIN


def next_approvers(doc) -> list[str]:
	state = doc.workflow_state
	level_approvers = approvers_of_state(doc)
	if level_approvers is not None:
		return level_approvers
	if state == SUBMITTED:
		province = frappe.db.get_value("Region", doc.region, "parent_region")
		return users_with_role_in_region(PROVINCIAL_ADMIN, province)
	if state == VERIFIED:
		return users_with_role_in_region(MINISTRY_REVIEWER, None)
	if state == RETURNED:
		return (
			[doc.submitted_by]
			if doc.submitted_by
			else users_with_role_in_region(DISTRICT_FOCAL_POINT, doc.region)
		)
	return []
