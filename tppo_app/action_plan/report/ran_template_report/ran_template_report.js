// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.query_reports["RAN Template Report"] = {
	filters: [
		{
			fieldname: "template",
			label: __("Report Template"),
			fieldtype: "Link",
			options: "RAN Report Template",
			reqd: 1,
		},
		{
			fieldname: "action_plan",
			label: __("Action Plan"),
			fieldtype: "Link",
			options: "Action Plan",
			description: __("Instead of the template's plan"),
		},
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			description: __("Instead of the template's year"),
		},
	],
	tree: true,
	name_field: "group",
	parent_field: "",
	initial_depth: 2,
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.indent <= 1 && column.fieldname === "group") {
			value = `<b>${value}</b>`;
		}
		return value;
	},
	onload(report) {
		report.page.add_inner_button(__("Edit Template"), () => {
			const template = report.get_filter_value("template");
			if (template) frappe.set_route("Form", "RAN Report Template", template);
		});
	},
};
