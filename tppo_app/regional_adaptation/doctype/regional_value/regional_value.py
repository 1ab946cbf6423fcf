# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe

from tppo_app.utils.document import TPPOChildDocument


class RegionalValue(TPPOChildDocument):
	pass


def on_doctype_update():
	# A report template grouped by a regional field joins each progress row to its report's value of that
	# field: (parent, fieldname) finds it in one step, where the parent index alone reads all of the report's
	# values (20 a province at national scale) for every row.
	frappe.db.add_index("Regional Value", ["parent", "fieldname"])
