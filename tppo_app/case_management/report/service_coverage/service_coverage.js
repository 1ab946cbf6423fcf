// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.query_reports["Service Coverage"] = {
	filters: [
		{ fieldname: "from_date", label: __("Identified From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("Identified To"), fieldtype: "Date" },
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		return data?.is_total_row ? `<b>${value}</b>` : value;
	},
};
