"""The meeting invitation's calendar file (tppo_app.coordination.ics), checked against RFC 5545's rules."""

import datetime as dt

import pytest

from tppo_app.coordination.ics import build_ics, escape_text, fold, to_utc

STAMP = dt.datetime(2025, 8, 1, 0, 0, tzinfo=dt.timezone.utc)


def invitation(**values):
	args = dict(
		uid="RAKOR-2025-00001@tppo.example",
		start=dt.datetime(2025, 8, 20, 9, 0),
		end=dt.datetime(2025, 8, 20, 12, 0),
		summary="Rapat Koordinasi Penyusunan Gugus Tugas PP-TPPO",
		location="Kantor Gubernur Sulawesi Selatan, Makassar",
		description="Agenda:\n1. Pembukaan; 2. Paparan data",
		organizer=("DP3A-Dalduk KB Sulsel", "dp3a@sulsel.example"),
		attendees=[("Andi Nurhayati", "andi@sulsel.example"), ("Tanpa Email", "")],
		tz="Asia/Makassar",
		stamp=STAMP,
	)
	args.update(values)
	return build_ics(**args)


def unfold(text: str) -> list[str]:
	return text.replace("\r\n ", "").split("\r\n")


def test_one_event_in_one_calendar_with_crlf_lines():
	text = invitation()
	assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
	assert text.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")
	assert text.count("BEGIN:VEVENT") == 1
	assert "\n" not in text.replace("\r\n", "")
	lines = unfold(text)
	assert "UID:RAKOR-2025-00001@tppo.example" in lines
	assert "METHOD:REQUEST" in lines
	assert "DTSTAMP:20250801T000000Z" in lines


def test_times_are_converted_to_utc():
	# 09:00 WITA (UTC+8) on 20 August 2025 is 01:00 UTC.
	lines = unfold(invitation())
	assert "DTSTART:20250820T010000Z" in lines
	assert "DTEND:20250820T040000Z" in lines
	# Jakarta (WIB) is UTC+7.
	lines = unfold(invitation(tz="Asia/Jakarta"))
	assert "DTSTART:20250820T020000Z" in lines


def test_utc_conversion_crosses_midnight():
	assert to_utc(dt.datetime(2025, 12, 2, 6, 30), "Asia/Jakarta") == dt.datetime(
		2025, 12, 1, 23, 30, tzinfo=dt.timezone.utc
	)


def test_text_is_escaped():
	lines = unfold(invitation())
	assert "LOCATION:Kantor Gubernur Sulawesi Selatan\\, Makassar" in lines
	assert "DESCRIPTION:Agenda:\\n1. Pembukaan\\; 2. Paparan data" in lines
	assert escape_text("a\\b") == "a\\\\b"
	assert escape_text(None) == ""


def test_organizer_and_attendees_with_email_only():
	lines = unfold(invitation())
	assert 'ORGANIZER;CN="DP3A-Dalduk KB Sulsel":mailto:dp3a@sulsel.example' in lines
	attendees = [line for line in lines if line.startswith("ATTENDEE")]
	assert len(attendees) == 1
	assert attendees[0].endswith(":mailto:andi@sulsel.example")
	assert 'CN="Andi Nurhayati"' in attendees[0]


def test_sequence_counts_updates():
	assert "SEQUENCE:0" in unfold(invitation())
	assert "SEQUENCE:2" in unfold(invitation(sequence=2))


@pytest.mark.parametrize("text", ["x" * 200, "Rapat koordinasi — perlindungan korban " * 8, "é" * 100])
def test_long_lines_are_folded_at_75_octets(text):
	folded = fold("SUMMARY:" + text)
	physical = folded.split("\r\n")
	assert all(len(line.encode("utf-8")) <= 75 for line in physical)
	assert all(line.startswith(" ") for line in physical[1:])
	assert folded.replace("\r\n ", "") == "SUMMARY:" + text


def test_short_lines_are_left_alone():
	assert fold("SUMMARY:Rakor") == "SUMMARY:Rakor"
