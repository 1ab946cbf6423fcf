// Access (tppo_app.access): a user with an app role but no region sees nothing region-scoped, and is told why
// on every workspace; the task force member form lets admins manage the linked user's regional roles.
(() => {
	function no_scope_notice(tries = 10) {
		if (!frappe.boot.tppo_no_scope || frappe.get_route()[0] !== "Workspaces") return;
		const page = $(".page-container:visible .layout-main-section").last().get(0);
		if (!page) {
			if (tries > 0) setTimeout(() => no_scope_notice(tries - 1), 300);
			return;
		}
		if (page.querySelector(".tppo-no-scope")) return;
		const note = document.createElement("div");
		note.className = "tppo-no-scope alert alert-warning";
		note.textContent = __(
			"You have not been given a region yet, so you see no task force, plan, report or case. Ask your provincial admin (or the national admin) to link you to your task force membership."
		);
		page.prepend(note);
	}
	$(document).on("page-change", () => setTimeout(no_scope_notice, 300));
	$(document).on("app_ready", () => setTimeout(no_scope_notice, 300));

	frappe.ui.form.on("Task Force Member", {
		refresh(frm) {
			if (!frm.doc.user || frm.is_new() || !frappe.boot.tppo_administers_access) return;
			frm.add_custom_button(__("Manage Access"), () => manage_access(frm.doc.user));
		},
	});

	function manage_access(user) {
		frappe.xcall("tppo_app.access.grants.get_user_access", { user }).then((access) => {
			const dialog = new frappe.ui.Dialog({
				title: __("Access of {0}", [user]),
				fields: [
					{
						fieldtype: "HTML",
						options: `<p>${__("Regions")}: ${
							access.regions.map(frappe.utils.escape_html).join(", ") || __("none")
						}</p>`,
					},
					...access.grantable.map((role) => ({
						fieldtype: "Check",
						fieldname: frappe.scrub(role),
						label: __(role),
						default: access.roles.includes(role) ? 1 : 0,
					})),
					{ fieldtype: "Small Text", fieldname: "reason", label: __("Reason"), reqd: 1 },
				],
				primary_action_label: __("Save"),
				primary_action(values) {
					const roles = access.grantable.filter((role) => values[frappe.scrub(role)]);
					frappe
						.xcall("tppo_app.access.grants.set_regional_roles", {
							user,
							roles,
							reason: values.reason,
						})
						.then(() => {
							dialog.hide();
							frappe.show_alert({ message: __("Access saved"), indicator: "green" });
						});
				},
			});
			dialog.show();
		});
	}
})();
