// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.ui.form.on("Action Plan", {
	setup(frm) {
		frm.set_query("parent_plan", () => ({ filters: { name: ["!=", frm.doc.name || ""] } }));
	},

	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Generate Reporting Periods"), () =>
			frm.call("generate_reporting_periods").then(({ message }) => {
				frappe.show_alert({ message: __("{0} reporting periods created", [message]), indicator: "green" });
			})
		);
		frm.add_custom_button(__("Items"), () => frappe.set_route("List", "Action Plan Item", { action_plan: frm.doc.name }), __("View"));
		frm.add_custom_button(__("Reporting Periods"), () =>
			frappe.set_route("List", "Reporting Period", { action_plan: frm.doc.name })
		, __("View"));
		if (frm.doc.plan_type === "RAD" && frm.doc.parent_plan) {
			frm.add_custom_button(__("Adopt Items from Parent Plan"), () => frm.trigger("adopt_items"));
		}
	},

	adopt_items(frm) {
		new frappe.ui.form.MultiSelectDialog({
			doctype: "Action Plan Item",
			target: frm,
			setters: { cluster: null },
			add_filters_group: 1,
			get_query: () => ({ filters: { action_plan: frm.doc.parent_plan } }),
			primary_action_label: __("Adopt"),
			action(selections) {
				if (!selections.length) return;
				frm.call("adopt_items", { items: selections }).then(({ message }) => {
					frappe.show_alert({ message: __("{0} items adopted", [message.length]), indicator: "green" });
					cur_dialog?.hide();
				});
			},
		});
	},
});
