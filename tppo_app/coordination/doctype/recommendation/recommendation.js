// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.ui.form.on("Recommendation", {
	setup(frm) {
		frm.set_query("meeting", () => ({ filters: { docstatus: ["<", 2] } }));
		frm.set_query("responsible_member", () => ({ filters: { is_active: 1 } }));
	},

	refresh(frm) {
		if (frm.doc.is_overdue) {
			frm.dashboard.set_headline_alert(
				__("Overdue: due on {0}.", [frappe.datetime.str_to_user(frm.doc.due_date)]),
				"red"
			);
		}
	},

	responsible_member(frm) {
		if (!frm.doc.responsible_member) return;
		frappe.db
			.get_value("Task Force Member", frm.doc.responsible_member, ["agency", "user"])
			.then(({ message }) => {
				if (!message) return;
				if (!frm.doc.responsible_agency) frm.set_value("responsible_agency", message.agency);
				if (message.user) frm.set_value("responsible_user", message.user);
			});
	},
});
