"""Demo regional adaptations, made as the provincial admins would in the browser.

South Sulawesi adds two fields to its progress reports, makes "obstacles" mandatory on their rows' form and
puts its Inspectorate in front of the provincial verification. South Kalimantan adapts differently: a field
on task force members, a hidden optional field, and no extra approval level.
"""

import frappe

from tppo_app.demo import DEMO_DOMAIN
from tppo_app.demo.action_plan import run_as

SULSEL_ADMIN = f"admin.sulsel@{DEMO_DOMAIN}"
KALSEL_ADMIN = f"admin.kalsel@{DEMO_DOMAIN}"

FIELDS = (
	# (admin, region, form, label, label_id, type, options, mandatory, after, in list)
	(
		SULSEL_ADMIN,
		"73",
		"Progress Report",
		"Villages Reached",
		"Jumlah Desa Terjangkau",
		"Int",
		None,
		0,
		"year",
		1,
	),
	(
		SULSEL_ADMIN,
		"73",
		"Progress Report",
		"Funding Source",
		"Sumber Pendanaan",
		"Select",
		"APBD Provinsi\nAPBD Kabupaten/Kota\nDana Desa\nMitra",
		0,
		"year",
		1,
	),
	(
		KALSEL_ADMIN,
		"63",
		"Task Force Member",
		"Official WhatsApp",
		"Nomor WhatsApp Dinas",
		"Data",
		None,
		0,
		"mobile_no",
		0,
	),
	(
		KALSEL_ADMIN,
		"63",
		"Progress Report",
		"Early Detection Posts",
		"Jumlah Pos Deteksi Dini",
		"Int",
		None,
		0,
		"year",
		1,
	),
)
RULES = ((KALSEL_ADMIN, "63", "Task Force Member", "decree_reference", "Hide"),)


def load():
	for admin, region, form, label, label_id, fieldtype, options, reqd, after, in_list in FIELDS:
		if frappe.db.exists("Regional Field", {"region": region, "document_type": form, "label": label}):
			continue
		run_as(
			admin,
			lambda: frappe.get_doc(
				doctype="Regional Field",
				region=region,
				document_type=form,
				label=label,
				label_id=label_id,
				fieldtype=fieldtype,
				options=options,
				reqd=reqd,
				insert_after=after,
				in_list_view=in_list,
			).insert(),
		)
	for admin, region, form, fieldname, rule in RULES:
		if not frappe.db.exists(
			"Regional Form Rule", {"region": region, "document_type": form, "fieldname": fieldname}
		):
			run_as(
				admin,
				lambda: frappe.get_doc(
					doctype="Regional Form Rule",
					region=region,
					document_type=form,
					fieldname=fieldname,
					rule=rule,
				).insert(),
			)
	ensure_sulsel_inspectorate()


def ensure_sulsel_inspectorate():
	if frappe.db.exists("Approval Chain", {"region": "73"}):
		return
	task_force = frappe.db.get_value("Task Force", {"region": "73"}, "name")
	agency = frappe.db.get_value("Agency", {"abbreviation": "DP3A-Dalduk KB Sulsel"})
	inspector = f"inspektorat.sulsel@{DEMO_DOMAIN}"  # a demo user (tppo_app.demo.DEMO_USERS)
	member = frappe.db.get_value("Task Force Member", {"task_force": task_force, "user": inspector})
	if not member:
		member = (
			frappe.get_doc(
				doctype="Task Force Member",
				task_force=task_force,
				full_name="Hasmawati",
				agency=agency,
				position="Inspektur Pembantu, Inspektorat Provinsi Sulawesi Selatan",
				task_force_role="Member",
				start_date=frappe.db.get_value("Task Force", task_force, "period_start"),
				user=inspector,
			)
			.insert(ignore_permissions=True)
			.name
		)
	run_as(
		SULSEL_ADMIN,
		lambda: frappe.get_doc(
			doctype="Approval Chain",
			region="73",
			document_type="Progress Report",
			levels=[
				{
					"level_name": "Inspektorat Provinsi",
					"approver_type": "Named Member",
					"member": member,
					"deadline_days": 5,
				}
			],
		).insert(),
	)
