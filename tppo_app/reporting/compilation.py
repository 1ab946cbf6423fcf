"""Compiling a Task Force Report: what the app holds for the task force's region and the regions under it, for
the report's year, frozen into one JSON snapshot (a dict of plain values).

Every section is counted by the database (frappe.qb aggregates over the region's subtree); nothing is read row
by row in Python except the handful of rows a section shows. Counts about victims (victims by sex, age group and
origin, services by type, restitution) are masked at compile time: a count from 1 to k-1 (k = TPPO Settings →
small count threshold) is stored as "<k" and left out of totals, so that no masked value is ever stored; a
total shown next to a breakdown that masks a count is the smallest sum a breakdown shows ("at least"), so that
no masked count comes back by subtraction.

`changes` compares two snapshots: what a recompilation changed, path by path.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Avg, Count, IfNull, Sum
from frappe.utils import flt, getdate, now_datetime

from tppo_app.action_plan.report.national_reporting_compliance.national_reporting_compliance import (
	compute as compliance_cells,
)
from tppo_app.action_plan.report.national_reporting_compliance.national_reporting_compliance import tally
from tppo_app.case_management import rules
from tppo_app.case_management.statistics import province_code, region_names, small_count_threshold
from tppo_app.regions import in_region

SNAPSHOT_VERSION = 1
# Labels kept in English in the snapshot and translated when it is rendered (the document is in Indonesian).
NOT_RECORDED = "Not Recorded"
NO_CLUSTER = "No Cluster"
BEHIND_LIMIT = 10
TEXT_LIMIT = 1000
HELD_MEETINGS = ("Held", "Minutes Approved")


def compile_snapshot(doc) -> dict:
	"""The report's snapshot: its filters, when and by whom, and every section."""
	region, year = doc.region, int(doc.year)
	start, end = getdate(f"{year}-01-01"), getdate(f"{year}-12-31")
	k = small_count_threshold()
	task_force = frappe.db.get_value(
		"Task Force",
		doc.task_force,
		["task_force_name", "level", "chair_name", "daily_chair_name"],
		as_dict=True,
	)
	achievement_section, latest = achievement(region, year)
	return {
		"version": SNAPSHOT_VERSION,
		"meta": {
			"task_force": doc.task_force,
			"task_force_name": task_force.task_force_name,
			"level": task_force.level,
			"chair_name": task_force.chair_name,
			"daily_chair_name": task_force.daily_chair_name,
			"region": region,
			"region_name": frappe.db.get_value("Region", region, "region_name"),
			"year": year,
			"from_date": str(start),
			"to_date": str(end),
			"compiled_on": str(now_datetime().replace(microsecond=0)),
			"compiled_by": frappe.session.user,
			"small_count_threshold": k,
		},
		"achievement": achievement_section,
		"compliance": compliance(region, year),
		"cases": cases(region, start, end),
		"victims": victims(region, start, end, k),
		"services": services(region, start, end, k),
		"restitution": restitution(region, start, end, k),
		"trainings": trainings(region, start, end),
		"coordination": coordination(region, start, end),
		"sub_task_forces": sub_task_forces(doc.task_force, region),
		"narratives": narratives(latest),
	}


def _round(value, digits: int = 1):
	return None if value is None else round(flt(value), digits)


# ---- action plans ---------------------------------------------------------------------------------------------


def latest_approved_reports(region: str, year: int) -> list[frappe._dict]:
	"""Each task force's latest approved progress report of the year (realised values are year to date)."""
	report = frappe.qb.DocType("Progress Report")
	period = frappe.qb.DocType("Reporting Period")
	rows = (
		frappe.qb.from_(report)
		.join(period)
		.on(period.name == report.reporting_period)
		.select(report.name, report.task_force, report.region, period.end_date)
		.where((report.docstatus == 1) & (period.year == year) & in_region(report.region, region))
		.orderby(period.end_date)
		.orderby(report.name)
		.run(as_dict=True)
	)
	latest = {}
	for r in rows:
		latest[r.task_force] = r
	return list(latest.values())


def reported_rows(item, names: list[str]):
	return (
		(item.parenttype == "Progress Report")
		& item.parent.isin(names)
		& item.status.isnotnull()
		& (item.status != "")
		& (item.status != "Not Applicable")
		& item.achievement_percent.isnotnull()
	)


