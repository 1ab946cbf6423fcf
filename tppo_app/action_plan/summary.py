"""The achievement summary: each task force's latest approved values per plan item and year, kept live.

A national view counts some 80,000 item rows a year out of 1.5 million. `Achievement Summary` holds, for each
task force, plan and year, the rows of its latest approved report (the report whose year-to-date values the
views count), with what the views total precomputed: target, realised, achievement, status, whether the row is
reported, has a target and is scored (the rules of `achievement_data.progress_rows` and `plan_totals`), the
report and its period, and the chain of plan items it adopts (its item, the province's, the RAN's).

- Kept in the same transaction as the state change (hooks.py, doc_events): a report's approval (`on_submit`)
  makes its rows those of its task force, plan and year unless a later period's report is already there; a
  cancellation (`on_cancel`) of the report counted puts the latest approved report left in its place. A return
  or a resubmission changes nothing here (the report is not approved); an amendment is a new report, counted
  once it is approved.
- Read by the national views (`totals`): the rows of the reports a view counts (`chosen_reports`) come from the
  summary when it holds them; the few it does not (reports in review when a view includes them, or any report
  the summary lacks) are totalled from their own rows (`plan_totals`), so the numbers are always those of the
  row-by-row view. The summary's totals are cached in blocks of reports (`cached_summary_totals`): the first
  view after an approval totals again only the blocks whose reports changed.
- `rebuild` recomputes it from the reports and prints every difference (the repair command:
  `bench --site <site> execute tppo_app.action_plan.summary.rebuild`); a patch fills it on existing sites.
"""

import hashlib
import json
from collections import defaultdict

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Count, GroupConcat, Max, Min, Sum

from tppo_app.action_plan.achievement_data import item_rows, plan_totals
from tppo_app.action_plan.progress import is_reported

DOCTYPE = "Achievement Summary"
# The levels the summary totals by itself; any other (an agency, a custom or regional field) is totalled from
# the report rows.
LEVELS = ("cluster", "plan_item", "province", "region", "year", "period_label")
VALUE_FIELDS = (
	"progress_report",
	"task_force",
	"region",
	"province",
	"level",
	"action_plan",
	"year",
	"reporting_period",
	"period_label",
	"period_end",
	"action_plan_item",
	"item_plan",
	"parent_item",
	"parent_plan",
	"grand_item",
	"grand_plan",
	"responsible_agency",
	"measure_type",
	"target",
	"realised",
	"achievement",
	"status",
	"reported",
	"has_target",
	"scored",
)
# What `rebuild` compares: everything a view reads.
COMPARED = tuple(f for f in VALUE_FIELDS if f != "progress_report")


# ---- keeping it (doc_events of Progress Report) ------------------------------------------------------------


def on_submit(doc, method=None):
	"""A report was approved: it becomes its task force's latest approved report of the year, unless a later
	period's report is already approved.

	Concurrent approvals of the same task force, plan and year are serialised by a locking read of their summary
	rows (which sees what the other committed, unlike the transaction's snapshot), and the decision rests on
	those rows and this report alone: no other report is read, so no lock on another report is awaited."""
	year = period_year(doc.reporting_period)
	summary = frappe.qb.DocType(DOCTYPE)
	key = (
		(summary.task_force == doc.task_force)
		& (summary.action_plan == doc.action_plan)
		& (summary.year == year)
	)
	held = (
		frappe.qb.from_(summary)
		.select(summary.progress_report, summary.period_end)
		.where(key)
		.for_update()
		.run(as_dict=True)
	)
	period_end = frappe.utils.getdate(
		frappe.db.get_value("Reporting Period", doc.reporting_period, "end_date")
	)
	if any(frappe.utils.getdate(r.period_end) > period_end for r in held):
		return  # a later period's report is the latest approved one
	frappe.qb.from_(summary).delete().where(key).run()
	insert(expected_rows([doc.name]))


