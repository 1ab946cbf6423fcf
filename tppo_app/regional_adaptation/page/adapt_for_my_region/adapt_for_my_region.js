// Adapt for My Region: everything a province has adapted, a preview of each form, the change log with revert.
frappe.pages["adapt-for-my-region"].on_page_load = (wrapper) => {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("Adapt for My Region"),
		single_column: true,
	});
	const api = "tppo_app.regional_adaptation.overview";
	const esc = frappe.utils.escape_html;
	let region = null;
	let region_name = null;

	const region_field = page.add_field({
		fieldname: "region",
		label: __("Province"),
		fieldtype: "Link",
		options: "Region",
		get_query: () => ({ filters: { region_type: "Province" } }),
		change() {
			// A Link control reports "" while it fetches the title of a value set by code (load() below):
			// keep the province already shown rather than losing it (the buttons below create records in it).
			const value = region_field.get_value();
			if (value && value !== region) {
				region = value;
				load();
			}
		},
	});
	page.set_primary_action(__("Add Regional Field"), () =>
		frappe.new_doc("Regional Field", { region })
	);
	page.add_inner_button(__("Add Form Rule"), () => frappe.new_doc("Regional Form Rule", { region }));
	page.add_inner_button(__("Approval Chain"), () =>
		frappe.db.get_value("Approval Chain", { region }, "name").then(({ message }) =>
			message?.name
				? frappe.set_route("Form", "Approval Chain", message.name)
				: frappe.new_doc("Approval Chain", { region })
		)
	);
	const body = $('<div class="tppo-adapt"></div>').appendTo(page.main);

	function section(title, inner) {
		return `<div class="frappe-card p-4 mb-4"><h5 class="mb-3">${title}</h5>${inner}</div>`;
	}
	function table(headers, rows) {
		if (!rows.length) return `<p class="text-muted">${__("Nothing adapted yet.")}</p>`;
		return `<table class="table table-sm"><thead><tr>${headers
			.map((h) => `<th>${h}</th>`)
			.join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
	}
	const link = (doctype, name, label) =>
		`<a href="/app/${frappe.router.slug(doctype)}/${encodeURIComponent(name)}">${esc(label || name)}</a>`;

	function load() {
		frappe.xcall(`${api}.get_overview`, { region }).then((data) => {
			if (data.needs_region) {
				body.html(section(__("Choose a province"), `<p class="text-muted">${__("National admins pick the province to look at.")}</p>`));
				return;
			}
			region = data.region;
			region_name = data.region_name;
			if (region_field.get_value() !== region) region_field.set_value(region);
			const forms = data.forms
				.map((form) => {
					const rows = form.fields.map((f) => [
						link("Regional Field", f.name, frappe.boot.lang === "id" ? f.label_id : f.label),
						__(f.fieldtype),
						f.reqd ? __("Yes") : "",
						esc(f.insert_after_label || f.insert_after || ""),
						f.enabled === 0 ? __("Disabled") : __("Enabled"),
					]);
					for (const r of form.rules) rows.push([esc(r.field_label || r.fieldname), __(r.rule), "", "", __("Form Rule")]);
					return `<div class="mb-3"><div class="d-flex justify-content-between"><b>${esc(form.label)}</b>
						<button class="btn btn-xs btn-default" data-preview="${esc(form.doctype)}">${__("Preview")}</button></div>
						${table([__("Field"), __("Type"), __("Mandatory"), __("Show After Field"), __("Status")], rows)}</div>`;
				})
				.join("");
			const chain = data.chain.levels || [];
			const chain_html = `<p>${__("District → {0} → province verification → ministry approval", [
				chain.map((l) => esc(l.level_name)).join(" → ") || "—",
			])}</p>${
				data.chain.name ? `<p class="text-muted">${__("Version {0}", [data.chain.version])} · ${link("Approval Chain", data.chain.name, __("Open"))}</p>` : ""
			}`;
			const lists = data.list_entries
				.filter((l) => l.entries.length)
				.map((l) => [esc(l.label), l.entries.map((e) => link(l.doctype, e)).join(", ")]);
			const templates = data.templates.map((t) => [link("RAN Report Template", t.name, t.title)]);
			const log = data.log.map((entry) => [
				frappe.datetime.str_to_user(entry.changed_on),
				esc(entry.changed_by),
				__(entry.action),
				link(entry.reference_doctype, entry.reference_name, `${__(entry.reference_doctype)} ${entry.reference_name}`),
				esc(entry.summary || ""),
				entry.reverted_by_log || entry.action === "Reverted"
					? `<span class="text-muted">${entry.reverted_by_log ? __("Reverted") : ""}</span>`
					: `<button class="btn btn-xs btn-default" data-revert="${esc(entry.name)}">${__("Revert")}</button>`,
			]);
			body.html(
				section(__("Regional Fields and Form Rules of {0}", [esc(data.region_name)]), forms) +
					section(__("Approval Chain"), chain_html) +
					section(__("Regional List Entries"), table([__("List"), __("Entries")], lists)) +
					section(__("Report Templates"), table([__("Template")], templates)) +
					section(__("Changes"), table([__("When"), __("Who"), __("Action"), __("Document"), __("What Changed"), ""], log))
			);
		});
	}

	body.on("click", "[data-preview]", (e) => {
		const doctype = $(e.currentTarget).attr("data-preview");
		frappe.xcall(`${api}.get_form_preview`, { doctype, region }).then((fields) => {
			const dialog = new frappe.ui.Dialog({
				title: __("{0} as users in {1} see it", [__(doctype), region_name || region]),
				size: "extra-large",
				fields,
			});
			dialog.show();
		});
	});
	body.on("click", "[data-revert]", (e) => {
		const log = $(e.currentTarget).attr("data-revert");
		frappe.confirm(__("Undo this change and restore what was there before?"), () =>
			frappe.xcall("tppo_app.regional_adaptation.adaptation_log.revert", { log }).then(() => {
				frappe.show_alert({ message: __("Change reverted"), indicator: "green" });
				load();
			})
		);
	});

	load();
};
