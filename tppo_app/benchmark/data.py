"""National-scale synthetic data for the benchmark, in bulk and from a fixed seed.

Every region of the Region tree (38 provinces, 514 regencies/cities) gets a task force; a RAN 2021-2025 with 150
items is adopted by every province's RAD and, through it, by every district's RAD; every regional task force
reports quarterly for five years (about 1.5 million progress rows), mostly approved, the last periods still in
review; 100,000 cases with suspects and 150,000 victims, 300,000 victim services and 20,000 trainings.

Rows go in with `frappe.db.bulk_insert` (one statement per 10,000 rows), not one document at a time: the
values are those the controllers would store (achievement from `achievement.achievement_percent`, report
totals, region and level copied from the task force), so reports and lists read them like real data. A few
districts (`SUBMITTERS`) are left without their 2025 reports: the benchmark's submitters create and submit
those through the real workflow.

Only for a site of its own (`scripts/bench` makes one): it refuses a site that already has task forces.
"""

import datetime as dt
import itertools
import random
import time
from collections.abc import Iterable, Iterator

import frappe
from frappe.utils import getdate, now_datetime

from tppo_app.action_plan.achievement import achievement_percent
from tppo_app.action_plan.periods import plan_periods

SEED = 20261123
YEARS = (2021, 2025)
ITEM_COUNT = 150
CASES, VICTIMS, SERVICES, TRAININGS = 100_000, 150_000, 300_000, 20_000
REPORTED_SHARE = 0.92  # of a task force's periods with a report
SUBMITTERS = 25  # districts whose 2025 reports are left for the benchmark to submit
USER_DOMAIN = "bench.tppo.example"
PASSWORD = "tppo-bench-2025"
MEASURES = ("Count", "Count", "Count", "Percentage", "Yes/No", "Amount (IDR)")


class Clock:
	"""Prints each step with its duration."""

	def __init__(self):
		self.start = self.last = time.monotonic()

	def step(self, message: str):
		now = time.monotonic()
		print(f"  {message} ({now - self.last:.1f}s)", flush=True)
		self.last = now


def status() -> str:
	""" "generated" or "empty", printed by `bench execute` (which prints nothing for 0 or False): what
	`scripts/bench` asks before generating."""
	return "generated" if frappe.db.count("Task Force") else "empty"


def generate(scale: float = 1.0) -> dict:
	"""Fills this site with national-scale data; `scale` shrinks the case, victim, service and training counts
	(and the reported share stays) for a quick run. Returns the counts."""
	if frappe.db.count("Task Force"):
		frappe.throw("This site already has task forces: the benchmark data goes into a site of its own.")
	rng = random.Random(SEED)
	clock = Clock()
	frappe.flags.in_import = True
	ctx = frappe._dict(rng=rng, now=now_datetime(), scale=scale)
	ctx.regions = frappe.get_all(
		"Region", fields=["name", "region_name", "region_type", "parent_region"], order_by="name"
	)
	ctx.provinces = [r for r in ctx.regions if r.region_type == "Province"]
	ctx.districts = [r for r in ctx.regions if r.region_type in ("Regency", "City")]
	if len(ctx.provinces) < 38 or len(ctx.districts) < 500:
		frappe.throw("The Region tree is incomplete: run `bench migrate` (tppo_app installs it) first.")

	make_agencies(ctx)
	make_task_forces(ctx)
	clock.step(f"{len(ctx.task_forces)} task forces")
	make_plans(ctx)
	clock.step(
		f"{len(ctx.plans)} action plans, {ctx.item_rows} plan items, {ctx.period_rows} reporting periods"
	)
	make_progress_reports(ctx)
	clock.step(f"{ctx.report_count} progress reports with {ctx.progress_rows} rows")
	make_cases(ctx)
	clock.step(f"{ctx.case_count} cases, {ctx.victim_count} victims, {ctx.service_count} services")
	make_trainings(ctx)
	clock.step(f"{ctx.training_count} trainings")
	make_users(ctx)
	clock.step(f"{len(ctx.users)} users")
	frappe.db.commit()
	# Bulk inserts pass no approval: the summary the approvals keep is filled from the reports once.
	from tppo_app.action_plan.summary import rebuild

	rebuild(quiet=True)
	clock.step("achievement summary")
	frappe.flags.in_import = False
	print(f"  generated in {time.monotonic() - clock.start:.0f}s", flush=True)
	return {
		"task_forces": len(ctx.task_forces),
		"plan_items": ctx.item_rows,
		"progress_reports": ctx.report_count,
		"progress_rows": ctx.progress_rows,
		"cases": ctx.case_count,
		"victims": ctx.victim_count,
		"services": ctx.service_count,
		"trainings": ctx.training_count,
	}


