"""Reads on a replica (tppo_app.replica): which requests read it, how lag is handled, and that writes made inside
read-only calls land on the primary.

The "replica" here is the test site's own MariaDB server reached over a second connection: a session of its own
that sees what is committed and not this test's open transaction, which stands for a change the replica has not
applied yet. A real primary and replica pair, with replication held back by hand, is exercised by scripts/bench
(tppo_app.benchmark.replica).
"""

import json
import time

import frappe
from frappe.desk.reportview import get_count
from frappe.installer import update_site_config

from tppo_app import regions, replica, roles
from tppo_app.case_management import privacy
from tppo_app.tests.case_factories import make_victim
from tppo_app.tests.utils import (
	DISTRICT_A1,
	TPPOTestCase,
	as_user,
	make_task_force,
	make_user,
	region_test_data,
	rest_client,
)

NOT_APPLIED = "0-1-999999999"  # a binary log position the replica has not reached
APPLIED = "0-1-0"  # one it has
CLOSED_PORT = 9  # nothing listens there: a replica that cannot be reached


class TestReplicaReads(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		region_test_data()
		cls.focal = make_user("replica.focal", roles.DISTRICT_FOCAL_POINT, (DISTRICT_A1,))
		cls.case_worker = make_user("replica.case", roles.CASE_WORKER, (DISTRICT_A1,))
		frappe.db.commit()  # nosemgrep: the users must exist for the replica's session

	def setUp(self):
		self.saved_conf = dict(frappe.local.conf)
		frappe.local.conf.update(
			read_from_replica=1, replica_host="127.0.0.1", replica_db_port=frappe.local.conf.db_port
		)
		self.forget()

	def tearDown(self):
		self.forget()
		frappe.local.conf.clear()
		frappe.local.conf.update(self.saved_conf)

	def forget(self):
		"""A new request, and nothing noted about the replica."""
		replica.new_request()
		for key in (replica.PROBE_KEY, replica.PROBE_LOCK, replica.SEEN_METADATA):
			frappe.cache.delete_value(key)
		for user in (replica.SITE, "Administrator", self.focal, self.case_worker):
			frappe.cache.delete_value(f"tppo_replica_wait|{user}")

	def replica_checked(self, ok: bool = True, seconds_ago: float = 0, position: str = ""):
		frappe.cache.set_value(
			replica.PROBE_KEY, {"at": time.time() - seconds_ago, "ok": ok, "position": position}
		)

	def listed(self, task_force: str) -> int:
		"""What the Task Force list counts for that name, through Frappe's list endpoint (a read-only call)."""
		frappe.local.form_dict = frappe._dict(
			doctype="Task Force", filters=json.dumps([["name", "=", task_force]])
		)
		try:
			return get_count()
		finally:
			replica.new_request()

	def test_the_user_who_made_a_change_reads_it_others_read_the_replica(self):
		task_force = make_task_force(DISTRICT_A1, "2031-01-01", "2035-12-31")
		self.replica_checked()
		# The change is not on the replica yet (this open transaction), and the user who made it is noted.
		replica.wait_for("Administrator", NOT_APPLIED)
		self.assertFalse(replica.decide_for("Administrator"))
		self.assertEqual(self.listed(task_force), 1, "the user's own change, read on the primary")
		# Nobody else waits for it: their read-only calls go to the replica, which does not have it yet.
		self.assertTrue(replica.decide_for(self.focal))
		frappe.local.conf.read_from_replica = 1
		self.assertEqual(self.listed(task_force), 0, "read on the replica, which lags")
		# Once the replica has applied the user's change, they read the replica again and the note is gone.
		frappe.cache.delete_value("tppo_replica_wait|Administrator")
		replica.wait_for("Administrator", APPLIED)
		self.assertTrue(replica.decide_for("Administrator"))
		self.assertIsNone(replica._marker("tppo_replica_wait|Administrator"))

	def test_two_writes_noted_in_the_wrong_order_keep_the_user_on_the_primary(self):
		"""Two requests of one user note the primary's position after their commits, in either order: the later
		write's position, noted first, is not overwritten by the earlier one's."""
		self.replica_checked()
		key = f"tppo_replica_wait|{self.focal}"
		replica.wait_for(self.focal, NOT_APPLIED)  # the second write's position, noted first
		replica.wait_for(self.focal, APPLIED)  # the first write's, noted after it
		self.assertEqual(replica._marker(key), NOT_APPLIED)
		self.assertFalse(replica.decide_for(self.focal), "the second write is not on the replica yet")
		# Positions of other replication domains are kept beside it, each domain's highest.
		replica.wait_for(self.focal, "1-1-5")
		replica.wait_for(self.focal, "1-2-3,0-1-7")
		self.assertEqual(replica._marker(key), f"{NOT_APPLIED},1-1-5")

	def test_markers_that_cannot_be_read_keep_the_user_on_the_primary(self):
		self.replica_checked()
		key = f"tppo_replica_wait|{self.focal}"
		# Sequence numbers up to 2^64 - 1 are kept exactly (beyond what a Lua number holds).
		replica.wait_for(self.focal, "0-1-18446744073709551615")
		replica.wait_for(self.focal, "0-1-9007199254740993")
		self.assertEqual(replica._marker(key), "0-1-18446744073709551615")
		# A position with no GTID in it is kept as it is: the wait for it fails, and reads stay on the primary.
		frappe.cache.delete_value(key)
		replica.wait_for(self.focal, "not a position")
		self.assertFalse(replica.decide_for(self.focal))
		# A marker in the earlier (pickled) format, still in Redis after an upgrade: the primary, until a new
		# position replaces it.
		frappe.cache.set_value(key, APPLIED)
		self.assertFalse(replica.decide_for(self.focal))
		replica.wait_for(self.focal, APPLIED)
		self.assertEqual(replica._marker(key), APPLIED)
		self.assertTrue(replica.decide_for(self.focal))

	def test_a_replica_that_falls_behind_serves_nobody_until_it_catches_up(self):
		# The previous check, more than replica_max_lag seconds ago, noted a position the replica has not reached.
		self.replica_checked(seconds_ago=replica.max_lag() + 1, position=NOT_APPLIED)
		self.assertFalse(replica.decide_for(self.focal))
		self.assertFalse(frappe.cache.get_value(replica.PROBE_KEY)["ok"])
		# Until the next check, nobody reads the replica, and nobody asks it: not even a user with no write.
		frappe.local.conf.replica_db_port = CLOSED_PORT
		self.assertFalse(replica.decide_for(self.case_worker))
		# This test server keeps no binary log: nothing tells how far a replica is behind, so the next check
		# keeps every read on the primary too (the benchmark's primary and replica pair shows the catching up).
		frappe.local.conf.replica_db_port = self.saved_conf.get("db_port")
		self.replica_checked(ok=False, seconds_ago=replica.max_lag() + 1, position=APPLIED)
		self.assertFalse(replica.decide_for(self.case_worker))

	def test_a_change_of_permissions_pins_every_read_and_its_definition_is_read_again(self):
		"""A doctype's permissions changed: whatever a read on a lagging replica cached of its definition
		meanwhile is thrown away once the replica has the change (the pin itself needs a binary log: the
		benchmark shows it)."""
		self.replica_checked()
		replica.decide_for(self.focal)  # the first request notes the definitions' version
		frappe.clear_cache(doctype="Victim")  # as Role Permission Manager does, with a new metadata_version
		stale = frappe.get_meta("Victim")
		frappe.cache.hset("doctype_meta", "Victim", stale)  # what a read on the lagging replica cached
		replica.decide_for(self.focal)  # the change is noticed; here its job runs at once
		self.assertIsNone(frappe.cache.hget("doctype_meta", "Victim"))
		self.assertEqual(
			frappe.cache.get_value(replica.SEEN_METADATA), frappe.cache.get_value("metadata_version")
		)

	def test_a_replica_that_cannot_be_reached_sends_every_read_to_the_primary(self):
		task_force = make_task_force(DISTRICT_A1, "2036-01-01", "2040-12-31")
		frappe.local.conf.replica_db_port = CLOSED_PORT
		self.assertFalse(replica.decide_for(self.focal))
		self.assertEqual(self.listed(task_force), 1)

	def test_a_list_answers_through_the_api_when_the_replica_is_down(self):
		"""A real request, with the site configured for a replica that does not answer: Frappe alone would fail
		every list and report with a connection error."""
		client = rest_client(self.focal)
		settings = {"read_from_replica": 1, "replica_host": "127.0.0.1", "replica_db_port": CLOSED_PORT}
		self.addCleanup(self.remove_site_config, list(settings))
		for key, value in settings.items():
			update_site_config(key, value)
		self.replica_checked(seconds_ago=replica.max_lag() + 1)
		response = client.get(
			"/api/method/frappe.desk.reportview.get_count", {"doctype": "Task Force", "filters": "[]"}
		)
		self.assertEqual(response.status, 200, response.body[:500])
		self.assertGreaterEqual(response.json["message"], 1)

	def test_access_withdrawn_is_not_kept_from_a_lagging_replica(self):
		"""A region withdrawn while a read-only call rebuilt the user's cached User Permissions from a replica
		that had not applied the withdrawal yet: once the replica has it, the job clears the cache again, and
		the user's regions are what the primary holds."""
		from tppo_app.regions import get_user_regions

		self.assertEqual(get_user_regions(self.case_worker), [DISTRICT_A1])
		stale = frappe.cache.hget("user_permissions", self.case_worker)
		permission = frappe.get_doc("User Permission", {"user": self.case_worker, "allow": "Region"})
		permission.delete(ignore_permissions=True)
		frappe.cache.hset("user_permissions", self.case_worker, stale)  # what the lagging replica gave back
		self.assertEqual(get_user_regions(self.case_worker), [DISTRICT_A1])
		# Run by frappe.db.after_commit (the doc event registers it); the job runs at once in tests.
		replica._after_commit(user=self.case_worker)
		self.assertEqual(get_user_regions(self.case_worker), [regions.NO_REGION])

	def remove_site_config(self, keys: list[str]):
		for key in keys:
			update_site_config(key, "None")
		frappe.local.conf.clear()  # update_site_config leaves "None" in this process's conf
		frappe.local.conf.update(self.saved_conf)

	def test_a_victim_read_inside_a_read_only_call_is_logged_on_the_primary(self):
		"""The victim access log is written on the primary even when the read runs on the replica: written on
		the replica's connection it would be refused by a read-only replica, or lost when Frappe closes it."""
		victim = frappe.get_doc("Victim", make_victim("Replica Log Victim", serial=71))

		@frappe.read_only()
		def read_on_replica():
			self.assertIsNot(frappe.db, frappe.local.primary_db, "the call runs on the replica")
			with as_user(self.case_worker):
				privacy.log_victim_read(victim, "API", detail="replica test")

		read_on_replica()
		replica.new_request()
		self.assertTrue(
			frappe.db.exists(
				"Victim Access Log",
				{"victim": victim.name, "user": self.case_worker, "detail": "replica test"},
			)
		)
