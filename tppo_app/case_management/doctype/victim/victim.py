# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

from tppo_app.case_management import privacy, victims
from tppo_app.utils.document import TPPODocument


class Victim(TPPODocument):
	def autoname(self):
		self.name = victims.victim_code(self)

	def validate(self):
		victims.validate_dates(self)
		victims.validate_identity(self)
		victims.set_age_group(self)
		victims.validate_origin(self)

	def onload(self):
		self.flags.read_via = "Form"
		self.set_onload("services", victims.service_timeline(self.name))

	def apply_fieldlevel_read_permissions(self):
		"""Every single-record read (form, REST GET, frappe.client.get) passes here: log it, then drop what the
		reader may not see."""
		privacy.log_victim_read(self, self.flags.read_via or privacy.read_via())
		super().apply_fieldlevel_read_permissions()

	def before_print(self, settings=None):
		privacy.log_victim_read(self, "Print")
