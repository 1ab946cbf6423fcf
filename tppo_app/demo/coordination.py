"""Demo coordination meetings and their recommendations, from the seed reports.

- South Sulawesi, 20 August 2025 (seed 000): the coordination meeting that prepared the task force and its
  governor regulation (Pergub) for 2025-2030, opened by the regional secretary on behalf of the vice governor,
  with the police's case data and the stress on victims' recovery and trauma healing. Minutes approved.
- South Kalimantan, 2 December 2025 (seed 001): the DP3AKB's coordination meeting with its four focuses, each
  a recommendation in a different state of follow-up (in progress, open and overdue, done, open), held jointly
  with the Kota Banjarmasin task force. Held; minutes awaiting approval.
- South Kalimantan's evaluation meeting two weeks after the first load, planned: its agenda opens with the
  review of the recommendations still open.

Chairs and other people are fictional (the demo's own members); offices, agencies and figures are from the
seeds. Loading is idempotent: meetings are found by task force and title, recommendations by meeting and
title; an existing record is left as it is.
"""

import frappe
from frappe.utils import add_days, getdate, today

from tppo_app.demo import DEMO_DOMAIN
from tppo_app.demo.task_force import KALSEL, SULSEL

SULSEL_MEETING = "Rapat Koordinasi Penyusunan Gugus Tugas PP-TPPO Provinsi Sulawesi Selatan"
KALSEL_MEETING = "Rapat Koordinasi Pencegahan dan Penanganan TPPO Provinsi Kalimantan Selatan"
KALSEL_EVALUATION = "Rapat Evaluasi Tindak Lanjut Rakor TPPO Kalimantan Selatan"

SULSEL_MINUTES = """<p>Rapat dibuka oleh Sekretaris Daerah Provinsi Sulawesi Selatan mewakili Wakil Gubernur. Ditegaskan
bahwa pencegahan dan penanganan TPPO tidak dapat dilakukan secara sektoral: dibutuhkan pendekatan lintas sektor,
lintas disiplin dan lintas wilayah, dan gugus tugas dibangun dengan semangat kolaboratif.</p>
<p>Polda Sulawesi Selatan memaparkan data per November 2024: 36 laporan polisi, 39 tersangka dan 59 korban, dengan
eksploitasi seksual sebagai kasus terbanyak. Sulawesi Selatan merupakan daerah asal, transit sekaligus tujuan
perdagangan orang; mayoritas korban adalah perempuan dan anak dari keluarga rentan.</p>
<p>Rancangan Peraturan Gubernur tentang Gugus Tugas PP-TPPO periode 2025&ndash;2030 dibahas sebagai panduan operasional,
bukan sekadar payung hukum. Peserta menekankan pemulihan korban, termasuk trauma healing pasca kejadian, untuk
mencegah trauma berkepanjangan.</p>
<p>DP3A-Dalduk KB menyampaikan bahwa rapat ini memperkuat koordinasi dan kapasitas semua pihak dalam melindungi
kelompok rentan, dengan keanggotaan dari Forkopimda, OPD, aparat penegak hukum, perguruan tinggi, NGO, organisasi
masyarakat dan Forum Anak.</p>"""

SULSEL_DECISIONS = """<ol>
<li>Rancangan Pergub Gugus Tugas PP-TPPO 2025&ndash;2030 difinalkan oleh DP3A-Dalduk KB bersama unsur terkait.</li>
<li>Setiap unsur menyampaikan usulan keanggotaan gugus tugas.</li>
<li>Layanan pemulihan dan trauma healing korban dimuat dalam panduan operasional gugus tugas.</li>
</ol>"""

KALSEL_MINUTES = """<p>Kepala DP3AKB Provinsi Kalimantan Selatan membuka rapat dan menegaskan peran strategis pemerintah
daerah sebagaimana diatur dalam UU Nomor 21 Tahun 2007 dan Perpres Nomor 49 Tahun 2023: upaya pencegahan dan
penanganan TPPO harus berjalan terstruktur dan berkesinambungan. TPPO adalah kejahatan terorganisir dan masalah
kemanusiaan yang menyasar perempuan, anak dan pekerja migran.</p>
<p>Rakor menjadi ruang konsolidasi pemerintah daerah, kepolisian, kejaksaan, imigrasi, BP3MI, layanan kesehatan,
pendidikan, tenaga kerja dan lembaga sosial, agar semua bergerak dalam alur yang sama dan terintegrasi. Disepakati
empat fokus kerja bersama (lihat rekomendasi).</p>
<p>"Rakor ini bukan untuk mengumpulkan rekomendasi saja. Setiap rekomendasi harus berubah menjadi langkah nyata."</p>"""