def on_cancel(doc, method=None):
	"""An approved report was cancelled: if it was the one counted, the task force's latest approved report left
	counts instead."""
	year = period_year(doc.reporting_period)
	summary = frappe.qb.DocType(DOCTYPE)
	key = (
		(summary.task_force == doc.task_force)
		& (summary.action_plan == doc.action_plan)
		& (summary.year == year)
	)
	held = frappe.qb.from_(summary).select(summary.progress_report).where(key).for_update().run(pluck=True)
	if doc.name in held or not held:
		refresh(doc.task_force, doc.action_plan, year)


def period_year(reporting_period: str) -> int:
	return frappe.db.get_value("Reporting Period", reporting_period, "year")


def refresh(task_force: str, action_plan: str, year: int) -> None:
	"""Replaces the summary rows of one task force, plan and year with those of its latest approved report."""
	summary = frappe.qb.DocType(DOCTYPE)
	frappe.qb.from_(summary).delete().where(
		(summary.task_force == task_force) & (summary.action_plan == action_plan) & (summary.year == year)
	).run()
	latest = latest_approved(task_force=task_force, action_plan=action_plan, year=year)
	if latest:
		insert(expected_rows(latest))


def latest_approved(**filters) -> list[str]:
	"""Each task force's latest approved report per plan and year (by the end of its period)."""
	report = frappe.qb.DocType("Progress Report")
	period = frappe.qb.DocType("Reporting Period")
	query = (
		frappe.qb.from_(report)
		.join(period)
		.on(period.name == report.reporting_period)
		.select(report.name, report.task_force, report.action_plan, period.year, period.end_date)
		.where(report.docstatus == 1)
		.orderby(period.end_date)
		.orderby(report.creation)
	)
	if filters.get("task_force"):
		query = query.where(report.task_force == filters["task_force"])
	if filters.get("action_plan"):
		query = query.where(report.action_plan == filters["action_plan"])
	if filters.get("year"):
		query = query.where(period.year == int(filters["year"]))
	latest = {}
	for r in query.run(as_dict=True):
		latest[(r.task_force, r.action_plan, r.year)] = r.name  # ordered by period end: the last one wins
	return list(latest.values())


def expected_rows(reports: list[str]) -> list[dict]:
	"""The summary rows of these reports, from their item rows, under the rules of `plan_totals`: a row counts as
	reported once its status says so; a stored target of 0 is "no target" when the plan item has none for the
	year, or when a reported row scored 0 against it (0 is what Frappe stores for an empty number)."""
	if not reports:
		return []
	query, t = item_rows()
	row, report, period, region = t.row, t.report, t.period, t.region
	item, parent_item, grand_item = t.item, t.parent_item, t.grand_item
	rows = (
		query.select(
			report.name.as_("progress_report"),
			report.task_force,
			report.region,
			Case()
			.when(report.level == "District", region.parent_region)
			.else_(report.region)
			.as_("province"),
			report.level,
			report.action_plan,
			period.year,
			report.reporting_period,
			period.period_label,
			period.end_date.as_("period_end"),
			row.action_plan_item,
			item.action_plan.as_("item_plan"),
			parent_item.name.as_("parent_item"),
			parent_item.action_plan.as_("parent_plan"),
			grand_item.name.as_("grand_item"),
			grand_item.action_plan.as_("grand_plan"),
			item.responsible_agency,
			row.measure_type,
			row.target,
			row.realised,
			row.achievement_percent.as_("achievement"),
			row.status,
			row.idx,
		)
		.where((row.parenttype == "Progress Report") & row.parent.isin(reports))
		.orderby(report.name)
		.orderby(row.idx)
		.run(as_dict=True)
	)
	target = frappe.qb.DocType("Action Plan Item Target")
	years_with_target = set()
	items = list({r.action_plan_item for r in rows})
	for start in range(0, len(items), 5000):
		years_with_target.update(
			(t.parent, t.year)
			for t in frappe.qb.from_(target)
			.select(target.parent, target.year)
			.where(
				(target.parenttype == "Action Plan Item") & target.parent.isin(items[start : start + 5000])
			)
			.run(as_dict=True)
		)
	for r in rows:
		r.reported = int(is_reported(r))
		no_target = not r.target and (
			(r.action_plan_item, r.year) not in years_with_target or (r.reported and not r.achievement)
		)
		r.has_target = int(not no_target)
		r.scored = int(r.reported and not no_target)
	return rows