def achievement(region: str, year: int) -> tuple[dict, list[str]]:
	latest = latest_approved_reports(region, year)
	names = [r.name for r in latest]
	section = {"reports": len(names), "overall": None, "by_cluster": [], "by_region": [], "behind": []}
	if not names:
		return section, names
	item = frappe.qb.DocType("Progress Report Item")
	report = frappe.qb.DocType("Progress Report")
	where = reported_rows(item, names)
	overall = frappe.qb.from_(item).select(Count(item.name), Avg(item.achievement_percent)).where(where).run()
	section["rows"], section["overall"] = overall[0][0], _round(overall[0][1])
	section["by_cluster"] = [
		{"label": cluster or NO_CLUSTER, "rows": n, "achievement": _round(avg)}
		for cluster, n, avg in frappe.qb.from_(item)
		.select(item.cluster, Count(item.name), Avg(item.achievement_percent))
		.where(where)
		.groupby(item.cluster)
		.orderby(item.cluster)
		.run()
	]
	by_region = (
		frappe.qb.from_(item)
		.join(report)
		.on(report.name == item.parent)
		.select(report.region, Count(item.name), Avg(item.achievement_percent))
		.where(where)
		.groupby(report.region)
		.run()
	)
	names_of = region_names(r[0] for r in by_region)
	section["by_region"] = sorted(
		(
			{"label": names_of.get(code, code), "region": code, "rows": n, "achievement": _round(avg)}
			for code, n, avg in by_region
		),
		key=lambda r: r["region"],
	)
	behind = (
		frappe.qb.from_(item)
		.join(report)
		.on(report.name == item.parent)
		.select(report.region, item.item_code, item.indicator, item.cluster, item.achievement_percent)
		.where(where)
		.orderby(item.achievement_percent)
		.orderby(report.region)
		.orderby(item.item_code)
		.limit(BEHIND_LIMIT)
		.run(as_dict=True)
	)
	names_of = region_names(r.region for r in behind)
	section["behind"] = [
		{
			"label": f"{names_of.get(r.region, r.region)} {r.item_code}",
			"region_name": names_of.get(r.region, r.region),
			"item_code": r.item_code,
			"indicator": (r.indicator or "")[:TEXT_LIMIT],
			"cluster": r.cluster,
			"achievement": _round(r.achievement_percent),
		}
		for r in behind
	]
	return section, names


def compliance(region: str, year: int) -> dict:
	result = compliance_cells(frappe._dict(year=year, region=region))
	totals = tally(result.cells)
	return {
		**{key: totals[key] for key in ("expected", "on_time", "late", "missing", "not_due", "compliance")},
		"by_province": [
			{
				"label": r["label"],
				"region": r["region"],
				**{key: r[key] for key in ("expected", "on_time", "late", "missing", "compliance")},
			}
			for r in result.rows
			if r["indent"] == 0
		],
		"missing_task_forces": [
			{"label": r["label"], "task_force": r["task_force"], "missing": r["missing"]}
			for r in result.rows
			if r["indent"] == 1 and r["missing"]
		],
		"without_plan": len(result.without_plan),
	}


# ---- cases, victims, services ---------------------------------------------------------------------------------


def counted(rows) -> list[dict]:
	return [{"label": label or NOT_RECORDED, "count": n} for label, n in rows]


def cases(region: str, start, end) -> dict:
	case = frappe.qb.DocType("TPPO Case")
	where = (
		in_region(case.region, region) & (case.police_report_date >= start) & (case.police_report_date <= end)
	)
	total = frappe.qb.from_(case).select(Count(case.name)).where(where).run()[0][0]

	def by(field):
		return counted(
			frappe.qb.from_(case)
			.select(field, Count(case.name))
			.where(where)
			.groupby(field)
			.orderby(field)
			.run()
		)

	routes = (
		frappe.qb.from_(case)
		.select(
			case.origin_region,
			case.origin_country,
			case.destination_region,
			case.destination_country,
			Count(case.name),
		)
		.where(where)
		.groupby(case.origin_region, case.origin_country, case.destination_region, case.destination_country)
		.run()
	)
	names = region_names([r[0] for r in routes] + [r[2] for r in routes])

	def place(region_code, country):
		return names.get(region_code, region_code) if region_code else country or NOT_RECORDED

	by_route = {}
	for origin, origin_country, destination, destination_country, n in routes:
		label = f"{place(origin, origin_country)} → {place(destination, destination_country)}"
		by_route[label] = by_route.get(label, 0) + n
	return {
		"total": total,
		"by_stage": by(case.stage),
		"by_modus": by(case.modus),
		"by_exploitation_form": by(case.exploitation_form),
		"by_route": [
			{"label": label, "count": n} for label, n in sorted(by_route.items(), key=lambda x: (-x[1], x[0]))
		],
	}


def masked_counts(rows: list[dict], k: int) -> tuple[list[dict], int]:
	"""Each small count becomes "<k"; the total is the sum of the counts shown."""
	shown = 0
	for row in rows:
		if rules.masked(row["count"], k):
			row["count"] = rules.mask_label(k)
		else:
			shown += row["count"]
	return rows, shown


def masked_total(total: int, k: int):
	return rules.mask_label(k) if rules.masked(total, k) else total


