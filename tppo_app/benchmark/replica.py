"""The national questions on a MariaDB replica (`scripts/bench` starts its own primary and replica pair).

Run on a site whose config points at the pair (`db_port`: the primary, `replica_host`/`replica_db_port`: the
replica, `read_from_replica`). Each question goes through the endpoint the browser calls, which Frappe runs as
`frappe.read_only()`: the app's `run_report` for the national views, Frappe's list view and count. Each runs
`runs` times with the reads on the primary, then `runs` times on the replica; the answers must be identical, and
the primary's work is counted both ways (rows read, SELECTs, CPU seconds of its process).

Then how lag is handled, with replication really behind: the replica's SQL thread is stopped, a reviewer approves
a report, and the reviewer's next request reads on the primary until the replica has applied the approval;
another user reads the replica meanwhile; with the replica left behind longer than `replica_max_lag`, every
read goes to the primary (tppo_app.replica).
"""

import statistics
import time

from werkzeug.test import EnvironBuilder

import frappe

from tppo_app import replica
from tppo_app.benchmark import measure


def _status(db, name: str) -> int:
	return int(db.sql("show global status where variable_name = %s", name)[0][1])


def _cpu_seconds(pid: int) -> float:
	with open(f"/proc/{pid}/stat") as f:
		fields = f.read().rsplit(")", 1)[1].split()
	return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks of 1/100 s


def _report(name: str, filters: dict):
	from tppo_app.overrides.endpoints import run_report

	answer = run_report(name, filters=frappe.as_json(filters), ignore_prepared_report=True)
	return answer["result"]


def _list(doctype: str, fields: list[str]):
	from frappe.desk.reportview import get, get_count

	frappe.local.form_dict = frappe._dict(
		doctype=doctype, fields=frappe.as_json(fields), order_by="creation desc", page_length=20, filters="[]"
	)
	page = get()
	replica.new_request()  # the browser asks for the count in a request of its own
	frappe.local.form_dict = frappe._dict(doctype=doctype, filters="[]")
	return page, get_count()


def questions(u: frappe._dict) -> list[tuple[str, str, object]]:
	plan = measure.ran()
	template = frappe.db.get_value("RAN Report Template", {"title": "Bench: province x cluster"})
	year = measure.YEAR
	found = [
		(
			"RAN Achievement, national",
			u.reviewer,
			lambda: _report(
				"RAN Achievement", {"action_plan": plan, "include_adopting_plans": 1, "year": year}
			),
		),
		(
			"National Reporting Compliance",
			u.national_admin,
			lambda: _report("National Reporting Compliance", {"year": year}),
		),
		(
			"Reporting Compliance, national RAN",
			u.reviewer,
			lambda: _report("Reporting Compliance", {"action_plan": plan, "year": year}),
		),
		("Case Statistics, national", u.reviewer, lambda: _report("Case Statistics", {})),
		(
			"Progress Report list and count, reviewer",
			u.reviewer,
			lambda: _list("Progress Report", measure.PROGRESS_LIST),
		),
	]
	if template:
		found.insert(
			1,
			(
				"Report template: province x cluster",
				u.reviewer,
				lambda: _report("RAN Template Report", {"template": template}),
			),
		)
	return found


def ask(user: str, fn, on_replica: bool):
	replica.new_request()
	frappe.local.conf.read_from_replica = 1 if on_replica else 0
	frappe.set_user(user)
	try:
		return fn()
	finally:
		frappe.set_user("Administrator")
		replica.new_request()
		frappe.db.rollback()