def insert(rows: list[dict]) -> None:
	"""Bulk insert (a report's 150 rows in one statement, as part of the approval's transaction); each row is
	named after its report and position, so a report's rows sit together in the table."""
	now = frappe.utils.now_datetime()
	user = frappe.session.user
	frappe.db.bulk_insert(
		DOCTYPE,
		["name", "creation", "modified", "owner", "modified_by", "docstatus", "idx", *VALUE_FIELDS],
		(
			(
				f"{r['progress_report']}-{r['idx']:04d}",
				now,
				now,
				user,
				user,
				0,
				r["idx"],
				*(r[f] for f in VALUE_FIELDS),
			)
			for r in rows
		),
		chunk_size=5000,
	)


# ---- repair ------------------------------------------------------------------------------------------------


def rebuild(batch: int = 200, quiet: bool = False, commit: bool = True) -> dict:
	"""Recomputes the summary from the approved reports, prints every difference (the report, what was stored
	and what the report says) and stores what the reports say, committing after each batch unless `commit` is
	off. Returns the counts and the differences."""
	summary = frappe.qb.DocType(DOCTYPE)
	bump_generation()
	frappe.db.after_commit.add(bump_generation)  # totals computed meanwhile from the old rows are not kept
	expected_reports = latest_approved()
	stored_reports = set(frappe.get_all(DOCTYPE, distinct=True, pluck="progress_report"))
	stale = stored_reports - set(expected_reports)
	differences = []
	if stale:
		for start in range(0, len(stale), 1000):
			chunk = list(stale)[start : start + 1000]
			frappe.qb.from_(summary).delete().where(summary.progress_report.isin(chunk)).run()
		differences.extend(
			f"{name}: in the summary, but not a latest approved report" for name in sorted(stale)
		)
	fixed_rows = 0
	for start in range(0, len(expected_reports), batch):
		chunk = expected_reports[start : start + batch]
		expected = defaultdict(list)
		for r in expected_rows(chunk):
			expected[r.progress_report].append(tuple(r[f] for f in COMPARED))
		stored = defaultdict(list)
		for r in (
			frappe.qb.from_(summary)
			.select(summary.progress_report, *[summary[f] for f in COMPARED])
			.where(summary.progress_report.isin(chunk))
			.orderby(summary.progress_report)
			.orderby(summary.idx)
			.run(as_dict=True)
		):
			stored[r.progress_report].append(tuple(normalise(f, r[f]) for f in COMPARED))
		wrong = [
			name
			for name in chunk
			if [tuple(normalise(f, v) for f, v in zip(COMPARED, row, strict=True)) for row in expected[name]]
			!= stored[name]
		]
		if not wrong:
			continue
		for name in wrong:
			differences.append(
				f"{name}: {len(stored[name])} rows in the summary, {len(expected[name])} in the report"
				+ (" (values differ)" if len(stored[name]) == len(expected[name]) else "")
			)
		frappe.qb.from_(summary).delete().where(summary.progress_report.isin(wrong)).run()
		rows = expected_rows(wrong)
		insert(rows)
		fixed_rows += len(rows)
		if commit:
			# A repair command (bench execute) or the patch over 400,000 rows: a commit per batch keeps the undo
			# log small; the test passes commit=False.
			frappe.db.commit()  # nosemgrep: frappe-manual-commit
	if commit:
		# Its own transaction when run by bench execute.
		frappe.db.commit()  # nosemgrep: frappe-manual-commit
	if not quiet:
		for line in differences[:200]:
			print("  " + line)
		if len(differences) > 200:
			print(f"  ... and {len(differences) - 200} more")
		print(
			f"Achievement Summary: {len(expected_reports)} latest approved reports, "
			f"{len(differences)} differences, {fixed_rows} rows rewritten",
			flush=True,
		)
	return {"reports": len(expected_reports), "differences": differences, "rows_rewritten": fixed_rows}


