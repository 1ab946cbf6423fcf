// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.query_reports["Attendance by Agency"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date" },
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
		{ fieldname: "task_force", label: __("Task Force"), fieldtype: "Link", options: "Task Force" },
		{ fieldname: "agency", label: __("Agency"), fieldtype: "Link", options: "Agency" },
	],
};
