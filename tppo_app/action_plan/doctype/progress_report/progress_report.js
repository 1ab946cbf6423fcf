// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

// The approval state shows in the user's language in the form too (Frappe translates it in the header and the
// list, but shows a read-only Link as stored to users who cannot open Workflow State).
frappe.form.link_formatters["Workflow State"] = (value) => __(value);

const REPORT_FORM = "tppo_app.action_plan.report_form";
// Workflow actions that send a draft (or a returned report) on: each asks for a confirmation first.
const SENDING = ["Submit", "Submit to Ministry", "Resubmit", "Resubmit to Ministry"];

frappe.ui.form.on("Progress Report", {
	setup(frm) {
		// Only the periods still to report for this task force, with their deadlines, nearest first.
		frm.set_query("reporting_period", () => ({
			query: `${REPORT_FORM}.open_periods`,
			filters: { action_plan: frm.doc.action_plan, task_force: frm.doc.task_force },
		}));
		frm.set_query("action_plan", () => ({ filters: { status: "Active" } }));
		frm.set_query("action_plan_item", "evidence", () => ({
			filters: { action_plan: frm.doc.action_plan },
		}));
	},

	onload(frm) {
		// One task force and one plan to choose from: chosen already.
		if (!frm.is_new() || frm.doc.task_force || frm.doc.action_plan) return;
		frappe.xcall(`${REPORT_FORM}.new_report_defaults`).then((defaults) => {
			if (defaults.task_force && !frm.doc.task_force) frm.set_value("task_force", defaults.task_force);
			if (defaults.action_plan && !frm.doc.action_plan) frm.set_value("action_plan", defaults.action_plan);
		});
	},

	refresh(frm) {
		tppo.progress_report.number_formats(frm);
		tppo.progress_report.add_tools(frm);
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

	task_force(frm) {
		if (frm.is_new() && frm.doc.reporting_period) frm.set_value("reporting_period", null);
	},

	region(frm) {
		// A new report's region arrives with its task force: shown by name, as a saved one's is.
		if (!frm.doc.region) return;
		frappe.db.get_value("Region", frm.doc.region, "region_name").then(({ message }) => {
			if (!message?.region_name) return;
			frappe.utils.add_link_title("Region", frm.doc.region, message.region_name);
			frm.refresh_field("region");
		});
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
				tppo.progress_report.number_formats(frm);
			});
	},

	// Returning needs a reason; the workflow reloads the report from the database, so save it first.
	before_workflow_action(frm) {
		if (SENDING.includes(frm.selected_workflow_action)) return tppo.progress_report.confirm_sending(frm);
		if (frm.selected_workflow_action !== "Return") return;
		return tppo.progress_report.ask((go) => {
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
							go();
						});
				},
			});
			dialog.show();
		});
	},
});

frappe.ui.form.on("Progress Report Item", {
	status(frm, cdt, cdn) {
		tppo.progress_report.number_formats(frm, cdn);
		tppo.progress_report.show_achievement(cdt, cdn);
	},
	realised(_frm, cdt, cdn) {
		tppo.progress_report.show_achievement(cdt, cdn);
	},
});

frappe.provide("tppo.progress_report");