def normalise(fieldname: str, value):
	"""Stored and computed values compared alike (numbers as floats, dates as dates, empty as None)."""
	if fieldname in ("target", "realised", "achievement"):
		return None if value is None else round(float(value), 6)
	if fieldname in ("year", "reported", "has_target", "scored"):
		return int(value or 0)
	if fieldname == "period_end":
		return frappe.utils.getdate(value) if value else None
	return value or None


# ---- reading it (the national views) -----------------------------------------------------------------------


def applies(filters: dict, levels: list[str]) -> bool:
	"""Whether the summary can total this view: a plan's view by standard levels. A view by an agency, a
	custom or a regional field is totalled from the report rows."""
	filters = frappe._dict(filters)
	return bool(filters.action_plan) and not filters.agency and all(level in LEVELS for level in levels)


def totals(filters: dict, levels: list[str], reports: list[dict]) -> list[frappe._dict]:
	"""`plan_totals` of these reports (those of `chosen_reports`: name and modified), from the summary for the
	reports it holds and from their own rows for the others: the same groups, the same numbers."""
	names = [r["name"] for r in reports]
	if not applies(filters, levels) or not reports:
		return plan_totals(filters, levels, names)
	summary = frappe.qb.DocType(DOCTYPE)
	held = set()
	for start in range(0, len(names), 2000):
		held.update(
			frappe.qb.from_(summary)
			.select(summary.progress_report)
			.distinct()
			.where(summary.progress_report.isin(names[start : start + 2000]))
			.run(pluck=True)
		)
	groups = cached_summary_totals(frappe._dict(filters), levels, [r for r in reports if r["name"] in held])
	rest = [name for name in names if name not in held]
	if rest:
		groups = merge(groups + plan_totals(filters, levels, rest), levels)
	return groups


# ---- the cache of the national totals ------------------------------------------------------------------------

# A report's summary rows never change once it is approved (a change is a cancellation and an amendment, a new
# report): so the totals of a set of reports stay right as long as the plan items they are grouped by do not
# change and no rebuild rewrote the summary. The reports a view counts are totalled in blocks (by a hash of the
# report's name), each cached by exactly the reports in it and when each was last modified: an approval changes
# one task force's report, so the next national view totals the one or two blocks it touched and reads the rest.
CACHE_PREFIX = "tppo_achievement_totals"
GENERATION = "tppo_achievement_summary_generation"
CACHE_SECONDS = 6 * 3600
CACHE_MIN_REPORTS = 50  # smaller views are quicker to total than to look up
BLOCKS = 32


def bump_generation() -> None:
	"""Every cached total is stale (`rebuild` rewrote the summary)."""
	frappe.cache.incrby(frappe.cache.make_key(GENERATION), 1)  # the site's key, as set_value makes it


def block_of(report: str) -> int:
	return int(hashlib.sha256(report.encode()).hexdigest()[:8], 16) % BLOCKS


def cached_summary_totals(
	filters: frappe._dict, levels: list[str], reports: list[dict]
) -> list[frappe._dict]:
	"""`summary_totals` of the reports, block by block, each block's groups cached by the summary's generation,
	the plan items' last change, the plan, the levels, the cluster and its reports with their last change."""
	if len(reports) < CACHE_MIN_REPORTS:
		return summary_totals(filters, levels, [r["name"] for r in reports])
	item = frappe.qb.DocType("Action Plan Item")
	items_changed = str(frappe.qb.from_(item).select(Max(item.modified)).run()[0][0])
	generation = int(frappe.cache.get(frappe.cache.make_key(GENERATION)) or 0)
	blocks = defaultdict(list)
	for report in reports:
		blocks[block_of(report["name"])].append(report)
	groups = []
	for block in blocks.values():
		fingerprint = json.dumps(
			[
				generation,
				items_changed,
				filters.action_plan,
				filters.cluster,
				levels,
				sorted((r["name"], str(r["modified"])) for r in block),
			]
		)
		key = f"{CACHE_PREFIX}:{hashlib.sha256(fingerprint.encode()).hexdigest()}"
		cached = frappe.cache.get_value(key)
		if cached is None:
			cached = [dict(g) for g in summary_totals(filters, levels, [r["name"] for r in block])]
			frappe.cache.set_value(key, cached, expires_in_sec=CACHE_SECONDS)
		groups.extend(cached)
	return merge(groups, levels)


