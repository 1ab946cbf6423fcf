// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.query_reports["Suspect Statistics"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Role in the Network", "Status", "Nationality", "Modus", "Region", "Province", "Year"].map(
				(value) => ({ value, label: __(value) })
			),
			default: "Role in the Network",
			reqd: 1,
		},
		{ fieldname: "from_date", label: __("Reported From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("Reported To"), fieldtype: "Date" },
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
		{ fieldname: "modus", label: __("Modus"), fieldtype: "Link", options: "Trafficking Modus" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		return data?.is_total_row ? `<b>${value}</b>` : value;
	},
};
