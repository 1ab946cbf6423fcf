# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet

from tppo_app.task_force.rules import REGION_TYPE_LEVEL

# Which region type may sit under which.
ALLOWED_PARENT_TYPE = {"Country": None, "Province": "Country", "Regency": "Province", "City": "Province"}


class Region(NestedSet):
	nsm_parent_field = "parent_region"

	def validate(self):
		self.region_code = (self.region_code or "").strip()
		self.region_name = (self.region_name or "").strip()
		self.is_group = int(self.region_type in ("Country", "Province"))
		self.validate_parent_type()

	def validate_parent_type(self):
		expected = ALLOWED_PARENT_TYPE[self.region_type]
		parent_type = self.parent_region and frappe.db.get_value("Region", self.parent_region, "region_type")
		if (parent_type or None) != expected:
			frappe.throw(
				_("A region of type {0} must sit under a region of type {1}.").format(
					_(self.region_type), _(expected) if expected else _("none (it is the root)")
				),
				title=_("Invalid parent region"),
			)

	@property
	def level(self) -> str:
		return REGION_TYPE_LEVEL[self.region_type]
