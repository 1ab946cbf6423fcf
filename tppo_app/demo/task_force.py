"""Demo task forces, agencies, sub task forces, members and users.

Every person named here is fictional; offices, agencies and regions are real.
"""

import re

import frappe

from tppo_app.demo import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_USERS
from tppo_app.install import SUB_TASK_FORCE_FUNCTIONS

NATIONAL = "ID"
SULSEL = "73"
KALSEL = "63"

# (agency name, abbreviation, agency type, level, region)
AGENCIES = (
	# national
	(
		"Kementerian Pemberdayaan Perempuan dan Perlindungan Anak",
		"KemenPPPA",
		"Ministry or National Agency",
		"National",
		None,
	),
	("Kementerian Sosial", "Kemensos", "Ministry or National Agency", "National", None),
	("Kementerian Kesehatan", "Kemenkes", "Ministry or National Agency", "National", None),
	("Kepolisian Negara Republik Indonesia (Bareskrim Polri)", "Bareskrim Polri", "Police", "National", None),
	("Kejaksaan Agung", "Kejagung", "Prosecutor's Office", "National", None),
	("Direktorat Jenderal Imigrasi", "Ditjen Imigrasi", "Immigration", "National", None),
	(
		"Kementerian Pelindungan Pekerja Migran Indonesia / BP2MI",
		"KP2MI",
		"Migrant Worker Protection Agency (BP3MI)",
		"National",
		None,
	),
	(
		"Lembaga Perlindungan Saksi dan Korban",
		"LPSK",
		"Witness and Victim Protection Agency (LPSK)",
		"National",
		None,
	),
	("Jaringan Nasional Anti TPPO", "Jarnas Anti TPPO", "Non-Governmental Organisation", "National", None),
	# South Sulawesi
	(
		"Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan KB Provinsi Sulawesi Selatan",
		"DP3A-Dalduk KB Sulsel",
		"Women's Empowerment and Child Protection Office (DP3A)",
		"Province",
		SULSEL,
	),
	(
		"UPTD Perlindungan Perempuan dan Anak Provinsi Sulawesi Selatan",
		"UPTD PPA Sulsel",
		"Women's Empowerment and Child Protection Office (DP3A)",
		"Province",
		SULSEL,
	),
	("Kepolisian Daerah Sulawesi Selatan", "Polda Sulsel", "Police", "Province", SULSEL),
	(
		"Unit PPA Ditreskrimum Polda Sulawesi Selatan",
		"UPPA Polda Sulsel",
		"Police Women and Children Unit (UPPA)",
		"Province",
		SULSEL,
	),
	("Kejaksaan Tinggi Sulawesi Selatan", "Kejati Sulsel", "Prosecutor's Office", "Province", SULSEL),
	(
		"Kantor Wilayah Direktorat Jenderal Imigrasi Sulawesi Selatan",
		"Kanwil Imigrasi Sulsel",
		"Immigration",
		"Province",
		SULSEL,
	),
	(
		"Balai Pelayanan Pelindungan Pekerja Migran Indonesia Sulawesi Selatan",
		"BP3MI Sulsel",
		"Migrant Worker Protection Agency (BP3MI)",
		"Province",
		SULSEL,
	),
	("Dinas Sosial Provinsi Sulawesi Selatan", "Dinsos Sulsel", "Social Affairs", "Province", SULSEL),
	("Dinas Kesehatan Provinsi Sulawesi Selatan", "Dinkes Sulsel", "Health", "Province", SULSEL),
	(
		"Dinas Tenaga Kerja dan Transmigrasi Provinsi Sulawesi Selatan",
		"Disnakertrans Sulsel",
		"Manpower",
		"Province",
		SULSEL,
	),
	("Dinas Pendidikan Provinsi Sulawesi Selatan", "Disdik Sulsel", "Education", "Province", SULSEL),
	("Universitas Hasanuddin", "Unhas", "University", "Province", SULSEL),
	(
		"Lembaga Bantuan Hukum APIK Sulawesi Selatan",
		"LBH APIK Sulsel",
		"Non-Governmental Organisation",
		"Province",
		SULSEL,
	),
	(
		"Forum Anak Provinsi Sulawesi Selatan",
		"Forum Anak Sulsel",
		"Children's Forum (Forum Anak)",
		"Province",
		SULSEL,
	),
	(
		"Dinas Pemberdayaan Perempuan dan Perlindungan Anak Kota Makassar",
		"DP3A Kota Makassar",
		"Women's Empowerment and Child Protection Office (DP3A)",
		"District",
		"73.71",
	),
	("Kepolisian Resor Kota Besar Makassar", "Polrestabes Makassar", "Police", "District", "73.71"),
	# South Kalimantan
	(
		"Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana Provinsi Kalimantan Selatan",
		"DP3AKB Kalsel",
		"Women's Empowerment and Child Protection Office (DP3A)",
		"Province",
		KALSEL,
	),
	("Kepolisian Daerah Kalimantan Selatan", "Polda Kalsel", "Police", "Province", KALSEL),
	("Kejaksaan Tinggi Kalimantan Selatan", "Kejati Kalsel", "Prosecutor's Office", "Province", KALSEL),
	("Kantor Imigrasi Kelas I TPI Banjarmasin", "Imigrasi Banjarmasin", "Immigration", "Province", KALSEL),
	(
		"Balai Pelayanan Pelindungan Pekerja Migran Indonesia Kalimantan Selatan",
		"BP3MI Kalsel",
		"Migrant Worker Protection Agency (BP3MI)",
		"Province",
		KALSEL,
	),
	("Dinas Sosial Provinsi Kalimantan Selatan", "Dinsos Kalsel", "Social Affairs", "Province", KALSEL),
	("Dinas Kesehatan Provinsi Kalimantan Selatan", "Dinkes Kalsel", "Health", "Province", KALSEL),
	(
		"Dinas Tenaga Kerja dan Transmigrasi Provinsi Kalimantan Selatan",
		"Disnakertrans Kalsel",
		"Manpower",
		"Province",
		KALSEL,
	),
	("Universitas Lambung Mangkurat", "ULM", "University", "Province", KALSEL),
	(
		"Forum Anak Provinsi Kalimantan Selatan",
		"Forum Anak Kalsel",
		"Children's Forum (Forum Anak)",
		"Province",
		KALSEL,
	),
	(
		"Dinas Pemberdayaan Perempuan dan Perlindungan Anak Kota Banjarmasin",
		"DP3A Kota Banjarmasin",
		"Women's Empowerment and Child Protection Office (DP3A)",
		"District",
		"63.71",
	),
	("Kepolisian Resor Kota Banjarmasin", "Polresta Banjarmasin", "Police", "District", "63.71"),
)