# ---- helpers -----------------------------------------------------------------------------------------------


def insert(doctype: str, rows: Iterable[dict], ctx) -> int:
	"""Bulk-inserts dicts (one key set per call), filling in Frappe's standard columns they lack."""
	rows = iter(rows)
	first = next(rows, None)
	if first is None:
		return 0
	defaults = {
		"creation": ctx.now,
		"modified": ctx.now,
		"owner": "Administrator",
		"modified_by": "Administrator",
		"docstatus": 0,
	}
	fields = list(first) + [f for f in defaults if f not in first]
	# Frappe stores an empty number as 0 (the columns are NOT NULL).
	numeric = {
		df.fieldname
		for df in frappe.get_meta(doctype).fields
		if df.fieldtype in frappe.model.numeric_fieldtypes
	}
	zero_if_none = [f in numeric for f in fields]
	count = 0

	def values() -> Iterator[tuple]:
		nonlocal count
		for row in itertools.chain((first,), rows):
			count += 1
			yield tuple(
				(0 if zero and row[f] is None else row[f]) if f in row else defaults[f]
				for f, zero in zip(fields, zero_if_none, strict=True)
			)

	frappe.db.bulk_insert(doctype, fields, values(), chunk_size=5_000)
	return count


def child(parent: str, parenttype: str, parentfield: str, idx: int, name: str, docstatus: int = 0) -> dict:
	return {
		"name": name,
		"parent": parent,
		"parenttype": parenttype,
		"parentfield": parentfield,
		"idx": idx,
		"docstatus": docstatus,
	}


def set_series(prefix: str, current: int) -> None:
	"""Later documents (named by series) continue after the generated ones."""
	series = frappe.qb.DocType("Series")
	if frappe.qb.from_(series).select(series.name).where(series.name == prefix).run():
		frappe.qb.update(series).set(series.current, current).where(series.name == prefix).run()
	else:
		frappe.qb.into(series).insert(prefix, current).run()


# ---- task forces, plans -------------------------------------------------------------------------------------


AGENCIES = (
	("KemenPPPA", "Ministry"),
	("Polri", "Police"),
	("Kemensos", "Social Affairs"),
	("Kemnaker", "Manpower"),
	("KP2MI", "Migrant Worker Protection"),
	("Kemenkes", "Health"),
	("Kemlu", "Foreign Affairs"),
	("Imigrasi", "Immigration"),
	("Kejaksaan", "Prosecution"),
	("LPSK", "Witness and Victim Protection"),
)


def make_agencies(ctx) -> None:
	types = set(frappe.get_all("Agency Type", pluck="name"))
	ctx.agencies = []
	for abbr, agency_type in AGENCIES:
		name = f"Bench {abbr}"
		if not frappe.db.exists("Agency", {"agency_name": name}):
			frappe.get_doc(
				doctype="Agency",
				agency_name=name,
				abbreviation=abbr,
				agency_type=agency_type if agency_type in types else next(iter(sorted(types))),
				level="National",
			).insert(ignore_permissions=True)
		ctx.agencies.append(frappe.db.get_value("Agency", {"agency_name": name}))


def term_end(today: dt.date) -> dt.date:
	"""The end of the task forces' term: five years after the data's last, and never before today, so that they
	stay Active (the compliance views and the task force reports check the active task forces)."""
	return max(dt.date(YEARS[1] + 5, 12, 31), dt.date(today.year + 1, 12, 31))


