// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.query_reports["Reporting Compliance"] = {
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
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			default: new Date().getFullYear(),
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
			fieldname: "region",
			label: __("Region"),
			fieldtype: "Link",
			options: "Region",
		},
	],
	tree: true,
	name_field: "label",
	parent_field: "",
	initial_depth: 1,
	onload(report) {
		// The plan the user works with (their region's RAD, or the RAN), unless a plan is already chosen.
		if (report.get_filter_value("action_plan")) return;
		frappe.xcall("tppo_app.action_plan.dashboard.report_defaults").then(({ action_plan }) => {
			if (action_plan && !report.get_filter_value("action_plan")) {
				report.set_filter_value("action_plan", action_plan);
			}
		});
	},
	formatter(value, row, column, data, default_formatter) {
		if (data && data[column.fieldname] == null && ["Percent", "Int"].includes(column.fieldtype)) {
			return "";
		}
		value = default_formatter(value, row, column, data);
		if (!data) return value;
		if (data.indent === 0 && column.fieldname === "label") {
			value = `<b>${value}</b>`;
		}
		if (column.fieldname === "status" && data.status_code) {
			const colour = { "On Time": "green", Late: "orange", Missing: "red", "Not Due": "gray" }[
				data.status_code
			];
			value = `<span class="indicator-pill ${colour}">${value}</span>`;
		}
		return value;
	},
};
