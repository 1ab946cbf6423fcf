"""Progress report titles name the regency/city (or province) and the period ("Kota Banjarmasin · 2025-Q4"),
not the long task force name, which lists and phones cut off before the region."""

import frappe


def execute():
	regions = dict(frappe.get_all("Region", fields=["name", "region_name"], as_list=True))
	task_forces = {
		name: regions.get(region) or task_force_name
		for name, region, task_force_name in frappe.get_all(
			"Task Force", fields=["name", "region", "task_force_name"], as_list=True
		)
	}
	periods = dict(frappe.get_all("Reporting Period", fields=["name", "period_label"], as_list=True))
	report = frappe.qb.DocType("Progress Report")
	changed = 0
	for name, task_force, period, title in frappe.get_all(
		"Progress Report", fields=["name", "task_force", "reporting_period", "title"], as_list=True
	):
		new = f"{task_forces.get(task_force)} · {periods.get(period)}"
		if new != title:
			frappe.qb.update(report).set(report.title, new).where(report.name == name).run()
			changed += 1
	if changed:
		print(f"tppo_app: {changed} progress report titles now name the region and the period")
