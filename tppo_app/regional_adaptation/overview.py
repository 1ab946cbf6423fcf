"""The "Adapt for my region" page: everything a province has adapted, a preview of each form as its users see
it, and the change log with revert."""

import frappe
from frappe import _
from frappe.model import no_value_fields

from tppo_app.permissions import require_roles
from tppo_app.regional_adaptation.adaptation_log import MANAGED_LISTS
from tppo_app.regional_adaptation.regional_fields import (
	ADAPTABLE_DOCTYPES,
	LAYOUT_TYPES,
	anchor_of,
	default_anchor,
	fields_for,
	label_of,
	province_of,
	rules_for,
)
from tppo_app.regions import get_default_region, get_user_regions


def resolve_region(region: str | None) -> str:
	"""The province the page shows: a regional admin's own; a national user's choice."""
	allowed = get_user_regions()
	if allowed is not None:
		own = province_of(get_default_region())
		if region and region != own:
			frappe.throw(_("You adapt your own province only."), frappe.PermissionError)
		region = own
	if not region or frappe.db.get_value("Region", region, "region_type") != "Province":
		frappe.throw(_("Choose a province."))
	return region


def with_labels(doctype: str, fields: list[dict], rules: list[dict]) -> dict:
	"""The page names fields by their labels in the user's language, not by their fieldnames."""
	meta = frappe.get_meta(doctype)
	regional = {f.fieldname: label_of(f) for f in fields}

	def label(fieldname: str | None) -> str:
		if not fieldname:
			return ""
		if fieldname in regional:
			return regional[fieldname]
		return _(meta.get_label(fieldname), context=doctype) if meta.has_field(fieldname) else fieldname

	for field in fields:
		field.insert_after_label = label(field.insert_after)
	for rule in rules:
		rule.field_label = label(rule.fieldname)
	return {"fields": fields, "rules": rules}


@frappe.whitelist()
def get_overview(region: str | None = None) -> dict:
	require_roles("System Manager", "TPPO National Admin", "TPPO Provincial Admin")
	if not region and get_user_regions() is None:
		return {"needs_region": 1}
	region = resolve_region(region)
	existing = set(
		frappe.get_all(
			"DocType", filters={"name": ("in", [*ADAPTABLE_DOCTYPES, *MANAGED_LISTS])}, pluck="name"
		)
	)
	chain = frappe.db.get_value(
		"Approval Chain", {"region": region}, ["name", "version", "enabled"], as_dict=True
	)
	templates = (
		frappe.get_all("RAN Report Template", filters={"region": region}, fields=["name", "title"])
		if "RAN Report Template"
		in frappe.get_all("DocType", filters={"name": "RAN Report Template"}, pluck="name")
		else []
	)
	return {
		"region": region,
		"region_name": frappe.db.get_value("Region", region, "region_name"),
		"forms": [
			{
				"doctype": doctype,
				"label": _(doctype),
				**with_labels(
					doctype, fields_for(doctype, region, enabled_only=False), rules_for(doctype, region)
				),
			}
			for doctype in ADAPTABLE_DOCTYPES
			if doctype in existing
		],
		"chain": {
			**(chain or {}),
			"levels": frappe.get_all(
				"Approval Chain Level",
				filters={"parent": chain.name, "parenttype": "Approval Chain"},
				fields=[
					"level_name",
					"approver_type",
					"role",
					"task_force_role",
					"member",
					"user",
					"deadline_days",
				],
				order_by="idx",
			)
			if chain
			else [],
		},
		"list_entries": [
			{
				"doctype": doctype,
				"label": _(doctype),
				"entries": frappe.get_all(doctype, filters={"region": region}, pluck="name"),
			}
			for doctype in MANAGED_LISTS
			if doctype in existing
		],
		"templates": templates,
		"log": frappe.get_all(
			"Adaptation Log",
			filters={"region": region},
			fields=[
				"name",
				"reference_doctype",
				"reference_name",
				"action",
				"changed_by",
				"changed_on",
				"summary",
				"reverted_by_log",
			],
			order_by="creation desc",
			limit=50,
		),
	}


@frappe.whitelist()
def get_form_preview(doctype: str, region: str | None = None) -> list[dict]:
	"""The fields of a form as users of the province see it: standard fields under the province's rules,
	with its regional fields in their places."""
	require_roles("System Manager", "TPPO National Admin", "TPPO Provincial Admin")
	region = resolve_region(region)
	if doctype not in ADAPTABLE_DOCTYPES:
		frappe.throw(_("{0} is not a form regions adapt.").format(doctype))
	rules = {r.fieldname: r.rule for r in rules_for(doctype, region)}
	regional = fields_for(doctype, region)
	after: dict[str, list] = {}
	default = default_anchor(doctype)
	for field in regional:
		if not field.applies_to_rows:
			after.setdefault(anchor_of(doctype, field.insert_after) or default, []).append(field)

	def regional_df(field):
		label = label_of(field)
		return {
			"fieldname": field.fieldname,
			"fieldtype": field.fieldtype,
			"label": label,
			"options": field.options,
			"reqd": field.reqd,
			"description": _("Regional field of your province"),
		}

	preview = []
	for df in frappe.get_meta(doctype).fields:
		if (
			df.hidden
			or rules.get(df.fieldname) == "Hide"
			or df.fieldname in ("regional_values", "regional_summary")
			or (df.fieldtype in no_value_fields and df.fieldtype not in LAYOUT_TYPES)
		):
			# a field placed after a hidden one still shows, where the form shows it
			preview.extend(regional_df(f) for f in after.get(df.fieldname, []))
			continue
		if df.fieldtype in ("Table", "Table MultiSelect"):
			preview.append(
				{
					"fieldtype": "HTML",
					"fieldname": df.fieldname,
					"options": f"<p class='text-muted'>{_(df.label)}: {_('table')}</p>",
				}
			)
		else:
			preview.append(
				{
					"fieldname": df.fieldname,
					"fieldtype": "Data" if df.fieldtype in ("Link", "Dynamic Link") else df.fieldtype,
					"label": _(df.label) if df.label else "",
					"options": df.options if df.fieldtype == "Select" else None,
					"reqd": 1 if df.reqd or rules.get(df.fieldname) == "Make Mandatory" else 0,
					"read_only": df.read_only,
				}
			)
		preview.extend(regional_df(f) for f in after.get(df.fieldname, []))
	return preview
