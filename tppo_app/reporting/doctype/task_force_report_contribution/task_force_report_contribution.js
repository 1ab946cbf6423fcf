// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.ui.form.on("Task Force Report Contribution", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.status === "Requested" && frm.has_perm("write")) {
			frm.add_custom_button(__("Submit Contribution"), () =>
				frm
					.save()
					.then(() =>
						frappe.xcall("tppo_app.reporting.contributions.submit_contribution", {
							name: frm.doc.name,
						}),
					)
					.then(() => frm.reload_doc()),
			);
		}
	},
});
