"""Where a submission's time goes: cProfile of one 150-row progress report's Submit (the workflow action the
form and the REST API call), on the benchmark site, rolled back afterwards.

	bench --site tppo-bench.localhost execute tppo_app.benchmark.profile.submission
"""

import cProfile
import io
import pstats

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
