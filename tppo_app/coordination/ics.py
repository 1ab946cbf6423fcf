"""An iCalendar (.ics, RFC 5545) invitation for one meeting, built by hand: VCALENDAR with one VEVENT.

No database and no Frappe: tested with pytest in tests/ at the repository root. Times are written in UTC
(DTSTART:20250820T010000Z), which every calendar client shows in its own time zone; the meeting's local
times are converted from the site's time zone (Asia/Jakarta for this app).
"""

import datetime as dt
from zoneinfo import ZoneInfo

PRODID = "-//PP-TPPO//tppo_app Coordination//ID"


def escape_text(value: str | None) -> str:
	"""TEXT escaping of RFC 5545 §3.3.11: backslash, semicolon, comma and newlines."""
	value = (value or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
	return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
	"""Folds a content line to at most 75 octets per physical line (RFC 5545 §3.1), never inside a
	multi-byte character; continuation lines start with one space."""
	out, current, size = [], "", 0
	for char in line:
		width = len(char.encode("utf-8"))
		limit = 75 if not out else 74  # continuation lines carry the leading space
		if size + width > limit:
			out.append(current)
			current, size = "", 0
		current += char
		size += width
	out.append(current)
	return "\r\n ".join(out)


def to_utc(value: dt.datetime, tz: str) -> dt.datetime:
	"""A naive datetime in time zone `tz` (or an aware one) as aware UTC."""
	if value.tzinfo is None:
		value = value.replace(tzinfo=ZoneInfo(tz))
	return value.astimezone(dt.timezone.utc)


def format_utc(value: dt.datetime) -> str:
	return value.strftime("%Y%m%dT%H%M%SZ")


def build_ics(
	uid: str,
	start: dt.datetime,
	end: dt.datetime,
	summary: str,
	location: str = "",
	description: str = "",
	url: str = "",
	organizer: tuple[str, str] | None = None,
	attendees: list[tuple[str, str]] | tuple = (),
	tz: str = "Asia/Jakarta",
	sequence: int = 0,
	stamp: dt.datetime | None = None,
	method: str = "REQUEST",
) -> str:
	"""The calendar file's text, CRLF line endings. `organizer` and `attendees` are (name, email) pairs."""
	stamp = stamp or dt.datetime.now(dt.timezone.utc)
	lines = [
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		f"PRODID:{PRODID}",
		"CALSCALE:GREGORIAN",
		f"METHOD:{method}",
		"BEGIN:VEVENT",
		f"UID:{uid}",
		f"SEQUENCE:{int(sequence)}",
		f"DTSTAMP:{format_utc(to_utc(stamp, 'UTC'))}",
		f"DTSTART:{format_utc(to_utc(start, tz))}",
		f"DTEND:{format_utc(to_utc(end, tz))}",
		f"SUMMARY:{escape_text(summary)}",
	]
	if location:
		lines.append(f"LOCATION:{escape_text(location)}")
	if description:
		lines.append(f"DESCRIPTION:{escape_text(description)}")
	if url:
		lines.append(f"URL:{url}")
	if organizer and organizer[1]:
		lines.append(f"ORGANIZER;CN={_param(organizer[0])}:mailto:{organizer[1]}")
	for name, email in attendees:
		if email:
			lines.append(
				f"ATTENDEE;CN={_param(name or email)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{email}"
			)
	lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR"]
	return "".join(fold(line) + "\r\n" for line in lines)


def _param(value: str) -> str:
	"""A parameter value: quoted, without the characters a quoted value may not hold."""
	return '"' + (value or "").replace('"', "'").replace("\r", " ").replace("\n", " ") + '"'