def breakdown_total(total: int, breakdowns: list[tuple[list[dict], int]], k: int) -> tuple:
	"""(total, partial) shown next to breakdowns of it: the real total when no breakdown masks a count, else the
	smallest sum of the counts a breakdown shows, marked partial ("at least"): the total minus the counts shown
	would otherwise give the masked counts back (8 victims, 6 women: 2 men)."""
	if rules.masked(total, k):
		return rules.mask_label(k), 0
	if not any(isinstance(row["count"], str) for rows, _shown in breakdowns for row in rows):
		return total, 0
	return min(shown for _rows, shown in breakdowns), 1


def victims(region: str, start, end, k: int) -> dict:
	victim = frappe.qb.DocType("Victim")
	where = (
		in_region(victim.region, region)
		& (victim.identification_date >= start)
		& (victim.identification_date <= end)
	)
	total = frappe.qb.from_(victim).select(Count(victim.name)).where(where).run()[0][0]

	def by(field):
		rows = counted(
			frappe.qb.from_(victim)
			.select(field, Count(victim.name))
			.where(where)
			.groupby(field)
			.orderby(field)
			.run()
		)
		return masked_counts(rows, k)

	origins = (
		frappe.qb.from_(victim)
		.select(victim.origin_region, Count(victim.name))
		.where(where)
		.groupby(victim.origin_region)
		.run()
	)
	by_province: dict[str | None, int] = {}
	for code, n in origins:
		province = province_code(code) if code else None
		by_province[province] = by_province.get(province, 0) + n
	names = region_names(c for c in by_province if c)
	origin_rows = [
		{"label": names.get(code, code) if code else NOT_RECORDED, "count": n}
		for code, n in sorted(by_province.items(), key=lambda x: x[0] or "~")
	]
	by_sex, by_age_group = by(victim.sex), by(victim.age_group)
	by_origin = masked_counts(origin_rows, k)
	shown_total, partial = breakdown_total(total, [by_sex, by_age_group, by_origin], k)
	return {
		"total": shown_total,
		"total_partial": partial,
		"by_sex": by_sex[0],
		"by_age_group": by_age_group[0],
		"by_origin_province": by_origin[0],
	}


def services(region: str, start, end, k: int) -> dict:
	service = frappe.qb.DocType("Victim Service")
	where = (
		in_region(service.region, region)
		& (service.date_requested >= start)
		& (service.date_requested <= end)
		& (service.status != "Cancelled")
	)
	total, completed, started, mean_days = (
		frappe.qb.from_(service)
		.select(
			Count(service.name),
			Sum(IfNull((service.status == "Completed"), 0)),
			Count(service.date_started),
			Avg(service.days_to_start),
		)
		.where(where)
		.run()[0]
	)
	by_type = counted(
		frappe.qb.from_(service)
		.select(service.service_type, Count(service.name))
		.where(where)
		.groupby(service.service_type)
		.orderby(service.service_type)
		.run()
	)
	by_type = masked_counts(by_type, k)
	shown_total, partial = breakdown_total(total, [by_type], k)
	return {
		"total": shown_total,
		"total_partial": partial,
		"completed": masked_total(int(completed or 0), k),
		"started": masked_total(started, k),
		"mean_days_to_start": _round(mean_days) if started >= k else None,
		"by_type": by_type[0],
	}


def restitution(region: str, start, end, k: int) -> dict:
	"""Cases whose court ordered restitution: masked as a whole when fewer than k (an amount would single the
	victims of one case out)."""
	case = frappe.qb.DocType("TPPO Case")
	where = (
		in_region(case.region, region)
		& (case.police_report_date >= start)
		& (case.police_report_date <= end)
		& (case.restitution_ordered > 0)
	)
	count, ordered, paid, paid_cases = (
		frappe.qb.from_(case)
		.select(
			Count(case.name),
			Sum(case.restitution_ordered),
			Sum(case.restitution_paid),
			Sum(IfNull((case.restitution_paid > 0), 0)),
		)
		.where(where)
		.run()[0]
	)
	if rules.masked(count, k):
		return {"cases": rules.mask_label(k), "ordered": None, "paid": None, "paid_cases": None, "masked": 1}
	return {
		"cases": count,
		"ordered": flt(ordered),
		"paid": flt(paid),
		"paid_cases": masked_total(int(paid_cases or 0), k),
		"masked": 0,
	}


# ---- capacity building, coordination, task forces -------------------------------------------------------------


def trainings(region: str, start, end) -> dict:
	training = frappe.qb.DocType("Training")
	count, participants, female, male = (
		frappe.qb.from_(training)
		.select(
			Count(training.name),
			Sum(training.participant_count),
			Sum(training.female_participants),
			Sum(training.male_participants),
		)
		.where(
			in_region(training.region, region) & (training.start_date >= start) & (training.start_date <= end)
		)
		.run()[0]
	)
	return {
		"count": count,
		"participants": int(participants or 0),
		"female": int(female or 0),
		"male": int(male or 0),
	}


