"""Regional fields and form rules: a province adapts the forms of its own region, and no other's.

Storage. A regional value is a row of the `regional_values` child table (Regional Value) of the record, not a
column of the shared table: 38 provinces x 20 fields as columns would pass MariaDB's 65,535-byte row limit
(Frappe answers "Row size too large"), and every province would carry every other's columns. As child rows the
values stay first-class: they travel with the record through the form, the REST API (only to users who may
see the record), Report View columns and filters (Frappe joins child tables), export and Data Import,
amendments (child tables are copied) and backups. A number or date is also kept typed (`value_number`,
`value_date`) so that filters and report measures compare it as such; `regional_summary` shows the fields a
province marks "in list view" as one list column.

On Victim Service the regional values sit at permission level 1, like the service's notes: a province's own
field there may hold personal data, so only the region's case workers see it.

Which fields a record gets follows its region: the Regional Fields of its province (a regency/city record gets
its province's). A value for a field of another province is refused, so a client cannot plant one.
"""

import frappe
from frappe import _
from frappe.utils import getdate

from tppo_app.utils.document import NUMBER_TYPES

LAYOUT_TYPES = ("Section Break", "Column Break", "Tab Break")

ADAPTABLE_DOCTYPES = (
	"Progress Report",
	"Action Plan Item",
	"Task Force Member",
	"TPPO Case",
	"Victim Service",
	"Training",
)
SUMMARY_LIMIT = 140


class RegionalValueError(frappe.ValidationError):
	pass


class RegionalMandatoryError(frappe.MandatoryError):
	pass


def province_of(region: str | None) -> str | None:
	"""The province a region belongs to (itself for a province); None for the country or no region."""
	if not region:
		return None
	region_type, parent = frappe.db.get_value(
		"Region", region, ("region_type", "parent_region"), cache=True
	) or (None, None)
	if region_type == "Province":
		return region
	if region_type in ("Regency", "City"):
		return parent
	return None


def fields_for(doctype: str, region: str | None, enabled_only: bool = True) -> list[dict]:
	province = province_of(region)
	if not province:
		return []
	filters = {"document_type": doctype, "region": province, "promoted_to": ("is", "not set")}
	if enabled_only:
		filters["enabled"] = 1
	return frappe.get_all(
		"Regional Field",
		filters=filters,
		fields=[
			"name",
			"fieldname",
			"label",
			"label_id",
			"fieldtype",
			"options",
			"reqd",
			"default",
			"insert_after",
			"in_list_view",
			"applies_to_rows",
			"description",
			"description_id",
			"enabled",
		],
		order_by="creation asc",
	)


def rules_for(doctype: str, region: str | None) -> list[dict]:
	province = province_of(region)
	if not province:
		return []
	return frappe.get_all(
		"Regional Form Rule",
		filters={"document_type": doctype, "region": province, "enabled": 1},
		fields=["fieldname", "rule"],
	)


def label_of(field) -> str:
	"""The label in the user's language."""
	return (field.label_id if frappe.local.lang == "id" else field.label) or field.label


def coerce(field, raw) -> tuple[str | None, float | None, str | None]:
	"""(value as text, as number, as date) for a raw value, or RegionalValueError with a clear message."""
	if raw is None or (isinstance(raw, str) and not raw.strip()):
		return None, None, None
	text = str(raw).strip()
	try:
		if field.fieldtype in ("Int", "Check"):
			number = int(float(text))
			if field.fieldtype == "Check" and number not in (0, 1):
				raise ValueError
			return str(number), number, None
		if field.fieldtype in NUMBER_TYPES:
			number = float(text)
			return text, number, None
		if field.fieldtype == "Date":
			date = getdate(text)
			return str(date), None, str(date)
	except (ValueError, TypeError, frappe.ValidationError):
		frappe.throw(
			_("{0}: {1} is not a valid {2}.").format(
				frappe.bold(label_of(field)), frappe.bold(text), _(field.fieldtype)
			),
			RegionalValueError,
			title=_("Invalid value"),
		)
	if field.fieldtype == "Select":
		choices = [c.strip() for c in (field.options or "").split("\n") if c.strip()]
		if text not in choices:
			frappe.throw(
				_("{0}: {1} is not one of the choices ({2}).").format(
					frappe.bold(label_of(field)), frappe.bold(text), ", ".join(choices)
				),
				RegionalValueError,
				title=_("Invalid value"),
			)
	if field.fieldtype == "Link" and not frappe.db.exists(field.options, text):
		frappe.throw(
			_("{0}: {1} is not in the list {2}.").format(
				frappe.bold(label_of(field)), frappe.bold(text), _(field.options)
			),
			RegionalValueError,
			title=_("Invalid value"),
		)
	return text, None, None


