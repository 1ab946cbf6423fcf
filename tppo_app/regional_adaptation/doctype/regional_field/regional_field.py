# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import re

import frappe
from frappe import _

from tppo_app.regional_adaptation.regional_fields import anchor_of, coerce
from tppo_app.utils.document import TPPODocument

# Managed lists a regional Link field may point at.
LINKABLE = (
	"Agency",
	"Agency Type",
	"Sub Task Force Function",
	"Action Plan Cluster",
	"Trafficking Modus",
	"Exploitation Form",
	"Victim Service Type",
	"Training Topic",
	"Meeting Type",
)


FIELDNAME = re.compile(r"^r\d+_[a-z0-9_]+$")


class RegionalFieldError(frappe.ValidationError):
	pass


class RegionalField(TPPODocument):
	def validate(self):
		self.label, self.label_id = (self.label or "").strip(), (self.label_id or "").strip()
		self.validate_region()
		self.set_fieldname()
		self.validate_type()
		self.validate_position()
		if self.default:
			coerce(self, self.default)
		self.applies_to_rows = int(bool(self.applies_to_rows) and self.document_type == "Progress Report")
		self.validate_unchanged_once_used()

	def validate_region(self):
		if frappe.db.get_value("Region", self.region, "region_type") != "Province":
			frappe.throw(
				_("Regional fields belong to a province: they apply to it and its regencies and cities."),
				RegionalFieldError,
				title=_("Choose a province"),
			)

	def set_fieldname(self):
		"""The server names the field (r<province code>_<label>) and the name never changes: a client-chosen
		name could shadow a report column such as achievement or region."""
		before = self.get_doc_before_save()
		if before:
			self.fieldname = before.fieldname
			return
		code = self.region.replace(".", "")
		self.fieldname = re.sub(r"[^a-z0-9_]", "", f"r{code}_{frappe.scrub(self.label)}")[:60]
		if not FIELDNAME.match(self.fieldname):
			frappe.throw(_("Give the field a label with letters or digits."), RegionalFieldError)

	def validate_type(self):
		if self.fieldtype == "Select" and not [c for c in (self.options or "").split("\n") if c.strip()]:
			frappe.throw(_("A Select field needs its choices in Options, one per line."), RegionalFieldError)
		if self.fieldtype == "Link" and self.options not in LINKABLE:
			frappe.throw(
				_("A Link field points at one of these lists: {0}.").format(
					", ".join(_(d) for d in LINKABLE)
				),
				RegionalFieldError,
			)
		if self.fieldtype not in ("Select", "Link"):
			self.options = None

	def validate_position(self):
		"""Field name or label (as the user reads it) of the field to follow; stored as the field name."""
		if not (self.insert_after or "").strip():
			self.insert_after = None
			return
		anchor = anchor_of(self.document_type, self.insert_after)
		if not anchor:
			frappe.throw(
				_("{0} has no field {1} to show this one after.").format(
					_(self.document_type), self.insert_after
				),
				RegionalFieldError,
			)
		self.insert_after = anchor

	def has_values(self) -> bool:
		return bool(frappe.db.exists("Regional Value", {"regional_field": self.name}))

	def validate_unchanged_once_used(self):
		if self.is_new() or not self.has_values():
			return
		for fieldname in ("document_type", "region", "fieldtype", "applies_to_rows"):
			if self.has_value_changed(fieldname):
				frappe.throw(
					_(
						"Records already hold values of this field, so its {0} cannot change. Disable it and add a new one."
					).format(_(self.meta.get_label(fieldname))),
					RegionalFieldError,
				)

	def on_trash(self):
		if self.has_values():
			frappe.throw(
				_(
					"Records hold values of {0}; disable it instead of deleting it, so that nothing is lost."
				).format(frappe.bold(self.label)),
				RegionalFieldError,
			)
