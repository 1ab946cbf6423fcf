// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.listview_settings["Coordination Meeting"] = {
	add_fields: ["status", "meeting_date"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const colours = {
			Planned: "orange",
			Held: "blue",
			"Minutes Approved": "green",
			Cancelled: "red",
		};
		return [__(doc.status), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