def validate_regional_values(doc, method=None):
	"""doc_events validate of every adaptable doctype."""
	if not doc.meta.has_field("regional_values"):
		return
	fields = {f.name: f for f in fields_for(doc.doctype, doc.get("region"), enabled_only=False)}
	# Row-level values of a progress report are keyed by the row's plan item, which (unlike a new row's
	# name) is stable from the first keystroke.
	row_names = (
		{row.action_plan_item for row in doc.get("items") or []}
		if doc.doctype == "Progress Report"
		else set()
	)
	seen = set()
	for value in doc.regional_values:
		field = fields.get(value.regional_field)
		if not field:
			frappe.throw(
				_(
					"Row {0} of the regional fields: the field does not belong to this record's region."
				).format(value.idx),
				RegionalValueError,
				title=_("Not permitted"),
			)
		if field.applies_to_rows and value.row_name not in row_names:
			frappe.throw(_("{0}: the item row is missing.").format(label_of(field)), RegionalValueError)
		key = (field.name, value.row_name if field.applies_to_rows else None)
		if key in seen:
			frappe.throw(_("{0} is filled in twice.").format(label_of(field)), RegionalValueError)
		seen.add(key)
		value.fieldname = field.fieldname
		value.value, value.value_number, value.value_date = coerce(field, value.value)
	add_defaults(doc, fields, seen, row_names)
	check_mandatory(doc, fields, row_names)
	apply_form_rules(doc)
	doc.regional_summary = summary(doc, fields)


def add_defaults(doc, fields, seen, row_names):
	if not doc.is_new():
		return
	for field in fields.values():
		if not field.enabled or not field.default or field.fieldtype == "Attach":
			continue
		targets = sorted(row_names) if field.applies_to_rows else [None]
		for row_name in targets:
			if (field.name, row_name) not in seen:
				text, number, date = coerce(field, field.default)
				doc.append(
					"regional_values",
					{
						"regional_field": field.name,
						"fieldname": field.fieldname,
						"row_name": row_name,
						"value": text,
						"value_number": number,
						"value_date": date,
					},
				)


def check_mandatory(doc, fields, row_names):
	filled = {
		(v.regional_field, v.row_name or None) for v in doc.regional_values if v.value not in (None, "")
	}
	missing = []
	for field in fields.values():
		# a field the province switched off is no longer asked for (the form no longer shows it)
		if not field.reqd or not field.enabled:
			continue
		if field.applies_to_rows:
			if any((field.name, row) not in filled for row in row_names):
				missing.append(label_of(field))
		elif (field.name, None) not in filled:
			missing.append(label_of(field))
	if missing:
		frappe.throw(
			_("Fill in the fields your province requires: {0}.").format(
				", ".join(frappe.bold(m) for m in missing)
			),
			RegionalMandatoryError,
			title=_("Missing values"),
		)


def apply_form_rules(doc):
	for rule in rules_for(doc.doctype, doc.get("region")):
		if rule.rule == "Make Mandatory" and doc.get(rule.fieldname) in (None, "", 0):
			frappe.throw(
				_("Fill in {0}: your province requires it.").format(
					frappe.bold(_(doc.meta.get_label(rule.fieldname)))
				),
				RegionalMandatoryError,
				title=_("Missing values"),
			)


def summary(doc, fields) -> str:
	"""The list column: stored once for every reader, so it uses the Indonesian label, whoever saved."""
	parts = []
	for value in doc.regional_values:
		field = fields.get(value.regional_field)
		if field and field.in_list_view and not field.applies_to_rows and value.value not in (None, ""):
			parts.append(f"{field.label_id or field.label}: {value.value}")
	text = "; ".join(parts)
	return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"