KALSEL_DECISIONS = """<p>Empat fokus kerja: (1) deteksi dini wilayah rawan TPPO; (2) penguatan layanan korban;
(3) pencegahan berbasis edukasi masyarakat; (4) sinergi antarinstansi penegak hukum dan layanan sosial. Setiap
fokus ditindaklanjuti sebagai rekomendasi dengan penanggung jawab dan tenggat.</p>"""


def load():
	sulsel = _task_force(SULSEL)
	kalsel = _task_force(KALSEL)
	if not (sulsel and kalsel):
		return
	_sulsel_meeting(sulsel)
	_kalsel_meeting(kalsel)
	_kalsel_evaluation(kalsel)


# ---- helpers ------------------------------------------------------------------------------------------------


def _task_force(region: str) -> str | None:
	return frappe.db.get_value("Task Force", {"region": region}, "name")


def _agency(abbreviation: str) -> str:
	return frappe.db.get_value("Agency", {"abbreviation": abbreviation}, "name")


def _member(task_force: str, full_name: str) -> str:
	return frappe.db.get_value(
		"Task Force Member", {"task_force": task_force, "full_name": full_name}, "name"
	)


def _not_after_today(date: str) -> str:
	"""A past date of the story, moved to today on a machine whose clock is earlier."""
	return min(getdate(date), getdate(today())).isoformat()


def _existing_meeting(task_force: str, title: str) -> str | None:
	return frappe.db.get_value(
		"Coordination Meeting", {"task_force": task_force, "title": title, "docstatus": ("<", 2)}, "name"
	)


def _insert_meeting(task_force: str, title: str, values: dict, attendance: dict, approve: str | None) -> str:
	"""Inserts the meeting; once its date has come, marks attendance (member name → mark or (mark, representative))
	and, when `approve` names the approving user, approves the minutes."""
	doc = frappe.get_doc(
		{"doctype": "Coordination Meeting", "task_force": task_force, "title": title, **values}
	).insert(ignore_permissions=True)
	if getdate(doc.meeting_date) > getdate(today()):
		return doc.name
	names = {m.name: m.full_name for m in frappe.get_all("Task Force Member", fields=["name", "full_name"])}
	for row in doc.attendance:
		mark = attendance.get(names.get(row.member), "Present")
		row.attendance, row.represented_by = (mark, None) if isinstance(mark, str) else mark
	doc.save(ignore_permissions=True)
	if approve and doc.status == "Held":
		doc.submit()
		# Approved a week after the meeting by the secretariat (the story's date, not the loading's).
		doc.db_set(
			{"approved_by": approve, "approved_on": f"{add_days(doc.meeting_date, 7)} 10:00:00"},
			update_modified=False,
		)
	return doc.name


def _recommendations(meeting: str, task_force: str, specs: list[dict]) -> None:
	for spec in specs:
		if frappe.db.exists("Recommendation", {"meeting": meeting, "title": spec["title"]}):
			continue
		values = dict(spec)
		values["responsible_agency"] = _agency(values.pop("agency"))
		person = values.pop("person", None)
		if person:
			values["responsible_member"] = _member(task_force, person)
		values["supporting_agencies"] = [{"agency": _agency(a)} for a in values.pop("supporting", ())]
		values["progress_updates"] = [
			{"update_date": _not_after_today(date), "note": note} for date, note in values.pop("progress", ())
		]
		if values.get("status") == "Done":
			values["completed_on"] = max(u["update_date"] for u in values["progress_updates"])
		frappe.get_doc({"doctype": "Recommendation", "meeting": meeting, **values}).insert(
			ignore_permissions=True
		)


# ---- the meetings ---------------------------------------------------------------------------------------------