def coordination(region: str, start, end) -> dict:
	meeting = frappe.qb.DocType("Coordination Meeting")
	held = (
		frappe.qb.from_(meeting)
		.select(Count(meeting.name))
		.where(
			in_region(meeting.region, region)
			& (meeting.meeting_date >= start)
			& (meeting.meeting_date <= end)
			& (meeting.docstatus < 2)
			& meeting.status.isin(HELD_MEETINGS)
		)
		.run()[0][0]
	)
	recommendation = frappe.qb.DocType("Recommendation")
	total, done = (
		frappe.qb.from_(recommendation)
		.select(Count(recommendation.name), Sum(IfNull((recommendation.status == "Done"), 0)))
		.where(
			in_region(recommendation.region, region)
			& (recommendation.meeting_date >= start)
			& (recommendation.meeting_date <= end)
			& (recommendation.status != "Dropped")
		)
		.run()[0]
	)
	done = int(done or 0)
	return {
		"meetings_held": held,
		"recommendations": total,
		"recommendations_done": done,
		"follow_up_rate": round(done * 100 / total, 1) if total else None,
	}


def sub_task_forces(task_force: str, region: str) -> dict:
	sub = frappe.qb.DocType("Sub Task Force")
	own = (
		frappe.qb.from_(sub)
		.select(sub.sub_task_force_name, sub.function)
		.where(sub.task_force == task_force)
		.orderby(sub.sub_task_force_name)
		.run()
	)
	in_subtree = frappe.qb.from_(sub).select(Count(sub.name)).where(in_region(sub.region, region)).run()[0][0]
	return {
		"in_region": in_subtree,
		"own": [{"label": name, "function": function} for name, function in own],
	}


def narratives(report_names: list[str]) -> list[dict]:
	"""Obstacles and follow-up written in the approved reports, by cluster and region."""
	if not report_names:
		return []
	item = frappe.qb.DocType("Progress Report Item")
	report = frappe.qb.DocType("Progress Report")
	rows = (
		frappe.qb.from_(item)
		.join(report)
		.on(report.name == item.parent)
		.select(report.region, item.cluster, item.item_code, item.obstacles, item.follow_up)
		.where(
			(item.parenttype == "Progress Report")
			& item.parent.isin(report_names)
			& ((IfNull(item.obstacles, "") != "") | (IfNull(item.follow_up, "") != ""))
		)
		.orderby(item.cluster)
		.orderby(report.region)
		.orderby(item.item_code)
		.run(as_dict=True)
	)
	names = region_names(r.region for r in rows)
	groups: dict[tuple, dict] = {}
	for r in rows:
		key = (r.cluster or "", r.region)
		group = groups.setdefault(
			key,
			{
				"label": f"{r.cluster or NO_CLUSTER} / {names.get(r.region, r.region)}",
				"cluster": r.cluster,
				"region_name": names.get(r.region, r.region),
				"entries": [],
			},
		)
		group["entries"].append(
			{
				"item_code": r.item_code,
				"obstacles": (r.obstacles or "")[:TEXT_LIMIT],
				"follow_up": (r.follow_up or "")[:TEXT_LIMIT],
			}
		)
	return list(groups.values())


# ---- what changed ---------------------------------------------------------------------------------------------


def flatten(value, prefix: str = "", out: dict | None = None) -> dict:
	"""path -> value for every plain value of a snapshot; list rows are named by their label."""
	out = {} if out is None else out
	if isinstance(value, dict):
		for key, inner in value.items():
			if key == "label":
				continue
			flatten(inner, f"{prefix}.{key}" if prefix else key, out)
	elif isinstance(value, list):
		for index, inner in enumerate(value):
			name = inner.get("label") if isinstance(inner, dict) else None
			flatten(inner, f"{prefix}[{name if name is not None else index}]", out)
	else:
		out[prefix] = value
	return out


def changes(before: dict | None, after: dict) -> list[str]:
	"""One line per value that differs between two snapshots (compilation date and user left out)."""
	if not before:
		return []
	old, new = (
		flatten({k: v for k, v in before.items() if k != "meta"}),
		flatten({k: v for k, v in after.items() if k != "meta"}),
	)
	lines = []
	for path in sorted(set(old) | set(new)):
		if old.get(path) != new.get(path):
			lines.append(f"{path}: {_show(old.get(path))} → {_show(new.get(path))}")
	return lines


def _show(value) -> str:
	if value is None:
		return "–"
	text = str(value)
	return text if len(text) <= 80 else text[:77] + "..."
