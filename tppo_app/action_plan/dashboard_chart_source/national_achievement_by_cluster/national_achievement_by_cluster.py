# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""Dashboard chart source "National Achievement by Cluster": the RAN's achievement per cluster, counting the
regional plans that adopt it, from approved reports in the user's regions (a province sees its own share).

The numbers are RAN Achievement's (same rows, same roll-up). Not cached: the chart differs per user's region.
"""

import frappe
from frappe import _

from tppo_app.action_plan.achievement import rollup, round_display
from tppo_app.action_plan.dashboard import latest_year
from tppo_app.action_plan.report.ran_achievement.ran_achievement import get_rows


@frappe.whitelist()
def get(chart_name: str | None = None, filters: str | dict | None = None, **kwargs) -> dict:
	frappe.has_permission("Progress Report", "read", throw=True)
	filters = frappe._dict(frappe.parse_json(filters) or {})
	action_plan = filters.action_plan or national_plan()
	if action_plan:
		frappe.has_permission("Action Plan", doc=action_plan, throw=True)
	year = filters.year or latest_year(action_plan)
	if not year:
		return {"labels": [], "datasets": []}

	rows = get_rows(frappe._dict(action_plan=action_plan, include_adopting_plans=1, year=year))
	clusters = [(c, t.achievement) for c, t in rollup(rows, "cluster").items() if t.achievement is not None]
	return {
		"labels": [_(cluster) if cluster else _("(no cluster)") for cluster, _value in clusters],
		"datasets": [
			{
				"name": _("Achievement % {0}").format(year),
				"values": [round_display(value) for _cluster, value in clusters],
			}
		],
	}


def national_plan() -> str | None:
	"""The active RAN (the latest, should two be active)."""
	plans = frappe.get_all(
		"Action Plan",
		filters={"plan_type": "RAN", "status": "Active"},
		order_by="start_year desc, creation desc",
		pluck="name",
		limit=1,
	)
	return plans[0] if plans else None
