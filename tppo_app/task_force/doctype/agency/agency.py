# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _

from tppo_app.task_force.utils import region_level
from tppo_app.utils.document import TPPODocument


class Agency(TPPODocument):
	def validate(self):
		self.agency_name = (self.agency_name or "").strip()
		self.validate_level_and_region()
		self.validate_parent_agency()

	def validate_level_and_region(self):
		if self.level == "National":
			# National agencies are seen by every region.
			self.region = None
			return
		if not self.region:
			frappe.throw(_("Choose the region of this {0} agency.").format(_(self.level).lower()))
		if region_level(self.region) != self.level:
			frappe.throw(
				_("{0} is not a {1} region; choose a region of that level or change the level.").format(
					frappe.bold(frappe.db.get_value("Region", self.region, "region_name")),
					_(self.level).lower(),
				),
				title=_("Level and region do not match"),
			)

	def validate_parent_agency(self):
		if self.parent_agency and self.parent_agency == self.name:
			frappe.throw(_("An agency cannot be its own parent."))
