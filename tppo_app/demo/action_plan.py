"""Demo action plans: a RAN 2025-2029 sample, the RADs of South Sulawesi and South Kalimantan adopted from it,
and a year (2025) of progress reports in every approval state, moved through the real workflow by the demo
users, as they would in the browser.

Realised values are year to date and follow a fixed pattern, so every load gives the same numbers.
"""

import frappe
from frappe.model.workflow import apply_workflow

from tppo_app.demo import DEMO_DOMAIN

# (code, cluster, activity, indicator, unit, measure type, targets 2025..2029, responsible agency (abbr))
RAN_ITEMS = (
	(
		"1.1",
		"Prevention",
		"Sosialisasi bahaya TPPO dan migrasi aman di desa rawan",
		"Jumlah desa rawan yang mendapat sosialisasi",
		"desa",
		"Count",
		(40, 60, 80, 100, 120),
		"KemenPPPA",
	),
	(
		"1.2",
		"Prevention",
		"Pembentukan Desa Migran Produktif",
		"Persentase kabupaten/kota kantong PMI yang memiliki Desa Migran Produktif",
		"%",
		"Percentage",
		(20, 35, 50, 65, 80),
		"KP2MI",
	),
	(
		"1.3",
		"Prevention",
		"Partisipasi Forum Anak dalam pencegahan TPPO",
		"Jumlah kegiatan pencegahan yang melibatkan Forum Anak",
		"kegiatan",
		"Count",
		(12, 16, 20, 24, 28),
		"KemenPPPA",
	),
	(
		"2.1",
		"Health Rehabilitation",
		"Layanan pemulihan kesehatan fisik dan psikis korban",
		"Persentase korban yang menerima layanan kesehatan",
		"%",
		"Percentage",
		(80, 85, 90, 95, 100),
		"Kemenkes",
	),
	(
		"3.1",
		"Social Rehabilitation, Repatriation and Reintegration",
		"Rehabilitasi sosial korban di sentra dan RPTC",
		"Persentase korban yang menerima rehabilitasi sosial",
		"%",
		"Percentage",
		(75, 80, 85, 90, 95),
		"Kemensos",
	),
	(
		"3.2",
		"Social Rehabilitation, Repatriation and Reintegration",
		"Pemulangan dan reintegrasi sosial korban",
		"Jumlah korban yang dipulangkan dan direintegrasikan",
		"orang",
		"Count",
		(150, 175, 200, 225, 250),
		"Kemensos",
	),
	(
		"4.1",
		"Development of Legal Norms",
		"Penyusunan regulasi daerah tentang Gugus Tugas PP-TPPO",
		"Peraturan kepala daerah tentang Gugus Tugas ditetapkan",
		"dokumen",
		"Yes/No",
		(1, 1, 1, 1, 1),
		"KemenPPPA",
	),
	(
		"5.1",
		"Law Enforcement",
		"Penanganan perkara TPPO hingga P21",
		"Persentase laporan polisi TPPO yang mencapai P21",
		"%",
		"Percentage",
		(50, 55, 60, 65, 70),
		"Bareskrim Polri",
	),
	(
		"5.2",
		"Law Enforcement",
		"Pemenuhan restitusi bagi korban",
		"Jumlah restitusi yang dibayarkan kepada korban",
		"rupiah",
		"Amount (IDR)",
		(500_000_000, 750_000_000, 1_000_000_000, 1_250_000_000, 1_500_000_000),
		"LPSK",
	),
	(
		"6.1",
		"Coordination and Cooperation",
		"Rapat koordinasi Gugus Tugas",
		"Jumlah rapat koordinasi yang dilaksanakan",
		"rapat",
		"Count",
		(4, 4, 4, 4, 4),
		"KemenPPPA",
	),
	(
		"6.2",
		"Coordination and Cooperation",
		"Peningkatan kapasitas aparat dalam identifikasi korban",
		"Jumlah aparat yang dilatih",
		"orang",
		"Count",
		(200, 250, 300, 350, 400),
		"Bareskrim Polri",
	),
	(
		"7.1",
		"Data and Reporting",
		"Pelaporan data kasus dan layanan korban secara berkala",
		"Persentase laporan triwulanan yang disampaikan tepat waktu",
		"%",
		"Percentage",
		(70, 80, 90, 95, 100),
		"KemenPPPA",
	),
)

# A regional plan's items keep the RAN's indicator; the province names its own responsible agency.
REGIONAL_AGENCY = {
	"73": {
		"KemenPPPA": "DP3A-Dalduk KB Sulsel",
		"KP2MI": "BP3MI Sulsel",
		"Kemenkes": "Dinkes Sulsel",
		"Kemensos": "Dinsos Sulsel",
		"Bareskrim Polri": "Polda Sulsel",
		"LPSK": "Kejati Sulsel",
	},
	"63": {
		"KemenPPPA": "DP3AKB Kalsel",
		"KP2MI": "BP3MI Kalsel",
		"Kemenkes": "Dinkes Kalsel",
		"Kemensos": "Dinsos Kalsel",
		"Bareskrim Polri": "Polda Kalsel",
		"LPSK": "Kejati Kalsel",
	},
}
REGIONAL_SCALE = {"73": 0.12, "63": 0.06}  # a province's share of national count targets

