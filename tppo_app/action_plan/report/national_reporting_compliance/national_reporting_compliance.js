// Copyright (c) 2026, TPPO App Contributors and contributors
// For license information, please see license.txt

frappe.query_reports["National Reporting Compliance"] = {
	filters: [
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			default: new Date().getFullYear(),
			reqd: 1,
		},
		{
			fieldname: "period",
			label: __("Period"),
			fieldtype: "Select",
			options: ["", "Q1", "Q2", "Q3", "Q4", "S1", "S2"],
		},
		{
			fieldname: "region",
			label: __("Region"),
			fieldtype: "Link",
			options: "Region",
		},
	],
	tree: true,
	name_field: "label",
	parent_field: "",
	initial_depth: 1,
	formatter(value, row, column, data, default_formatter) {
		if (data && data[column.fieldname] == null && ["Percent", "Int"].includes(column.fieldtype)) {
			return "";
		}
		value = default_formatter(value, row, column, data);
		if (!data) return value;
		if (data.indent === 0 && column.fieldname === "label") {
			value = `<b>${value}</b>`;
		}
		const code = data[`${column.fieldname}_code`];
		if (code) {
			const colour = { "On Time": "green", Late: "orange", Missing: "red", "Not Due": "gray" }[code];
			const days = data[`${column.fieldname}_days`];
			const title = days ? __("{0} days after the deadline", [days]) : "";
			value = `<span class="indicator-pill ${colour}" title="${title}">${value}</span>`;
		}
		return value;
	},
};
