// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.ui.form.on("Victim Service", {
	setup(frm) {
		frm.set_query("service_type", () => ({ filters: { disabled: 0 } }));
		frm.set_query("case", () => ({
			query: "tppo_app.case_management.doctype.victim_service.victim_service.cases_of_victim",
			filters: { victim: frm.doc.victim || "" },
		}));
	},

	refresh(frm) {
		if (frm.doc.is_overdue) {
			frm.dashboard.set_headline_alert(
				__("This referral has not started within the days set for referrals."),
				"red"
			);
		}
	},

	victim(frm) {
		frm.set_value("case", null);
	},
});
