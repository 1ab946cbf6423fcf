// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.ui.form.on("Task Force Report", {
	refresh(frm) {
		frm.get_field("compiled_html").$wrapper.empty();
		if (frm.is_new()) return;
		if (frm.doc.docstatus === 0 && frm.has_perm("write")) {
			frm.add_custom_button(frm.doc.compiled_on ? __("Recompile") : __("Compile"), () =>
				frappe
					.xcall("tppo_app.reporting.doctype.task_force_report.task_force_report.compile_report", {
						name: frm.doc.name,
					})
					.then(() => frm.reload_doc()),
			);
		}
		if (frm.doc.docstatus === 0 && frm.has_perm("write")) {
			frm.add_custom_button(
				__("Ask an Agency"),
				() =>
					frappe.new_doc("Task Force Report Contribution", {
						task_force_report: frm.doc.name,
					}),
				__("Contributions"),
			);
			frm.add_custom_button(
				__("Merge Submitted Contributions"),
				() =>
					frappe
						.xcall("tppo_app.reporting.contributions.merge_contributions", { report: frm.doc.name })
						.then((count) => {
							frappe.show_alert(__("{0} contributions merged", [count]));
							frm.reload_doc();
						}),
				__("Contributions"),
			);
		}
		if (frm.doc.compiled_on) {
			for (const [label, format] of [
				[__("PDF"), "pdf"],
				[__("Word (.docx)"), "docx"],
			]) {
				frm.add_custom_button(
					label,
					() => {
						const method = `tppo_app.reporting.output.download_${format}`;
						window.open(`/api/method/${method}?name=${encodeURIComponent(frm.doc.name)}`);
					},
					__("Download"),
				);
			}
			frappe
				.xcall("tppo_app.reporting.doctype.task_force_report.task_force_report.get_preview", {
					name: frm.doc.name,
				})
				.then((html) => frm.get_field("compiled_html").$wrapper.html(html));
		}
	},
});
