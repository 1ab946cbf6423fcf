// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.ui.form.on("TPPO Case", {
	setup(frm) {
		frm.set_query("reporting_unit", () => ({
			filters: {
				agency_type: ["in", ["Police", "Police Women and Children Unit (UPPA)"]],
				is_active: 1,
			},
		}));
		for (const field of ["modus", "exploitation_form"]) {
			frm.set_query(field, () => ({ filters: { disabled: 0 } }));
		}
		for (const place of ["origin", "transit", "destination"]) {
			frm.set_query(`${place}_region`, () => ({ filters: { region_type: ["!=", "Country"] } }));
		}
	},

	refresh(frm) {
		if (!frm.is_new() && frappe.model.can_create("Victim Service")) {
			frm.add_custom_button(__("Add Victim Service"), () =>
				frappe.new_doc("Victim Service", { case: frm.doc.name })
			);
		}
	},

	modus(frm) {
		if (frm.doc.modus && !frm.doc.exploitation_form) {
			frappe.db
				.get_value("Trafficking Modus", frm.doc.modus, "exploitation_form")
				.then(({ message }) => message && frm.set_value("exploitation_form", message.exploitation_form));
		}
	},

	stage(frm) {
		// Dates of the stage reached are entered here; show the field to fill.
		const fields = {
			Inquiry: "inquiry_date",
			Investigation: "investigation_date",
			"Case File Complete (P21)": "p21_date",
			Prosecution: "prosecution_date",
			Verdict: "verdict_date",
			"Final Verdict": "final_verdict_date",
			"Stopped (SP3)": "sp3_date",
		};
		const field = fields[frm.doc.stage];
		if (field && !frm.doc[field]) frm.scroll_to_field(field);
	},
});
