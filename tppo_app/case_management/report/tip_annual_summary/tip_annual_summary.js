// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.query_reports["TIP Annual Summary"] = {
	filters: [
		{
			fieldname: "from_year",
			label: __("From Year"),
			fieldtype: "Int",
			default: new Date().getFullYear() - 4,
		},
		{ fieldname: "to_year", label: __("To Year"), fieldtype: "Int", default: new Date().getFullYear() },
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		return data?.is_total_row ? `<b>${value}</b>` : value;
	},
};
