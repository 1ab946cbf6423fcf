// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["National Achievement by Cluster"] = {
	method: "tppo_app.action_plan.dashboard_chart_source.national_achievement_by_cluster.national_achievement_by_cluster.get",
	filters: [
		{
			fieldname: "action_plan",
			label: __("Action Plan"),
			fieldtype: "Link",
			options: "Action Plan",
			description: __("Empty: the active RAN, with the regional plans that adopt it."),
		},
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			description: __("Empty: the latest year with approved reports."),
		},
	],
};
