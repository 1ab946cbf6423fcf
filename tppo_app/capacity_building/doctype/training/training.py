# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

from tppo_app.capacity_building import trainings
from tppo_app.utils.document import TPPODocument


class Training(TPPODocument):
	def validate(self):
		trainings.validate_dates(self)
		trainings.validate_participants(self)
		trainings.set_totals(self)
