"""Case and victim rules that need no database: stage order, age groups, NIK against the record, service
dates and small-count masking.

Plain functions over plain values, tested with pytest in tests/ at the repository root. They return problem
codes (with the values a message needs); the controllers turn each code into a translated message and its
own error class.
"""

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping

from lokal import parse_nik

# The stages of a criminal case under KUHAP, in order. A case leaves the line at SP3 (investigation stopped).
STAGES = (
	"Inquiry",
	"Investigation",
	"Case File Complete (P21)",
	"Prosecution",
	"Verdict",
	"Final Verdict",
	"Stopped (SP3)",
)
STOPPED = "Stopped (SP3)"
MAIN_LINE = STAGES[:-1]
CLOSED_STAGES = ("Final Verdict", STOPPED)
# A case can be stopped by the police only before the prosecutor takes the file.
STAGES_BEFORE_SP3 = ("Inquiry", "Investigation")

STAGE_DATE_FIELDS = {
	"Inquiry": "inquiry_date",
	"Investigation": "investigation_date",
	"Case File Complete (P21)": "p21_date",
	"Prosecution": "prosecution_date",
	"Verdict": "verdict_date",
	"Final Verdict": "final_verdict_date",
	STOPPED: "sp3_date",
}

CHILD, ADULT, UNKNOWN_AGE = "Child (<18)", "Adult", "Unknown"
FEMALE, MALE = "Female", "Male"
SEX_OF_NIK = {"P": FEMALE, "L": MALE}


def stage_problems(stage: str, dates: Mapping[str, dt.date | None], today: dt.date) -> list[tuple]:
	"""What is wrong with a case's stage and stage dates, first problem first.

	`dates` maps stage → date (None when not reached). Problems are tuples (code, *values):
	- ("unknown_stage", stage)
	- ("future_date", stage, date): no stage is dated after today;
	- ("missing_stage_date", stage): the current stage has its date;
	- ("date_beyond_stage", later_stage, stage): no stage after the current one has a date;
	- ("stopped_after_p21", stage): SP3 comes before the file is complete, not after;
	- ("verdict_without_prosecution", stage): a verdict needs a prosecution before it;
	- ("final_without_verdict",): a final verdict needs the first verdict;
	- ("stage_order", later_stage, later_date, earlier_stage, earlier_date): no later stage is dated before an
	  earlier one.
	"""
	if stage not in STAGES:
		return [("unknown_stage", stage)]
	problems = []
	for name in STAGES:
		date = dates.get(name)
		if date and date > today:
			problems.append(("future_date", name, date))
	if not dates.get(stage):
		problems.append(("missing_stage_date", stage))

	if stage == STOPPED:
		for name in MAIN_LINE:
			if name not in STAGES_BEFORE_SP3 and dates.get(name):
				problems.append(("stopped_after_p21", name))
				break
		line = [*STAGES_BEFORE_SP3, STOPPED]
	else:
		position = MAIN_LINE.index(stage)
		for name in (*MAIN_LINE[position + 1 :], STOPPED):
			if dates.get(name):
				problems.append(("date_beyond_stage", name, stage))
				break
		line = list(MAIN_LINE)

	if (dates.get("Verdict") or dates.get("Final Verdict")) and not dates.get("Prosecution"):
		problems.append(
			("verdict_without_prosecution", "Verdict" if dates.get("Verdict") else "Final Verdict")
		)
	if dates.get("Final Verdict") and not dates.get("Verdict"):
		problems.append(("final_without_verdict",))

	latest = None
	for name in line:
		date = dates.get(name)
		if not date:
			continue
		if latest and date < latest[1]:
			problems.append(("stage_order", name, date, latest[0], latest[1]))
			break
		latest = (name, date)
	return problems


def case_is_closed(stage: str) -> bool:
	return stage in CLOSED_STAGES


def age_on(birth_date: dt.date, on_date: dt.date) -> int:
	"""Whole years of age on a date."""
	return (
		on_date.year - birth_date.year - ((on_date.month, on_date.day) < (birth_date.month, birth_date.day))
	)


def age_group(birth_date: dt.date | None, on_date: dt.date) -> str:
	"""Child (<18) or Adult on the date the victim was identified; Unknown without a birth date."""
	if not birth_date:
		return UNKNOWN_AGE
	return CHILD if age_on(birth_date, on_date) < 18 else ADULT


