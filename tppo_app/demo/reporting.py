"""Demo Task Force Report: the national task force's report for 2025 to the President, compiled by the national
admin (the secretariat) from the demo regions, with two agency contributions: KemenPPPA's, written and submitted
by its member (the national viewer) and merged; Bareskrim Polri's, still asked for. Left as a draft for the chair
to approve. Idempotent: an existing report is left as it is."""

import frappe
from frappe.utils import add_days, today

from tppo_app.demo import DEMO_DOMAIN

YEAR = 2025
SECRETARIAT = f"nasional@{DEMO_DOMAIN}"
KEMENPPPA_MEMBER = f"pemantau@{DEMO_DOMAIN}"


def as_user(user: str, fn, *args):
	old = frappe.session.user
	frappe.set_user(user)
	try:
		return fn(*args)
	finally:
		frappe.set_user(old)


def load():
	from tppo_app.reporting.contributions import merge_contributions, submit_contribution
	from tppo_app.reporting.doctype.task_force_report.task_force_report import compile_report

	task_force = frappe.db.get_value("Task Force", {"region": "ID"})
	if not task_force or frappe.db.exists("Task Force Report", {"task_force": task_force, "year": YEAR}):
		return

	def agency(abbreviation: str) -> str:
		return frappe.db.get_value("Agency", {"abbreviation": abbreviation})

	def create():
		report = frappe.get_doc(
			doctype="Task Force Report",
			task_force=task_force,
			year=YEAR,
			addressed_to="Presiden Republik Indonesia",
			executive_summary=(
				"<p>Sepanjang 2025 gugus tugas di Sulawesi Selatan dan Kalimantan Selatan melaporkan kemajuan "
				"rencana aksi daerah, menangani kasus TPPO dari penyelidikan hingga putusan, dan memberikan "
				"layanan rehabilitasi bagi korban. Laporan ini menghimpun capaian, kepatuhan pelaporan, "
				"penanganan kasus dan tindak lanjut rekomendasi rapat koordinasi.</p>"
			),
			recommendations=(
				"<p>1. Seluruh provinsi menetapkan RAD dan melapor tepat waktu setiap triwulan.</p>"
				"<p>2. Mempercepat layanan rehabilitasi bagi korban sejak rujukan diterima.</p>"
			),
		).insert()
		asked = {}
		for abbreviation, title in (
			("KemenPPPA", "Pencegahan dan Perlindungan"),
			("Bareskrim Polri", "Penegakan Hukum"),
		):
			asked[abbreviation] = (
				frappe.get_doc(
					doctype="Task Force Report Contribution",
					task_force_report=report.name,
					agency=agency(abbreviation),
					section_title=title,
					request="Ringkasan kegiatan dan capaian instansi selama 2025.",
					due_date=add_days(today(), 14),
				)
				.insert()
				.name
			)
		return report.name, asked

	name, asked = as_user(SECRETARIAT, create)

	def contribute():
		doc = frappe.get_doc("Task Force Report Contribution", asked["KemenPPPA"])
		doc.content = (
			"<p>KemenPPPA memfasilitasi pembentukan gugus tugas kabupaten/kota di Kalimantan Selatan dan "
			"melatih petugas UPTD PPA tentang penanganan korban anak.</p>"
		)
		doc.save()
		submit_contribution(doc.name)

	as_user(KEMENPPPA_MEMBER, contribute)
	as_user(SECRETARIAT, merge_contributions, name)
	as_user(SECRETARIAT, compile_report, name)
