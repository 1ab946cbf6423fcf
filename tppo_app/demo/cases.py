"""Demo cases, victims, services and trainings.

South Sulawesi's year 2024 at the scale the seed reports give: 36 police reports, 39 suspects and 59 victims,
sexual exploitation the most frequent modus, South Sulawesi as place of origin, transit and destination, cases
spread over every stage, services for each victim and restitution in some convicted cases. South Kalimantan
has its one reported case of 2018 and a few recent ones. Trainings of both provinces with their participants.

Every person here is fictional. Victims carry obviously made-up names (their surnames mean "example",
"fictional", "pseudonym", "made-up" and "imaginary"), phone numbers and addresses, and NIKs that are only
structurally valid for their regency and birth date. Records are generated from a seeded random generator,
so every load builds the same data, and found by their natural keys first (a case by its police report
number, a victim by NIK, a service by victim, type and referral date, a training by title): loading twice
changes nothing.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

import frappe
from frappe.utils import getdate, today

from tppo_app.case_management import rules

SULSEL, MAKASSAR, KALSEL, BANJARMASIN = "73", "73.71", "63", "63.71"
SEED = 212007  # UU 21/2007

GIVEN_FEMALE = (
	"Sri",
	"Nur",
	"Ayu",
	"Wati",
	"Rina",
	"Sari",
	"Dewi",
	"Fitri",
	"Lina",
	"Intan",
	"Putri",
	"Indah",
)
GIVEN_MALE = ("Andi", "Budi", "Rudi", "Fajar", "Ilham", "Arif", "Dimas", "Yusuf", "Rizal", "Hendra")
FAKE_SURNAMES = ("Contoh", "Fiktif", "Samaran", "Rekaan", "Khayalan")
# Trainees are officials: ordinary but invented names.
OFFICIAL_SURNAMES = (
	"Rahman",
	"Hidayat",
	"Saputra",
	"Lestari",
	"Wahyuni",
	"Pratama",
	"Kurniawan",
	"Safitri",
	"Halim",
)

# modus → (victims per case, origins, transit, destinations, sex/age mix of victims, suspect roles)
# Places are region codes, or country names for places abroad.
MODUS = {
	"Sexual Exploitation": (
		(3, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
		("73.08", "73.04", "73.02", "73.14", "73.06", "73.13"),
		(None, MAKASSAR, "73.72"),
		(MAKASSAR, MAKASSAR, "65.71", "65.03"),
		("girl", "girl", "girl", "woman", "woman"),
		("Recruiter or Intermediary", "Exploiter"),
	),
	"Non-Procedural Migrant Workers (incl. Domestic Workers)": (
		(3, 2, 2, 1, 1, 1, 1, 1, 1),
		("73.15", "73.72", "73.08", "73.14", "73.11"),
		("65.03", "73.72"),
		("Malaysia", "Malaysia", "Saudi Arabia"),
		("woman", "woman", "woman", "man", "man"),
		("Recruiter or Intermediary", "Placement Company (P3MI)", "Broker or Travel Agent"),
	),
	"Online Scam Compounds": (
		(4, 3, 2, 2, 1),
		(MAKASSAR, "73.73", "73.06"),
		(MAKASSAR, "Malaysia"),
		("Cambodia", "Myanmar"),
		("man", "man", "man", "woman", "woman"),
		("Recruiter or Intermediary", "Broker or Travel Agent"),
	),
	"Ship Crews": (
		(3, 2, 1),
		("73.01", "73.10", "73.02"),
		(MAKASSAR,),
		("Taiwan", "Korea, Republic of"),
		("man", "man", "man", "boy"),
		("Placement Company (P3MI)", "Recruiter or Intermediary"),
	),
	"Forced or Contract Marriage": (
		(1, 1),
		("73.04", "73.05"),
		(MAKASSAR,),
		("China",),
		("girl", "woman"),
		("Broker or Travel Agent",),
	),
	"Baby Trafficking and Illegal Adoption": (
		(2,),
		(MAKASSAR,),
		(None,),
		(MAKASSAR,),
		("infant",),
		("Broker or Travel Agent",),
	),
	"Child Labour and Begging": (
		(3, 2),
		("73.04", "73.03"),
		(None,),
		(MAKASSAR,),
		("boy", "girl", "boy"),
		("Exploiter",),
	),
}
# Cases ordered from the earliest report, with how far each has come by the end of 2025.
STAGE_MIX = (
	*["Final Verdict"] * 4,
	*["Verdict"] * 5,
	*["Prosecution"] * 5,
	"Stopped (SP3)",
	*["Case File Complete (P21)"] * 5,
	"Stopped (SP3)",
	*["Investigation"] * 10,
	*["Inquiry"] * 5,
)
# Cases with two suspects (a recruiter and the one who exploits): the first of these modus.
TWO_SUSPECTS = (
	"Sexual Exploitation",
	"Non-Procedural Migrant Workers (incl. Domestic Workers)",
	"Online Scam Compounds",
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# (service type, provider abbreviation in South Sulawesi, in South Kalimantan)
PROVIDERS = {
	"Medical": ("Dinkes Sulsel", "Dinkes Kalsel"),
	"Psychosocial": ("UPTD PPA Sulsel", "DP3AKB Kalsel"),
	"Shelter": ("Dinsos Sulsel", "Dinsos Kalsel"),
	"Legal Aid": ("LBH APIK Sulsel", "DP3AKB Kalsel"),
	"Repatriation": ("BP3MI Sulsel", "BP3MI Kalsel"),
	"Social Reintegration": ("Dinsos Sulsel", "Dinsos Kalsel"),
	"Restitution": ("LPSK", "LPSK"),
	"Economic Empowerment": ("Disnakertrans Sulsel", "Disnakertrans Kalsel"),
}
ABROAD_MODUS = (
	"Non-Procedural Migrant Workers (incl. Domestic Workers)",
	"Online Scam Compounds",
	"Ship Crews",
	"Forced or Contract Marriage",
)


@dataclass
class VictimSpec:
	serial: int
	region: str
	origin: str
	kind: str  # girl, boy, woman, man, infant
	identified: dt.date
	values: dict = field(default_factory=dict)


@dataclass
class CaseSpec:
	number: str
	region: str
	modus: str
	stage: str
	reported: dt.date
	unit: str
	values: dict = field(default_factory=dict)
	victims: list = field(default_factory=list)
	suspects: list = field(default_factory=list)


def load():
	agencies = {
		row.abbreviation: row.name
		for row in frappe.get_all("Agency", fields=["name", "abbreviation"])
		if row.abbreviation
	}
	rng = random.Random(SEED)
	cases = sulsel_cases(rng) + kalsel_cases(rng)
	last_day = getdate(today())
	for case in cases:
		if latest_date(case) > last_day:
			continue  # a clock set before the demo's dates: leave the case out rather than date it ahead
		victims = [ensure_victim(spec, agencies) for spec in case.victims]
		name = ensure_case(case, victims, agencies)
		for spec, victim in zip(case.victims, victims, strict=True):
			ensure_services(rng_for(spec.serial), case, name, spec, victim, agencies, last_day)
	ensure_trainings(agencies)


def rng_for(serial: int) -> random.Random:
	"""A generator per record, so a record's details do not depend on which others were loaded."""
	return random.Random(SEED * 1000 + serial)


