// Regional fields and form rules (tppo_app.regional_adaptation): a province's own fields appear, as real
// controls, in the forms of its records and its regencies'/cities'. Values live in the record's
// `regional_values` table; the server validates them again on save.
(() => {
	const ADAPTABLE = [
		"Progress Report",
		"Action Plan Item",
		"Task Force Member",
		"TPPO Case",
		"Victim Service",
		"Training",
	];
	const cache = {};

	function adaptation(doctype, region) {
		const key = `${doctype}::${region}`;
		if (!cache[key]) {
			cache[key] = frappe.xcall("tppo_app.regional_adaptation.regional_fields.get_form_adaptation", {
				doctype,
				region,
			});
		}
		return cache[key];
	}

	const label_of = (field) => (frappe.boot.lang === "id" && field.label_id) || field.label;
	const help_of = (field) => (frappe.boot.lang === "id" && field.description_id) || field.description;

	function value_row(frm, field, row_name) {
		return (frm.doc.regional_values || []).find(
			(r) => r.regional_field === field.name && (r.row_name || null) === (row_name || null)
		);
	}

	function set_value(frm, field, row_name, value) {
		let row = value_row(frm, field, row_name);
		const text = value === undefined || value === null ? "" : String(value);
		if ((row ? row.value || "" : "") === text) return; // nothing changed (e.g. the control's first render)
		if (!row) {
			row = frappe.model.add_child(frm.doc, "Regional Value", "regional_values");
			row.regional_field = field.name;
			row.fieldname = field.fieldname;
			row.row_name = row_name || null;
		}
		row.value = text;
		frm.dirty();
	}

	function make_control(frm, field, parent, row_name) {
		const control = frappe.ui.form.make_control({
			df: {
				fieldtype: field.fieldtype === "Small Text" ? "Small Text" : field.fieldtype,
				fieldname: `${field.fieldname}${row_name ? `__${row_name}` : ""}`,
				label: label_of(field),
				options: field.options,
				reqd: field.reqd,
				description: help_of(field),
				read_only: frm.doc.docstatus > 0 ? 1 : 0,
				onchange() {
					set_value(frm, field, row_name, control.get_value());
				},
			},
			parent,
			render_input: true,
		});
		const existing = value_row(frm, field, row_name);
		control.set_value(existing ? existing.value : "");
		control.refresh();
		return control;
	}

	function clear(frm) {
		for (const el of frm.__tppo_regional || []) el.remove();
		frm.__tppo_regional = [];
	}

	function render(frm) {
		// refresh and region both render (a new record gets its region on load): only the latest call draws,
		// once its fields have arrived, so that no field shows twice.
		frm.__tppo_render_token = (frm.__tppo_render_token || 0) + 1;
		const token = frm.__tppo_render_token;
		if (!frm.doc.region) {
			clear(frm);
			return;
		}
		adaptation(frm.doctype, frm.doc.region).then(({ fields, rules }) => {
			if (token !== frm.__tppo_render_token) return;
			clear(frm);
			rules.forEach((rule) => {
				if (rule.rule === "Hide") frm.set_df_property(rule.fieldname, "hidden", 1);
				if (rule.rule === "Make Mandatory") frm.set_df_property(rule.fieldname, "reqd", 1);
			});
			// The server resolves each field's place (its "Show After Field", or the end of the form's first
			// section): the same place the Adapt page's preview shows. One field's trouble never stops the others.
			const own = fields.filter((f) => !f.applies_to_rows);
			const previous = {};
			own.forEach((field) => {
				try {
					const anchor = frm.fields_dict[field.insert_after] || frm.fields_dict[frm.meta.fields[0].fieldname];
					const holder = $('<div class="tppo-regional-field"></div>').attr("data-regional-field", field.fieldname);
					// several fields after the same one keep their order
					holder.insertAfter(previous[field.insert_after] || $(anchor.wrapper));
					previous[field.insert_after] = holder;
					make_control(frm, field, holder.get(0), null);
					frm.__tppo_regional.push(holder);
				} catch (error) {
					console.error(`regional field ${field.fieldname}:`, error);
				}
			});
			frm.__tppo_row_fields = fields.filter((f) => f.applies_to_rows);
		});
	}

	const handlers = { refresh: render, region: render };
	for (const doctype of ADAPTABLE) frappe.ui.form.on(doctype, handlers);

	// Row-level fields of a progress report, inside each item row's form.
	frappe.ui.form.on("Progress Report Item", {
		form_render(frm, cdt, cdn) {
			const fields = frm.__tppo_row_fields || [];
			const grid_row = frm.fields_dict.items.grid.grid_rows_by_docname[cdn];
			if (!fields.length || !grid_row?.grid_form) return;
			const wrapper = $(grid_row.grid_form.wrapper).find(".form-layout");
			wrapper.find(".tppo-regional-row").remove();
			const holder = $('<div class="tppo-regional-row"></div>').appendTo(wrapper);
			const item = locals[cdt][cdn].action_plan_item;
			for (const field of fields) make_control(frm, field, holder.get(0), item);
		},
	});
})();