def keep_task_forces_active() -> int:
	"""Data generated before `term_end` holds task forces whose term ended with the data's last year (Expired):
	their term is extended and they are Active again. Returns how many changed."""
	task_force = frappe.qb.DocType("Task Force")
	expired = frappe.db.count("Task Force", {"status": ("!=", "Active")})
	if expired:
		frappe.qb.update(task_force).set(task_force.period_end, term_end(getdate())).set(
			task_force.status, "Active"
		).where(task_force.status != "Active").run()
		frappe.db.commit()
		frappe.clear_cache()
	return expired


def make_task_forces(ctx) -> None:
	start, end = dt.date(YEARS[0], 1, 1), term_end(ctx.now.date())
	ctx.task_forces = {}  # region -> task force
	rows = []
	ordered = [r for r in ctx.regions if r.region_type == "Country"] + ctx.provinces + ctx.districts
	for n, region in enumerate(ordered, start=1):
		name = f"TF-{n:05d}"
		level = {"Country": "National", "Province": "Province"}.get(region.region_type, "District")
		ctx.task_forces[region.name] = name
		rows.append(
			{
				"name": name,
				"task_force_name": f"Gugus Tugas PP-TPPO {region.region_name}",
				"region": region.name,
				"level": level,
				"parent_task_force": ctx.task_forces.get(region.parent_region),
				"status": "Expired" if end < ctx.now.date() else "Active",
				"period_start": start,
				"period_end": end,
				"legal_basis_type": {"National": "Perpres", "Province": "Pergub"}[level]
				if level != "District"
				else "Perbup",
				"legal_basis_number": f"{n}/{YEARS[0]}",
				"legal_basis_date": start,
			}
		)
	insert("Task Force", rows, ctx)
	set_series("TF-", len(rows))
	ctx.levels = {region: row["level"] for region, row in zip(ctx.task_forces, rows, strict=True)}