def _sulsel_meeting(task_force: str) -> None:
	members = (
		"Andi Nurhayati",
		"Dewi Kartika",
		"Kompol Arif Rahman",
		"Syamsul Bahri",
		"Rahmat Hidayat",
		"Nurul Aini",
		"Hasanuddin Latif",
		"dr. Fitri Amalia",
		"Irwan Saputra",
		"Dr. Andi Rahmawati",
		"Marlina Sari",
		"Aulia Putri",
	)
	meeting = _existing_meeting(task_force, SULSEL_MEETING) or _insert_meeting(
		task_force,
		SULSEL_MEETING,
		dict(
			meeting_type="Coordination Meeting",
			meeting_date="2025-08-20",
			start_time="09:00:00",
			end_time="12:00:00",
			venue="Ruang Rapat Pimpinan, Kantor Gubernur Sulawesi Selatan, Makassar",
			chair="Drs. Baso Amiruddin",
			chair_position="Sekretaris Daerah Provinsi Sulawesi Selatan, mewakili Wakil Gubernur",
			organising_agency=_agency("DP3A-Dalduk KB Sulsel"),
			agenda=[
				{"topic": "Pembukaan dan arahan Sekretaris Daerah", "presenter": "Sekretaris Daerah"},
				{
					"topic": "Paparan data TPPO Sulawesi Selatan per November 2024",
					"presenter": "Polda Sulawesi Selatan",
					"details": "36 laporan polisi, 39 tersangka, 59 korban; eksploitasi seksual terbanyak; "
					"Sulawesi Selatan sebagai daerah asal, transit dan tujuan.",
				},
				{
					"topic": "Pembahasan rancangan Pergub Gugus Tugas PP-TPPO 2025–2030",
					"presenter": "DP3A-Dalduk KB Sulsel",
				},
				{"topic": "Pemulihan korban dan trauma healing", "presenter": "Dinas Kesehatan, UPTD PPA"},
				{
					"topic": "Keanggotaan gugus tugas lintas sektor",
					"details": "Forkopimda, OPD, aparat penegak hukum, perguruan tinggi, NGO, organisasi "
					"masyarakat dan Forum Anak.",
				},
			],
			invitees=[{"member": _member(task_force, name)} for name in members],
			minutes=SULSEL_MINUTES,
			decisions=SULSEL_DECISIONS,
		),
		attendance={
			"Syamsul Bahri": ("Represented", "Jaksa Fungsional Kejati Sulsel"),
			"Marlina Sari": "Absent",
		},
		approve=f"admin.sulsel@{DEMO_DOMAIN}",
	)
	_recommendations(
		meeting,
		task_force,
		[
			dict(
				title="Finalisasi rancangan Pergub Gugus Tugas PP-TPPO 2025–2030",
				agency="DP3A-Dalduk KB Sulsel",
				person="Andi Nurhayati",
				supporting=("Unhas", "Polda Sulsel"),
				due_date="2025-09-30",
				status="Done",
				progress=(
					("2025-09-01", "Rancangan diharmonisasi bersama Biro Hukum dan Unhas."),
					("2025-09-15", "Pergub Gugus Tugas PP-TPPO 2025–2030 ditetapkan."),
				),
			),
			dict(
				title="Usulan keanggotaan gugus tugas dari setiap unsur",
				agency="DP3A-Dalduk KB Sulsel",
				person="Andi Nurhayati",
				supporting=("Polda Sulsel", "Kejati Sulsel", "Unhas", "LBH APIK Sulsel", "Forum Anak Sulsel"),
				due_date="2025-09-05",
				status="Done",
				progress=(("2025-09-03", "Usulan dari 14 unsur diterima dan dimuat dalam lampiran Pergub."),),
			),
			dict(
				title="Layanan pemulihan dan trauma healing korban dalam panduan operasional gugus tugas",
				agency="Dinkes Sulsel",
				person="dr. Fitri Amalia",
				supporting=("UPTD PPA Sulsel", "Dinsos Sulsel"),
				due_date="2026-12-31",
				status="In Progress",
				progress=(
					("2025-11-10", "Draf alur rujukan pemulihan psikologis disusun bersama UPTD PPA."),
				),
			),
			dict(
				title="Pemutakhiran data kasus TPPO bersama Polda Sulawesi Selatan",
				agency="UPPA Polda Sulsel",
				person="Kompol Arif Rahman",
				supporting=("DP3A-Dalduk KB Sulsel",),
				due_date="2025-12-31",
				status="Open",
			),
		],
	)


KALSEL_MEMBERS = (
	"Siti Rahmah",
	"AKBP Gusti Rahmadi",
	"Fahrurrazi",
	"Yuliani Noor",
	"Ahmad Fauzan",
	"Hj. Norhayati",
	"dr. Rizky Ananda",
	"Dr. Mahyuni",
	"Nabila Zahra",
)


def _kalsel_invitees(task_force: str) -> tuple[list[dict], list[dict]]:
	banjarmasin = _task_force("63.71")
	invitees = [{"member": _member(task_force, name)} for name in KALSEL_MEMBERS]
	joint = []
	if banjarmasin:
		joint.append({"task_force": banjarmasin})
		invitees.append({"member": _member(banjarmasin, "Rina Maulida")})
	return invitees, joint


