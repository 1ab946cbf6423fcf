# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe

from tppo_app.case_management import privacy, services
from tppo_app.utils.document import TPPODocument


class VictimService(TPPODocument):
	def validate(self):
		services.validate_dates(self)
		services.validate_case(self)
		services.set_status(self)


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def cases_of_victim(
	doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: dict
) -> list[tuple]:
	"""Link search for a service's case: the cases that list the victim, with the user's permissions."""
	conditions = [["TPPO Case Victim", "victim", "=", (filters or {}).get("victim") or ""]]
	if txt:
		conditions.append(["TPPO Case", "police_report_number", "like", f"%{txt}%"])
	return frappe.get_list(
		"TPPO Case",
		filters=conditions,
		fields=["name", "police_report_number", "stage"],
		limit_start=start,
		limit_page_length=page_len,
		order_by="police_report_date desc",
		distinct=True,
		as_list=True,
	)