@frappe.whitelist()
def get_form_adaptation(doctype: str, region: str | None = None) -> dict:
	"""What the form shows for a record of this region: its province's fields and form rules."""
	from tppo_app.regions import get_user_regions

	if doctype not in ADAPTABLE_DOCTYPES or not region:
		return {"fields": [], "rules": []}
	allowed = get_user_regions(doctype=doctype)
	if allowed is not None and region not in allowed:
		return {"fields": [], "rules": []}
	fields = fields_for(doctype, region)
	default = default_anchor(doctype)
	for field in fields:
		field.insert_after = anchor_of(doctype, field.insert_after) or default
	return {"fields": fields, "rules": rules_for(doctype, region)}


def default_anchor(doctype: str) -> str | None:
	"""Where a regional field without "Show After Field" goes: after the last field of the form's first section
	(the form and the Adapt page's preview both place it there)."""
	last = None
	for index, df in enumerate(frappe.get_meta(doctype).fields):
		if df.fieldtype in ("Section Break", "Tab Break") and index:
			break
		if df.fieldtype not in LAYOUT_TYPES and df.fieldname not in ("regional_values", "regional_summary"):
			last = df.fieldname
	return last


def anchor_of(doctype: str, value: str | None) -> str | None:
	"""The field a regional field follows, from its field name or its label as the user sees it (English or
	the user's language, any case); None when the form has no such field."""
	value = (value or "").strip()
	if not value:
		return None
	meta = frappe.get_meta(doctype)
	if meta.has_field(value):
		return value
	wanted = value.casefold()
	for df in meta.fields:
		if df.fieldtype in LAYOUT_TYPES or not df.label:
			continue
		if wanted in (df.label.casefold(), _(df.label).casefold()):
			return df.fieldname
	return None


@frappe.whitelist()
def promote_to_national(regional_field: str) -> str:
	"""Turns a province's field into a national Custom Field of the form, with every value it holds.

	National admins only. The regional field stays, disabled and marked as promoted, so nothing is lost.
	"""
	from frappe.custom.doctype.custom_field.custom_field import create_custom_field

	from tppo_app.permissions import require_roles

	require_roles("System Manager", "TPPO National Admin")
	field = frappe.get_doc("Regional Field", regional_field)
	if field.promoted_to:
		return field.promoted_to
	fieldname = "custom_" + frappe.scrub(field.label)
	if frappe.get_meta(field.document_type).has_field(fieldname):
		frappe.throw(_("{0} already has a field named {1}.").format(_(field.document_type), fieldname))
	create_custom_field(
		field.document_type,
		{
			"fieldname": fieldname,
			"label": field.label,
			"fieldtype": field.fieldtype,
			"options": field.options,
			"description": field.description,
			"insert_after": field.insert_after,
			"in_list_view": field.in_list_view,
		},
		is_system_generated=False,
	)
	value = frappe.qb.DocType("Regional Value")
	table = frappe.qb.DocType(field.document_type)
	stored = (
		"value_number"
		if field.fieldtype in NUMBER_TYPES
		else "value_date"
		if field.fieldtype == "Date"
		else "value"
	)
	rows = (
		frappe.qb.from_(value)
		.select(value.parent, value[stored])
		.where((value.regional_field == field.name) & (value.parenttype == field.document_type))
		.where(value.row_name.isnull() | (value.row_name == ""))
		.run()
	)
	for parent, stored_value in rows:
		frappe.qb.update(table).set(table[fieldname], stored_value).where(table.name == parent).run()
	field.db_set({"promoted_to": fieldname, "enabled": 0})
	return fieldname


def template_field_options(doctype: str = "Progress Report") -> list[dict]:
	"""Regional fields a report template of the current user may use: their provinces' fields (national users:
	every province's, named with its province)."""
	from tppo_app.regions import get_user_regions

	filters = {"document_type": doctype, "enabled": 1, "promoted_to": ("is", "not set")}
	allowed = get_user_regions()
	if allowed is not None:
		filters["region"] = ("in", list({province_of(r) for r in allowed} - {None}))
	fields = frappe.get_all(
		"Regional Field", filters=filters, fields=["fieldname", "label", "label_id", "fieldtype", "region"]
	)
	for field in fields:
		field.province = frappe.db.get_value("Region", field.region, "region_name", cache=True)
	return fields


def regional_field_meta(fieldname: str):
	"""A docfield-like view of a regional field (label, fieldtype), or None."""
	field = frappe.db.get_value(
		"Regional Field",
		{"fieldname": fieldname},
		["fieldname", "label", "label_id", "fieldtype"],
		as_dict=True,
	)
	if field:
		field.label = label_of(field)
	return field
