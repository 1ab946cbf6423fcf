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
- **Nothing is cached from a replica that lacks a change.** Frappe caches roles, User Permissions and doctype
  definitions (permissions and permlevels included) in Redis and rebuilds them from whichever connection asks,
  so a rebuild inside a read-only call reads the replica. A withdrawn region or a raised permlevel, read from a
  replica that had not applied it yet, would stay cached after it caught up. So:
  - a change to a user's User Permissions or roles pins that user's reads to the primary until the replica has
    applied it, and a job clears the user's cache once more when it has (`access_changed`);
  - a change to a doctype's definition or permissions, a role or a workflow (their doc events, and any other
    path Frappe takes, seen as a new `metadata_version`) pins every read to the primary until the replica has
    applied it, and a job clears the definitions (and the users' roles) once more when it has;
  - these markers survive a full `bench clear-cache` (`persistent_cache_keys`).
- **Writes made inside read-only calls go to the primary**: the victim access log is written through
  `frappe.write_only()` (tppo_app.case_management.privacy.write_access_log), so no read goes unlogged and
  nothing is written on the replica (which should run `read_only=ON`).

The replica user needs SELECT only; no replication privilege is used.
"""

import secrets
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


def new_request() -> None:
	"""For code that plays several requests in one process (the benchmark, tests): Frappe's `read_only` switches
	once per request (it keeps both connections in frappe.local until the request ends), and `configured` is
	decided once per request."""
	for attr in ("replica_db", "primary_db"):
		if hasattr(frappe.local, attr):
			delattr(frappe.local, attr)
	frappe.local.flags.pop(_configured_flag, None)


def decide_for(user: str) -> bool:
	"""For the benchmark and tests: what `route_reads` decides for a new request of `user` on a site with a
	replica: True when its read-only calls may use the replica."""
	new_request()
	frappe.local.conf.read_from_replica = 1
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		route_reads()
		return bool(frappe.local.conf.read_from_replica)
	finally:
		frappe.set_user(previous)


def max_lag() -> float:
	return float(frappe.local.conf.get("replica_max_lag") or DEFAULT_MAX_LAG)


def _waits_key(user: str) -> str:
	return f"tppo_replica_wait|{user}"


def _get(key: str):
	"""From Redis itself, never the request's copy (another worker may have changed it since)."""
	return frappe.cache.get_value(key, expires=True)


_DELETE_IF_SAME = (
	"if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"
)

# A marker holds a GTID list ("0-1-4711,1-1-20"): what the replica must have applied. Two requests of one user
# may note their positions in either order, so a marker is never overwritten with an older position: it keeps,
# per replication domain, the highest sequence number of what it held and what is noted (one step in Redis).
# Sequence numbers are compared as digit strings (they reach 2^64, beyond Lua's exact numbers). A part of the
# old value that is no GTID (a marker written in the earlier pickled format) is dropped: the noted position is
# the primary's current one, at least as far in every domain. A noted position with no GTID in it is stored as
# it is, so that the wait for it fails and reads stay on the primary.
_MERGE_POSITIONS = """
local function later(a, b)
	a = string.match(a, '^0*(%d-)$') b = string.match(b, '^0*(%d-)$')
	if #a ~= #b then return #a > #b end
	return a > b
end
local function take(list, into)
	local found = 0
	for part in string.gmatch(list, '[^,]+') do
		local domain, server, seq = string.match(part, '^%s*(%d+)-(%d+)-(%d+)%s*$')
		if domain then
			found = found + 1
			if not into[domain] or later(seq, into[domain][2]) then into[domain] = {server, seq} end
		end
	end
	return found
end
local merged = {}
if take(ARGV[1], merged) == 0 then
	redis.call('set', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
	return 0
end
take(redis.call('get', KEYS[1]) or '', merged)
local out = {}
for domain, v in pairs(merged) do out[#out + 1] = domain .. '-' .. v[1] .. '-' .. v[2] end
table.sort(out)
redis.call('set', KEYS[1], table.concat(out, ','), 'EX', tonumber(ARGV[2]))
return 1
"""


def _marker(key: str) -> str | None:
	"""A marker's position, from Redis itself (markers are plain strings, merged in Redis)."""
	value = frappe.cache.get(frappe.cache.make_key(key))
	return value.decode() if value is not None else None  # "" too: a wait that cannot pass


def _delete_if_same(key: str, value: str) -> None:
	"""Deletes a key (a marker, the probe lock) only if it still holds `value` (one step in Redis): a later
	position noted meanwhile, or another worker's lock, stays."""
	frappe.cache.eval(_DELETE_IF_SAME, 1, frappe.cache.make_key(key), value)


SITE = "*"  # the marker that pins every user's reads
PROBE_LOCK = "tppo_replica_probe_lock"
SEEN_METADATA = "tppo_replica_metadata_version"
METADATA_DOCTYPES = (
	"DocType",
	"Custom Field",
	"Property Setter",
	"Custom DocPerm",
	"Role",
	"Role Profile",
	"User Type",
	"Workflow",
)
FULL_CLEAR = ("Role", "Role Profile", "User Type")  # their change reaches every user's roles


def route_reads(**job) -> None:
	"""auth hook (and before_job): whether this request's (or job's) read-only calls may use the replica (see the
	module's docstring). Fails closed: anything unexpected reads on the primary."""
	if not configured():
		return
	try:
		user = frappe.session.user
		notice_metadata_change()
		waits = {
			key: position
			for key in (_waits_key(SITE), _waits_key(user) if user and user != "Guest" else None)
			if key and (position := _marker(key)) is not None
		}
		allowed = reads_may_use_replica(user, waits)
	except Exception:
		frappe.logger("tppo_app.replica").warning("deciding on the replica failed: primary", exc_info=True)
		allowed = False
	if not allowed:
		pin_to_primary()


def pin_to_primary() -> None:
	"""This request's read-only calls run on the primary (the site's setting is per request in frappe.local)."""
	frappe.local.conf.read_from_replica = 0


def reads_may_use_replica(user: str | None, waits: dict[str, str] | None = None) -> bool:
	"""Asks the replica only when something is to be checked: the periodic lag check, or a write someone waits
	for (`waits`: marker key -> position: the user's own write, or a change of definitions or permissions)."""
	waits = waits or {}
	probe = _get(PROBE_KEY) or {}
	now = time.time()
	probe_due = now - probe.get("at", 0) >= max_lag()
	lock = secrets.token_hex(8)
	if probe_due and not frappe.cache.set(frappe.cache.make_key(PROBE_LOCK), lock, nx=True, ex=15):
		return False  # another worker is checking right now: until it has, read on the primary
	if not probe_due and not probe.get("ok"):
		return False
	if not probe_due and not waits:
		return True
	try:
		try:
			replica = connect()
		except Exception:
			frappe.logger("tppo_app.replica").warning(
				"replica unreachable: reads go to the primary", exc_info=True
			)
			# No position: the check after it is back must not pass on one from before it went away.
			frappe.cache.set_value(PROBE_KEY, {"at": now, "ok": False})
			return False
		try:
			if probe_due:
				ok, position = check_lag(replica, probe, now)
				frappe.cache.set_value(PROBE_KEY, {"at": now, "ok": ok, "position": position})
				if not ok:
					return False
			for position in waits.values():
				if not has_applied(replica, position):
					return False
			for key, position in waits.items():
				_delete_if_same(key, position)
			return True
		finally:
			replica.close()
	finally:
		if probe_due:
			_delete_if_same(PROBE_LOCK, lock)


def check_lag(replica, probe: dict, now: float) -> tuple[bool, str]:
	"""Whether the replica is within replica_max_lag of the primary, and the primary's position now. It must have
	applied what the primary held at the previous check, when that was at most twice replica_max_lag ago (so no
	more than that behind); after a longer pause, what the primary holds now, within a second."""
	position = primary_position()
	if not position:
		if not _primary().sql("select @@global.log_bin")[0][0]:
			# A primary with no binary log cannot be followed: nothing tells how far the replica is behind.
			frappe.logger("tppo_app.replica").error(
				"the primary keeps no binary log: reads go to the primary"
			)
			return False, position
		return True, position  # binary logging, and nothing written since it began: nothing to wait for
	if probe.get("ok") and probe.get("position") and now - probe.get("at", 0) <= 2 * max_lag():
		return has_applied(replica, probe["position"]), position
	return has_applied(replica, position, wait=min(1.0, max_lag())), position


def notice_metadata_change() -> None:
	"""Frappe gives every change to a doctype's definition or permissions (and every full cache clear) a new
	`metadata_version`, before the change commits. Seen here, every read waits for what the primary holds a
	little later (the change committed), and the definitions are cleared again once the replica has it. A
	version never seen (the first request, or the key evicted) counts as a change."""
	version = _get("metadata_version")
	if version is None or version == _get(SEEN_METADATA):
		return
	pin_site(primary_position())
	frappe.enqueue(
		"tppo_app.replica.forget_when_applied",
		queue="short",
		position=None,
		forget="definitions",
		delay=max_lag(),
		now=frappe.flags.in_test,
	)
	frappe.cache.set_value(SEEN_METADATA, version)  # last: when the steps above fail, it is noticed again


def note_own_write(request=None, response=None) -> None:
	"""after_request hook: after a request that could write, the user reads from the primary until the replica
	has applied what the primary holds now (their write included: this runs after Frappe's commit)."""
	if not configured() or request is None:
		return
	if request.method not in WRITES and not frappe.local.flags.commit:
		return
	user = frappe.session.user if getattr(frappe.local, "session", None) else None
	if not user or user == "Guest" or not frappe.db:
		return
	wait_for(user, primary_position())


def wait_for(who: str, position: str) -> None:
	"""`who` (a user, or SITE for everyone) reads on the primary until the replica has applied `position` (and
	whatever the marker already waited for: see _MERGE_POSITIONS)."""
	if position:
		expires = int(max(max_lag() * 30, 300))
		frappe.cache.eval(_MERGE_POSITIONS, 1, frappe.cache.make_key(_waits_key(who)), position, expires)


def pin_site(position: str) -> None:
	wait_for(SITE, position)


def access_changed(doc, method=None) -> None:
	"""doc_events on User Permission and User: see the module's docstring."""
	if not configured():
		return
	user = doc.user if doc.doctype == "User Permission" else doc.name
	if user:
		frappe.db.after_commit.add(lambda: _after_commit(user=user))


def metadata_changed(doc, method=None) -> None:
	"""doc_events on the doctypes of METADATA_DOCTYPES: see the module's docstring. Not during migrate and
	install: their full cache clear at the end gives a new metadata_version, noticed by the next request."""
	if not configured() or frappe.flags.in_migrate or frappe.flags.in_install:
		return
	if doc.doctype in FULL_CLEAR:
		doctype = None
	elif doc.doctype == "DocType":
		doctype = doc.name
	elif doc.doctype == "Workflow":
		doctype = doc.document_type
	else:
		doctype = doc.get("dt") or doc.get("doc_type") or doc.get("parent")
	frappe.db.after_commit.add(lambda: _after_commit(doctype=doctype or "*"))


def _after_commit(user: str | None = None, doctype: str | None = None) -> None:
	"""Runs after Frappe's commit (frappe.db.after_commit): it must not raise, or Frappe's own after-commit steps
	(its cache clears) would not run. When the job cannot be queued, every read waits for the replica."""
	position = ""
	try:
		position = primary_position()
		if user:
			wait_for(user, position)
			forget = f"user:{user}"
		else:
			pin_site(position)
			forget = f"doctype:{doctype}"
		frappe.enqueue(
			"tppo_app.replica.forget_when_applied",
			queue="short",
			position=position,
			forget=forget,
			now=frappe.flags.in_test,
		)
	except Exception:
		frappe.logger("tppo_app.replica").error(
			"after an access change: could not queue the job", exc_info=True
		)
		try:
			pin_site(position)
		except Exception:
			pass


def forget_when_applied(
	position: str | None, forget: str, delay: float = 0, attempt: int = 0, max_attempts: int = 20
) -> None:
	"""Background job: once the replica has applied `position` (when None, the primary's position after `delay`
	seconds), clear again what a read on the lagging replica may have cached: a user's roles and User Permissions
	(`user:<name>`), a doctype's definition (`doctype:<name>`, `doctype:*` for all and every user's roles), or all
	definitions (`definitions`). Each attempt waits up to 2 seconds; until the replica has it, the job tries again
	in a new job, and after `max_attempts` it clears anyway and says so in the log."""
	if delay and not frappe.flags.in_test:
		time.sleep(delay)
	if position is None:
		position = primary_position()
		pin_site(position)
	applied = False
	try:
		replica = connect()
		try:
			applied = has_applied(replica, position, wait=min(max_lag(), 2))
		finally:
			replica.close()
	except Exception:
		frappe.logger("tppo_app.replica").warning("replica unreachable while waiting", exc_info=True)
	if not applied and attempt + 1 < max_attempts and not frappe.flags.in_test:
		# a replica that went away: retry a little later, not twenty times at once
		time.sleep(min(max_lag(), 5))
		frappe.enqueue(
			"tppo_app.replica.forget_when_applied",
			queue="short",
			position=position,
			forget=forget,
			attempt=attempt + 1,
			max_attempts=max_attempts,
		)
		return
	if not applied:
		frappe.logger("tppo_app.replica").error(
			f"the replica never applied {position}; {forget} cleared anyway"
		)
	kind, _, name = forget.partition(":")
	if kind == "user":
		frappe.clear_cache(user=name)
		frappe.clear_document_cache("User", name)
		return
	if kind == "doctype" and name != "*":
		frappe.clear_cache(doctype=name)
	else:
		from frappe import cache_manager

		cache_manager.clear_doctype_cache()
		cache_manager.clear_user_cache()
	# Clearing a definition gives it a new metadata_version: not a change to wait for again.
	frappe.cache.set_value(SEEN_METADATA, frappe.cache.get_value("metadata_version"))


def primary_position() -> str:
	"""The primary's binary log position as a GTID list (empty when it keeps no binary log)."""
	return _primary().sql("select @@global.gtid_binlog_pos")[0][0] or ""


def _primary():
	"""The primary's connection, also inside a read-only call that runs on the replica."""
	return getattr(frappe.local, "primary_db", None) or frappe.db


def has_applied(replica, position: str | None, wait: float = 0) -> bool:
	"""Whether the replica has applied the transactions up to `position`, waiting at most `wait` seconds (by
	default not at all)."""
	if not position:
		return False  # nothing tells: fail closed
	return replica.sql("select master_gtid_wait(%s, %s)", (position, wait))[0][0] == 0


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