def nik_problems(nik: str, birth_date: dt.date | None = None, sex: str | None = None) -> list[tuple]:
	"""What is wrong with a NIK on its own and against the record's birth date and sex.

	Codes: ("nik_format",), ("nik_province", code), ("nik_region",), ("nik_birth_date",), ("nik_serial",) for
	a NIK that cannot exist; ("nik_birth_date_mismatch", nik date (DD-MM-YY), record date) and
	("nik_sex_mismatch", nik sex, record sex) when it disagrees with the record.
	The NIK holds only two digits of the year, so the dates are compared on day, month and those two digits.
	"""
	info = parse_nik(nik or "")
	problems = [
		("nik_province", info.province_code)
		if issue.code == "province"
		else (f"nik_{_NIK_CODES[issue.code]}",)
		for issue in info.errors
	]
	if problems or not info.birth_date:
		return problems
	nik_date = dt.date.fromisoformat(info.birth_date)
	if birth_date and (nik_date.day, nik_date.month, nik_date.year % 100) != (
		birth_date.day,
		birth_date.month,
		birth_date.year % 100,
	):
		problems.append(("nik_birth_date_mismatch", nik_date.strftime("%d-%m-%y"), birth_date))
	nik_sex = SEX_OF_NIK.get(info.gender)
	if sex and nik_sex and nik_sex != sex:
		problems.append(("nik_sex_mismatch", nik_sex, sex))
	return problems


_NIK_CODES = {"format": "format", "wilayah": "region", "birth_date": "birth_date", "serial": "serial"}


def normalise_nik(nik: str) -> str:
	"""The 16 digits of a NIK written with spaces, dots or dashes."""
	return parse_nik(nik or "").nik or (nik or "").strip()


def compose_nik(regency_code: str, district: int, birth_date: dt.date, sex: str, serial: int) -> str:
	"""A structurally valid NIK for a regency ("73.71"), a district number, a birth date and a sex (for demo and
	test data: a real NIK is issued by Dukcapil)."""
	day = birth_date.day + (40 if sex == FEMALE else 0)
	return f"{regency_code.replace('.', '')}{district:02d}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def birth_date_of_nik(nik: str, not_after: dt.date) -> dt.date | None:
	"""The birth date a valid NIK encodes, in the latest century that puts it on or before `not_after`."""
	info = parse_nik(nik or "", reference_date=not_after)
	if not info.valid:
		return None
	date = dt.date.fromisoformat(info.birth_date)
	return date if date <= not_after else date.replace(year=date.year - 100)


def sex_of_nik(nik: str) -> str | None:
	info = parse_nik(nik or "")
	return SEX_OF_NIK.get(info.gender) if info.valid else None


def service_date_problems(
	requested: dt.date, started: dt.date | None, completed: dt.date | None, today: dt.date
) -> list[tuple]:
	"""Referral, start and completion dates of a victim service: in that order and none in the future."""
	problems = [
		("future_date", label, date)
		for label, date in (("requested", requested), ("started", started), ("completed", completed))
		if date and date > today
	]
	if started and started < requested:
		problems.append(("start_before_request", started, requested))
	if completed and not started:
		problems.append(("completed_without_start",))
	if completed and started and completed < started:
		problems.append(("completion_before_start", completed, started))
	return problems


def service_status(current: str, started: dt.date | None, completed: dt.date | None) -> str:
	"""A service's status follows its dates; Cancelled is the one status set by hand."""
	if current == "Cancelled":
		return current
	if completed:
		return "Completed"
	return "In Progress" if started else "Requested"


def is_overdue(status: str, requested: dt.date, started: dt.date | None, today: dt.date, days: int) -> bool:
	"""A referral not started within `days` days of the request."""
	return status == "Requested" and not started and (today - requested).days > days


# ---- small counts -------------------------------------------------------------------------------------------


def masked(count: int, k: int) -> bool:
	"""Counts from 1 to k-1 single people out; 0 and counts of k or more do not."""
	return 0 < count < k


def mask_label(k: int) -> str:
	return f"<{k}"


def mask_table(rows: list[dict], count_fields: Iterable[str], k: int, total_field: str = "total") -> None:
	"""Masks small counts in place and makes totals the sum of the cells shown.

	A masked cell becomes "<k"; a row's total sums only its unmasked cells, so no total, row or column,
	gives a masked cell back by subtraction. Rows keep their other values.
	"""
	count_fields = list(count_fields)
	for row in rows:
		visible = 0
		for fieldname in count_fields:
			value = row.get(fieldname) or 0
			if masked(value, k):
				row[fieldname] = mask_label(k)
			else:
				visible += value
		row[total_field] = visible


def visible_sum(values: Iterable) -> int:
	"""The sum of the numbers among the values (masked cells are strings and count for nothing)."""
	return sum(v for v in values if isinstance(v, int | float))


def median_and_mean(days: list[int]) -> tuple[float | None, float | None]:
	if not days:
		return None, None
	return float(statistics.median(days)), round(statistics.fmean(days), 1)


def score_problems(pre: float | None, post: float | None) -> list[tuple]:
	"""Test scores lie between 0 and 100."""
	return [
		("score_range", label, value)
		for label, value in (("pre", pre), ("post", post))
		if value is not None and not 0 <= value <= 100
	]


def score_gain(rows: Iterable[tuple[float | None, float | None]]) -> float | None:
	"""The mean of post minus pre over participants with both scores."""
	gains = [post - pre for pre, post in rows if pre is not None and post is not None]
	return round(statistics.fmean(gains), 1) if gains else None
