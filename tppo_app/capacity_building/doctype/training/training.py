# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from tppo_app.capacity_building import trainings


class Training(Document):
	def validate(self):
		trainings.validate_dates(self)
		trainings.validate_participants(self)
		trainings.set_totals(self)
