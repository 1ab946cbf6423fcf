"""Test helpers for Case Management and Capacity Building: users, victims, cases and services in the test
regions of tppo_app.tests.utils (Aceh 11, North Sumatra 12).

Factories are idempotent on a natural key (a victim's NIK, a case's police report number), so data committed
for REST tests is found again, not duplicated.
"""

import datetime as dt

import frappe

from tppo_app import roles
from tppo_app.case_management import rules
from tppo_app.tests.utils import DISTRICT_A1, PROVINCE_A, PROVINCE_B, make_user, region_test_data


def case_users() -> dict:
	"""region_test_data's users plus a case worker for province A and one for province B."""
	users = dict(region_test_data()["users"])
	users["case_a"] = make_user("case-a", roles.CASE_WORKER, (PROVINCE_A,))
	users["case_b"] = make_user("case-b", roles.CASE_WORKER, (PROVINCE_B,))
	return users


def make_victim(
	full_name: str,
	birth_date: str = "2008-03-14",
	sex: str = "Female",
	region: str = DISTRICT_A1,
	serial: int = 1,
	identification_date: str = "2024-06-01",
	**values,
) -> str:
	"""A victim with a structurally valid NIK of region 11.01 (found again by that NIK)."""
	nik = values.pop("nik", None) or rules.compose_nik(
		"11.01", 1, dt.date.fromisoformat(birth_date), sex, serial
	)
	existing = frappe.db.get_value("Victim", {"nik": nik}, "name")
	if existing:
		return existing
	values.setdefault("origin_region", "11.01")
	return (
		frappe.get_doc(
			doctype="Victim",
			region=region,
			identification_date=identification_date,
			full_name=full_name,
			nik=nik,
			birth_date=birth_date,
			sex=sex,
			**values,
		)
		.insert(ignore_permissions=True)
		.name
	)


def make_case(number: str, region: str = PROVINCE_A, stage: str = "Investigation", **values) -> str:
	existing = frappe.db.get_value("TPPO Case", {"police_report_number": number}, "name")
	if existing:
		return existing
	values.setdefault("police_report_date", "2024-05-02")
	values.setdefault("inquiry_date", values["police_report_date"])
	if stage != "Inquiry":
		values.setdefault("investigation_date", "2024-05-20")
	values.setdefault("modus", "Sexual Exploitation")
	victims = values.pop("victims", [])
	suspects = values.pop("suspects", [])
	return (
		frappe.get_doc(
			doctype="TPPO Case",
			police_report_number=number,
			region=region,
			stage=stage,
			victims=[{"victim": v} for v in victims],
			suspects=suspects,
			**values,
		)
		.insert(ignore_permissions=True)
		.name
	)


def make_service(victim: str, service_type: str, requested: str, **values) -> str:
	existing = frappe.db.get_value(
		"Victim Service",
		{"victim": victim, "service_type": service_type, "date_requested": requested},
		"name",
	)
	if existing:
		return existing
	return (
		frappe.get_doc(
			doctype="Victim Service",
			victim=victim,
			service_type=service_type,
			date_requested=requested,
			**values,
		)
		.insert(ignore_permissions=True)
		.name
	)


def reset_response():
	frappe.local.response = frappe._dict(docs=[])


# ---- a small data set for the reports: province A in 2023 -----------------------------------------------
REPORT_YEAR = 2023
DISTRICT_A2 = "11.02"
# (region, sex, birth date, how many): 6 girls, 1 boy and 2 women in 11.01; 5 men in 11.02
REPORT_VICTIMS = (
	(DISTRICT_A1, "Female", "2010-04-04", 6),
	(DISTRICT_A1, "Male", "2011-05-05", 1),
	(DISTRICT_A1, "Female", "1995-06-06", 2),
	(DISTRICT_A2, "Male", "1990-07-07", 5),
)


def report_test_data() -> dict:
	"""Victims, cases, suspects and services of 2023 in province A (idempotent)."""
	victims, serial = [], 500
	for region, sex, birth_date, count in REPORT_VICTIMS:
		for i in range(count):
			serial += 1
			victims.append(
				make_victim(
					f"Statistik {serial}",
					birth_date=birth_date,
					sex=sex,
					region=region,
					serial=serial,
					identification_date=f"{REPORT_YEAR}-0{1 + i % 6}-15",
				)
			)
	cases = []
	# 6 cases under investigation, 2 in prosecution, 1 stopped; the first 8 with a victim each
	for i in range(9):
		stage = "Investigation" if i < 6 else "Prosecution" if i < 8 else "Stopped (SP3)"
		values = dict(
			police_report_date=f"{REPORT_YEAR}-02-{10 + i}",
			inquiry_date=f"{REPORT_YEAR}-02-{10 + i}",
			investigation_date=f"{REPORT_YEAR}-03-{10 + i}",
			modus="Sexual Exploitation" if i < 6 else "Online Scam Compounds",
			victims=[victims[i]] if i < 8 else [],
			suspects=[
				{"suspect_alias": f"S{i}", "role_in_network": "Recruiter or Intermediary", "sex": "Male"},
				*(
					[{"suspect_alias": f"T{i}", "role_in_network": "Exploiter", "sex": "Female"}]
					if i < 2
					else []
				),
			],
		)
		if stage == "Prosecution":
			values["prosecution_date"] = f"{REPORT_YEAR}-06-{10 + i}"
		if stage == "Stopped (SP3)":
			values["sp3_date"] = f"{REPORT_YEAR}-05-{10 + i}"
		region = PROVINCE_A if i % 2 else DISTRICT_A1
		cases.append(make_case(f"LP/TEST/REPORT/{REPORT_YEAR}/{i}", region=region, stage=stage, **values))
	# Medical for 6 victims (1 to 6 days to start), Shelter for 2, Legal Aid requested for 1 and not started
	for i, victim in enumerate(victims[:6]):
		make_service(victim, "Medical", f"{REPORT_YEAR}-07-01", date_started=f"{REPORT_YEAR}-07-0{2 + i}")
	for victim in victims[6:8]:
		make_service(victim, "Shelter", f"{REPORT_YEAR}-07-01", date_started=f"{REPORT_YEAR}-07-20")
	make_service(victims[8], "Legal Aid", f"{REPORT_YEAR}-07-01")
	return {"victims": victims, "cases": cases}


def report_filters(**values) -> dict:
	return {
		"region": PROVINCE_A,
		"from_date": f"{REPORT_YEAR}-01-01",
		"to_date": f"{REPORT_YEAR}-12-31",
		**values,
	}


def cells(data: list[dict], column: str) -> dict:
	"""group label → a column's value, total row left out."""
	return {row["group"]: row[column] for row in data if not row.get("is_total_row")}