# ---- South Sulawesi, 2024 -------------------------------------------------------------------------------


def sulsel_cases(rng: random.Random) -> list[CaseSpec]:
	plan = [(modus, count) for modus, spec in MODUS.items() for count in spec[0]]
	rng.shuffle(plan)
	dates = sorted(dt.date(2024, 1, 8) + dt.timedelta(days=rng.randrange(0, 315)) for _ in plan)
	seen_modus = set()
	cases, serial = [], 1000
	for i, ((modus, victim_count), reported, stage) in enumerate(zip(plan, dates, STAGE_MIX, strict=True)):
		_counts, origins, transits, destinations, kinds, roles = MODUS[modus]
		in_makassar = modus in ("Sexual Exploitation", "Baby Trafficking and Illegal Adoption") and i % 3 == 0
		region, unit = (MAKASSAR, "Polrestabes Makassar") if in_makassar else (SULSEL, "UPPA Polda Sulsel")
		polres = "POLRESTABES MAKASSAR" if in_makassar else "POLDA SULAWESI SELATAN"
		case = CaseSpec(
			number=f"LP/B/{112 + 9 * i}/{ROMAN[reported.month - 1]}/{reported.year}/SPKT/{polres}",
			region=region,
			modus=modus,
			stage=stage,
			reported=reported,
			unit=unit,
		)
		case.values.update(places(rng, origins, transits, destinations))
		case.values.update(stage_dates(rng, stage, reported))
		verdict(rng, case, acquitted=(stage == "Verdict" and i == 6))
		for _ in range(victim_count):
			serial += 1
			kind = rng.choice(kinds)
			origin = case.values.get("origin_region") or rng.choice(origins)
			identified = reported - dt.timedelta(days=rng.randrange(0, 4))
			case.victims.append(VictimSpec(serial, region, origin, kind, identified))
		suspects = 2 if modus in TWO_SUSPECTS and modus not in seen_modus else 1
		seen_modus.add(modus)
		case.suspects = [suspect(rng, case, roles[n % len(roles)], modus) for n in range(suspects)]
		restitution(rng, case)
		cases.append(case)
	return cases


