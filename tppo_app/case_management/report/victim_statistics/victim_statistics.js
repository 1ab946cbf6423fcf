// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.query_reports["Victim Statistics"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				"Region",
				"Province",
				"Origin",
				"Origin Province",
				"Modus",
				"Form of Exploitation",
				"Nationality",
				"Trafficking Status",
				"Year",
				"Quarter",
				"Month",
			].map((value) => ({ value, label: __(value) })),
			default: "Region",
			reqd: 1,
		},
		{ fieldname: "from_date", label: __("Identified From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("Identified To"), fieldtype: "Date" },
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
		{ fieldname: "modus", label: __("Modus"), fieldtype: "Link", options: "Trafficking Modus" },
		{
			fieldname: "exploitation_form",
			label: __("Form of Exploitation"),
			fieldtype: "Link",
			options: "Exploitation Form",
		},
		{
			fieldname: "include_non_victims",
			label: __("Include People Found Not to Be Victims"),
			fieldtype: "Check",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		return data?.is_total_row ? `<b>${value}</b>` : value;
	},
};