def summary_totals(filters: frappe._dict, levels: list[str], reports: list[str]) -> list[frappe._dict]:
	"""The groups of `plan_totals`, totalled over the summary rows of the reports. The cluster is that of the
	row's plan item, joined here (by primary key), so a re-clustered item counts under its new cluster at once."""
	if not reports:
		return []
	summary = frappe.qb.DocType(DOCTYPE)
	cluster_item = frappe.qb.DocType("Action Plan Item").as_("cluster_item")
	plan = filters.action_plan
	plan_item = (
		Case()
		.when(summary.item_plan == plan, summary.action_plan_item)
		.when(summary.parent_plan == plan, summary.parent_item)
		.when(summary.grand_plan == plan, summary.grand_item)
	)
	keys = {
		"cluster": Coalesce(cluster_item.cluster, ""),
		"plan_item": plan_item,
		"province": summary.province,
		"region": summary.region,
		"year": summary.year,
		"period_label": summary.period_label,
	}

	def when(condition, value):
		return Case().when(condition, value)

	query = frappe.qb.from_(summary)
	if "cluster" in levels or filters.cluster:
		query = query.left_join(cluster_item).on(cluster_item.name == plan_item)
	query = (
		query.select(
			*[keys[level].as_(level) for level in levels],
			Count("*").as_("rows"),
			Sum(summary.scored).as_("scored"),
			Sum(when(summary.scored == 1, summary.achievement)).as_("achievement_sum"),
			Min(summary.year).as_("year_min"),
			Max(summary.year).as_("year_max"),
			Sum(when(summary.has_target == 1, summary.target)).as_("target_sum"),
			Count(when(summary.has_target == 1, summary.target)).as_("target_n"),
			Min(when(summary.has_target == 1, summary.target)).as_("target_min"),
			Sum(when(summary.reported == 1, summary.realised)).as_("realised_sum"),
			Count(when(summary.reported == 1, summary.realised)).as_("realised_n"),
			Min(when(summary.reported == 1, summary.realised)).as_("realised_min"),
		)
		.where(summary.progress_report.isin(reports))
		.where(plan_item.notnull())
		.groupby(*[keys[level] for level in levels])
	)
	if "plan_item" not in levels:
		# The items under a group, so that a province's (or the nation's) distinct items can be counted.
		query = query.select(GroupConcat(plan_item).as_("plan_items"))
	if filters.cluster:
		query = query.where(cluster_item.cluster == filters.cluster)
	return query.run(as_dict=True)


SUMMED = ("rows", "scored", "achievement_sum", "target_sum", "target_n", "realised_sum", "realised_n")


def merge(groups: list[dict], levels: list[str]) -> list[frappe._dict]:
	"""Groups with the same level keys as one (sums, minimums, maximums, and the plan items they cover)."""
	merged: dict[tuple, frappe._dict] = {}
	for group in groups:
		key = tuple(group[level] for level in levels)
		items = (
			{group["plan_item"]}
			if group.get("plan_item")
			else {i for i in (group.get("plan_items") or "").split(",") if i}
		)
		into = merged.get(key)
		if into is None:
			into = merged[key] = frappe._dict({level: group[level] for level in levels})
			into.update({f: None for f in SUMMED})  # a sum over no value is NULL, as the database says
			into.update(target_min=None, realised_min=None, year_min=None, year_max=None, item_set=set())
		for f in SUMMED:
			if group[f] is not None:
				into[f] = group[f] if into[f] is None else into[f] + group[f]
		for f, pick in (("target_min", min), ("realised_min", min), ("year_min", min), ("year_max", max)):
			if group[f] is not None:
				into[f] = group[f] if into[f] is None else pick(into[f], group[f])
		into.item_set |= items
	result = []
	for group in merged.values():
		items = group.pop("item_set")
		if "plan_item" not in levels:
			group.plan_items = ",".join(sorted(items))
		result.append(group)
	return result