def places(rng: random.Random, origins, transits, destinations) -> dict:
	values = {}
	for prefix, choices in (("origin", origins), ("transit", transits), ("destination", destinations)):
		place = rng.choice(choices)
		if not place:
			continue
		values[f"{prefix}_region" if place[0].isdigit() else f"{prefix}_country"] = place
	return values


def stage_dates(rng: random.Random, stage: str, reported: dt.date) -> dict:
	"""Dates for every stage up to the one reached, in order."""
	dates = {"inquiry_date": reported}
	steps = (
		("Investigation", "investigation_date", 7, 25),
		("Case File Complete (P21)", "p21_date", 30, 75),
		("Prosecution", "prosecution_date", 7, 21),
		("Verdict", "verdict_date", 45, 100),
		("Final Verdict", "final_verdict_date", 14, 30),
	)
	last = reported
	if stage == "Stopped (SP3)":
		dates["investigation_date"] = last = reported + dt.timedelta(days=rng.randint(7, 25))
		dates["sp3_date"] = last + dt.timedelta(days=rng.randint(60, 120))
		dates["sp3_reason"] = "Alat bukti tidak cukup (insufficient evidence)"
		return dates
	reached = rules.MAIN_LINE.index(stage)
	for position, (_name, fieldname, low, high) in enumerate(steps, start=1):
		if position > reached:
			break
		last = last + dt.timedelta(days=rng.randint(low, high))
		dates[fieldname] = last
	return dates


def verdict(rng: random.Random, case: CaseSpec, acquitted: bool = False) -> None:
	if not case.values.get("verdict_date"):
		return
	court = (
		"Pengadilan Negeri Makassar"
		if case.region == MAKASSAR
		else "Pengadilan Negeri Makassar Kelas IA Khusus"
	)
	if case.region.startswith(KALSEL):
		court = "Pengadilan Negeri Banjarmasin"
	case.values.update(
		verdict="Acquitted" if acquitted else "Convicted",
		court=court,
		verdict_number=f"{rng.randint(100, 999)}/Pid.Sus/{case.values['verdict_date'].year}/"
		+ ("PN Bjm" if case.region.startswith(KALSEL) else "PN Mks"),
	)
	if not acquitted:
		case.values["sentence_months"] = rng.choice((36, 48, 60, 72, 84, 96, 120))
		case.values["fine_amount"] = rng.choice((120, 150, 200, 250, 300, 400, 600)) * 1_000_000


def suspect(rng: random.Random, case: CaseSpec, role: str, modus: str) -> dict:
	letters = "ABDFHIJKLMNRSTWY"
	female = modus == "Sexual Exploitation" and role == "Exploiter" and rng.random() < 0.6
	status = {
		"Inquiry": "Suspect",
		"Investigation": "Suspect",
		"Case File Complete (P21)": "Defendant",
		"Prosecution": "Defendant",
		"Stopped (SP3)": "Released (SP3)",
	}.get(case.stage) or ("Acquitted" if case.values.get("verdict") == "Acquitted" else "Convicted")
	if case.stage == "Investigation" and rng.random() < 0.15:
		status = "At Large (DPO)"
	nationality = (
		"Malaysia"
		if role == "Broker or Travel Agent" and case.values.get("destination_country") == "Malaysia"
		else "Indonesia"
	)
	return {
		"suspect_alias": rng.choice(letters) + rng.choice(letters),
		"role_in_network": role,
		"sex": "Female" if female else ("Female" if rng.random() < 0.15 else "Male"),
		"nationality": nationality,
		"status": status,
	}


