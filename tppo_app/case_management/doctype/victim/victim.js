// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

const STATUS_COLOURS = {
	Requested: "orange",
	"In Progress": "blue",
	Completed: "green",
	Cancelled: "grey",
};

frappe.ui.form.on("Victim", {
	setup(frm) {
		frm.set_query("origin_region", () => ({
			filters: { region_type: ["in", ["Regency", "City"]] },
		}));
	},

	refresh(frm) {
		frm.trigger("render_services");
		if (frm.is_new()) return;
		if (!frappe.perm.has_perm("Victim", 1, "read")) {
			frm.dashboard.set_headline(
				__("Who this victim is stays with the case workers of the region; you see the code and the non-identifying fields.")
			);
		}
		if (frappe.model.can_create("Victim Service")) {
			frm.add_custom_button(__("Add Service"), () =>
				frappe.new_doc("Victim Service", { victim: frm.doc.name })
			);
		}
	},

	render_services(frm) {
		const wrapper = frm.get_field("services_timeline").$wrapper;
		const services = (frm.doc.__onload?.services) || [];
		if (frm.is_new() || !services.length) {
			wrapper.html(`<p class="text-muted">${__("No services yet.")}</p>`);
			return;
		}
		const esc = frappe.utils.escape_html;
		const date = (value) => (value ? frappe.datetime.str_to_user(value) : "–");
		const items = services.map((s) => {
			const overdue = s.is_overdue
				? ` <span class="indicator-pill red">${__("Overdue")}</span>`
				: "";
			const referred = s.referred_by ? ` · ${__("referred by {0}", [esc(s.referred_by)])}` : "";
			// (an empty number is stored as 0: a referral that never started has no "days to start")
			const waiting = frappe.datetime.get_day_diff(frappe.datetime.get_today(), s.date_requested);
			const days = s.date_started
				? ` · ${__("{0} days to start", [s.days_to_start ?? 0])}`
				: s.date_requested && s.status !== "Cancelled"
					? ` · ${__("not started, {0} days since the referral", [waiting])}`
					: "";
			return `<li class="mb-3">
				<div><a href="/app/victim-service/${encodeURIComponent(s.name)}"><b>${esc(__(s.service_type))}</b></a>
				<span class="indicator-pill ${STATUS_COLOURS[s.status] || "grey"}">${esc(__(s.status))}</span>${overdue}</div>
				<div class="text-muted small">${s.provider ? esc(s.provider) : __("No provider yet")}${referred}</div>
				<div class="small">${__("Referred {0} → started {1} → completed {2}", [
					date(s.date_requested),
					date(s.date_started),
					date(s.date_completed),
				])}${days}</div>
			</li>`;
		});
		wrapper.html(`<ol class="pl-4">${items.join("")}</ol>`);
	},
});
