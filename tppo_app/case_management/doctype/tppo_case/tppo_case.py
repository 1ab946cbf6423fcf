# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

from tppo_app.case_management import cases
from tppo_app.utils.document import TPPODocument


class TPPOCase(TPPODocument):
	def validate(self):
		cases.validate_report_number(self)
		cases.validate_stages(self)
		cases.validate_verdict(self)
		cases.validate_restitution(self)
		cases.validate_places(self)
		cases.set_exploitation_form(self)
		cases.validate_people(self)
