"""Reads on a MariaDB replica, through Frappe's own read-only mechanism, and which reads may lag.

With `read_from_replica`, `replica_host` (and `replica_db_port`) in the site config, Frappe v15 runs every function
decorated with `frappe.read_only()` on the replica: query reports (the app's `run_report` included), so the
national views and their exports; report and list views (`frappe.desk.reportview`), counts, sidebar stats,
workspace pages and notifications. Forms, saves, workflow actions, REST resources and `frappe.client` stay on the
primary. Without those settings everything runs on the primary, as before.

Which reads may lag, and how lag is handled (each request decides once, right after authentication):

- **Other people's changes may arrive a moment late.** A national aggregate or a list shows what the replica has
  applied: on a healthy replica that is milliseconds behind the primary.
- **A user's own changes may not.** After a request of theirs that could write (POST, PUT, PATCH, DELETE) the
  primary's binary log position is noted for them (MariaDB GTID). Their reads stay on the primary until the replica
  has applied that position (`MASTER_GTID_WAIT(position, 0)` on the replica answers at once, without waiting).
  So the focal point's list right after sending, and the province's right after verifying, show the change.
- **A replica that falls behind serves nobody.** At most once every `replica_max_lag` seconds (default 10) a
  request checks that the replica has applied everything the primary had committed at the previous check. If it
  has not, or cannot be reached, every read goes to the primary until a later check passes.
- **Access is never read stale into a cache.** Frappe caches a user's roles and User Permissions in Redis and
  rebuilds them from whichever connection asks, so a rebuild inside a read-only call would read the replica: a
  withdrawn region, read from a replica that has not applied the withdrawal yet, would stay cached after the
  replica caught up. So when a user's User Permissions or roles change, they read on the primary until the
  replica has applied the change, and a job waits for the replica to apply it and then clears that user's cache
  once more (`access_changed`): whatever was cached in between is thrown away.
- **Writes made inside read-only calls go to the primary**: the victim access log is written through
  `frappe.write_only()` (tppo_app.case_management.privacy.write_access_log), so no read goes unlogged and
  nothing is written on the replica (which should run `read_only=ON`).

The replica user needs SELECT only; no replication privilege is used.
"""

import time

import frappe

WRITES = ("POST", "PUT", "PATCH", "DELETE")
DEFAULT_MAX_LAG = 10
PROBE_KEY = "tppo_replica_probe"
_configured_flag = "tppo_replica_configured"


def configured() -> bool:
	"""Whether the site sends Frappe's read-only calls to a replica (before this request decided anything)."""
	flags = frappe.local.flags
	if _configured_flag not in flags:
		conf = frappe.local.conf
		flags[_configured_flag] = bool(conf.get("read_from_replica") and conf.get("replica_host"))
	return flags[_configured_flag]


def max_lag() -> float:
	return float(frappe.local.conf.get("replica_max_lag") or DEFAULT_MAX_LAG)


def _waits_key(user: str) -> str:
	return f"tppo_replica_wait|{user}"


def route_reads() -> None:
	"""auth hook: whether this request's read-only calls may use the replica (see the module's docstring)."""
	if not configured():
		return
	user = frappe.session.user
	own_write = frappe.cache.get_value(_waits_key(user)) if user and user != "Guest" else None
	if not reads_may_use_replica(user, own_write):
		pin_to_primary()


def pin_to_primary() -> None:
	"""This request's read-only calls run on the primary (the site's setting is per request in frappe.local)."""
	frappe.local.conf.read_from_replica = 0
	frappe.local.flags.tppo_reads_on_primary = True


def reads_may_use_replica(user: str | None, own_write: str | None) -> bool:
	"""Asks the replica only when something is to be checked: the periodic lag check, or the user's own write."""
	probe = frappe.cache.get_value(PROBE_KEY) or {}
	now = time.time()
	probe_due = now - probe.get("at", 0) >= max_lag()
	if not probe_due and not probe.get("ok"):
		return False
	if not probe_due and own_write is None:
		return True
	try:
		replica = connect()
	except Exception:
		frappe.logger("tppo_app.replica").warning(
			"replica unreachable: reads go to the primary", exc_info=True
		)
		frappe.cache.set_value(PROBE_KEY, {"at": now, "ok": False, "position": probe.get("position")})
		return False
	try:
		if probe_due:
			position = primary_position()
			# Everything the primary had committed at the previous check (at least max_lag seconds ago) must be
			# on the replica. The first check asks for the current position.
			ok = has_applied(replica, probe.get("position") if probe.get("at") else position)
			frappe.cache.set_value(PROBE_KEY, {"at": now, "ok": ok, "position": position})
			if not ok:
				return False
		if own_write is not None:
			if not has_applied(replica, own_write):
				return False
			frappe.cache.delete_value(_waits_key(user))
		return True
	finally:
		replica.close()


def note_own_write(request=None, response=None) -> None:
	"""after_request hook: after a request that could write, the user reads from the primary until the replica
	has applied what the primary holds now (their write included: this runs after Frappe's commit)."""
	if not configured() or request is None or request.method not in WRITES:
		return
	user = frappe.session.user if getattr(frappe.local, "session", None) else None
	if not user or user == "Guest" or not frappe.db:
		return
	position = primary_position()
	if position:
		frappe.cache.set_value(_waits_key(user), position, expires_in_sec=int(max(max_lag() * 30, 300)))


def access_changed(doc, method=None) -> None:
	"""doc_events on User Permission and User: see the module's docstring (access is never read stale)."""
	if not configured():
		return
	user = doc.user if doc.doctype == "User Permission" else doc.name
	if user:
		frappe.db.after_commit.add(lambda: _after_access_commit(user))


def _after_access_commit(user: str) -> None:
	position = primary_position()
	if position:
		frappe.cache.set_value(_waits_key(user), position, expires_in_sec=int(max(max_lag() * 30, 300)))
	frappe.enqueue(
		"tppo_app.replica.forget_access",
		queue="short",
		user=user,
		position=position,
		now=frappe.flags.in_test,
	)


def forget_access(user: str, position: str) -> None:
	"""Background job: once the replica has applied an access change (or after 3 x replica_max_lag), the user's
	cached roles and User Permissions are cleared again, so that a rebuild read from the replica in the
	meantime does not outlive it."""
	try:
		replica = connect()
		try:
			replica.sql("select master_gtid_wait(%s, %s)", (position, max_lag() * 3))
		finally:
			replica.close()
	except Exception:
		frappe.logger("tppo_app.replica").warning(
			"replica unreachable while forgetting access", exc_info=True
		)
	finally:
		frappe.clear_cache(user=user)


def primary_position() -> str:
	"""The primary's binary log position as a GTID list (empty when it keeps no binary log)."""
	db = getattr(frappe.local, "primary_db", None) or frappe.db
	return db.sql("select @@global.gtid_binlog_pos")[0][0] or ""


def has_applied(replica, position: str | None) -> bool:
	"""Whether the replica has applied the transactions up to `position`, asked without waiting."""
	if not position:
		return True
	return replica.sql("select master_gtid_wait(%s, 0)", position)[0][0] == 0


def connect():
	"""A connection to the replica with the credentials Frappe's `connect_replica` uses."""
	from frappe.database import get_db

	conf = frappe.local.conf
	user, password = conf.db_name, conf.db_password
	if conf.different_credentials_for_replica:
		user, password = conf.replica_db_name, conf.replica_db_password
	db = get_db(
		host=conf.replica_host,
		port=conf.replica_db_port,
		user=user,
		password=password,
		cur_db_name=conf.db_name,
	)
	db.connect()
	return db
