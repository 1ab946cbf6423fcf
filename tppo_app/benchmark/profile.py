"""Where a submission's time goes: cProfile of one 150-row progress report's Submit (the workflow action the
form and the REST API call), on the benchmark site, rolled back afterwards.

	bench --site tppo-bench.localhost execute tppo_app.benchmark.profile.submission
	bench --site tppo-bench.localhost execute tppo_app.benchmark.profile.rest_submission
	bench --site tppo-bench.localhost execute tppo_app.benchmark.profile.request_cpu

`rest_submission` profiles the whole request through Frappe's WSGI application, as a web worker runs it (its
own connection, its own request caches); `submission` calls the workflow action in this process, where caches
warmed by the first run hide some of the cost (the rows' link checks, for one). `request_cpu` measures a
Submit's CPU without a profiler, beside Frappe alone on the same rows (`tppo_app/benchmark/floor.py`).
"""

import cProfile
import io
import json
import pstats
import threading
import time

import frappe

from tppo_app.benchmark import measure


def profiled_submission() -> cProfile.Profile:
	"""The profile of one submission of a 150-row report, after a warm-up one; both rolled back."""
	u = measure.users()
	name = measure.prepare_drafts(u.focal_point, u.district, 1)[0]
	for _run in range(2):
		frappe.set_user(u.focal_point)
		profile = cProfile.Profile()
		profile.enable()
		measure.submit(name)
		profile.disable()
		frappe.set_user("Administrator")
		frappe.db.rollback()
	return profile


def submission(lines: int = 30, sort: str = "cumulative") -> None:
	"""Prints the top `lines` of the profile of one submission (after a warm-up one), sorted by `sort`."""
	profile = profiled_submission()
	out = io.StringIO()
	stats = pstats.Stats(profile, stream=out)
	stats.sort_stats(sort).print_stats(lines)
	print(out.getvalue())


def national_view(lines: int = 25, sort: str = "cumulative") -> None:
	"""Prints the top of the profile of the national RAN Achievement (after a warm-up run), as the reviewer."""
	u = measure.users()
	plan = measure.ran()
	filters = {"action_plan": plan, "include_adopting_plans": 1, "year": measure.YEAR}
	frappe.set_user(u.reviewer)
	for _run in range(2):
		profile = cProfile.Profile()
		profile.enable()
		measure.ran_achievement(filters)
		profile.disable()
	frappe.set_user("Administrator")
	out = io.StringIO()
	pstats.Stats(profile, stream=out).sort_stats(sort).print_stats(lines)
	print(out.getvalue())


def template(title: str = "Bench: province x cluster", lines: int = 25, sort: str = "cumulative") -> None:
	"""Prints the top of the profile of a benchmark report template (after a warm-up run), as the reviewer."""
	from tppo_app.action_plan.report_template import render

	u = measure.users()
	doc = frappe.get_doc("RAN Report Template", {"title": title})
	frappe.set_user(u.reviewer)
	for _run in range(2):
		profile = cProfile.Profile()
		profile.enable()
		render(doc)
		profile.disable()
	frappe.set_user("Administrator")
	out = io.StringIO()
	pstats.Stats(profile, stream=out).sort_stats(sort).print_stats(lines)
	print(out.getvalue())


def callers(function: str = "load_from_db") -> None:
	"""Who calls `function` during one submission (after a warm-up one)."""
	profile = profiled_submission()
	out = io.StringIO()
	pstats.Stats(profile, stream=out).print_callers(function)
	print(out.getvalue())


def _in_a_web_worker(user: str, work) -> None:
	"""Runs `work(submit)` in a thread of its own with Frappe's WSGI application, as a web worker runs a
	request (its own connection, its own request caches); `submit(doctype, name)` makes the form's Submit
	(apply_workflow) as `user`, with their API key, and returns the HTTP status."""
	from frappe.utils import get_test_client

	from tppo_app.benchmark import data

	key, site = frappe.db.get_value("User", user, "api_key"), frappe.local.site

	def run():
		client = get_test_client()
		headers = {"Host": site, "Authorization": f"token {key}:{data.PASSWORD}"}

		def submit(doctype: str, name: str) -> int:
			return client.post(
				"/api/method/frappe.model.workflow.apply_workflow",
				headers=headers,
				json={"doc": json.dumps({"doctype": doctype, "name": name}), "action": "Submit"},
			).status_code

		work(submit)

	thread = threading.Thread(target=run)
	thread.start()
	thread.join()


def rest_submission(
	lines: int = 40, sort: str = "cumulative", callers: str | None = None, callees: str | None = None
) -> None:
	"""Prints the profile of the third of three Submits through the REST API (a focal point's API key), each a
	request of its own through Frappe's WSGI application; the reports go back to Draft afterwards. With
	`callers`, who called that function instead; with `callees`, what that function called."""
	user = measure.users().submitters[1]
	names = measure.prepare_drafts(user, measure.district_of(user), 3)
	out = {"status": []}

	def work(submit):
		for i, name in enumerate(names):
			profile = cProfile.Profile()
			if i == len(names) - 1:
				profile.enable()
			out["status"].append(submit("Progress Report", name))
			profile.disable()
			out["profile"] = profile

	try:
		_in_a_web_worker(user, work)
	finally:
		frappe.db.rollback()
		measure.back_to_draft(names)
	print(f"HTTP status of the three submissions: {out['status']}")
	text = io.StringIO()
	stats = pstats.Stats(out["profile"], stream=text).sort_stats(sort)
	if callers:
		stats.print_callers(callers)
	elif callees:
		stats.print_callees(callees)
	else:
		stats.print_stats(lines)
	print(text.getvalue())


def request_cpu(count: int = 4) -> None:
	"""The CPU of one Submit request in a quiet worker (the request thread's CPU time, no profiler), for a
	progress report and for the same rows on the doctype of Frappe alone (`benchmark.floor`): `count` of each,
	the first of each warming the worker's caches. Reports go back to Draft, floor documents are deleted."""
	from tppo_app.benchmark import floor

	floor.ensure_doctypes()
	user = measure.users().submitters[1]
	work = {
		"Progress Report": measure.prepare_drafts(user, measure.district_of(user), count),
		floor.PARENT: floor.drafts(user, count),
	}
	out = {}

	def submit_all(submit):
		for doctype, names in work.items():
			for name in names:
				start = time.thread_time()
				status = submit(doctype, name)
				out.setdefault(doctype, []).append((status, (time.thread_time() - start) * 1000))

	try:
		_in_a_web_worker(user, submit_all)
	finally:
		frappe.db.rollback()
		measure.back_to_draft(work["Progress Report"])
		floor.remove(work[floor.PARENT])
	for doctype, runs in out.items():
		label = "tppo_app, Progress Report" if doctype == "Progress Report" else "Frappe alone, the same rows"
		cpu = ", ".join(f"{ms:.0f}" for _status, ms in runs)
		print(f"{label:<30} CPU per Submit (ms): {cpu}  HTTP {sorted({s for s, _ in runs})}")