def make_plans(ctx) -> None:
	rng = ctx.rng
	clusters = frappe.get_all("Action Plan Cluster", order_by="sort_order", pluck="name")
	national = next(r.name for r in ctx.regions if r.region_type == "Country")
	periods_of_plan = plan_periods("Quarter", YEARS[0], YEARS[1], 15)
	plans, items, targets, periods = [], [], [], []
	ctx.plans = {}  # region -> plan
	ctx.plan_items = {}  # region -> [item dict]
	ctx.periods = {}  # region -> [period dict]
	ran_items = []
	for i in range(ITEM_COUNT):
		cluster = clusters[i * len(clusters) // ITEM_COUNT]
		measure = MEASURES[rng.randrange(len(MEASURES))]
		base = {"Count": rng.randint(4, 60), "Percentage": rng.randint(40, 90), "Yes/No": 1}.get(
			measure, rng.randint(5, 50) * 10_000_000
		)
		ran_items.append(
			{
				"item_code": f"{clusters.index(cluster) + 1}.{i + 1}",
				"cluster": cluster,
				"measure_type": measure,
				"responsible_agency": ctx.agencies[i % len(ctx.agencies)],
				"activity": f"Kegiatan RAN nomor {i + 1}",
				"indicator": f"Indikator capaian kegiatan {i + 1}",
				"unit": {"Percentage": "%", "Yes/No": "ya/tidak", "Amount (IDR)": "rupiah"}.get(
					measure, "kegiatan"
				),
				"targets": [
					base if measure in ("Percentage", "Yes/No") else base + base * k // 4
					for k in range(YEARS[1] - YEARS[0] + 1)
				],
			}
		)
	item_no = 0
	ordered = [national] + [p.name for p in ctx.provinces] + [d.name for d in ctx.districts]
	parent_region = {r.name: r.parent_region for r in ctx.regions}
	for n, region in enumerate(ordered, start=1):
		level = ctx.levels[region]
		plan = f"AP-{n:05d}"
		parent_plan = None if level == "National" else ctx.plans[parent_region[region]]
		ctx.plans[region] = plan
		plans.append(
			{
				"name": plan,
				"title": ("RAN PP-TPPO" if level == "National" else f"RAD PP-TPPO {region}")
				+ f" {YEARS[0]}-{YEARS[1]}",
				"plan_type": "RAN" if level == "National" else "RAD",
				"task_force": ctx.task_forces[region],
				"region": region,
				"level": level,
				"parent_plan": parent_plan,
				"status": "Active",
				"start_year": YEARS[0],
				"end_year": YEARS[1],
				"reporting_frequency": "Quarter",
				"submission_days": 15,
			}
		)
		parent_items = None if level == "National" else ctx.plan_items[parent_region[region]]
		ctx.plan_items[region] = []
		for i, source in enumerate(ran_items):
			item_no += 1
			name = f"API-{item_no:06d}"
			item = {
				"name": name,
				"action_plan": plan,
				"item_code": source["item_code"],
				"cluster": source["cluster"],
				"region": region,
				"plan_type": "RAN" if level == "National" else "RAD",
				"parent_item": parent_items[i]["name"] if parent_items else None,
				"responsible_agency": source["responsible_agency"],
				"activity": source["activity"],
				"indicator": source["indicator"],
				"unit": source["unit"],
				"measure_type": source["measure_type"],
			}
			items.append(item)
			ctx.plan_items[region].append({**item, "targets": source["targets"]})
			for k, target in enumerate(source["targets"]):
				targets.append(
					{
						**child(name, "Action Plan Item", "targets", k + 1, f"{name}-T{k}"),
						"year": YEARS[0] + k,
						"target": target,
					}
				)
		ctx.periods[region] = []
		for period in periods_of_plan:
			name = f"{plan}-{period['period_label']}"
			periods.append({"name": name, "action_plan": plan, "region": region, **period})
			ctx.periods[region].append({"name": name, **period})
	insert("Action Plan", plans, ctx)
	ctx.item_rows = insert("Action Plan Item", items, ctx)
	insert("Action Plan Item Target", targets, ctx)
	ctx.period_rows = insert("Reporting Period", periods, ctx)
	set_series("AP-", len(plans))
	set_series("API-", item_no)


# ---- progress reports ----------------------------------------------------------------------------------------


def final_share(rng) -> float:
	"""How much of its yearly target a task force reaches for an item: most between half and all of it."""
	return max(0.0, rng.gauss(0.85, 0.3))


def make_progress_reports(ctx) -> None:
	rng = ctx.rng
	reports, rows = [], []
	ctx.submitters = [d.name for d in ctx.districts[:SUBMITTERS]]
	report_no = 0
	last_periods = {f"{YEARS[1]}-Q3", f"{YEARS[1]}-Q4"}
	reviewer = f"reviewer@{USER_DOMAIN}"
	for region, _task_force in ctx.task_forces.items():
		level = ctx.levels[region]
		if level == "National":
			continue
		shares = {}
		for period in ctx.periods[region]:
			if region in ctx.submitters and period["year"] == YEARS[1]:
				continue
			if rng.random() > REPORTED_SHARE:
				continue
			report_no += 1
			name = f"PR-{period['year']}-{report_no:06d}"
			state = "Approved"
			if period["period_label"] in last_periods:
				state = rng.choices(("Approved", "Verified", "Submitted", "Draft"), (60, 15, 15, 10))[0]
			elif rng.random() < 0.01:
				state = "Returned"
			docstatus = 1 if state == "Approved" else 0
			achieved = []
			for idx, item in enumerate(ctx.plan_items[region], start=1):
				year_index = period["year"] - YEARS[0]
				target = item["targets"][year_index]
				key = (item["name"], period["year"])
				if key not in shares:
					shares[key] = final_share(rng)
				status_roll = rng.random()
				if status_roll < 0.04:
					status, realised = "", 0
				elif status_roll < 0.06:
					status, realised = "Not Applicable", 0
				else:
					share = shares[key]
					measure = item["measure_type"]
					if measure == "Yes/No":
						realised = 1 if share * period["period_no"] / 4 >= 0.5 else 0
					elif measure == "Percentage":
						realised = round(min(100, target * share * (0.7 + 0.3 * period["period_no"] / 4)), 1)
					else:
						realised = round(target * share * period["period_no"] / 4)
					status = "Completed" if realised >= target else "In Progress"
				reported = status not in ("", "Not Applicable")
				achievement = achievement_percent(
					item["measure_type"], target, realised if reported else None
				)
				if achievement is not None:
					achieved.append(achievement)
				rows.append(
					{
						**child(name, "Progress Report", "items", idx, f"{name}-{idx}", docstatus),
						"action_plan_item": item["name"],
						"item_code": item["item_code"],
						"cluster": item["cluster"],
						"indicator": item["indicator"],
						"unit": item["unit"],
						"measure_type": item["measure_type"],
						"target": target,
						"realised": realised,
						"achievement_percent": achievement,
						"status": status,
					}
				)
			submitted = dt.datetime.combine(period["end_date"], dt.time(9)) + dt.timedelta(
				days=rng.randint(1, 20)
			)
			in_review = state in ("Submitted", "Verified", "Approved")
			reports.append(
				{
					"name": name,
					"title": f"{region} {period['period_label']}",
					"task_force": ctx.task_forces[region],
					"region": region,
					"level": level,
					"action_plan": ctx.plans[region],
					"reporting_period": period["name"],
					"year": period["year"],
					"submission_deadline": period["submission_deadline"],
					"workflow_state": state,
					"docstatus": docstatus,
					"items_count": len(ctx.plan_items[region]),
					"reported_count": len(achieved),
					"overall_achievement": sum(achieved) / len(achieved) if achieved else 0,
					"submitted_by": f"fp.{region}@{USER_DOMAIN}" if in_review else None,
					"submitted_on": submitted if in_review else None,
					"verified_by": f"admin.{region.split('.')[0]}@{USER_DOMAIN}"
					if state in ("Verified", "Approved") and level == "District"
					else None,
					"verified_on": submitted + dt.timedelta(days=3)
					if state in ("Verified", "Approved")
					else None,
					"approved_by": reviewer if state == "Approved" else None,
					"approved_on": submitted + dt.timedelta(days=9) if state == "Approved" else None,
					"regional_levels": 0,
					"current_level": 0,
					"chain_version": 0,
					"next_approvers": None,
					"creation": submitted - dt.timedelta(days=2),
					"modified": submitted + dt.timedelta(days=9 if state == "Approved" else 0),
				}
			)
			if len(rows) >= 100_000:
				ctx.progress_rows = (ctx.progress_rows or 0) + insert("Progress Report Item", rows, ctx)
				frappe.db.commit()  # keeps the undo log small
				rows = []
	ctx.progress_rows = (ctx.progress_rows or 0) + insert("Progress Report Item", rows, ctx)
	ctx.report_count = insert("Progress Report", reports, ctx)


# ---- cases, victims, services ----------------------------------------------------------------------------


def weighted_districts(ctx) -> list:
	"""Case load is uneven: a few sending regions (NTT, NTB, West Java...) carry most cases."""
	heavy = {"53", "52", "32", "33", "35", "12", "21", "64"}
	return [(d.name, 6 if d.name.split(".")[0] in heavy else 1) for d in ctx.districts]


def make_cases(ctx) -> None:
	rng = ctx.rng
	scale = ctx.scale
	modus = frappe.get_all("Trafficking Modus", pluck="name") or [None]
	forms = frappe.get_all("Exploitation Form", pluck="name") or [None]
	service_types = frappe.get_all("Victim Service Type", pluck="name")
	districts, weights = zip(*weighted_districts(ctx), strict=True)
	stages = (
		("Inquiry", 25),
		("Investigation", 25),
		("Case File Complete (P21)", 10),
		("Prosecution", 12),
		("Verdict", 10),
		("Final Verdict", 13),
		("Stopped (SP3)", 5),
	)
	case_count, victim_count, service_count = (int(n * scale) for n in (CASES, VICTIMS, SERVICES))
	cases, suspects, case_victims, victims, services = [], [], [], [], []
	victim_regions = []
	first_names = ("Siti", "Nur", "Dewi", "Ayu", "Rina", "Maria", "Yuliana", "Agus", "Budi", "Yohanes")
	last_names = ("Lestari", "Wati", "Ndun", "Bria", "Saragih", "Pohan", "Hidayat", "Lado", "Koten")
	victim_no = 0
	for c in range(1, case_count + 1):
		region = rng.choices(districts, weights)[0]
		year = rng.randint(YEARS[0], YEARS[1])
		reported = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
		stage = rng.choices(*zip(*stages, strict=True))[0]
		name = f"CASE-{year}-{c:06d}"
		n_victims = 1 if c > case_count // 2 else 2  # 1.5 victims a case on average
		victim_names = []
		for v in range(n_victims):
			if victim_no >= victim_count:
				break
			victim_no += 1
			code = f"V-{region}-{year}-{victim_no:06d}"
			sex = rng.choices(("Female", "Male"), (7, 3))[0]
			age = rng.choices(("Child (<18)", "Adult"), (3, 7))[0]
			victims.append(
				{
					"name": code,
					"region": region,
					"identification_date": reported,
					"trafficking_status": rng.choices(("Actual Victim", "Possible Victim"), (8, 2))[0],
					"sex": sex,
					"age_group": age,
					"nationality": "Indonesia",
					"origin_region": region,
					"has_disability": int(rng.random() < 0.03),
					"poor_household": int(rng.random() < 0.4),
					"consent_to_data_sharing": int(rng.random() < 0.6),
					"full_name": f"{rng.choice(first_names)} {rng.choice(last_names)}",
					"birth_date": reported
					- dt.timedelta(
						days=365 * (rng.randint(12, 17) if age != "Adult" else rng.randint(18, 45))
					),
					"creation": dt.datetime.combine(reported, dt.time(10)),
					"modified": dt.datetime.combine(reported, dt.time(10)),
				}
			)
			victim_regions.append((code, name, region, reported))
			victim_names.append((code, sex, age))
			case_victims.append(
				{
					**child(name, "TPPO Case", "victims", v + 1, f"{name}-V{v}"),
					"victim": code,
					"sex": sex,
					"age_group": age,
				}
			)
		n_suspects = rng.choice((1, 1, 1, 2, 2, 3))
		for s in range(n_suspects):
			suspects.append(
				{
					**child(name, "TPPO Case", "suspects", s + 1, f"{name}-S{s}"),
					"suspect_alias": f"Tersangka {s + 1}",
					"role_in_network": "Recruiter or Intermediary",
					"sex": rng.choice(("Female", "Male")),
					"status": "Suspect",
				}
			)
		closed = stage in ("Final Verdict", "Stopped (SP3)")
		cases.append(
			{
				"name": name,
				"police_report_number": f"LP/B/{c}/{year}",
				"police_report_date": reported,
				"region": region,
				"stage": stage,
				"case_status": "Closed" if closed else "Open",
				"modus": rng.choice(modus),
				"exploitation_form": rng.choice(forms),
				"origin_region": region,
				"destination_country": rng.choice(("Malaysia", "Indonesia", "Cambodia", "Saudi Arabia")),
				"inquiry_date": reported,
				"verdict": "Convicted" if stage in ("Verdict", "Final Verdict") else None,
				"sentence_months": rng.randint(36, 180) if stage in ("Verdict", "Final Verdict") else 0,
				"number_of_suspects": n_suspects,
				"number_of_victims": len(victim_names),
				"creation": dt.datetime.combine(reported, dt.time(9)),
				"modified": dt.datetime.combine(reported, dt.time(9)),
			}
		)
	for s in range(1, service_count + 1):
		code, case, region, identified = victim_regions[(s * 7919) % len(victim_regions)]
		requested = identified + dt.timedelta(days=rng.randint(0, 30))
		status = rng.choices(("Requested", "In Progress", "Completed", "Cancelled"), (10, 20, 65, 5))[0]
		started = requested + dt.timedelta(days=rng.randint(0, 14)) if status != "Requested" else None
		services.append(
			{
				"name": f"VS-{requested.year}-{s:06d}",
				"victim": code,
				"case": case,
				"region": region,
				"service_type": service_types[s % len(service_types)],
				"status": status,
				"date_requested": requested,
				"date_started": started,
				"days_to_start": (started - requested).days if started else None,
				"date_completed": started + dt.timedelta(days=rng.randint(1, 60))
				if status == "Completed"
				else None,
				"outcome": "Goal Met" if status == "Completed" else None,
				"creation": dt.datetime.combine(requested, dt.time(11)),
				"modified": dt.datetime.combine(requested, dt.time(11)),
			}
		)
	ctx.case_count = insert("TPPO Case", cases, ctx)
	insert("TPPO Case Suspect", suspects, ctx)
	insert("TPPO Case Victim", case_victims, ctx)
	ctx.victim_count = insert("Victim", victims, ctx)
	ctx.service_count = insert("Victim Service", services, ctx)


def make_trainings(ctx) -> None:
	rng = ctx.rng
	topics = frappe.get_all("Training Topic", pluck="name")
	regions = list(ctx.task_forces)
	trainings, participants = [], []
	for t in range(1, int(TRAININGS * ctx.scale) + 1):
		region = regions[rng.randrange(len(regions))]
		start = dt.date(rng.randint(YEARS[0], YEARS[1]), 1, 1) + dt.timedelta(days=rng.randrange(360))
		name = f"TRN-{start.year}-{t:06d}"
		count = rng.randint(8, 12)
		female = 0
		for p in range(count):
			sex = rng.choice(("Female", "Male"))
			female += sex == "Female"
			participants.append(
				{
					**child(name, "Training", "participants", p + 1, f"{name}-P{p}"),
					"participant_name": f"Peserta {p + 1}",
					"sex": sex,
					"pre_test_score": 50 + rng.randint(0, 20),
					"post_test_score": 65 + rng.randint(0, 30),
				}
			)
		trainings.append(
			{
				"name": name,
				"title": f"Pelatihan penanganan TPPO {t}",
				"topic": topics[t % len(topics)],
				"task_force": ctx.task_forces[region],
				"region": region,
				"start_date": start,
				"end_date": start + dt.timedelta(days=2),
				"mode": rng.choice(("Offline", "Online", "Hybrid")),
				"participant_count": count,
				"female_participants": female,
				"male_participants": count - female,
			}
		)
	ctx.training_count = insert("Training", trainings, ctx)
	insert("Training Participant", participants, ctx)


# ---- users ------------------------------------------------------------------------------------------------


def make_users(ctx) -> None:
	"""The users the benchmark acts as: the submitting districts' focal points (with API keys, for the REST
	load), their provinces' admins, a ministry reviewer, a national admin, a district case worker."""
	from tppo_app import roles

	ctx.users = []
	province_of = {d.name: d.parent_region for d in ctx.districts}
	specs = [
		(f"reviewer@{USER_DOMAIN}", roles.MINISTRY_REVIEWER, None),
		(f"national@{USER_DOMAIN}", roles.NATIONAL_ADMIN, None),
	]
	for district in ctx.submitters:
		specs.append((f"fp.{district}@{USER_DOMAIN}", roles.DISTRICT_FOCAL_POINT, district))
	specs.append((f"case.{ctx.submitters[0]}@{USER_DOMAIN}", roles.CASE_WORKER, ctx.submitters[0]))
	for province in sorted({province_of[d] for d in ctx.submitters}):
		specs.append((f"admin.{province}@{USER_DOMAIN}", roles.PROVINCIAL_ADMIN, province))
	for email, role, region in specs:
		bench_user(email, role, region)
		ctx.users.append(email)


def bench_user(email: str, role: str, region: str | None) -> None:
	"""A desk user with one role, an API key (secret: PASSWORD) and, for a regional one, its Region."""
	user = frappe.get_doc(
		doctype="User",
		email=email,
		first_name=email.split("@")[0],
		user_type="System User",
		enabled=1,  # generate() runs with frappe.flags.in_import, under which Frappe sets no defaults
		send_welcome_email=0,
		new_password=PASSWORD,
		roles=[{"role": role}],
		api_key=frappe.generate_hash(length=15),
		api_secret=PASSWORD,
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	if region:
		frappe.get_doc(
			doctype="User Permission",
			user=email,
			allow="Region",
			for_value=region,
			apply_to_all_doctypes=1,
			is_default=1,
		).insert(ignore_permissions=True)
