// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

// "Show After Field" is a choice of the form's fields by the labels the user sees (the server stores the field
// name, and also accepts a label typed through the API or an import).
frappe.ui.form.on("Regional Field", {
	refresh(frm) {
		frm.trigger("set_anchor_options");
	},

	document_type(frm) {
		frm.set_value("insert_after", null);
		frm.trigger("set_anchor_options");
	},

	set_anchor_options(frm) {
		const doctype = frm.doc.document_type;
		if (!doctype) return;
		frappe.model.with_doctype(doctype, () => {
			const layout = ["Section Break", "Column Break", "Tab Break"];
			const options = frappe
				.get_meta(doctype)
				.fields.filter(
					(df) =>
						df.label &&
						!df.hidden &&
						!layout.includes(df.fieldtype) &&
						!["regional_values", "regional_summary"].includes(df.fieldname)
				)
				.map((df) => ({ value: df.fieldname, label: __(df.label) }));
			frm.set_df_property("insert_after", "options", [{ value: "", label: "" }, ...options]);
			frm.refresh_field("insert_after");
		});
	},
});
