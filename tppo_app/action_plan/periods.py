"""Reporting periods (quarters and semesters) as plain date arithmetic; no database."""

import calendar
import datetime as dt

PERIODS_PER_YEAR = {"Quarter": 4, "Semester": 2}
LABEL_PREFIX = {"Quarter": "Q", "Semester": "S"}


def period_bounds(period_type: str, year: int, period_no: int) -> tuple[dt.date, dt.date]:
	"""First and last day of a quarter (1-4) or semester (1-2) of a year."""
	count = PERIODS_PER_YEAR[period_type]
	if not 1 <= period_no <= count:
		raise ValueError(f"{period_type} number must be between 1 and {count}")
	months = 12 // count
	first_month = (period_no - 1) * months + 1
	last_month = first_month + months - 1
	return dt.date(year, first_month, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1])


def period_label(period_type: str, year: int, period_no: int) -> str:
	"""2025-Q1, 2025-S2."""
	return f"{year}-{LABEL_PREFIX[period_type]}{period_no}"


def plan_periods(period_type: str, start_year: int, end_year: int, submission_days: int) -> list[dict]:
	"""Every period of a plan's span, with its submission deadline `submission_days` after it ends."""
	periods = []
	for year in range(start_year, end_year + 1):
		for no in range(1, PERIODS_PER_YEAR[period_type] + 1):
			start, end = period_bounds(period_type, year, no)
			periods.append(
				dict(
					period_type=period_type,
					year=year,
					period_no=no,
					period_label=period_label(period_type, year, no),
					start_date=start,
					end_date=end,
					submission_deadline=end + dt.timedelta(days=submission_days),
				)
			)
	return periods
