// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.ui.form.on("Training", {
	setup(frm) {
		frm.set_query("topic", () => ({ filters: { disabled: 0 } }));
		frm.set_query("task_force_member", "participants", () => ({
			filters: { is_active: 1 },
		}));
	},

	start_date(frm) {
		if (frm.doc.start_date && !frm.doc.end_date) frm.set_value("end_date", frm.doc.start_date);
	},
});