# Regional additions: (code, cluster, activity, indicator, unit, measure type, targets, agency)
OWN_ITEMS = {
	"73": (
		(
			"1.4",
			"Prevention",
			"Pemetaan wilayah asal, transit dan tujuan TPPO di Sulawesi Selatan",
			"Peta kerawanan TPPO diperbarui",
			"dokumen",
			"Yes/No",
			(1, 1, 1, 1, 1),
			"DP3A-Dalduk KB Sulsel",
		),
	),
	"63": (
		(
			"1.4",
			"Prevention",
			"Deteksi dini wilayah rawan dengan sistem pelaporan cepat",
			"Jumlah kabupaten/kota dengan kanal pelaporan cepat",
			"kabupaten/kota",
			"Count",
			(4, 7, 10, 13, 13),
			"DP3AKB Kalsel",
		),
	),
}

# Year-to-date share of the annual target reached by the end of each quarter, per reporting task force.
PACE = {"Q1": 0.22, "Q2": 0.48, "Q3": 0.71, "Q4": 0.96}

# (region of the reporting task force, quarter) → (final state, who drafts)
REPORTS = {
	("73", "Q1"): "Approved",
	("73", "Q2"): "Approved",
	("73", "Q3"): "Verified",
	("73", "Q4"): "Draft",
	("73.71", "Q1"): "Approved",
	("73.71", "Q2"): "Approved",
	("73.71", "Q3"): "Returned",
	("73.71", "Q4"): "Submitted",
	("63", "Q1"): "Approved",
	("63", "Q2"): "Approved",
	("63", "Q3"): "Verified",
	("63.71", "Q1"): "Approved",
	("63.71", "Q2"): "Submitted",
	("63.71", "Q3"): "Draft",
	("63.72", "Q1"): "Approved",
	("63.03", "Q1"): "Submitted",
}

# The workflow path to each state: (action, actor key).
PATH = {
	"District": {
		"Draft": (),
		"Submitted": (("Submit", "focal"),),
		"Returned": (("Submit", "focal"), ("Return", "province")),
		"Verified": (("Submit", "focal"), ("Verify", "province")),
		"Approved": (("Submit", "focal"), ("Verify", "province"), ("Approve", "ministry")),
	},
	"Province": {
		"Draft": (),
		"Verified": (("Submit to Ministry", "province"),),
		"Returned": (("Submit to Ministry", "province"), ("Return", "ministry")),
		"Approved": (("Submit to Ministry", "province"), ("Approve", "ministry")),
	},
}

USERS = {
	"73": {"province": f"admin.sulsel@{DEMO_DOMAIN}", "focal": f"fp.makassar@{DEMO_DOMAIN}"},
	"63": {"province": f"admin.kalsel@{DEMO_DOMAIN}", "focal": f"fp.banjarmasin@{DEMO_DOMAIN}"},
}
MINISTRY = f"reviewer@{DEMO_DOMAIN}"


def load():
	agencies = {a.abbreviation: a.name for a in frappe.get_all("Agency", fields=["name", "abbreviation"])}
	national_tf = frappe.db.get_value("Task Force", {"region": "ID"}, "name")
	ran = ensure_plan(
		national_tf,
		"RAN",
		"RAN PP-TPPO 2025-2029 (contoh)",
		None,
		legal_basis_type="Perpres",
		legal_basis_number="(rancangan) RAN PP-TPPO 2025-2029",
	)
	ran_items = {
		code: ensure_item(ran, code, cluster, activity, indicator, unit, measure, targets, agencies[agency])
		for code, cluster, activity, indicator, unit, measure, targets, agency in RAN_ITEMS
	}
	for province in ("73", "63"):
		task_force = frappe.db.get_value("Task Force", {"region": province}, "name")
		name = frappe.db.get_value("Region", province, "region_name")
		rad = ensure_plan(
			task_force, "RAD", f"RAD PP-TPPO Provinsi {name} 2025-2029", ran, legal_basis_type="Pergub"
		)
		for code, cluster, activity, indicator, unit, measure, targets, agency in RAN_ITEMS:
			regional_targets = targets
			if measure == "Count":
				regional_targets = tuple(max(1, round(t * REGIONAL_SCALE[province])) for t in targets)
			if measure == "Amount (IDR)":
				regional_targets = tuple(round(t * REGIONAL_SCALE[province], -6) for t in targets)
			ensure_item(
				rad,
				code,
				cluster,
				activity,
				indicator,
				unit,
				measure,
				regional_targets,
				agencies[REGIONAL_AGENCY[province][agency]],
				parent_item=ran_items[code],
			)
		for code, cluster, activity, indicator, unit, measure, targets, agency in OWN_ITEMS[province]:
			ensure_item(rad, code, cluster, activity, indicator, unit, measure, targets, agencies[agency])
	ensure_reports()