Object.assign(tppo.progress_report, {
	// Frappe freezes the page while a workflow action runs and goes on only when the form's promise resolves: a
	// question asked before the action lifts the freeze while it is open. "Yes" goes on; closing it leaves the
	// action undone, nothing sent.
	ask(open) {
		frappe.dom.unfreeze();
		return new Promise((resolve) =>
			open(() => {
				frappe.dom.freeze();
				resolve();
			})
		);
	},

	// Counts, yes/no and amounts are whole numbers, percentages have one decimal: per row, by the item's measure
	// type (the fields are Float for all of them).
	decimals(row) {
		return row.measure_type === "Percentage" ? 1 : 0;
	},

	// A row's achievement while the user types, as saving computes it (achievement.achievement_percent over
	// progress.compute_achievement): nothing until the row has a realised value and a status other than "Not
	// Applicable"; Yes/No is 100 or 0; else realised / target x 100, not capped. A target of 0 shows nothing
	// here: the form cannot tell "nothing asked" (100 when saved) from "no target this year" (none when saved),
	// since both reach it as 0. A value saving refuses (negative, Yes/No other than 0 or 1) shows nothing here and
	// is explained when saving. Saving replaces what this shows with the server's value.
	achievement(row) {
		if (!row.status || row.status === "Not Applicable") return null;
		if (row.realised == null || row.realised === "") return null; // cleared: not reported yet
		const target = Number(row.target);
		const realised = Number(row.realised);
		if (!target || !Number.isFinite(target) || !Number.isFinite(realised) || target < 0 || realised < 0) {
			return null;
		}
		if (row.measure_type === "Yes/No") {
			if (target !== 1 || ![0, 1].includes(realised)) return null;
			return realised === 1 ? 100 : 0;
		}
		return (realised * 100) / target;
	},

	show_achievement(cdt, cdn) {
		const row = locals[cdt][cdn];
		const value = tppo.progress_report.achievement(row);
		if (value !== (row.achievement_percent ?? null)) frappe.model.set_value(cdt, cdn, "achievement_percent", value);
	},

	number_formats(frm, only_row) {
		for (const row of frm.doc.items || []) {
			if (only_row && row.name !== only_row) continue;
			const precision = String(tppo.progress_report.decimals(row));
			for (const fieldname of ["target", "realised"]) {
				frm.set_df_property("items", "precision", precision, frm.docname, fieldname, row.name);
			}
		}
	},

	add_tools(frm) {
		// (a report under review is read-only through the workflow, though its reviewers may write)
		const editable =
			frm.doc.docstatus === 0 &&
			frm.perm[0]?.write &&
			!frappe.workflow.is_read_only(frm.doctype, frm.docname);
		const items = frm.fields_dict.items.grid;
		const evidence = frm.fields_dict.evidence.grid;
		// The rows come from the plan: none is added or removed by hand.
		frm.set_df_property("items", "cannot_add_rows", 1);
		frm.set_df_property("items", "cannot_delete_rows", 1);
		items.clear_custom_buttons?.();
		evidence.clear_custom_buttons?.();
		if (!editable) return;
		items.add_custom_button(__("Fill in one by one"), () => tppo.progress_report.fill_one_by_one(frm), "top");
		evidence.add_custom_button(__("Attach evidence"), () => tppo.progress_report.attach_evidence(frm));
	},

	// A phone-friendly way through the rows: one activity at a time, Next and Previous, starting at the first
	// row still empty.
	fill_one_by_one(frm) {
		const rows = frm.doc.items || [];
		if (!rows.length) {
			frappe.msgprint(__("Choose the reporting period first: its activities then appear here."));
			return;
		}
		let index = Math.max(
			0,
			rows.findIndex((row) => !row.status)
		);
		const status_options = frappe.meta.get_docfield("Progress Report Item", "status").options;
		const dialog = new frappe.ui.Dialog({
			title: __("Fill in one by one"),
			size: "large",
			fields: [
				{ fieldname: "heading", fieldtype: "HTML" },
				{ fieldname: "realised", fieldtype: "Float", label: __("Realised") },
				{ fieldname: "status", fieldtype: "Select", label: __("Status"), options: status_options },
				{ fieldname: "narrative", fieldtype: "Small Text", label: __("What Was Done") },
				{ fieldname: "obstacles", fieldtype: "Small Text", label: __("Obstacles") },
				{ fieldname: "follow_up", fieldtype: "Small Text", label: __("Follow-up") },
			],
			primary_action_label: __("Next"),
			primary_action: () => step(1),
			secondary_action_label: __("Previous"),
			secondary_action: () => step(-1),
		});
		const keep = () => {
			const row = rows[index];
			const values = dialog.get_values(true);
			for (const fieldname of ["realised", "status", "narrative", "obstacles", "follow_up"]) {
				const value = values[fieldname] ?? (fieldname === "realised" ? 0 : "");
				if ((row[fieldname] ?? "") !== value) frappe.model.set_value(row.doctype, row.name, fieldname, value);
			}
		};
		const show = () => {
			const row = rows[index];
			const esc = frappe.utils.escape_html;
			dialog.fields_dict.heading.$wrapper.html(
				`<div class="text-muted small">${__("Activity {0} of {1}", [index + 1, rows.length])}</div>
				<div class="tppo-fill-heading"><b>${esc(row.item_code || "")}</b> ${esc(row.indicator || "")}</div>
				<div class="text-muted small">${__("Target")}: ${format_number(row.target || 0, null, tppo.progress_report.decimals(row))} ${esc(__(row.unit || ""))}</div>`
			);
			dialog.set_df_property("realised", "precision", String(tppo.progress_report.decimals(row)));
			dialog.set_values({
				realised: row.realised,
				status: row.status || "",
				narrative: row.narrative || "",
				obstacles: row.obstacles || "",
				follow_up: row.follow_up || "",
			});
			dialog.set_primary_action(index === rows.length - 1 ? __("Done") : __("Next"), () => step(1));
			dialog.get_secondary_btn().toggle(index > 0);
		};
		const step = (direction) => {
			keep();
			if (direction > 0 && index === rows.length - 1) {
				dialog.hide();
				frm.refresh_field("items");
				return;
			}
			index = Math.min(rows.length - 1, Math.max(0, index + direction));
			show();
		};
		dialog.onhide = () => frm.refresh_field("items");
		dialog.show();
		show();
	},

	// Frappe uploads into a child row only once the row is saved: the draft is saved for the user first, then the
	// uploader (which refuses other file types and sizes before uploading) adds the evidence row and saves again.
	async attach_evidence(frm) {
		if (frm.is_new() || frm.is_dirty()) await frm.save();
		if (frm.is_new() || frm.is_dirty()) return; // the save said what is missing
		const rules = await frappe.xcall(`${REPORT_FORM}.evidence_rules`);
		new frappe.ui.FileUploader({
			doctype: frm.doctype,
			docname: frm.docname,
			folder: "Home/Attachments",
			restrictions: { allowed_file_types: rules.extensions, max_file_size: rules.max_mb * 1024 * 1024 },
			on_success(file) {
				frm.add_child("evidence", { file: file.file_url, description: file.file_name });
				frm.refresh_field("evidence");
				frm.save();
			},
		});
	},

	// Before a report is sent: what is still empty, and a confirmation.
	confirm_sending(frm) {
		const rows = frm.doc.items || [];
		const empty = rows.filter((row) => !row.status);
		const evidence = (frm.doc.evidence || []).filter((row) => row.file).length;
		const esc = frappe.utils.escape_html;
		let message = `<p>${__("{0} of {1} activities filled in.", [rows.length - empty.length, rows.length])}</p>`;
		if (empty.length) {
			const listed = empty
				.slice(0, 8)
				.map((row) => `<li>${esc(row.item_code || "")} ${esc((row.indicator || "").slice(0, 80))}</li>`)
				.join("");
			message += `<p class="text-danger">${__("Still empty")}:</p><ul>${listed}${empty.length > 8 ? `<li>${__("and {0} more", [empty.length - 8])}</li>` : ""}</ul>`;
		}
		message += evidence
			? `<p>${__("{0} evidence file(s) attached.", [evidence])}</p>`
			: `<p class="text-danger">${__("No evidence attached.")}</p>`;
		message += `<p><b>${__("Send the report for verification? It cannot be edited while it is reviewed.")}</b></p>`;
		return tppo.progress_report.ask((go) => {
			const dialog = frappe.confirm(message, go);
			dialog.set_title(__("Send the report?"));
			dialog.$wrapper.addClass("tppo-confirm-sending");
		});
	},
});
