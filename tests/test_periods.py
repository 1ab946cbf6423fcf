"""Reporting periods: quarters and semesters of a plan's span, with their deadlines."""

import datetime as dt
from itertools import pairwise

import pytest

from tppo_app.action_plan.periods import period_bounds, period_label, plan_periods


def test_quarters_and_semesters_have_the_right_bounds():
	assert period_bounds("Quarter", 2025, 1) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
	assert period_bounds("Quarter", 2024, 4) == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
	assert period_bounds("Semester", 2025, 2) == (dt.date(2025, 7, 1), dt.date(2025, 12, 31))
	assert period_bounds("Quarter", 2024, 1)[1] == dt.date(2024, 3, 31)


@pytest.mark.parametrize("kind,number", [("Quarter", 0), ("Quarter", 5), ("Semester", 3)])
def test_impossible_periods_are_refused(kind, number):
	with pytest.raises(ValueError):
		period_bounds(kind, 2025, number)


def test_a_plan_span_is_covered_without_gaps():
	periods = plan_periods("Quarter", 2025, 2029, 15)
	assert len(periods) == 20
	assert [p["period_label"] for p in periods[:2]] == ["2025-Q1", "2025-Q2"]
	for before, after in pairwise(periods):
		assert after["start_date"] - before["end_date"] == dt.timedelta(days=1)
	assert periods[0]["submission_deadline"] == dt.date(2025, 4, 15)
	assert period_label("Semester", 2026, 2) == "2026-S2"
