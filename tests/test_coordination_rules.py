"""Follow-up rules of coordination meetings (tppo_app.coordination.rules): overdue, reminder windows,
meeting status, rates and periods."""

import datetime as dt

import pytest

from tppo_app.coordination.rules import (
	attendance_rate,
	combine,
	days_overdue,
	follow_up_rate,
	is_overdue,
	meeting_end,
	meeting_status,
	reminder_due,
)
from tppo_app.utils.periods import period_key

TODAY = dt.date(2026, 1, 15)


@pytest.mark.parametrize(
	"status, due, expected",
	[
		("Open", dt.date(2026, 1, 14), True),
		("In Progress", dt.date(2025, 12, 1), True),
		("Open", TODAY, False),  # due today is not late yet
		("Open", dt.date(2026, 1, 16), False),
		("Done", dt.date(2025, 12, 1), False),
		("Dropped", dt.date(2025, 12, 1), False),
		("Open", None, False),
		(None, dt.date(2026, 1, 1), True),  # a new record's empty status is Open
	],
)
def test_overdue_is_past_the_due_date_and_still_open(status, due, expected):
	assert is_overdue(status, due, TODAY) is expected


def test_days_overdue_never_negative():
	assert days_overdue(dt.date(2026, 1, 10), TODAY) == 5
	assert days_overdue(dt.date(2026, 1, 20), TODAY) == 0
	assert days_overdue(None, TODAY) == 0


@pytest.mark.parametrize(
	"status, due, days, expected",
	[
		("Open", dt.date(2026, 1, 22), 7, True),  # exactly N days ahead
		("Open", dt.date(2026, 1, 23), 7, False),  # not yet
		("In Progress", dt.date(2026, 1, 16), 7, True),  # a missed day is caught up
		("Open", TODAY, 7, True),
		("Open", dt.date(2026, 1, 14), 7, False),  # overdue: escalated instead
		("Done", dt.date(2026, 1, 16), 7, False),
		("Open", TODAY, 0, True),
		("Open", dt.date(2026, 1, 16), -3, False),  # a negative setting reminds only on the day
	],
)
def test_reminder_window(status, due, days, expected):
	assert reminder_due(status, due, TODAY, days) is expected


def test_reminder_and_escalation_never_both():
	for offset in range(-10, 11):
		due = TODAY + dt.timedelta(days=offset)
		assert not (reminder_due("Open", due, TODAY, 7) and is_overdue("Open", due, TODAY))


@pytest.mark.parametrize(
	"docstatus, date, attended, minutes, expected",
	[
		(0, dt.date(2026, 1, 20), False, False, "Planned"),
		(0, dt.date(2026, 1, 20), True, True, "Planned"),  # in the future: not held yet
		(0, dt.date(2026, 1, 10), False, False, "Planned"),  # date passed, nothing recorded
		(0, dt.date(2026, 1, 10), True, False, "Held"),
		(0, TODAY, False, True, "Held"),
		(1, dt.date(2026, 1, 10), True, True, "Minutes Approved"),
		(2, dt.date(2026, 1, 10), True, True, "Cancelled"),
	],
)
def test_meeting_status(docstatus, date, attended, minutes, expected):
	assert meeting_status(docstatus, date, TODAY, attended, minutes) == expected


def test_follow_up_rate_leaves_dropped_out():
	assert follow_up_rate(2, 4) == 50.0
	assert follow_up_rate(2, 5, dropped=1) == 50.0
	assert follow_up_rate(0, 0) is None
	assert follow_up_rate(0, 2, dropped=2) is None


def test_attendance_rate_counts_marked_rows_only():
	assert attendance_rate(["Present", "Represented", "Absent", "Absent"]) == 50.0
	assert attendance_rate(["Present", None, ""]) == 100.0
	assert attendance_rate([None, None]) is None


@pytest.mark.parametrize(
	"date, period, expected",
	[
		(dt.date(2025, 8, 20), "Month", "2025-08"),
		(dt.date(2025, 8, 20), "Quarter", "2025-Q3"),
		(dt.date(2025, 12, 2), "Quarter", "2025-Q4"),
		(dt.date(2025, 1, 1), "Quarter", "2025-Q1"),
		(dt.date(2025, 12, 2), "Year", "2025"),
	],
)
def test_period_keys_sort_in_time_order(date, period, expected):
	assert period_key(date, period) == expected


def test_unknown_period_is_an_error():
	with pytest.raises(ValueError):
		period_key(TODAY, "Week")


def test_combine_accepts_database_timedeltas_and_times():
	assert combine(TODAY, dt.timedelta(hours=9, minutes=30)) == dt.datetime(2026, 1, 15, 9, 30)
	assert combine(TODAY, dt.time(13, 0)) == dt.datetime(2026, 1, 15, 13, 0)
	assert combine(TODAY, None) == dt.datetime(2026, 1, 15)


def test_meeting_end_defaults_to_two_hours():
	start = dt.datetime(2026, 1, 15, 9)
	assert meeting_end(start, None) == dt.datetime(2026, 1, 15, 11)
	assert meeting_end(start, dt.datetime(2026, 1, 15, 12)) == dt.datetime(2026, 1, 15, 12)
	assert meeting_end(start, dt.datetime(2026, 1, 15, 8)) == dt.datetime(2026, 1, 15, 11)