# region → task force values
TASK_FORCES = {
	NATIONAL: dict(
		legal_basis_type="Perpres",
		legal_basis_number="49 Tahun 2023",
		legal_basis_date="2023-07-10",
		period_start="2023-07-10",
		period_end="2029-12-31",
		chair_name="Prof. Suryo Wibisono",
		chair_position="Menteri Koordinator Bidang Pembangunan Manusia dan Kebudayaan",
		daily_chair_name="Jenderal Pol. Agus Santoso",
		daily_chair_position="Kepala Kepolisian Negara Republik Indonesia",
		secretariat="Bareskrim Polri",
	),
	SULSEL: dict(
		legal_basis_type="Pergub",
		legal_basis_number="Pergub Sulsel tentang Gugus Tugas PP-TPPO 2025-2030",
		legal_basis_date="2025-09-15",
		period_start="2025-09-15",
		period_end="2030-12-31",
		chair_name="H. Andi Mappatunru",
		chair_position="Gubernur Sulawesi Selatan",
		daily_chair_name="Drs. Baso Amiruddin",
		daily_chair_position="Sekretaris Daerah Provinsi Sulawesi Selatan",
		secretariat="DP3A-Dalduk KB Sulsel",
	),
	KALSEL: dict(
		legal_basis_type="Kepgub",
		legal_basis_number="188.44/0412/KUM/2024",
		legal_basis_date="2024-03-04",
		period_start="2024-03-04",
		period_end="2028-12-31",
		chair_name="H. Muhammad Yamani",
		chair_position="Gubernur Kalimantan Selatan",
		daily_chair_name="Ir. Gusti Syahrani",
		daily_chair_position="Sekretaris Daerah Provinsi Kalimantan Selatan",
		secretariat="DP3AKB Kalsel",
	),
}

