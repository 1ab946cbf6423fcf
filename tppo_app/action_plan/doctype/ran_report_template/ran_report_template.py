# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""Report templates composed in the browser, rendered by the `RAN Template Report` Script Report, and moved
between sites as JSON (`export_template` / `import_template`)."""

import json

import frappe
from frappe import _

from tppo_app.action_plan import report_template
from tppo_app.regions import get_user_regions
from tppo_app.utils.document import TPPODocument

EXPORT_FORMAT = "tppo_app/ran-report-template"
EXPORT_VERSION = 1

# What an export carries: the template's own fields, its tables' columns, and the titles that find its
# action plan and agency again on another site (their ids differ between sites).
FIELDS = (
	"title",
	"region",
	"action_plan",
	"include_adopting_plans",
	"description",
	"filter_cluster",
	"filter_region",
	"filter_agency",
	"filter_year",
	"filter_period_label",
	"include_unapproved",
	"chart_type",
	"chart_measure",
)
TABLES = {
	"dimensions": ("dimension",),
	"measures": ("measure",),
	"conditions": ("fieldname", "operator", "value"),
}
REFERENCES = {
	"action_plan_title": ("action_plan", "Action Plan", "title"),
	"filter_agency_name": ("filter_agency", "Agency", "agency_name"),
}
HEADER = ("format", "version")


class TemplateImportError(frappe.ValidationError):
	pass


class RANReportTemplate(TPPODocument):
	def validate(self):
		self.title = (self.title or "").strip()
		report_template.validate_template(self)


@frappe.whitelist()
def get_field_options() -> dict:
	"""Dimensions and condition fields a template may use, custom fields included (for the form)."""
	return {
		"dimensions": report_template.dimension_options(),
		"condition_fields": report_template.condition_field_options(),
		"measures": [{"value": m, "label": _(m)} for m in report_template.MEASURES],
	}


@frappe.whitelist()
def export_template(name: str) -> str:
	"""The template as JSON, to import on another site (or again on this one)."""
	doc = frappe.get_doc("RAN Report Template", name)
	doc.check_permission("read")
	data = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION}
	for fieldname in FIELDS:
		value = doc.get(fieldname)
		data[fieldname] = None if value == "" else value
	for key, (fieldname, doctype, title_field) in REFERENCES.items():
		if doc.get(fieldname):
			data[key] = frappe.db.get_value(doctype, doc.get(fieldname), title_field)
	for table, columns in TABLES.items():
		data[table] = [{column: row.get(column) for column in columns} for row in doc.get(table)]
	return json.dumps(data, indent=1, ensure_ascii=False, default=str)


@frappe.whitelist()
def import_template(data: str) -> str:
	"""Creates a template from an export; returns its name. Anything unexpected is refused, nothing is saved."""
	frappe.has_permission("RAN Report Template", "create", throw=True)
	values = parse_export(data)
	allowed = get_user_regions(doctype="RAN Report Template")
	if allowed is not None and values.get("region") not in allowed:
		# Another region's (or a national) template becomes a template of the importing user's region.
		values["region"] = None
	doc = frappe.get_doc({"doctype": "RAN Report Template", **values})
	doc.insert()
	return doc.name


def parse_export(data: str) -> dict:
	"""The fields of a new template from export JSON; refuses anything but a well-formed export."""
	try:
		payload = json.loads(data) if isinstance(data, str) else data
	except ValueError as exc:
		_refuse(_("The text is not valid JSON ({0}).").format(exc))
	if not isinstance(payload, dict):
		_refuse(_("An exported report template is a JSON object; this is not."))
	if payload.get("format") != EXPORT_FORMAT:
		_refuse(
			_("This is not an exported report template: its format should be {0}.").format(
				frappe.bold(EXPORT_FORMAT)
			)
		)
	if not isinstance(payload.get("version"), int) or payload["version"] > EXPORT_VERSION:
		_refuse(
			_("Version {0} of the template format cannot be read here; this site reads version {1}.").format(
				payload.get("version"), EXPORT_VERSION
			)
		)
	unknown = sorted(set(payload) - {*HEADER, *FIELDS, *TABLES, *REFERENCES})
	if unknown:
		_refuse(
			_("Unknown fields in the template: {0}. A template has: {1}.").format(
				", ".join(frappe.bold(key) for key in unknown), ", ".join((*FIELDS, *TABLES))
			)
		)

	values = {}
	for fieldname in FIELDS:
		value = payload.get(fieldname)
		if value is not None and not isinstance(value, str | int | float):
			_refuse(_("{0} must be a text or a number.").format(frappe.bold(fieldname)))
		values[fieldname] = value
	if not isinstance(values.get("title"), str) or not values["title"].strip():
		_refuse(_("The template has no title."))

	for table, columns in TABLES.items():
		rows = payload.get(table) or []
		if not isinstance(rows, list):
			_refuse(_("{0} must be a list.").format(frappe.bold(table)))
		values[table] = []
		for index, row in enumerate(rows, start=1):
			if not isinstance(row, dict):
				_refuse(_("{0} row {1} must be an object.").format(frappe.bold(table), index))
			unknown = sorted(set(row) - set(columns))
			if unknown:
				_refuse(
					_("Unknown fields in {0} row {1}: {2}. A row has: {3}.").format(
						frappe.bold(table),
						index,
						", ".join(frappe.bold(key) for key in unknown),
						", ".join(columns),
					)
				)
			for column, value in row.items():
				if value is not None and not isinstance(value, str | int | float):
					_refuse(
						_("{0} row {1}: {2} must be a text or a number.").format(
							frappe.bold(table), index, frappe.bold(column)
						)
					)
			values[table].append({column: row.get(column) for column in columns})

	for key, (fieldname, doctype, title_field) in REFERENCES.items():
		values[fieldname] = _find(doctype, title_field, values.get(fieldname), payload.get(key))
	return values


def _find(doctype: str, title_field: str, name: str | None, title: str | None) -> str | None:
	"""The record an export names: by id when it exists here (with the same title), else by its title."""
	if not name and not title:
		return None
	if name and frappe.db.exists(doctype, name):
		if not title or frappe.db.get_value(doctype, name, title_field) == title:
			return name
	if title:
		matches = frappe.get_list(doctype, filters={title_field: title}, pluck="name", limit=2)
		if len(matches) == 1:
			return matches[0]
	_refuse(
		_("{0} {1} of the template does not exist on this site (or you cannot see it).").format(
			_(doctype), frappe.bold(title or name)
		)
	)


def _refuse(message: str) -> None:
	frappe.throw(message, TemplateImportError, title=_("Cannot import the template"))
