"""Follow-up rules that need no database: statuses, overdue, reminder windows, rates and periods.

Plain functions over plain values, tested with pytest in tests/ at the repository root.
"""

import datetime as dt

# Recommendation statuses. Open and In Progress still need work; Done and Dropped are closed.
OPEN, IN_PROGRESS, DONE, DROPPED = "Open", "In Progress", "Done", "Dropped"
STATUSES = (OPEN, IN_PROGRESS, DONE, DROPPED)
OPEN_STATUSES = (OPEN, IN_PROGRESS)

# Meeting statuses.
PLANNED, HELD, MINUTES_APPROVED, CANCELLED = "Planned", "Held", "Minutes Approved", "Cancelled"

# Attendance marks. Present and Represented count as attended.
PRESENT, REPRESENTED, ABSENT = "Present", "Represented", "Absent"
ATTENDED = (PRESENT, REPRESENTED)

PERIODS = ("Month", "Quarter", "Year")


def is_open(status: str | None) -> bool:
	return (status or OPEN) in OPEN_STATUSES


def is_overdue(status: str | None, due_date: dt.date | None, today: dt.date) -> bool:
	"""A recommendation is overdue the day after its due date, while it is still open."""
	return bool(due_date) and is_open(status) and today > due_date


def days_overdue(due_date: dt.date | None, today: dt.date) -> int:
	return max((today - due_date).days, 0) if due_date else 0


def reminder_due(status: str | None, due_date: dt.date | None, today: dt.date, days_before: int) -> bool:
	"""An open recommendation is reminded once its due date is at most `days_before` days away (and not yet
	past: an overdue one is escalated instead). A run that missed a day still catches it up."""
	if not due_date or not is_open(status):
		return False
	return today <= due_date <= today + dt.timedelta(days=max(days_before, 0))


def meeting_status(
	docstatus: int, meeting_date: dt.date, today: dt.date, attended: bool, has_minutes: bool
) -> str:
	"""Planned → Held (the date has come and attendance or minutes are recorded) → Minutes Approved (submitted);
	a cancelled meeting is Cancelled."""
	if docstatus == 2:
		return CANCELLED
	if docstatus == 1:
		return MINUTES_APPROVED
	if meeting_date <= today and (attended or has_minutes):
		return HELD
	return PLANNED


def percent(part: int | float, whole: int | float) -> float | None:
	"""part / whole in percent, None when there is nothing to measure."""
	return (part / whole * 100.0) if whole else None


def follow_up_rate(done: int, total: int, dropped: int = 0) -> float | None:
	"""Share of the recommendations still to be carried out that were done: done / (total - dropped).
	A dropped recommendation was decided against, so it counts neither way."""
	return percent(done, total - dropped)


def attendance_rate(marks: list[str | None]) -> float | None:
	"""Share of the marked invitees who came in person or sent someone; unmarked rows do not count."""
	marked = [m for m in marks if m]
	return percent(sum(1 for m in marked if m in ATTENDED), len(marked))


def combine(date: dt.date, time: dt.time | dt.timedelta | None) -> dt.datetime:
	"""A date and a Frappe Time value (a time, or the timedelta the database returns) as one datetime."""
	if time is None:
		return dt.datetime.combine(date, dt.time())
	if isinstance(time, dt.timedelta):
		return dt.datetime.combine(date, dt.time()) + time
	return dt.datetime.combine(date, time)


def meeting_end(start: dt.datetime, end: dt.datetime | None, default_hours: int = 2) -> dt.datetime:
	"""The end of a meeting: its end time, or `default_hours` after the start when none (or an earlier one) is set."""
	if end and end > start:
		return end
	return start + dt.timedelta(hours=default_hours)
