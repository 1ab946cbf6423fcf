// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.ui.form.on("RAN Report Template", {
	setup(frm) {
		// Dimensions and condition fields include the custom fields of Progress Report and its rows.
		frappe
			.call("tppo_app.action_plan.doctype.ran_report_template.ran_report_template.get_field_options")
			.then(({ message }) => {
				frm.fields_dict.dimensions.grid.update_docfield_property(
					"dimension",
					"options",
					message.dimensions
				);
				frm.fields_dict.conditions.grid.update_docfield_property(
					"fieldname",
					"options",
					message.condition_fields
				);
			});
	},

	refresh(frm) {
		frm.add_custom_button(__("Import JSON"), () => frm.trigger("import_json"), __("Template"));
		if (frm.is_new()) return;
		frm.add_custom_button(__("Show Report"), () =>
			frappe.set_route("query-report", "RAN Template Report", { template: frm.doc.name })
		);
		frm.add_custom_button(__("Download JSON"), () => frm.trigger("export_json"), __("Template"));
	},

	export_json(frm) {
		frappe
			.call("tppo_app.action_plan.doctype.ran_report_template.ran_report_template.export_template", {
				name: frm.doc.name,
			})
			.then(({ message }) => {
				const link = document.createElement("a");
				link.href = URL.createObjectURL(new Blob([message], { type: "application/json" }));
				link.download = `${frappe.scrub(frm.doc.title || frm.doc.name)}.json`;
				link.click();
				URL.revokeObjectURL(link.href);
			});
	},

	import_json() {
		const dialog = new frappe.ui.Dialog({
			title: __("Import Report Template"),
			fields: [
				{
					fieldname: "file",
					fieldtype: "HTML",
					options: `<label class="control-label">${__("Exported File")}</label>
						<input type="file" accept=".json,application/json" class="form-control">`,
				},
				{
					fieldname: "data",
					fieldtype: "Code",
					options: "JSON",
					label: __("Template JSON"),
					description: __("Paste an exported template, or choose the exported file above."),
					reqd: 1,
				},
			],
			primary_action_label: __("Import"),
			primary_action({ data }) {
				frappe
					.call(
						"tppo_app.action_plan.doctype.ran_report_template.ran_report_template.import_template",
						{ data }
					)
					.then(({ message }) => {
						dialog.hide();
						frappe.show_alert({
							message: __("Template {0} imported", [message]),
							indicator: "green",
						});
						frappe.set_route("Form", "RAN Report Template", message);
					});
			},
		});
		dialog.fields_dict.file.$wrapper.find("input").on("change", (event) => {
			const file = event.target.files[0];
			if (file) file.text().then((text) => dialog.set_value("data", text));
		});
		dialog.show();
	},
});