# Sulawesi Selatan districts with their own task force in the demo.
SULSEL_DISTRICTS = ("73.71", "73.72", "73.08")  # Kota Makassar, Kota Parepare, Kabupaten Bone

# (task force region, full name, agency abbreviation, position, role, sub task force function, user email prefix)
MEMBERS = (
	(
		NATIONAL,
		"Bambang Setiadi",
		"KemenPPPA",
		"Asisten Deputi Perlindungan Hak Perempuan",
		"Member",
		"Coordination and Cooperation",
		"reviewer",
	),
	(
		NATIONAL,
		"Yusuf Hidayat",
		"KemenPPPA",
		"Analis Kebijakan Pemantauan dan Evaluasi",
		"Member",
		"Coordination and Cooperation",
		"pemantau",  # the national viewer: national by this membership (the explicit national grant)
	),
	(
		NATIONAL,
		"Hendra Gunawan",
		"Bareskrim Polri",
		"Direktur Tindak Pidana PPA dan PPO",
		"Secretary",
		"Law Enforcement",
		None,
	),
	(
		NATIONAL,
		"Lestari Puspitasari",
		"Kemensos",
		"Direktur Rehabilitasi Sosial",
		"Sub Task Force Coordinator",
		"Social Rehabilitation, Repatriation and Reintegration",
		None,
	),
	(
		SULSEL,
		"Andi Nurhayati",
		"DP3A-Dalduk KB Sulsel",
		"Kepala Bidang Perlindungan Perempuan",
		"Secretary",
		"Coordination and Cooperation",
		"admin.sulsel",
	),
	(
		SULSEL,
		"Dewi Kartika",
		"UPTD PPA Sulsel",
		"Manajer Kasus",
		"Member",
		"Social Rehabilitation, Repatriation and Reintegration",
		"kasus.sulsel",
	),
	(
		SULSEL,
		"Kompol Arif Rahman",
		"UPPA Polda Sulsel",
		"Kepala Unit PPA",
		"Sub Task Force Coordinator",
		"Law Enforcement",
		None,
	),
	(SULSEL, "Syamsul Bahri", "Kejati Sulsel", "Jaksa Fungsional", "Member", "Law Enforcement", None),
	(
		SULSEL,
		"Rahmat Hidayat",
		"Kanwil Imigrasi Sulsel",
		"Kepala Bidang Intelijen dan Penindakan",
		"Member",
		"Law Enforcement",
		None,
	),
	(
		SULSEL,
		"Nurul Aini",
		"BP3MI Sulsel",
		"Kepala Seksi Pelindungan",
		"Member",
		"Prevention and Child Participation",
		None,
	),
	(
		SULSEL,
		"Hasanuddin Latif",
		"Dinsos Sulsel",
		"Kepala Bidang Rehabilitasi Sosial",
		"Sub Task Force Coordinator",
		"Social Rehabilitation, Repatriation and Reintegration",
		None,
	),
	(
		SULSEL,
		"dr. Fitri Amalia",
		"Dinkes Sulsel",
		"Kepala Seksi Kesehatan Jiwa",
		"Sub Task Force Coordinator",
		"Health Rehabilitation",
		None,
	),
	(
		SULSEL,
		"Irwan Saputra",
		"Disnakertrans Sulsel",
		"Pengantar Kerja Ahli Muda",
		"Member",
		"Prevention and Child Participation",
		None,
	),
	(
		SULSEL,
		"Dr. Andi Rahmawati",
		"Unhas",
		"Dosen Fakultas Hukum",
		"Member",
		"Development of Legal Norms",
		None,
	),
	(
		SULSEL,
		"Marlina Sari",
		"LBH APIK Sulsel",
		"Koordinator Pendampingan",
		"Member",
		"Social Rehabilitation, Repatriation and Reintegration",
		None,
	),
	(
		SULSEL,
		"Aulia Putri",
		"Forum Anak Sulsel",
		"Ketua Forum Anak",
		"Member",
		"Prevention and Child Participation",
		None,
	),
	(
		"73.71",
		"Muhammad Ilham",
		"DP3A Kota Makassar",
		"Analis Perlindungan Anak",
		"Secretary",
		None,
		"fp.makassar",
	),
	("73.71", "AKP Suryani", "Polrestabes Makassar", "Kanit PPA Satreskrim", "Member", None, None),
	(
		KALSEL,
		"Siti Rahmah",
		"DP3AKB Kalsel",
		"Kepala Seksi Perlindungan Perempuan",
		"Secretary",
		"Coordination and Cooperation",
		"admin.kalsel",
	),
	(
		KALSEL,
		"AKBP Gusti Rahmadi",
		"Polda Kalsel",
		"Kasubdit Renakta Ditreskrimum",
		"Sub Task Force Coordinator",
		"Law Enforcement",
		None,
	),
	(KALSEL, "Fahrurrazi", "Kejati Kalsel", "Jaksa Fungsional", "Member", "Law Enforcement", None),
	(
		KALSEL,
		"Yuliani Noor",
		"Imigrasi Banjarmasin",
		"Kepala Seksi Intelijen dan Penindakan",
		"Member",
		"Law Enforcement",
		None,
	),
	(
		KALSEL,
		"Ahmad Fauzan",
		"BP3MI Kalsel",
		"Kepala Seksi Pelindungan dan Pemberdayaan",
		"Member",
		"Prevention and Child Participation",
		None,
	),
	(
		KALSEL,
		"Hj. Norhayati",
		"Dinsos Kalsel",
		"Kepala Bidang Rehabilitasi Sosial",
		"Sub Task Force Coordinator",
		"Social Rehabilitation, Repatriation and Reintegration",
		None,
	),
	(
		KALSEL,
		"dr. Rizky Ananda",
		"Dinkes Kalsel",
		"Kepala Seksi Kesehatan Keluarga",
		"Member",
		"Health Rehabilitation",
		None,
	),
	(KALSEL, "Dr. Mahyuni", "ULM", "Dosen Fakultas Hukum", "Member", "Development of Legal Norms", None),
	(
		KALSEL,
		"Nabila Zahra",
		"Forum Anak Kalsel",
		"Ketua Forum Anak",
		"Member",
		"Prevention and Child Participation",
		None,
	),
	(
		"63.71",
		"Rina Maulida",
		"DP3A Kota Banjarmasin",
		"Kepala Bidang Perlindungan Anak",
		"Secretary",
		None,
		"fp.banjarmasin",
	),
	("63.71", "Ipda Wahyu Pratama", "Polresta Banjarmasin", "Kanit PPA Satreskrim", "Member", None, None),
)