def restitution(rng: random.Random, case: CaseSpec) -> None:
	"""LPSK assesses restitution in about half the convicted cases; courts order most of it; some is paid."""
	if case.values.get("verdict") != "Convicted" or rng.random() < 0.4:
		return
	assessed = rng.randint(3, 30) * 5_000_000
	claimed = assessed if rng.random() < 0.7 else assessed * 9 // 10
	ordered = claimed * rng.choice((10, 8, 6)) // 10
	case.values.update(
		restitution_assessed=assessed, restitution_claimed=claimed, restitution_ordered=ordered
	)
	paid_share = rng.choice((0, 0, 5, 10))
	if paid_share:
		after = case.values.get("final_verdict_date") or case.values["verdict_date"]
		case.values.update(
			restitution_paid=ordered * paid_share // 10,
			restitution_paid_date=after + dt.timedelta(days=rng.randint(30, 120)),
		)


# ---- South Kalimantan ------------------------------------------------------------------------------------


def kalsel_cases(rng: random.Random) -> list[CaseSpec]:
	"""The one case reported in 2018 (seed 001), and recent ones in Banjarmasin and the province."""
	specs = (
		(
			"LP/B/27/IV/2018/SPKT/POLDA KALIMANTAN SELATAN",
			KALSEL,
			"Non-Procedural Migrant Workers (incl. Domestic Workers)",
			"Final Verdict",
			dt.date(2018, 4, 16),
			"Polda Kalsel",
			{"origin_region": "63.06", "transit_region": "65.03", "destination_country": "Malaysia"},
			("woman",),
		),
		(
			"LP/B/41/III/2025/SPKT/POLRESTA BANJARMASIN",
			BANJARMASIN,
			"Sexual Exploitation",
			"Prosecution",
			dt.date(2025, 3, 11),
			"Polresta Banjarmasin",
			{"origin_region": "63.03", "destination_region": BANJARMASIN},
			("girl", "girl"),
		),
		(
			"LP/B/18/II/2026/SPKT/POLDA KALIMANTAN SELATAN",
			KALSEL,
			"Online Scam Compounds",
			"Investigation",
			dt.date(2026, 2, 9),
			"Polda Kalsel",
			{"origin_region": "63.72", "transit_country": "Malaysia", "destination_country": "Cambodia"},
			("man", "man"),
		),
		(
			"LP/B/66/VIII/2026/SPKT/POLRESTA BANJARMASIN",
			BANJARMASIN,
			"Child Labour and Begging",
			"Inquiry",
			dt.date(2026, 8, 24),
			"Polresta Banjarmasin",
			{"origin_region": "63.04", "destination_region": BANJARMASIN},
			("boy",),
		),
	)
	cases, serial = [], 2000
	for number, region, modus, stage, reported, unit, place, kinds in specs:
		case = CaseSpec(number, region, modus, stage, reported, unit, values=dict(place))
		case.values.update(stage_dates(rng, stage, reported))
		verdict(rng, case)
		for kind in kinds:
			serial += 1
			case.victims.append(VictimSpec(serial, region, place["origin_region"], kind, reported))
		case.suspects = [suspect(rng, case, MODUS[modus][5][0], modus)]
		restitution(rng, case)
		cases.append(case)
	return cases


def latest_date(case: CaseSpec) -> dt.date:
	dates = [v for v in case.values.values() if isinstance(v, dt.date)]
	return max([case.reported, *dates])


# ---- records ---------------------------------------------------------------------------------------------


