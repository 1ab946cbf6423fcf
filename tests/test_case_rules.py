"""Case and victim rules (tppo_app.case_management.rules): stages, age groups, NIKs, service dates, masking."""

import datetime as dt

import pytest

from tppo_app.case_management import rules
from tppo_app.utils.periods import period_key

TODAY = dt.date(2025, 6, 30)
D = dt.date


def problems(stage, **dates):
	named = {stage: dates.get(field) for stage, field in rules.STAGE_DATE_FIELDS.items()}
	return [p[0] for p in rules.stage_problems(stage, named, TODAY)]


def test_a_case_in_order_has_no_problem():
	assert problems("Inquiry", inquiry_date=D(2025, 1, 2)) == []
	assert (
		problems(
			"Final Verdict",
			inquiry_date=D(2025, 1, 2),
			investigation_date=D(2025, 1, 10),
			p21_date=D(2025, 2, 1),
			prosecution_date=D(2025, 2, 10),
			verdict_date=D(2025, 4, 1),
			final_verdict_date=D(2025, 4, 20),
		)
		== []
	)
	# Stages may be skipped (a suspect caught in the act goes straight to investigation).
	assert problems("Investigation", investigation_date=D(2025, 1, 10)) == []
	assert problems("Stopped (SP3)", investigation_date=D(2025, 1, 10), sp3_date=D(2025, 3, 1)) == []


@pytest.mark.parametrize(
	"stage, dates, code",
	[
		("Investigation", {"inquiry_date": D(2025, 1, 2)}, "missing_stage_date"),
		(
			"Investigation",
			{"inquiry_date": D(2025, 2, 2), "investigation_date": D(2025, 1, 2)},
			"stage_order",
		),
		(
			"Investigation",
			{"investigation_date": D(2025, 1, 2), "verdict_date": D(2025, 3, 1)},
			"date_beyond_stage",
		),
		(
			"Verdict",
			{"p21_date": D(2025, 1, 2), "verdict_date": D(2025, 3, 1)},
			"verdict_without_prosecution",
		),
		("Verdict", {"prosecution_date": D(2025, 3, 2), "verdict_date": D(2025, 3, 1)}, "stage_order"),
		(
			"Final Verdict",
			{"prosecution_date": D(2025, 1, 2), "final_verdict_date": D(2025, 3, 1)},
			"final_without_verdict",
		),
		("Inquiry", {"inquiry_date": D(2025, 7, 1)}, "future_date"),
		("Stopped (SP3)", {"p21_date": D(2025, 1, 2), "sp3_date": D(2025, 3, 1)}, "stopped_after_p21"),
		("Stopped (SP3)", {"investigation_date": D(2025, 3, 2), "sp3_date": D(2025, 3, 1)}, "stage_order"),
		("Closed", {}, "unknown_stage"),
	],
)
def test_stage_problems(stage, dates, code):
	assert code in problems(stage, **dates)


def test_closed_stages():
	assert rules.case_is_closed("Final Verdict") and rules.case_is_closed("Stopped (SP3)")
	assert not rules.case_is_closed("Verdict")


def test_age_group_on_the_day_identified():
	assert rules.age_group(D(2007, 7, 1), D(2025, 6, 30)) == rules.CHILD  # 17 the day before the birthday
	assert rules.age_group(D(2007, 6, 30), D(2025, 6, 30)) == rules.ADULT
	assert rules.age_group(None, D(2025, 6, 30)) == rules.UNKNOWN_AGE
	assert rules.age_on(D(2000, 2, 29), D(2025, 2, 28)) == 24


