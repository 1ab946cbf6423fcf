// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.query_reports["Training Report"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Agency", "Region", "Province", "Topic", "Sex", "Year", "Quarter", "Month"].map(
				(value) => ({ value, label: __(value) })
			),
			default: "Agency",
			reqd: 1,
		},
		{ fieldname: "from_date", label: __("From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To"), fieldtype: "Date" },
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
		{ fieldname: "topic", label: __("Topic"), fieldtype: "Link", options: "Training Topic" },
		{ fieldname: "task_force", label: __("Task Force"), fieldtype: "Link", options: "Task Force" },
		{ fieldname: "agency", label: __("Participant's Agency"), fieldtype: "Link", options: "Agency" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		return data?.is_total_row ? `<b>${value}</b>` : value;
	},
};
