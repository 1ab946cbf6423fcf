"""Managed lists (agency types, sub task force functions, modus, service types, ...).

An entry with an empty region is national and every region sees it; a province adds entries for its own
region, which only its users see (region scoping does that). Regional entries are named
"<title> (<region code>)" so two provinces can each add an entry of the same title.
"""

import frappe
from frappe import _

from tppo_app.utils.document import TPPODocument


class ManagedList(TPPODocument):
	def autoname(self):
		title = (self.get(self.meta.title_field) or "").strip()
		if not title:
			frappe.throw(_("{0} is required.").format(_(self.meta.get_label(self.meta.title_field))))
		self.name = f"{title} ({self.region})" if self.region else title

	def validate(self):
		title_field = self.meta.title_field
		self.set(title_field, (self.get(title_field) or "").strip())
		if not self.is_new() and self.has_value_changed("region"):
			frappe.throw(
				_("The region of an entry cannot change; add a new entry instead."),
				title=_("Not permitted"),
			)


def ensure_managed_list(doctype: str, title_field: str, titles, extra=None):
	"""Inserts the national entries a site lacks (installers of each module call it)."""
	for i, title in enumerate(titles):
		if frappe.db.exists(doctype, title):
			continue
		doc = frappe.get_doc({"doctype": doctype, title_field: title, **(extra(i) if extra else {})})
		doc.insert(ignore_permissions=True)
