// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.query_reports["Recommendation Follow-up"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Agency", label: __("Agency") },
				{ value: "Task Force", label: __("Task Force") },
				{ value: "Period", label: __("Period") },
			],
			default: "Agency",
			reqd: 1,
		},
		{
			fieldname: "period",
			label: __("Period"),
			fieldtype: "Select",
			options: [
				{ value: "Month", label: __("Month") },
				{ value: "Quarter", label: __("Quarter") },
				{ value: "Year", label: __("Year") },
			],
			default: "Quarter",
			depends_on: "eval:doc.group_by == 'Period'",
		},
		{ fieldname: "from_date", label: __("Meetings From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("Meetings To"), fieldtype: "Date" },
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
		{ fieldname: "task_force", label: __("Task Force"), fieldtype: "Link", options: "Task Force" },
		{ fieldname: "agency", label: __("Responsible Agency"), fieldtype: "Link", options: "Agency" },
	],
};
