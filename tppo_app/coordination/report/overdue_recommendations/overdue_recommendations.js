// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.query_reports["Overdue Recommendations"] = {
	filters: [
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
		{ fieldname: "task_force", label: __("Task Force"), fieldtype: "Link", options: "Task Force" },
		{ fieldname: "agency", label: __("Responsible Agency"), fieldtype: "Link", options: "Agency" },
	],
};