def _kalsel_meeting(task_force: str) -> None:
	invitees, joint = _kalsel_invitees(task_force)
	meeting = _existing_meeting(task_force, KALSEL_MEETING) or _insert_meeting(
		task_force,
		KALSEL_MEETING,
		dict(
			meeting_type="Coordination Meeting",
			meeting_date="2025-12-02",
			start_time="09:00:00",
			end_time="13:00:00",
			venue="Aula DP3AKB Provinsi Kalimantan Selatan, Banjarbaru",
			chair="Dr. Hj. Fathiyah Rahman",
			chair_position="Kepala DP3AKB Provinsi Kalimantan Selatan",
			organising_agency=_agency("DP3AKB Kalsel"),
			other_task_forces=joint,
			agenda=[
				{
					"topic": "Pembukaan: peran pemerintah daerah menurut UU 21/2007 dan Perpres 49/2023",
					"presenter": "Kepala DP3AKB",
				},
				{
					"topic": "Empat fokus pencegahan dan penanganan TPPO",
					"details": "Deteksi dini wilayah rawan; penguatan layanan korban; pencegahan berbasis "
					"edukasi masyarakat; sinergi antarinstansi penegak hukum dan layanan sosial.",
				},
				{
					"topic": "Konsolidasi unsur gugus tugas",
					"details": "Kepolisian, kejaksaan, imigrasi, BP3MI, kesehatan, pendidikan, tenaga kerja, "
					"lembaga sosial; Gugus Tugas Kota Banjarmasin.",
				},
				{"topic": "Rencana tindak lanjut dan penanggung jawab"},
			],
			invitees=invitees,
			minutes=KALSEL_MINUTES,
			decisions=KALSEL_DECISIONS,
		),
		attendance={"Fahrurrazi": ("Represented", "Kasi Pidum Kejati Kalsel"), "Dr. Mahyuni": "Absent"},
		approve=None,
	)
	_recommendations(
		meeting,
		task_force,
		[
			dict(
				title="Deteksi dini wilayah rawan TPPO",
				details="<p>Perangkat daerah memetakan wilayah rawan, membangun sistem pelaporan cepat dan "
				"meningkatkan kemampuan aparatur mengenali indikasi perdagangan orang.</p>",
				agency="Polda Kalsel",
				person="AKBP Gusti Rahmadi",
				supporting=("DP3AKB Kalsel", "BP3MI Kalsel", "Disnakertrans Kalsel", "Imigrasi Banjarmasin"),
				due_date="2027-03-31",
				status="In Progress",
				progress=(
					("2026-02-10", "Pemetaan awal wilayah rawan di 5 kabupaten/kota selesai."),
					("2026-06-15", "Pelatihan identifikasi indikasi TPPO bagi 60 aparatur kecamatan."),
				),
			),
			dict(
				title="Penguatan layanan korban tanpa keterlambatan dan tumpang tindih",
				details="<p>Penanganan korban yang lengkap: medis, psikologis, hukum hingga rehabilitasi sosial, "
				"dengan koordinasi antar-unit layanan yang rapi.</p>",
				agency="Dinsos Kalsel",
				person="Hj. Norhayati",
				supporting=("Dinkes Kalsel", "DP3AKB Kalsel"),
				due_date="2026-06-30",
				status="Open",
			),
			dict(
				title="Pencegahan berbasis edukasi masyarakat",
				details="<p>Edukasi tentang iming-iming pekerjaan yang tidak jelas, praktik eksploitasi dan bahaya "
				"pernikahan dini.</p>",
				agency="BP3MI Kalsel",
				person="Ahmad Fauzan",
				supporting=("Disnakertrans Kalsel", "Forum Anak Kalsel", "ULM"),
				due_date="2026-09-30",
				status="Done",
				progress=(
					("2026-04-20", "Sosialisasi migrasi aman di 8 kabupaten bersama Disnakertrans."),
					(
						"2026-09-12",
						"Kampanye pencegahan pernikahan dini oleh Forum Anak di 13 kabupaten/kota.",
					),
				),
			),
			dict(
				title="Sinergi antarinstansi penegak hukum dan layanan sosial",
				details="<p>Kolaborasi kepolisian, kejaksaan, imigrasi, BP3MI, dinas sosial, tenaga kerja dan "
				"DP3AKB sebagai penentu keberhasilan penindakan dan perlindungan.</p>",
				agency="DP3AKB Kalsel",
				person="Siti Rahmah",
				supporting=(
					"Polda Kalsel",
					"Kejati Kalsel",
					"Imigrasi Banjarmasin",
					"BP3MI Kalsel",
					"Dinsos Kalsel",
					"Disnakertrans Kalsel",
				),
				due_date="2027-06-30",
				status="Open",
			),
		],
	)


def _kalsel_evaluation(task_force: str) -> None:
	if _existing_meeting(task_force, KALSEL_EVALUATION):
		return
	invitees, joint = _kalsel_invitees(task_force)
	frappe.get_doc(
		doctype="Coordination Meeting",
		task_force=task_force,
		title=KALSEL_EVALUATION,
		meeting_type="Evaluation",
		meeting_date=add_days(today(), 14),
		start_time="09:00:00",
		end_time="12:00:00",
		venue="Aula DP3AKB Provinsi Kalimantan Selatan, Banjarbaru",
		online_link="https://meet.example/rakor-tppo-kalsel",
		organising_agency=_agency("DP3AKB Kalsel"),
		other_task_forces=joint,
		agenda=[{"topic": "Rencana kerja gugus tugas tahun berikutnya"}],
		invitees=invitees,
	).insert(ignore_permissions=True)
