// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.listview_settings.Recommendation = {
	add_fields: ["status", "is_overdue", "due_date"],
	get_indicator(doc) {
		if (doc.is_overdue) return [__("Overdue"), "red", "is_overdue,=,1"];
		const colours = { Open: "orange", "In Progress": "blue", Done: "green", Dropped: "gray" };
		return [__(doc.status), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
