"""Reporting periods that need no database: the one label of the month, quarter or year a date falls in."""

import datetime as dt


def period_key(date: dt.date, period: str) -> str:
	"""2025-08, 2025-Q3 or 2025 (the quarter is spelled as reporting periods are); they sort in time order."""
	if period == "Month":
		return f"{date.year}-{date.month:02d}"
	if period == "Quarter":
		return f"{date.year}-Q{(date.month - 1) // 3 + 1}"
	if period == "Year":
		return str(date.year)
	raise ValueError(f"unknown period: {period}")
