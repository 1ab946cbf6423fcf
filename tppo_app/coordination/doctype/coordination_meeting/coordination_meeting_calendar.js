// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

// Frappe v15 loads <doctype>_calendar.js beside the doctype for /app/coordination-meeting/view/calendar.
// Events come from frappe.desk.calendar.get_events (frappe.get_list: region scoping applies); moving an event
// rewrites starts_at/ends_at, from which the server takes the new date and times.
frappe.views.calendar["Coordination Meeting"] = {
	field_map: {
		start: "starts_at",
		end: "ends_at",
		id: "name",
		title: "title",
	},
	fields: ["name", "title", "starts_at", "ends_at", "status", "docstatus"],
	get_css_class(data) {
		const classes = {
			Planned: "warning",
			Held: "default",
			"Minutes Approved": "success",
			Cancelled: "danger",
		};
		return classes[data.status] || "default";
	},
	filters: [
		{ fieldtype: "Link", fieldname: "task_force", options: "Task Force", label: __("Task Force") },
		{ fieldtype: "Link", fieldname: "meeting_type", options: "Meeting Type", label: __("Meeting Type") },
	],
};
