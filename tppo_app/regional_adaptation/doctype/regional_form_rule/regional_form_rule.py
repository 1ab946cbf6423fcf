# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model import no_value_fields

from tppo_app.utils.document import TPPODocument

# Fields that drive scoping and approval: no region hides or changes them.
PROTECTED = {"region", "task_force", "workflow_state", "amended_from", "regional_values", "regional_summary"}


class RegionalFormRule(TPPODocument):
	def validate(self):
		if frappe.db.get_value("Region", self.region, "region_type") != "Province":
			frappe.throw(_("Form rules belong to a province."), title=_("Choose a province"))
		df = frappe.get_meta(self.document_type).get_field(self.fieldname)
		if not df or df.fieldtype in no_value_fields or self.fieldname in PROTECTED:
			frappe.throw(
				_("{0} is not a field of {1} that a region can adapt.").format(
					frappe.bold(self.fieldname), _(self.document_type)
				)
			)
		if self.rule == "Hide" and df.reqd:
			frappe.throw(
				_("{0} is required nationally, so a region cannot hide it.").format(frappe.bold(_(df.label)))
			)
