"""Task-force rules that need no database: levels, periods, statuses and phone numbers.

Plain functions over plain values, tested with pytest in tests/ at the repository root.
"""

import datetime as dt

from lokal import parse_phone

REGION_TYPE_LEVEL = {
	"Country": "National",
	"Province": "Province",
	"Regency": "District",
	"City": "District",
}

# The level a task force's parent must have.
PARENT_LEVEL = {"District": "Province", "Province": "National", "National": None}


def level_of_region_type(region_type: str) -> str:
	"""Task-force level for a region type: Country → National, Province → Province, Regency/City → District."""
	return REGION_TYPE_LEVEL[region_type]


def region_type_of_code(code: str, name: str = "") -> str:
	"""Kemendagri code → region type. "73" is a province; "73.71" a city when its name says Kota."""
	parts = code.split(".")
	if len(parts) == 1:
		return "Province"
	if len(parts) == 2:
		return "City" if name.strip().lower().startswith("kota") else "Regency"
	raise ValueError(f"not a province or regency/city code: {code}")


def period_status(start: dt.date, end: dt.date, today: dt.date) -> str:
	"""Active within the period (both ends included), Upcoming before it, Expired after it."""
	if today < start:
		return "Upcoming"
	if today > end:
		return "Expired"
	return "Active"


def periods_overlap(start_a: dt.date, end_a: dt.date, start_b: dt.date, end_b: dt.date) -> bool:
	"""True when two closed date ranges share at least one day."""
	return start_a <= end_b and start_b <= end_a


def membership_active(start: dt.date, end: dt.date | None, today: dt.date) -> bool:
	"""A membership is active from its start date until its end date (open-ended when there is none)."""
	return start <= today and (end is None or today <= end)


def normalise_phone(number: str) -> str | None:
	"""An Indonesian phone number in E.164 (+62…), or None when it cannot be one."""
	info = parse_phone(number)
	return info.e164 if info.valid else None
