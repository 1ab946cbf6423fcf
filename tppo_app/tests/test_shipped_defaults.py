"""A later release's correction to a default reaches sites that still hold the shipped version, and never
overwrites an admin's edit (tppo_app.shipped)."""

import frappe

from tppo_app.shipped import (
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
