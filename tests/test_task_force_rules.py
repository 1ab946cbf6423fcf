"""Task-force rules that need no site: levels, periods, statuses and phone numbers."""

import datetime as dt

import pytest

from tppo_app.task_force.rules import (
	level_of_region_type,
	membership_active,
	normalise_phone,
	period_status,
	periods_overlap,
	region_type_of_code,
)

D = dt.date


@pytest.mark.parametrize(
	"code,name,expected",
	[
		("73", "Sulawesi Selatan", "Province"),
		("73.71", "Kota Makassar", "City"),
		("73.08", "Kabupaten Bone", "Regency"),
	],
)
def test_region_type_from_kemendagri_code(code, name, expected):
	assert region_type_of_code(code, name) == expected


def test_a_village_code_is_not_a_task_force_region():
	with pytest.raises(ValueError):
		region_type_of_code("73.71.01", "Mariso")


def test_levels_follow_region_types():
	assert [level_of_region_type(t) for t in ("Country", "Province", "Regency", "City")] == [
		"National",
		"Province",
		"District",
		"District",
	]


def test_period_status_includes_both_ends():
	start, end = D(2025, 1, 1), D(2029, 12, 31)
	assert period_status(start, end, D(2024, 12, 31)) == "Upcoming"
	assert period_status(start, end, start) == "Active"
	assert period_status(start, end, end) == "Active"
	assert period_status(start, end, D(2030, 1, 1)) == "Expired"


def test_overlap_of_periods():
	assert periods_overlap(D(2025, 1, 1), D(2029, 12, 31), D(2029, 12, 31), D(2034, 12, 31))
	assert not periods_overlap(D(2025, 1, 1), D(2029, 12, 31), D(2030, 1, 1), D(2034, 12, 31))
	assert periods_overlap(D(2025, 1, 1), D(2029, 12, 31), D(2026, 1, 1), D(2026, 2, 1))


def test_membership_is_open_ended_without_an_end_date():
	assert membership_active(D(2025, 1, 1), None, D(2040, 1, 1))
	assert not membership_active(D(2025, 1, 1), D(2025, 6, 30), D(2025, 7, 1))
	assert not membership_active(D(2025, 1, 1), None, D(2024, 12, 31))


@pytest.mark.parametrize(
	"written", ["0812 3456 7890", "+62 812-3456-7890", "6281234567890", "0812.3456.7890"]
)
def test_indonesian_mobile_numbers_normalise_to_e164(written):
	assert normalise_phone(written) == "+6281234567890"


@pytest.mark.parametrize("written", ["12345", "0812", "+1 202 555 0100", "abc"])
def test_non_indonesian_or_broken_numbers_are_refused(written):
	assert normalise_phone(written) is None