def ensure_plan(task_force, plan_type, title, parent_plan, **values) -> str:
	name = frappe.db.get_value("Action Plan", {"title": title}, "name")
	if not name:
		name = (
			frappe.get_doc(
				doctype="Action Plan",
				title=title,
				plan_type=plan_type,
				task_force=task_force,
				parent_plan=parent_plan,
				start_year=2025,
				end_year=2029,
				reporting_frequency="Quarter",
				submission_days=15,
				status="Active",
				**values,
			)
			.insert(ignore_permissions=True)
			.name
		)
	frappe.get_doc("Action Plan", name).generate_reporting_periods()
	return name


def ensure_item(
	plan, code, cluster, activity, indicator, unit, measure, targets, agency, parent_item=None
) -> str:
	name = frappe.db.get_value("Action Plan Item", {"action_plan": plan, "item_code": code}, "name")
	if name:
		return name
	return (
		frappe.get_doc(
			doctype="Action Plan Item",
			action_plan=plan,
			item_code=code,
			cluster=cluster,
			activity=activity,
			indicator=indicator,
			unit=unit,
			measure_type=measure,
			baseline=0,
			targets=[{"year": 2025 + i, "target": t} for i, t in enumerate(targets)],
			responsible_agency=agency,
			parent_item=parent_item,
			budget_source="APBN" if not parent_item else "APBD Provinsi",
		)
		.insert(ignore_permissions=True)
		.name
	)


def realised_value(row, quarter: str, region: str) -> float:
	"""A fixed, plausible year-to-date value for the row."""
	if row.measure_type == "Yes/No":
		return 1 if quarter in ("Q3", "Q4") else 0
	wobble = 1 + ((sum(map(ord, row.item_code + region)) % 21) - 10) / 100  # ±10 % per item and region
	pace = PACE[quarter] * wobble
	if row.measure_type == "Percentage":
		return round(min(100, (row.target or 0) * (0.7 + 0.3 * pace)), 1)
	return round((row.target or 0) * pace, 0 if row.measure_type == "Count" else -5)


def ensure_reports():
	for (region, quarter), final_state in REPORTS.items():
		task_force = frappe.db.get_value("Task Force", {"region": region}, ["name", "level"], as_dict=True)
		province = region.split(".")[0]
		plan = frappe.db.get_value("Action Plan", {"plan_type": "RAD", "region": province}, "name")
		period = frappe.db.get_value(
			"Reporting Period", {"action_plan": plan, "period_label": f"2025-{quarter}"}
		)
		if frappe.db.exists("Progress Report", {"task_force": task_force.name, "reporting_period": period}):
			continue
		users = USERS[province]
		drafter = users["focal"] if task_force.level == "District" else users["province"]
		# Only the demo users' own district reports through its focal point; the other districts of the demo
		# are drafted by the provincial admin on their behalf and submitted by the focal point's stand-in.
		if task_force.level == "District" and region not in ("73.71", "63.71"):
			drafter = users["province"]
		report = create_report(task_force.name, plan, period, drafter, quarter, region)
		for action, actor in PATH[task_force.level][final_state]:
			user = {"ministry": MINISTRY}.get(actor) or users[actor]
			if task_force.level == "District" and actor == "focal" and region not in ("73.71", "63.71"):
				user = "Administrator"  # a district without a demo focal point
			if action == "Return":
				frappe.db.set_value(
					"Progress Report",
					report,
					"return_reason",
					"Lampirkan daftar hadir dan foto kegiatan sosialisasi (butir 1.1); realisasi 5.1 belum sesuai data Polda.",
				)
			run_as(
				user,
				lambda r=report, a=action: apply_workflow(frappe.get_doc("Progress Report", r).as_dict(), a),
			)


# Reports submitted after their deadline in the demo (the rest arrive a few days before it).
LATE = {("73.71", "Q3"), ("63.72", "Q1")}


def backdate_submission(report: str, region: str, quarter: str) -> None:
	"""The demo runs the workflow today; date each submission as it would have happened in 2025."""
	submitted_on, deadline = frappe.db.get_value(
		"Progress Report", report, ["submitted_on", "submission_deadline"]
	)
	if not submitted_on:
		return
	days = 9 if (region, quarter) in LATE else -4
	frappe.db.set_value(
		"Progress Report",
		report,
		"submitted_on",
		frappe.utils.add_to_date(deadline, days=days, hours=10),
		update_modified=False,
	)


def create_report(task_force, plan, period, user, quarter, region) -> str:
	def make():
		doc = frappe.get_doc(
			doctype="Progress Report", task_force=task_force, action_plan=plan, reporting_period=period
		)
		doc.insert()
		for row in doc.items:
			row.realised = realised_value(row, quarter, region)
			row.status = "Completed" if quarter == "Q4" else "In Progress"
			row.narrative = "Kegiatan dilaksanakan sesuai rencana triwulan."
		if quarter == "Q3":
			doc.items[-1].status = "Not Started"
			doc.items[-1].realised = 0
			doc.items[-1].obstacles = "Anggaran baru tersedia pada triwulan berikutnya."
		doc.save()
		return doc.name

	return run_as(user, make)


def run_as(user: str, fn):
	"""Runs fn as the user, as the browser would (permissions, workflow roles, region scope)."""
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		return fn()
	finally:
		frappe.set_user(previous)
