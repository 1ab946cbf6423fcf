// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

// The approval state shows in the user's language in the form too (Frappe translates it in the header and the
// list, but shows a read-only Link as stored to users who cannot open Workflow State).
frappe.form.link_formatters["Workflow State"] = (value) => __(value);

frappe.ui.form.on("Progress Report", {
	setup(frm) {
		frm.set_query("reporting_period", () => ({
			filters: frm.doc.action_plan ? { action_plan: frm.doc.action_plan } : {},
		}));
		frm.set_query("action_plan", () => ({ filters: { status: "Active" } }));
		frm.set_query("action_plan_item", "evidence", () => ({
			filters: { action_plan: frm.doc.action_plan },
		}));
	},

	refresh(frm) {
		if (frm.doc.return_reason && frm.doc.workflow_state === "Returned") {
			frm.dashboard.set_headline_alert(
				`<b>${__("Returned for revision")}:</b> ${frappe.utils.escape_html(frm.doc.return_reason)}`,
				"red"
			);
		}
		if (frm.doc.docstatus === 1 && frappe.user.has_role("TPPO Provincial Admin") && !frm.perm[0].cancel) {
			frm.add_custom_button(__("Request Cancellation"), () => {
				frappe.prompt(
					{ fieldname: "reason", fieldtype: "Small Text", label: __("What is wrong"), reqd: 1 },
					({ reason }) =>
						frappe
							.xcall(
								"tppo_app.action_plan.doctype.progress_report.progress_report.request_cancellation",
								{ report: frm.doc.name, reason }
							)
							.then(() => {
								frappe.show_alert({ message: __("Sent to the ministry reviewers"), indicator: "green" });
								frm.reload_doc();
							}),
					__("Request Cancellation")
				);
			});
		}
		if (frm.is_new() && frm.doc.action_plan && frm.doc.reporting_period && !(frm.doc.items || []).length) {
			frm.trigger("load_items");
		}
	},

	action_plan(frm) {
		frm.set_value("reporting_period", null);
	},

	reporting_period(frm) {
		frm.trigger("load_items");
	},

	load_items(frm) {
		// The server fills and checks the rows again on save; this shows them straight away.
		if (!frm.doc.action_plan || !frm.doc.reporting_period) return;
		frappe
			.xcall("tppo_app.action_plan.doctype.progress_report.progress_report.get_plan_rows", {
				action_plan: frm.doc.action_plan,
				reporting_period: frm.doc.reporting_period,
			})
			.then((rows) => {
				frm.clear_table("items");
				for (const row of rows) frm.add_child("items", row);
				frm.refresh_field("items");
			});
	},

	// Returning needs a reason; the workflow reloads the report from the database, so save it first.
	before_workflow_action(frm) {
		if (frm.selected_workflow_action !== "Return") return;
		return new Promise((resolve, reject) => {
			const dialog = new frappe.ui.Dialog({
				title: __("Return for revision"),
				fields: [
					{
						fieldname: "reason",
						fieldtype: "Small Text",
						label: __("Reason for Return"),
						reqd: 1,
						description: __("The submitter sees this on the report."),
					},
				],
				primary_action_label: __("Return"),
				primary_action: ({ reason }) => {
					frappe
						.xcall("tppo_app.approval.guards.set_return_reason", { name: frm.doc.name, reason })
						.then(() => {
							dialog.hide();
							resolve();
						}, reject);
				},
			});
			dialog.onhide = () => reject();
			dialog.show();
		});
	},
});
