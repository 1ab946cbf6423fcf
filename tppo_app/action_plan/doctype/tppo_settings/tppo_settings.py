# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _

from tppo_app.utils.document import TPPODocument


class TPPOSettings(TPPODocument):
	def validate(self):
		if (self.reminder_days or 0) < 0 or (self.evidence_max_size_mb or 0) <= 0:
			frappe.throw(_("Days and file sizes must be positive numbers."))
		self.evidence_extensions = ", ".join(
			ext.strip().lstrip(".").lower()
			for ext in (self.evidence_extensions or "").split(",")
			if ext.strip()
		)

	def allowed_extensions(self) -> set[str]:
		return {ext.strip() for ext in (self.evidence_extensions or "").split(",") if ext.strip()}
