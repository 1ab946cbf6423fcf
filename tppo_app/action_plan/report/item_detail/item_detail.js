// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.query_reports["Item Detail"] = {
	filters: [
		{
			fieldname: "action_plan",
			label: __("Action Plan"),
			fieldtype: "Link",
			options: "Action Plan",
			description: __("To choose the item from; the report shows the item's regional copies too."),
		},
		{
			fieldname: "item",
			label: __("Item"),
			fieldtype: "Link",
			options: "Action Plan Item",
			reqd: 1,
			get_query: () => {
				const action_plan = frappe.query_report.get_filter_value("action_plan");
				return action_plan ? { filters: { action_plan } } : {};
			},
		},
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
		},
		{
			fieldname: "region",
			label: __("Region"),
			fieldtype: "Link",
			options: "Region",
		},
		{
			fieldname: "include_unapproved",
			label: __("Include Unapproved"),
			fieldtype: "Check",
			default: 0,
		},
	],
	formatter(value, row, column, data, default_formatter) {
		// Nothing to show is not zero: a row without a target or a report is not 0% achieved.
		if (data && data[column.fieldname] == null && ["Float", "Percent"].includes(column.fieldtype)) {
			return "";
		}
		return default_formatter(value, row, column, data);
	},
	onload(report) {
		// The plan the user works with (their region's RAD, or the RAN), to choose the item from.
		if (report.get_filter_value("action_plan") || report.get_filter_value("item")) return;
		frappe.xcall("tppo_app.action_plan.dashboard.report_defaults").then(({ action_plan }) => {
			if (action_plan && !report.get_filter_value("action_plan")) {
				report.set_filter_value("action_plan", action_plan);
			}
		});
	},
};