def run(runs: int = 5, primary_pid: int = 0, replica_pid: int = 0, control_password: str = "") -> dict:
	conf = frappe.local.conf
	if not (conf.replica_host and conf.read_from_replica):
		frappe.throw("Run on the site whose config names the replica (scripts/bench makes it).")
	frappe.flags.mute_emails = True
	u = measure.users()
	primary = frappe.db
	rows, different = [], []
	print(
		f"National questions, median of {runs} runs, reads on the primary, then on the replica:", flush=True
	)
	for name, user, fn in questions(u):
		row = {"name": name}
		answers = {}
		for where, on_replica in (("primary", False), ("replica", True)):
			frappe.clear_cache(user=user)
			ask(user, fn, on_replica)  # warm both servers' buffer pools and Frappe's caches alike
			rows_read, selects = _status(primary, "Rows_read"), _status(primary, "Com_select")
			cpu = _cpu_seconds(primary_pid) if primary_pid else 0.0
			samples = []
			for _ in range(runs):
				start = time.perf_counter()
				answers[where] = ask(user, fn, on_replica)
				samples.append(time.perf_counter() - start)
			row[where] = {
				"seconds": statistics.median(samples),
				"primary_rows_read": _status(primary, "Rows_read") - rows_read,
				"primary_selects": _status(primary, "Com_select") - selects,
				"primary_cpu_seconds": round((_cpu_seconds(primary_pid) if primary_pid else 0.0) - cpu, 2),
			}
		row["identical"] = frappe.as_json(answers["primary"]) == frappe.as_json(answers["replica"])
		if not row["identical"]:
			different.append(name)
		rows.append(row)
		p, r = row["primary"], row["replica"]
		print(
			f"  {name}: {p['seconds'] * 1000:,.0f} ms / {r['seconds'] * 1000:,.0f} ms; primary read "
			f"{p['primary_rows_read']:,} / {r['primary_rows_read']:,} rows, {p['primary_selects']:,} / "
			f"{r['primary_selects']:,} SELECTs, {p['primary_cpu_seconds']} / {r['primary_cpu_seconds']} CPU s; "
			+ ("identical" if row["identical"] else "**DIFFERENT**"),
			flush=True,
		)
	conf.read_from_replica = 1
	lag = lag_handling(u, control_password) if control_password else None
	frappe.db.rollback()
	if different:
		raise AssertionError("Answers differ between the primary and the replica: " + ", ".join(different))
	if lag and not lag["held"]:
		raise AssertionError("Replication lag was not handled: " + "; ".join(lag["failures"]))
	return {"questions": rows, "lag": lag}


def _request(method: str):
	return EnvironBuilder(
		method=method, path="/api/method/frappe.model.workflow.apply_workflow"
	).get_request()


def _approved_count(user: str, on_replica: bool) -> int:
	from frappe.desk.reportview import get_count

	def count():
		frappe.local.form_dict = frappe._dict(
			doctype="Progress Report", filters=frappe.as_json([["workflow_state", "=", "Approved"]])
		)
		return get_count()

	return ask(user, count, on_replica)


def access_and_definitions(u: frappe._dict) -> list[str]:
	"""With replication held back: a case worker's region withdrawn, then a doctype's permissions changed. Jobs
	run at once here (no worker serves this site), each waiting up to 2 seconds for the replica and then clearing
	the caches anyway, as it would after its last attempt."""
	failures = []
	in_test, frappe.flags.in_test = frappe.flags.in_test, True
	try:
		permission = frappe.db.get_value("User Permission", {"user": u.case_worker, "allow": "Region"})
		frappe.delete_doc("User Permission", permission, ignore_permissions=True)
		frappe.db.commit()  # the doc event's after-commit step notes the position the case worker waits for
		withdrawn, other = replica.decide_for(u.case_worker), replica.decide_for(u.national_admin)
		print(
			"Replication held back: the case worker's region withdrawn; the case worker's next request reads on "
			f"the {'replica' if withdrawn else 'primary'}, the national admin's on the "
			f"{'replica' if other else 'primary'}.",
			flush=True,
		)
		if withdrawn or not other:
			failures.append("a withdrawn region was not read on the primary until the replica had it")
		frappe.clear_cache(doctype="Victim")  # as Role Permission Manager does after changing a permission
		frappe.db.commit()
		changed = replica.decide_for(u.national_admin)
		print(
			"Victim's permissions changed (a new metadata_version): the national admin's next request reads on "
			f"the {'replica' if changed else 'primary'}.",
			flush=True,
		)
		if changed:
			failures.append("a change of permissions was not read on the primary until the replica had it")
	finally:
		frappe.flags.in_test = in_test
	return failures