def test_nik_structure_and_agreement_with_the_record():
	nik = rules.compose_nik("73.71", 1, D(2008, 3, 14), rules.FEMALE, 7)
	assert nik == "7371015403080007"
	assert rules.nik_problems(nik, D(2008, 3, 14), rules.FEMALE) == []
	assert (
		rules.nik_problems(nik, D(1908, 3, 14), rules.FEMALE) == []
	)  # two-digit year: the century is unknown
	assert rules.nik_problems(nik, D(2008, 3, 15), rules.FEMALE)[0][0] == "nik_birth_date_mismatch"
	assert rules.nik_problems(nik, None, rules.MALE) == [("nik_sex_mismatch", rules.FEMALE, rules.MALE)]
	assert [p[0] for p in rules.nik_problems("123")] == ["nik_format"]
	assert rules.nik_problems("9971015403080007")[0] == ("nik_province", "99")
	assert [p[0] for p in rules.nik_problems("7371019903080007")] == ["nik_birth_date"]
	assert [p[0] for p in rules.nik_problems("7371015403080000")] == ["nik_serial"]
	assert rules.normalise_nik("7371 0154.0308-0007") == nik


def test_birth_date_and_sex_of_a_nik():
	nik = rules.compose_nik("73.08", 2, D(2024, 2, 1), rules.MALE, 3)
	assert rules.birth_date_of_nik(nik, D(2024, 6, 1)) == D(2024, 2, 1)
	# A NIK of someone born in 1924 read in 2024: the latest century that is not after the day identified.
	assert rules.birth_date_of_nik(nik, D(2024, 1, 1)) == D(1924, 2, 1)
	assert rules.sex_of_nik(nik) == rules.MALE
	assert rules.birth_date_of_nik("1", D(2024, 1, 1)) is None


def test_service_dates_and_status():
	assert rules.service_date_problems(D(2025, 1, 1), D(2025, 1, 3), D(2025, 2, 1), TODAY) == []
	codes = lambda *a: [p[0] for p in rules.service_date_problems(*a, TODAY)]  # noqa: E731
	assert codes(D(2025, 1, 5), D(2025, 1, 3), None) == ["start_before_request"]
	assert codes(D(2025, 1, 5), None, D(2025, 2, 1)) == ["completed_without_start"]
	assert codes(D(2025, 1, 5), D(2025, 2, 3), D(2025, 2, 1)) == ["completion_before_start"]
	assert codes(D(2025, 7, 5), None, None) == ["future_date"]
	assert rules.service_status("Requested", D(2025, 1, 3), None) == "In Progress"
	assert rules.service_status("In Progress", D(2025, 1, 3), D(2025, 2, 1)) == "Completed"
	assert rules.service_status("Cancelled", D(2025, 1, 3), None) == "Cancelled"
	assert rules.is_overdue("Requested", D(2025, 6, 1), None, TODAY, 14)
	assert not rules.is_overdue("Requested", D(2025, 6, 20), None, TODAY, 14)
	assert not rules.is_overdue("Cancelled", D(2025, 1, 1), None, TODAY, 14)


def test_small_counts_are_masked_and_left_out_of_totals():
	rows = [{"a": 3, "b": 7, "c": 0}, {"a": 12, "b": 1, "c": 5}]
	rules.mask_table(rows, ("a", "b", "c"), 5)
	assert rows == [
		{"a": "<5", "b": 7, "c": 0, "total": 7},
		{"a": 12, "b": "<5", "c": 5, "total": 17},
	]
	assert rules.visible_sum(row["a"] for row in rows) == 12
	assert not rules.masked(0, 5) and rules.masked(4, 5) and not rules.masked(5, 5)
	# k = 1 masks nothing.
	rows = [{"a": 1}]
	rules.mask_table(rows, ("a",), 1)
	assert rows == [{"a": 1, "total": 1}]


def test_periods_scores_and_medians():
	assert period_key(D(2024, 8, 3), "Year") == "2024"
	assert period_key(D(2024, 8, 3), "Quarter") == "2024-Q3"
	assert period_key(D(2024, 8, 3), "Month") == "2024-08"
	assert rules.score_problems(-1, 101) == [("score_range", "pre", -1), ("score_range", "post", 101)]
	assert rules.score_gain([(40, 70), (50, 60), (None, 80)]) == 20
	assert rules.median_and_mean([1, 2, 3, 10]) == (2.5, 4.0)
	assert rules.median_and_mean([]) == (None, None)
