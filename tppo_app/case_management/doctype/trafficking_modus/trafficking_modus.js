// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.ui.form.on("Trafficking Modus", {
	// refresh(frm) {},
});
