"""A later release's correction to a default reaches sites that still hold the shipped version, and never
overwrites an admin's edit (tppo_app.shipped)."""

import contextlib
import copy
import io

import frappe

from tppo_app.approval.workflow import default_workflows, install_workflows
from tppo_app.shipped import (
	fingerprint,
	insert_notification,
	remember,
	remembered,
	site_fingerprint,
	sync,
	update_notification,
)
from tppo_app.tests.utils import TPPOTestCase

NAME = "Progress Report Approved"


class TestShippedDefaults(TPPOTestCase):
	def setUp(self):
		self.original = frappe.get_doc("Notification", NAME).as_dict()
		self.spec = {
			"name": NAME,
			"document_type": "Progress Report",
			"event": "Value Change",
			"value_changed": "workflow_state",
			"channel": "System Notification",
			"enabled": 1,
			"is_standard": 0,
			"message_type": "HTML",
			"condition": self.original.condition,
			"recipients": [{"receiver_by_document_field": "submitted_by"}],
			"subject": self.original.subject,
			"message": self.original.message,
		}
		# The spec as a migrate reads it, before anything is built from it (Frappe adds keys to the rows).
		self.pristine = copy.deepcopy(self.spec)
		# The site holds what the release before shipped (whatever earlier tests did to it).
		update_notification(self.spec)
		remember("Notification", NAME, self.spec, site_fingerprint("Notification", NAME, self.spec))
		self.assertEqual(self.sync(self.spec), "unchanged")

	def tearDown(self):
		doc = frappe.get_doc("Notification", NAME)
		doc.update({k: self.original[k] for k in ("subject", "message", "condition")})
		doc.save(ignore_permissions=True)
		frappe.db.set_global(f"tppo_shipped::Notification::{NAME}", None)

	def sync(self, spec):
		return sync(
			"Notification", NAME, spec, lambda: insert_notification(spec), lambda: update_notification(spec)
		)

	def test_a_corrected_default_reaches_an_unedited_site(self):
		corrected = {**self.spec, "subject": '{{ _("Approved: {0}").format(doc.title) }}'}
		self.assertEqual(self.sync(corrected), "updated")
		self.assertEqual(frappe.db.get_value("Notification", NAME, "subject"), corrected["subject"])
		self.assertEqual(self.sync(corrected), "unchanged", "the next migrate changes nothing")
		self.assertTrue(remembered("Notification", NAME)["stored"])

	def test_an_admins_edit_is_kept(self):
		frappe.db.set_value("Notification", NAME, "subject", "Laporan disetujui (versi provinsi)")
		corrected = {**self.spec, "subject": '{{ _("Approved: {0}").format(doc.title) }}'}
		self.assertEqual(self.sync(corrected), "kept")
		self.assertEqual(
			frappe.db.get_value("Notification", NAME, "subject"), "Laporan disetujui (versi provinsi)"
		)

	def test_a_missing_default_is_inserted(self):
		frappe.delete_doc("Notification", NAME, ignore_permissions=True, force=True)
		self.assertEqual(self.sync(self.spec), "inserted")
		self.assertTrue(frappe.db.exists("Notification", NAME))

	def test_a_default_inserted_by_a_migrate_is_updated_by_a_later_release(self):
		"""As a migrate does it: each migrate reads the spec afresh (inserting it must not change what is
		remembered), and nothing is said about an edit nobody made."""
		frappe.delete_doc("Notification", NAME, ignore_permissions=True, force=True)
		self.assertEqual(self.sync(copy.deepcopy(self.pristine)), "inserted")
		said = io.StringIO()
		with contextlib.redirect_stdout(said):
			self.assertEqual(
				self.sync(copy.deepcopy(self.pristine)), "unchanged", "the next migrate, same release"
			)
		self.assertEqual(said.getvalue(), "", "nothing said about an edit nobody made")
		corrected = {**copy.deepcopy(self.pristine), "subject": '{{ _("Approved: {0}").format(doc.title) }}'}
		self.assertEqual(self.sync(corrected), "updated", "a later release's correction")
		self.assertEqual(frappe.db.get_value("Notification", NAME, "subject"), corrected["subject"])

	def test_a_site_remembered_wrongly_by_an_earlier_release_is_healed(self):
		"""Sites installed by the release before this one remembered the fingerprint of a spec whose rows Frappe
		had given a "doctype": their next migrate said the default was edited and would never correct it."""
		polluted = copy.deepcopy(self.pristine)
		for row in polluted["recipients"]:
			row["doctype"] = "Notification Recipient"
		remember("Notification", NAME, polluted, site_fingerprint("Notification", NAME, polluted))
		self.assertNotEqual(
			remembered("Notification", NAME)["shipped"], fingerprint(self.pristine, self.pristine)
		)
		self.assertEqual(self.sync(copy.deepcopy(self.pristine)), "unchanged")
		self.assertEqual(
			remembered("Notification", NAME)["shipped"], fingerprint(self.pristine, self.pristine)
		)
		corrected = {**copy.deepcopy(self.pristine), "subject": '{{ _("Approved: {0}").format(doc.title) }}'}
		self.assertEqual(self.sync(corrected), "updated")

	def test_a_site_remembered_wrongly_gets_the_next_releases_correction(self):
		"""The same site, when its first migrate after the fix brings a corrected default: it is corrected."""
		polluted = copy.deepcopy(self.pristine)
		for row in polluted["recipients"]:
			row["doctype"] = "Notification Recipient"
		remember("Notification", NAME, polluted, site_fingerprint("Notification", NAME, polluted))
		corrected = {**copy.deepcopy(self.pristine), "subject": '{{ _("Approved: {0}").format(doc.title) }}'}
		self.assertEqual(self.sync(corrected), "updated")
		self.assertEqual(frappe.db.get_value("Notification", NAME, "subject"), corrected["subject"])
		# An admin's edit on such a site is still kept.
		remember("Notification", NAME, polluted, site_fingerprint("Notification", NAME, polluted))
		frappe.db.set_value("Notification", NAME, "subject", "Laporan disetujui (versi provinsi)")
		self.assertEqual(self.sync(copy.deepcopy(self.pristine)), "kept")

	def test_a_correction_that_sets_one_more_field_reaches_an_unedited_site(self):
		remember("Notification", NAME, self.pristine, site_fingerprint("Notification", NAME, self.pristine))
		corrected = {
			**copy.deepcopy(self.pristine),
			"subject": '{{ _("Approved: {0}").format(doc.title) }}',
			"send_to_all_assignees": 1,
		}
		self.assertEqual(self.sync(corrected), "updated")
		self.assertEqual(frappe.db.get_value("Notification", NAME, "send_to_all_assignees"), 1)
		self.assertEqual(self.sync(copy.deepcopy(corrected)), "unchanged")
		# and an admin's edit is still kept when the next correction sets another field
		frappe.db.set_value("Notification", NAME, "subject", "Laporan disetujui (versi provinsi)")
		again = {**copy.deepcopy(corrected), "attach_print": 1}
		self.assertEqual(self.sync(again), "kept")


class TestShippedWorkflow(TPPOTestCase):
	def test_the_installed_workflow_is_this_releases_default_at_the_next_migrate(self):
		"""The approval workflow as a new site gets it: the next migrate finds it unedited, and says nothing."""
		name = default_workflows()[0]["workflow_name"]
		saved = frappe.db.get_global(f"tppo_shipped::Workflow::{name}")
		try:
			frappe.db.set_global(f"tppo_shipped::Workflow::{name}", None)
			self.assertEqual(install_workflows(force=True), [name])  # inserted, as on a new site
			said = io.StringIO()
			with contextlib.redirect_stdout(said):
				self.assertEqual(install_workflows(), [])
			self.assertEqual(said.getvalue(), "", "the migrate output says nothing about an edit")
			memory = remembered("Workflow", name)
			spec = default_workflows()[0]
			self.assertEqual(memory["shipped"], fingerprint(spec, spec))
			self.assertEqual(memory["stored"], memory["shipped"], "the site holds the default as shipped")
		finally:
			frappe.db.set_global(f"tppo_shipped::Workflow::{name}", saved)