def load():
	ensure_users()
	agencies = ensure_agencies()
	task_forces = ensure_task_forces(agencies)
	ensure_sub_task_forces(task_forces, agencies)
	ensure_members(task_forces, agencies)


def get_or_insert(doctype: str, key: dict, values: dict) -> str:
	"""The name of the record matching key, inserting it with values when there is none."""
	name = frappe.db.get_value(doctype, key, "name")
	if name:
		return name
	return frappe.get_doc({"doctype": doctype, **key, **values}).insert(ignore_permissions=True).name


def ensure_users():
	for user in DEMO_USERS:
		if frappe.db.exists("User", user.email):
			continue
		first, _, last = user.full_name.partition(" ")
		doc = frappe.get_doc(
			doctype="User",
			email=user.email,
			first_name=first,
			last_name=last,
			user_type="System User",
			send_welcome_email=0,
			language="id",
			role_profile_name=user.role,
			new_password=DEMO_PASSWORD,
		)
		doc.flags.no_welcome_mail = True
		doc.insert(ignore_permissions=True)


def ensure_agencies() -> dict[str, str]:
	"""abbreviation → Agency name"""
	return {
		abbr: get_or_insert(
			"Agency",
			{"agency_name": name},
			dict(abbreviation=abbr, agency_type=agency_type, level=level, region=region),
		)
		for name, abbr, agency_type, level, region in AGENCIES
	}


