"""Test factories for coordination meetings and recommendations (used by the module's integration tests).

They build on tppo_app.tests.utils (users, task forces, agencies, members in regions the demo does not use).
"""

import functools
import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import frappe
from frappe.utils import add_days, today

from tppo_app.tests.utils import as_user


def _insert(doc, user: str | None):
	if user:
		with as_user(user):
			return doc.insert()
	return doc.insert(ignore_permissions=True)


def make_meeting(
	task_force: str,
	title: str,
	meeting_date: str | None = None,
	members: tuple[str, ...] = (),
	agencies: tuple[str, ...] = (),
	user: str | None = None,
	**values,
):
	"""A meeting (default: ten days ago, 09:00-11:00) inviting the given members and agencies."""
	invitees = [{"member": m} for m in members] + [{"agency": a} for a in agencies]
	values.setdefault("agenda", [{"topic": f"{title}: opening"}])
	doc = frappe.get_doc(
		doctype="Coordination Meeting",
		title=title,
		meeting_type=values.pop("meeting_type", "Coordination Meeting"),
		task_force=task_force,
		meeting_date=meeting_date or add_days(today(), -10),
		start_time=values.pop("start_time", "09:00:00"),
		end_time=values.pop("end_time", "11:00:00"),
		venue=values.pop("venue", "Ruang Rapat Test"),
		invitees=invitees,
		**values,
	)
	return _insert(doc, user)


def hold_meeting(
	meeting, marks: dict | None = None, minutes: str = "<p>Minutes of the test meeting.</p>", user=None
):
	"""Marks everyone invited Present (or as `marks` says, by member or agency) and writes the minutes."""
	marks = marks or {}
	for row in meeting.attendance:
		row.attendance = marks.get(row.member or row.agency, "Present")
		if row.attendance == "Represented":
			row.represented_by = "Wakil Test"
	meeting.minutes = minutes
	if user:
		with as_user(user):
			meeting.save()
	else:
		meeting.save(ignore_permissions=True)
	return meeting


def make_recommendation(
	meeting: str, title: str, responsible_agency: str, due_date: str | None = None, user=None, **values
):
	doc = frappe.get_doc(
		doctype="Recommendation",
		meeting=meeting,
		title=title,
		responsible_agency=responsible_agency,
		due_date=due_date or add_days(today(), 30),
		**values,
	)
	return _insert(doc, user)


@contextmanager
def served_assets():
	"""Serves the bench's /assets on a local port and makes it the site's URL while the block runs.

	A print page links Frappe's print stylesheet by the site's URL, which wkhtmltopdf fetches; a test machine
	has no web server for the test site (and its host name may not resolve), so wkhtmltopdf would fail with
	a network error. Only the assets folder is served (through a symlink in a temporary folder)."""
	folder = tempfile.mkdtemp()
	os.symlink(
		os.path.abspath(os.path.join(frappe.local.sites_path, "assets")), os.path.join(folder, "assets")
	)
	handler = functools.partial(QuietHandler, directory=folder)
	server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
	thread = threading.Thread(target=server.serve_forever, daemon=True)
	thread.start()
	previous = frappe.local.conf.get("host_name")
	frappe.local.conf.host_name = f"http://127.0.0.1:{server.server_address[1]}"
	try:
		yield
	finally:
		frappe.local.conf.host_name = previous
		server.shutdown()
		server.server_close()
		shutil.rmtree(folder, ignore_errors=True)


class QuietHandler(SimpleHTTPRequestHandler):
	def log_message(self, format, *args):
		pass


def report_scenario() -> dict:
	"""Meetings and recommendations in provinces A and B and district A1, for the report tests.

	Province A: a meeting 40 days ago (police absent, DP3A present) with three recommendations: done (police),
	open and 5 days overdue (police), in progress and due in 30 days (DP3A); a planned meeting in 10 days.
	District A1: a meeting 20 days ago (its police member represented) with one open recommendation (police).
	Province B: a meeting 15 days ago with one overdue recommendation.
	"""
	from tppo_app.tests.utils import (
		DISTRICT_A1,
		PROVINCE_A,
		PROVINCE_B,
		make_agency,
		make_member,
		region_test_data,
	)

	data = region_test_data()
	tf = data["task_forces"]
	police = make_agency("Report Police A", region=PROVINCE_A)
	dp3a = make_agency("Report DP3A A", region=PROVINCE_A, agency_type="Social Affairs")
	police_b = make_agency("Report Police B", region=PROVINCE_B)
	m_police = make_member(tf[PROVINCE_A], "Report Police Member", agency=police).name
	m_dp3a = make_member(tf[PROVINCE_A], "Report DP3A Member", agency=dp3a).name
	m_a1 = make_member(tf[DISTRICT_A1], "Report District Member", agency=police).name
	m_b = make_member(tf[PROVINCE_B], "Report B Member", agency=police_b).name

	a = make_meeting(tf[PROVINCE_A], "Report rakor A", add_days(today(), -40), members=(m_police, m_dp3a))
	hold_meeting(a, {m_police: "Absent"})
	a.submit()
	progress = [{"update_date": add_days(today(), -35), "note": "Done"}]
	recs = {
		"done": make_recommendation(a.name, "Report done", police, status="Done", progress_updates=progress),
		"overdue": make_recommendation(a.name, "Report overdue", police, due_date=add_days(today(), -5)),
		"in_progress": make_recommendation(
			a.name, "Report in progress", dp3a, status="In Progress", progress_updates=progress
		),
	}
	planned = make_meeting(tf[PROVINCE_A], "Report planned A", add_days(today(), 10), members=(m_police,))
	a1 = make_meeting(tf[DISTRICT_A1], "Report rakor A1", add_days(today(), -20), members=(m_a1,))
	hold_meeting(a1, {m_a1: "Represented"})
	recs["district"] = make_recommendation(a1.name, "Report district", police)
	b = make_meeting(tf[PROVINCE_B], "Report rakor B", add_days(today(), -15), members=(m_b,))
	hold_meeting(b)
	recs["b"] = make_recommendation(b.name, "Report B overdue", police_b, due_date=add_days(today(), -1))
	return {
		"users": data["users"],
		"task_forces": tf,
		"agencies": {"police": police, "dp3a": dp3a, "police_b": police_b},
		"meetings": {"a": a.name, "planned": planned.name, "a1": a1.name, "b": b.name},
		"recommendations": {k: v.name for k, v in recs.items()},
	}
