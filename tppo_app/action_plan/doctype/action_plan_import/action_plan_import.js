// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.ui.form.on("Action Plan Import", {
	setup(frm) {
		frm.set_df_property("import_file", "options", { restrictions: { allowed_file_types: [".xlsx"] } });
	},

	refresh(frm) {
		frm.get_field("preview_html").html(frm.doc.preview_data || "");
		if (frm.doc.action_plan) {
			frm.add_custom_button(__("Download Template"), () => {
				const method =
					"/api/method/tppo_app.action_plan.doctype.action_plan_import.action_plan_import.download_template";
				window.open(`${method}?action_plan=${encodeURIComponent(frm.doc.action_plan)}`);
			});
		}
		if (frm.is_new() || !frm.doc.import_file || frm.doc.status === "Imported") return;

		frm.add_custom_button(__("Preview"), () =>
			frm.call({ method: "preview", doc: frm.doc, freeze: true }).then(() => frm.refresh())
		);
		if (frm.doc.status === "Previewed") {
			frm.add_custom_button(__("Import"), () =>
				frappe.confirm(__("Create every item of this file in {0}?", [frm.doc.action_plan]), () =>
					frm
						.call({
							method: "start_import",
							doc: frm.doc,
							freeze: true,
							freeze_message: __("Importing..."),
						})
						.then(({ message }) => {
							frappe.show_alert({
								message: __("{0} items imported", [message]),
								indicator: "green",
							});
							frm.refresh();
						})
				)
			).addClass("btn-primary");
		}
	},

	import_file(frm) {
		// A new file is checked again from the start.
		if (!frm.is_new() && frm.doc.import_file) frm.save();
	},
});