def lag_handling(u: frappe._dict, control_password: str) -> dict:
	"""Replication held back by hand (the SQL thread stopped), then let go."""
	from frappe.database import get_db

	conf = frappe.local.conf
	control = get_db(
		host=conf.replica_host,
		port=conf.replica_db_port,
		user="tppo_bench_control",
		password=control_password,
		cur_db_name=None,  # it may control replication, and read no data
	)
	failures = []
	for key in (replica.PROBE_KEY, replica.SEEN_METADATA):
		frappe.cache.delete_value(key)
	for user in (replica.SITE, u.reviewer, u.case_worker, u.national_admin):
		frappe.cache.delete_value(f"tppo_replica_wait|{user}")
	# Within its lag until the part that leaves it behind: the jobs below each wait for it a moment.
	conf.replica_max_lag = 30
	# The definitions as they are now count as seen (else the first request would queue a job nobody runs here).
	frappe.cache.set_value(replica.SEEN_METADATA, frappe.cache.get_value("metadata_version"))
	replica.decide_for(u.reviewer)
	try:
		replica.reads_may_use_replica(None, None)  # a check while replication runs, as a live site has had
		control.sql("stop slave sql_thread")
		before = _approved_count(u.reviewer, True)
		measure.approve_one(u, periods=4)
		frappe.db.commit()
		frappe.set_user(u.reviewer)
		replica.note_own_write(request=_request("POST"))
		frappe.set_user("Administrator")
		own = replica.decide_for(u.reviewer)
		other = replica.decide_for(u.province_admin)
		on_primary = _approved_count(u.reviewer, False)
		on_replica = _approved_count(u.reviewer, True)
		print(
			"Replication held back: the reviewer approved a report; approved reports counted on the primary "
			f"{on_primary:,}, on the replica {on_replica:,} (before: {before:,}). The reviewer's next request "
			f"reads on the {'replica' if own else 'primary'}; the province admin's on the "
			f"{'replica' if other else 'primary'}.",
			flush=True,
		)
		if own:
			failures.append("the reviewer's own approval would have been read from a replica without it")
		if not other:
			failures.append("another user was sent to the primary although the replica was within its lag")
		if on_primary != before + 1 or on_replica != before:
			failures.append(f"counts: primary {on_primary}, replica {on_replica}, before {before}")
		failures += access_and_definitions(u)
		# Left behind longer than replica_max_lag: the next check finds it behind, and everyone reads on the
		# primary.
		conf.replica_max_lag = 1
		time.sleep(1.1)
		replica.reads_may_use_replica(None, None)  # a check: it notes the primary's position now
		measure.approve_one(u, periods=4)
		frappe.db.commit()
		time.sleep(1.1)
		behind = not replica.decide_for(u.province_admin)
		print(
			f"Replica still held back after {conf.replica_max_lag} s (replica_max_lag): the province admin reads "
			f"on the {'primary' if behind else 'replica'}.",
			flush=True,
		)
		if not behind:
			failures.append("a replica behind by more than replica_max_lag still served reads")
		control.sql("start slave sql_thread")
		position = replica.primary_position()
		caught_up = replica.has_applied(control, position, wait=30)
		time.sleep(1.1)
		own_after, case_after = replica.decide_for(u.reviewer), replica.decide_for(u.case_worker)
		print(
			f"Replication let go: the replica {'caught up' if caught_up else 'did NOT catch up'}; the reviewer and "
			f"the case worker read on the {'replica' if own_after and case_after else 'primary'} again.",
			flush=True,
		)
		if not (caught_up and own_after and case_after):
			failures.append("after catching up, reads did not go back to the replica")
	finally:
		control.sql("start slave sql_thread")
		control.close()
		conf.replica_max_lag = None
		frappe.cache.delete_value(replica.PROBE_KEY)
	return {"held": not failures, "failures": failures}
