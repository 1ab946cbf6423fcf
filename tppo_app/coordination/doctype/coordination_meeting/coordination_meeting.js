// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.ui.form.on("Coordination Meeting", {
	setup(frm) {
		frm.set_query("meeting_type", () => ({ filters: { disabled: 0 } }));
		frm.set_query("task_force", () => ({ filters: { status: ["!=", "Expired"] } }));
		frm.set_query("task_force", "other_task_forces", () => ({
			filters: { name: ["!=", frm.doc.task_force || ""] },
		}));
		// Invitees and attendees are members of the meeting's task forces (the server checks it again).
		const member_query = () => ({
			filters: {
				task_force: [
					"in",
					[frm.doc.task_force, ...(frm.doc.other_task_forces || []).map((r) => r.task_force)].filter(
						Boolean
					),
				],
				is_active: 1,
			},
		});
		frm.set_query("member", "invitees", member_query);
		frm.set_query("member", "attendance", member_query);
	},

	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.doc.docstatus === 0 && frm.doc.status === "Planned") {
			frm.add_custom_button(
				frm.doc.invitations_sent_on ? __("Send Invitations Again") : __("Send Invitations"),
				() => frm.trigger("send_invitations")
			);
		}
		frm.add_custom_button(
			__("Calendar File (.ics)"),
			() => {
				window.open(
					"/api/method/tppo_app.coordination.doctype.coordination_meeting.coordination_meeting.download_ics?meeting=" +
						encodeURIComponent(frm.doc.name)
				);
			},
			__("Download")
		);
		if (frm.doc.docstatus < 2 && frappe.model.can_create("Recommendation")) {
			frm.add_custom_button(
				__("Recommendation"),
				() => frappe.new_doc("Recommendation", { meeting: frm.doc.name }),
				__("Create")
			);
		}
		if (frm.doc.docstatus === 0 && frm.doc.status === "Held") {
			frm.dashboard.set_headline_alert(
				__("The meeting was held. Complete the attendance and minutes, then submit to approve the minutes."),
				"blue"
			);
		}
	},

	send_invitations(frm) {
		const send = () =>
			frm.call("send_invitations").then((r) => {
				if (!r.message) return;
				let message = __("Invitations queued for {0} invitee(s).", [r.message.sent]);
				if (r.message.without_email.length) {
					message +=
						"<br>" +
						__("No email address: {0}", [
							r.message.without_email.map((n) => frappe.utils.escape_html(n)).join(", "),
						]);
				}
				frappe.msgprint({ title: __("Invitations"), message, indicator: "green" });
				frm.reload_doc();
			});
		if (frm.is_dirty()) {
			frm.save().then(send);
		} else {
			send();
		}
	},
});

frappe.ui.form.on("Coordination Meeting Invitee", {
	member(_frm, cdt, cdn) {
		const row = locals[cdt][cdn];
		if (!row.member) return;
		frappe.db
			.get_value("Task Force Member", row.member, ["full_name", "agency", "position", "email"])
			.then(({ message }) => {
				if (!message) return;
				frappe.model.set_value(cdt, cdn, {
					invitee_name: message.full_name,
					agency: message.agency,
					position: message.position,
					email: message.email,
				});
			});
	},
});
