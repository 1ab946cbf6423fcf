// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.query_reports["RAN Achievement"] = {
	filters: [
		{
			fieldname: "action_plan",
			label: __("Action Plan"),
			fieldtype: "Link",
			options: "Action Plan",
			reqd: 1,
			on_change(report) {
				// A period belongs to one plan: clearing it refreshes the report, else refresh here.
				if (report.get_filter_value("reporting_period")) {
					report.set_filter_value("reporting_period", "");
				} else {
					report.refresh();
				}
			},
		},
		{
			fieldname: "include_adopting_plans",
			label: __("Include Adopting Plans"),
			fieldtype: "Check",
			default: 1,
		},
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
		},
		{
			fieldname: "reporting_period",
			label: __("Reporting Period"),
			fieldtype: "Link",
			options: "Reporting Period",
			get_query: () => {
				const filters = {};
				const action_plan = frappe.query_report.get_filter_value("action_plan");
				const year = frappe.query_report.get_filter_value("year");
				if (action_plan) filters.action_plan = action_plan;
				if (year) filters.year = year;
				return { filters };
			},
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Cluster", label: __("Cluster / Item") },
				{ value: "Region", label: __("Region: Province / District") },
			],
			default: "Cluster",
			reqd: 1,
		},
		{
			fieldname: "cluster",
			label: __("Cluster"),
			fieldtype: "Link",
			options: "Action Plan Cluster",
		},
		{
			fieldname: "region",
			label: __("Region"),
			fieldtype: "Link",
			options: "Region",
		},
		{
			fieldname: "agency",
			label: __("Responsible Agency"),
			fieldtype: "Link",
			options: "Agency",
		},
		{
			fieldname: "include_unapproved",
			label: __("Include Unapproved"),
			fieldtype: "Check",
			default: 0,
		},
		{
			fieldname: "totals_only",
			label: __("Totals Only"),
			fieldtype: "Check",
			default: 0,
		},
	],
	tree: true,
	name_field: "label",
	parent_field: "",
	initial_depth: 2,
	onload(report) {
		// The same numbers as a formatted Excel matrix (cluster rows with their rollup, items indented).
		report.page.add_inner_button(__("Excel Matrix"), () =>
			open_url_post("/api/method/tppo_app.action_plan.export.achievement_matrix", {
				filters: JSON.stringify(report.get_filter_values()),
			})
		);
		// The plan the user works with (their region's RAD, or the RAN) and its latest year with approved
		// reports, unless a plan is already chosen.
		if (report.get_filter_value("action_plan")) return;
		frappe.xcall("tppo_app.action_plan.dashboard.report_defaults").then(({ action_plan, year }) => {
			if (action_plan && !report.get_filter_value("action_plan")) {
				report.set_filter_value({ year, action_plan });
			}
		});
	},
	formatter(value, row, column, data, default_formatter) {
		// Nothing to show is not zero: an item without a target or a report is not 0% achieved.
		if (data && data[column.fieldname] == null && ["Float", "Percent", "Int"].includes(column.fieldtype)) {
			return "";
		}
		value = default_formatter(value, row, column, data);
		if (data && data.indent < 2 && column.fieldname === "label") {
			value = `<b>${value}</b>`;
		}
		return value;
	},
};