def victim_values(spec: VictimSpec) -> dict:
	rng = rng_for(spec.serial)
	female = spec.kind in ("girl", "woman") or (spec.kind == "infant" and rng.random() < 0.5)
	sex = "Female" if female else "Male"
	years = {
		"girl": rng.randint(13, 17),
		"boy": rng.randint(12, 17),
		"woman": rng.randint(19, 38),
		"man": rng.randint(19, 45),
		"infant": 0,
	}[spec.kind]
	days = rng.randint(20, 200) if spec.kind == "infant" else rng.randint(0, 364)
	birth = spec.identified - dt.timedelta(days=365 * years + years // 4 + days)
	nik = rules.compose_nik(spec.origin, rng.randint(1, 9), birth, sex, spec.serial)
	given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
	child = years < 18
	values = dict(
		region=spec.region,
		identification_date=spec.identified,
		trafficking_status="Actual Victim" if rng.random() < 0.8 else "Possible Victim",
		sex=sex,
		nationality="Indonesia",
		origin_region=spec.origin,
		full_name=f"{given} {rng.choice(FAKE_SURNAMES)}",
		nik=nik,
		birth_date=birth,
		address=f"Jl. Contoh No. {spec.serial % 97 + 1}",
		origin_village=f"Desa Contoh {spec.serial % 31 + 1}",
		poor_household=int(rng.random() < 0.6),
		out_of_school=int(child and rng.random() < 0.5),
		former_migrant_worker=int(not child and rng.random() < 0.2),
		unaccompanied_child=int(child and rng.random() < 0.2),
		previously_trafficked=int(rng.random() < 0.05),
		has_disability=int(rng.random() < 0.05),
	)
	if values["has_disability"]:
		values["disability_type"] = rng.choice(("Physical", "Sensory", "Intellectual", "Psychosocial"))
	if not child:
		values["phone"] = f"0812{spec.serial:04d}{rng.randint(1000, 9999)}"
	if rng.random() < 0.85:
		values.update(
			consent_to_data_sharing=1,
			consent_given_by="Parent or Guardian" if child else "Victim",
			consent_date=spec.identified + dt.timedelta(days=rng.randint(0, 3)),
		)
	return values


def ensure_victim(spec: VictimSpec, agencies: dict) -> str:
	values = victim_values(spec)
	existing = frappe.db.get_value("Victim", {"nik": values["nik"]}, "name")
	if existing:
		return existing
	identifier = "UPTD PPA Sulsel" if spec.region.startswith(SULSEL) else "DP3AKB Kalsel"
	values["identified_by"] = agencies.get(identifier)
	return frappe.get_doc({"doctype": "Victim", **values}).insert(ignore_permissions=True).name


def ensure_case(case: CaseSpec, victims: list[str], agencies: dict) -> str:
	existing = frappe.db.get_value("TPPO Case", {"police_report_number": case.number}, "name")
	if existing:
		return existing
	doc = frappe.get_doc(
		doctype="TPPO Case",
		police_report_number=case.number,
		police_report_date=case.reported,
		reporting_unit=agencies.get(case.unit),
		region=case.region,
		stage=case.stage,
		modus=case.modus,
		victims=[{"victim": v} for v in victims],
		suspects=case.suspects,
		summary=f"{case.modus}: {len(victims)} korban, {len(case.suspects)} tersangka (data demo).",
		**case.values,
	)
	return doc.insert(ignore_permissions=True).name


def services_for(case: CaseSpec, spec: VictimSpec) -> list[str]:
	kinds = ["Medical", "Psychosocial"]
	if spec.kind in ("girl", "boy", "infant") or case.modus == "Sexual Exploitation":
		kinds.append("Shelter")
	if case.modus in ABROAD_MODUS:
		kinds.append("Repatriation")
	if case.values.get("p21_date"):
		kinds.append("Legal Aid")
	if case.values.get("restitution_assessed"):
		kinds.append("Restitution")
	kinds.append("Social Reintegration")
	if spec.kind in ("woman", "man"):
		kinds.append("Economic Empowerment")
	return kinds


def ensure_services(rng, case: CaseSpec, case_name: str, spec: VictimSpec, victim: str, agencies, last_day):
	province = 0 if spec.region.startswith(SULSEL) else 1
	start = spec.identified
	for kind in services_for(case, spec):
		requested, started, completed = service_dates(rng, kind, case, start, last_day)
		outcome = rng.choice(("Goal Met", "Goal Met", "Goal Met", "Partly Met", "Referred Elsewhere"))
		if requested > last_day:
			continue
		if frappe.db.exists(
			"Victim Service", {"victim": victim, "service_type": kind, "date_requested": requested}
		):
			continue
		provider = PROVIDERS[kind][province]
		if kind == "Psychosocial" and spec.region == MAKASSAR:
			provider = "DP3A Kota Makassar"
		values = dict(
			doctype="Victim Service",
			victim=victim,
			case=case_name,
			service_type=kind,
			provider_agency=agencies.get(provider),
			referred_by_agency=agencies.get("UPTD PPA Sulsel" if province == 0 else "DP3AKB Kalsel"),
			date_requested=requested,
			date_started=started,
			date_completed=completed,
		)
		if completed:
			values["outcome"] = outcome
		frappe.get_doc(values).insert(ignore_permissions=True)


def service_dates(rng, kind: str, case: CaseSpec, identified: dt.date, last_day: dt.date):
	"""(requested, started, completed) for a service: most start within days, some wait too long."""

	def days(low, high):
		return dt.timedelta(days=rng.randint(low, high))

	if kind == "Legal Aid":
		requested = case.values["p21_date"] - days(5, 20)
	elif kind == "Restitution":
		requested = case.values.get("prosecution_date", case.values["verdict_date"]) - days(5, 15)
	else:
		delay = {"Social Reintegration": (60, 120), "Economic Empowerment": (90, 150)}.get(kind, (0, 5))
		requested = identified + days(*delay)
	requested = max(requested, identified)
	waits = {"Economic Empowerment": 0.35, "Social Reintegration": 0.1, "Legal Aid": 0.05}.get(kind, 0.0)
	if rng.random() < waits:
		return requested, None, None
	started = requested + (days(0, 2) if kind in ("Medical", "Shelter") else days(2, 20))
	length = {
		"Medical": (5, 30),
		"Psychosocial": (30, 120),
		"Shelter": (14, 60),
		"Repatriation": (5, 15),
		"Legal Aid": (90, 240),
		"Restitution": (60, 200),
		"Social Reintegration": (90, 300),
		"Economic Empowerment": (60, 180),
	}[kind]
	completed = started + days(*length)
	if kind == "Restitution" and not case.values.get("restitution_paid"):
		completed = None
	if started > last_day:
		return requested, None, None
	return requested, started, completed if completed and completed <= last_day else None


# ---- trainings -------------------------------------------------------------------------------------------

# (title, topic, organiser, task force region, dates, mode, place, target group, funding, (plan region, item
# code), participants, member names to include)
TRAININGS = (
	(
		"Pelatihan Identifikasi Korban TPPO bagi Penyidik UPPA Sulawesi Selatan",
		"Identifying Trafficking Victims",
		"Polda Sulsel",
		SULSEL,
		("2025-10-14", "2025-10-16"),
		"Offline",
		"Makassar",
		"Penyidik UPPA Polda dan Polres se-Sulawesi Selatan",
		"APBD",
		(SULSEL, "6.2"),
		18,
		("Kompol Arif Rahman", "Dewi Kartika"),
	),
	(
		"Bimbingan Teknis Restitusi bagi Korban TPPO",
		"Restitution",
		"LPSK",
		SULSEL,
		("2025-11-05", "2025-11-06"),
		"Hybrid",
		"Makassar",
		"Penyidik, jaksa dan pendamping korban",
		"APBN",
		(SULSEL, "5.2"),
		12,
		("Syamsul Bahri", "Marlina Sari"),
	),
	(
		"Sosialisasi Migrasi Aman bagi Aparat Desa Kabupaten Bone",
		"Safe Migration",
		"BP3MI Sulsel",
		"73.08",
		("2026-03-10", "2026-03-10"),
		"Offline",
		"Watampone",
		"Kepala desa dan perangkat desa kantong pekerja migran",
		"APBD",
		(SULSEL, "1.1"),
		20,
		("Nurul Aini",),
	),
	(
		"Pelatihan Investigasi Berperspektif Korban",
		"Victim-Centred Investigation",
		"Polda Kalsel",
		KALSEL,
		("2026-05-20", "2026-05-21"),
		"Offline",
		"Banjarbaru",
		"Penyidik Ditreskrimum dan Satreskrim Polres se-Kalimantan Selatan",
		"APBD",
		(KALSEL, "6.2"),
		15,
		("AKBP Gusti Rahmadi", "Fahrurrazi"),
	),
	(
		"Pelatihan Perlindungan Anak dalam Penanganan TPPO",
		"Child Protection",
		"DP3A Kota Banjarmasin",
		BANJARMASIN,
		("2026-08-12", "2026-08-12"),
		"Offline",
		"Banjarmasin",
		"Pendamping anak, guru BK dan Forum Anak",
		"APBD",
		None,
		14,
		("Rina Maulida",),
	),
	(
		"Pelatihan Pencatatan Data Kasus dan Layanan Korban",
		"Data and Reporting",
		"KemenPPPA",
		"ID",
		("2026-09-01", "2026-09-02"),
		"Online",
		"",
		"Sekretariat gugus tugas provinsi dan kabupaten/kota",
		"APBN",
		None,
		10,
		("Andi Nurhayati", "Siti Rahmah"),
	),
)


# The women among the task force members named above (the task force demo records no sex).
FEMALE_MEMBERS = (
	"Dewi Kartika",
	"Marlina Sari",
	"Nurul Aini",
	"Rina Maulida",
	"Andi Nurhayati",
	"Siti Rahmah",
)


def ensure_trainings(agencies: dict) -> None:
	last_day = getdate(today())
	for i, (
		title,
		topic,
		organiser,
		region,
		(start, end),
		mode,
		place,
		target,
		funding,
		item,
		size,
		names,
	) in enumerate(TRAININGS):
		if frappe.db.exists("Training", {"title": title}) or getdate(end) > last_day:
			continue
		task_force = frappe.db.get_value("Task Force", {"region": region}, "name")
		if not task_force:
			continue
		rng = random.Random(SEED + i)
		participants = [member_participant(rng, name, i, n) for n, name in enumerate(names)]
		suffixes = {SULSEL: ("Sulsel", "Makassar"), KALSEL: ("Kalsel", "Banjarmasin")}.get(region[:2])
		local = [a for abbr, a in agencies.items() if not suffixes or abbr.endswith(suffixes)]
		used = {row.get("participant_name") for row in participants}
		for n in range(len(participants), size):
			female = rng.random() < 0.45
			name = None
			while not name or name in used:
				name = f"{rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)} {rng.choice(OFFICIAL_SURNAMES)}"
			used.add(name)
			participants.append(
				scores(
					rng,
					{
						"participant_name": name,
						"agency": rng.choice(local or list(agencies.values())),
						"sex": "Female" if female else "Male",
						"position": rng.choice(("Penyidik", "Analis", "Pendamping", "Kepala Seksi", "Staf")),
						"certificate_number": f"SERT/{i + 1:02d}/{n + 1:03d}",
					},
				)
			)
		frappe.get_doc(
			doctype="Training",
			title=title,
			topic=topic,
			organiser_agency=agencies.get(organiser),
			task_force=task_force,
			start_date=start,
			end_date=end,
			mode=mode,
			place=place,
			target_group=target,
			funding_source=funding,
			action_plan_item=plan_item(*item) if item else None,
			participants=participants,
		).insert(ignore_permissions=True)


def member_participant(rng, full_name: str, training: int, n: int) -> dict:
	member = frappe.db.get_value("Task Force Member", {"full_name": full_name}, "name")
	row = {"task_force_member": member} if member else {"participant_name": full_name}
	female = full_name in FEMALE_MEMBERS
	row.update(sex="Female" if female else "Male", certificate_number=f"SERT/{training + 1:02d}/{n + 1:03d}")
	return scores(rng, row)


def scores(rng, row: dict) -> dict:
	pre = rng.randint(40, 72)
	row.update(pre_test_score=pre, post_test_score=min(100, pre + rng.randint(4, 30)))
	return row


def plan_item(region: str, code: str) -> str | None:
	plan = frappe.db.get_value("Action Plan", {"plan_type": "RAD", "region": region}, "name")
	return plan and frappe.db.get_value("Action Plan Item", {"action_plan": plan, "item_code": code}, "name")