def _task_force_values(region: str, agencies: dict) -> dict:
	if region in TASK_FORCES:
		values = dict(TASK_FORCES[region])
		values["secretariat_agency"] = agencies[values.pop("secretariat")]
		return values
	# District task forces: a regent's/mayor's decree for the province's period.
	province = region.split(".")[0]
	parent = TASK_FORCES[province]
	region_name = frappe.db.get_value("Region", region, "region_name")
	is_city = region_name.startswith("Kota")
	return dict(
		legal_basis_type="Keputusan Wali Kota" if is_city else "Keputusan Bupati",
		legal_basis_number=f"SK {region_name} tentang Gugus Tugas PP-TPPO",
		legal_basis_date=parent["period_start"],
		period_start=parent["period_start"],
		period_end=parent["period_end"],
		chair_position=("Wali Kota " if is_city else "Bupati ") + region_name.split(" ", 1)[1],
	)


def ensure_task_forces(agencies: dict) -> dict[str, str]:
	"""region → Task Force name. Parents first, so each child finds its parent."""
	kalsel_districts = tuple(
		frappe.get_all("Region", filters={"parent_region": KALSEL}, pluck="name", order_by="name")
	)
	regions = (NATIONAL, SULSEL, KALSEL, *SULSEL_DISTRICTS, *kalsel_districts)
	return {
		region: get_or_insert("Task Force", {"region": region}, _task_force_values(region, agencies))
		for region in regions
	}


def ensure_sub_task_forces(task_forces: dict, agencies: dict):
	coordinators = {
		"Law Enforcement": {NATIONAL: "Bareskrim Polri", SULSEL: "Polda Sulsel", KALSEL: "Polda Kalsel"},
		"Social Rehabilitation, Repatriation and Reintegration": {
			NATIONAL: "Kemensos",
			SULSEL: "Dinsos Sulsel",
			KALSEL: "Dinsos Kalsel",
		},
		"Health Rehabilitation": {NATIONAL: "Kemenkes", SULSEL: "Dinkes Sulsel", KALSEL: "Dinkes Kalsel"},
	}
	for region in (NATIONAL, SULSEL, KALSEL):
		for function in SUB_TASK_FORCE_FUNCTIONS:
			abbr = coordinators.get(function, {}).get(region)
			get_or_insert(
				"Sub Task Force",
				{"task_force": task_forces[region], "function": function},
				{"coordinator_agency": agencies[abbr] if abbr else None},
			)


def ensure_members(task_forces: dict, agencies: dict):
	for region, full_name, abbr, position, role, function, user in MEMBERS:
		task_force = task_forces[region]
		sub_task_force = function and frappe.db.get_value(
			"Sub Task Force", {"task_force": task_force, "function": function}
		)
		start = frappe.db.get_value("Task Force", task_force, "period_start")
		slug = ".".join(re.findall(r"[a-z]+", full_name.lower().replace("dr. ", "")))
		get_or_insert(
			"Task Force Member",
			{"task_force": task_force, "full_name": full_name},
			dict(
				agency=agencies[abbr],
				position=position,
				task_force_role=role,
				sub_task_force=sub_task_force,
				start_date=start,
				email=f"{user}@{DEMO_DOMAIN}" if user else f"{slug}@{abbr.lower().replace(' ', '')}.example",
				mobile_no=_phone(full_name),
				user=f"{user}@{DEMO_DOMAIN}" if user else None,
				decree_reference=frappe.db.get_value("Task Force", task_force, "legal_basis_number"),
			),
		)


def _phone(full_name: str) -> str:
	"""A stable, valid-looking Telkomsel number derived from the name (the same on every load)."""
	digits = sum((i + 1) * ord(c) for i, c in enumerate(full_name)) % 10**8
	return f"0812{digits:08d}"
