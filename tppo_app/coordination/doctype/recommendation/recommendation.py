# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe

from tppo_app.coordination import follow_up
from tppo_app.utils.document import TPPODocument


class Recommendation(TPPODocument):
	def before_validate(self):
		follow_up.set_responsible(self)  # the member's agency fills an empty agency before it is required
		super().before_validate()

	def validate(self):
		follow_up.validate_meeting(self)
		follow_up.validate_due_date(self)
		follow_up.set_responsible(self)
		follow_up.validate_responsible(self)
		follow_up.stamp_progress_updates(self)
		follow_up.validate_status(self)
		follow_up.set_computed(self)

	def on_update(self):
		follow_up.share_with_responsible(self)


def on_doctype_update():
	# The daily job and the reports select open recommendations by status and due date.
	frappe.db.add_index("Recommendation", ["status", "due_date"])
