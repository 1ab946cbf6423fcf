// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.query_reports["Task Force Roster"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Task Force", label: __("Task Force") },
				{ value: "Agency", label: __("Agency") },
				{ value: "Sub Task Force", label: __("Sub Task Force") },
			],
			default: "Task Force",
			reqd: 1,
		},
		{
			fieldname: "region",
			label: __("Region"),
			fieldtype: "Link",
			options: "Region",
		},
		{
			fieldname: "task_force",
			label: __("Task Force"),
			fieldtype: "Link",
			options: "Task Force",
		},
		{
			fieldname: "agency",
			label: __("Agency"),
			fieldtype: "Link",
			options: "Agency",
		},
		{
			fieldname: "sub_task_force",
			label: __("Sub Task Force"),
			fieldtype: "Link",
			options: "Sub Task Force",
			get_query: () => {
				const task_force = frappe.query_report.get_filter_value("task_force");
				return task_force ? { filters: { task_force } } : {};
			},
		},
		{
			fieldname: "active_only",
			label: __("Active Members Only"),
			fieldtype: "Check",
			default: 1,
		},
	],
	tree: true,
	name_field: "group",
	parent_field: "",
	initial_depth: 1,
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.indent === 0 && column.fieldname === "group") {
			value = `<b>${value}</b>`;
		}
		return value;
	},
};
