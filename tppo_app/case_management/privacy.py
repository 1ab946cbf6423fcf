"""Victims' personal data: who sees it, closing the paths Frappe leaves open, and the access log.

Personal fields (full name, NIK, birth date, address, phone, village of origin; a service's notes) sit at
permlevel 1. Only TPPO Case Worker, TPPO National Admin and System Manager hold permlevel 1, and a case
worker's User Permission on the Region tree keeps them to the victims of their own region. What Frappe v15
already does with permlevel 1 (checked in its source):

- form (frappe.desk.form.load.getdoc), REST GET of one document (api/v1 and v2 read_doc) and
  frappe.client.get call `Document.apply_fieldlevel_read_permissions`, which drops the fields;
- frappe.get_list / reportview / REST lists / export_query / search_link go through
  `DatabaseQuery.apply_fieldlevel_read_permissions`, which drops permlevel-1 columns from the SELECT, even
  when asked for by name, through "*" or inside a function;
- the standard print format hides them (printview.is_visible).

What it leaves open, and what this module does about it:

1. Filters, sorting and grouping: DatabaseQuery drops the columns but still filters, orders and groups by
   them, so `filters=[["nik", "=", "73..."]]` tells a reviewer whether a victim with that NIK exists.
   `check_private_request` (an `auth_hooks` entry: it runs after Frappe has authenticated the request,
   API keys included) refuses such requests.
2. search_link with `ignore_user_permissions=1` runs get_list with ignore_permissions, which skips both
   region scoping and the field-level check: `searchfield=full_name` returned names to anyone who can read
   Victim. `search_victims` (a `standard_queries` entry) always applies permissions and never selects a
   personal field.
3. Versions: the form's docinfo returns Version rows unfiltered, and they carry old and new values of
   every changed field. `redact_version` records that a personal field changed, not its values (rows of a
   personal-level table included).
4. Global search indexes only fields marked in_global_search; none of these doctypes has one.
5. `DatabaseQuery.apply_fieldlevel_read_permissions` pops fields from the list it iterates, so of two
   restricted fields in a row the second came back (frappe.get_list in Python, calendar.get_events `fields`,
   search_widget `filter_fields`): see tppo_app.overrides.fieldlevel, installed before every request and job. For
   requests, `check_private_request` also drops personal fields from a `fields` parameter and refuses other
   parameters that name them (filter_fields, field_map, add_fields, fieldname, searchfield).

Every read of a victim record is logged (Victim Access Log): the form, REST and frappe.client.get all call
`apply_fieldlevel_read_permissions`, which the Victim controller extends to write the log; list, report
and export requests that return personal fields are logged by `check_private_request`.
"""

import json
import re

import frappe
from frappe import _
from frappe.model import no_value_fields
from frappe.utils import now_datetime

# DocTypes whose permlevel-1 fields hold victims' personal data.
PRIVATE_DOCTYPES = ("Victim", "Victim Service")
REDACTED = "•••"

# Request parameters that name fields to filter, sort or group by.
FILTER_PARAMS = ("filters", "or_filters", "current_filters", "filters_json", "dynamic_filters_json")
EXPRESSION_PARAMS = (
	"order_by",
	"sort_by",
	"group_by",
	"field",
	"aggregate_on_field",
	"group_by_based_on",
	"aggregate_function_based_on",
	"based_on",
	"value_based_on",
)
# Request parameters that name fields to return; `fields` is filtered, the others refused.
FIELD_PARAMS = ("filter_fields", "field_map", "add_fields", "fieldname", "searchfield")
# Whitelisted methods that return rows of a doctype named in the `doctype` parameter.
LIST_METHODS = {
	"frappe.client.get_list": "List or Report",
	"frappe.client.get_value": "List or Report",
	"frappe.desk.reportview.get": "List or Report",
	"frappe.desk.reportview.get_list": "List or Report",
	"frappe.desk.reportview.export_query": "Export",
}
# REST lists (v1 and v2) and v2's count: the doctype is in the path, the query in the parameters.
_REST_LIST = re.compile(
	r"^/api/(?:v1/)?resource/([^/]+)/?$|^/api/v2/document/([^/]+)/?$|^/api/v2/doctype/([^/]+)/count/?$"
)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_API_METHOD = re.compile(r"^/api/(?:v[12]/)?method/(.+?)/?$")


class PersonalDataFilterError(frappe.PermissionError):
	pass


def personal_fields(doctype: str) -> set[str]:
	"""The fields of a doctype above permlevel 0 (its personal data); of a victim or a service, also the cached
	comments (`_comments`), which Frappe lists beside any field."""
	fields = {
		df.fieldname.lower()
		for df in frappe.get_meta(doctype).fields
		if df.permlevel and df.fieldtype not in no_value_fields
	}
	if doctype in PRIVATE_DOCTYPES:
		fields.add("_comments")
	return fields


def personal_tables(doctype: str) -> set[str]:
	"""The child doctypes of a doctype's tables kept at personal-data level (Victim Service's Regional Value)."""
	return {df.options for df in frappe.get_meta(doctype).get_table_fields() if df.permlevel}


def private_links(doctype: str) -> set[str]:
	"""The private doctypes a doctype reaches through a Link (Victim Service → Victim, TPPO Case Victim →
	Victim), directly or through its tables: a query of it can join their columns (`victim.full_name`)."""
	if not doctype or not isinstance(doctype, str) or not frappe.db.exists("DocType", doctype, cache=True):
		return set()
	meta = frappe.get_meta(doctype)
	found = {df.options for df in meta.get_link_fields() if df.options in PRIVATE_DOCTYPES}
	for table in meta.get_table_fields():
		found |= {
			df.options
			for df in frappe.get_meta(table.options).get_link_fields()
			if df.options in PRIVATE_DOCTYPES
		}
	return found - {doctype}


def can_read_personal_data(doctype: str = "Victim", user: str | None = None) -> bool:
	"""Whether the user's roles read permlevel 1 of the doctype. Region scoping comes on top: a case worker
	reads the personal data of their own region's victims only."""
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	return 1 in frappe.get_meta(doctype).get_permlevel_access("read", user=user)


# ---- access log -----------------------------------------------------------------------------------------


def log_victim_read(doc, via: str, detail: str | None = None) -> None:
	"""Writes a Victim Access Log entry for one victim read by the session user."""
	write_access_log(
		victim=doc.name,
		victim_region=doc.get("region"),
		via=via,
		shown=can_read_personal_data(doc.doctype),
		detail=detail,
	)


@frappe.write_only()
def write_access_log(
	victim: str | None, victim_region: str | None, via: str, shown: bool, detail: str | None = None
) -> None:
	"""On the primary even inside a read-only call that runs on a replica (tppo_app.replica)."""
	log = frappe.get_doc(
		doctype="Victim Access Log",
		accessed_on=now_datetime(),
		user=frappe.session.user,
		victim=victim,
		victim_region=victim_region,
		access_via=via,
		personal_fields_shown=int(bool(shown)),
		ip_address=getattr(frappe.local, "request_ip", None),
		detail=detail,
	)
	if frappe.flags.read_only:
		log.deferred_insert()
		return
	log.insert(ignore_permissions=True)
	# Reads come as GET requests, which Frappe rolls back; as for View Log, ask for the commit.
	frappe.local.flags.commit = True


def read_via() -> str:
	"""How the current single-document read came: the form, or the API (REST or frappe.client.get)."""
	request = getattr(frappe.local, "request", None)
	path = getattr(request, "path", "") or ""
	if path.endswith("frappe.desk.form.load.getdoc") or frappe.local.form_dict.get("cmd") == (
		"frappe.desk.form.load.getdoc"
	):
		return "Form"
	return "API"


# ---- versions -------------------------------------------------------------------------------------------


def redact_version(version, method=None) -> None:
	"""doc_events["Version"]["before_insert"]: a version of a victim or a service keeps that a personal field
	changed, never its old and new values, including rows added, removed or changed in a table kept at
	personal-data level (a province's regional values on Victim Service). Frappe's own save_version writes the
	version; this only rewrites its data before it is stored."""
	if version.ref_doctype not in PRIVATE_DOCTYPES or not version.data:
		return
	meta = frappe.get_meta(version.ref_doctype)
	hidden = personal_fields(version.ref_doctype)
	hidden_tables = {df.fieldname for df in meta.get_table_fields() if df.permlevel}
	data = json.loads(version.data)
	data["changed"] = [
		[fieldname, REDACTED, REDACTED] if fieldname.lower() in hidden else [fieldname, old, new]
		for fieldname, old, new in data.get("changed") or []
	]
	for key in ("added", "removed"):
		data[key] = [
			[table, {"name": (row or {}).get("name"), "idx": (row or {}).get("idx")}]
			if table in hidden_tables
			else [table, row]
			for table, row in data.get(key) or []
		]
	data["row_changed"] = [
		[table, idx, name, [[f, REDACTED, REDACTED] for f, _old, _new in changes]]
		if table in hidden_tables
		else [table, idx, name, changes]
		for table, idx, name, changes in data.get("row_changed") or []
	]
	version.data = frappe.as_json(data, indent=None, separators=(",", ":"))


# ---- requests -------------------------------------------------------------------------------------------


def check_private_request() -> None:
	"""auth_hooks: refuses list queries that filter, sort or group victims by personal fields the user cannot
	read, and logs list/report/export reads that return personal fields.

	Runs on every request once Frappe has set the user (session cookie, API key or OAuth), before the method.
	"""
	request = getattr(frappe.local, "request", None)
	session = getattr(frappe.local, "session", None)
	if not request or not session or session.get("user") in (None, "", "Guest"):
		return
	params = frappe.local.form_dict or {}
	path = request.path or ""
	refuse_private_exports(path, params)
	for doctype, values, joined in requested_queries(path, params):
		fields = personal_fields(doctype)
		if not fields or can_read_personal_data(doctype):
			continue
		used = referenced_fields(values) | named_fields(values) | mentioned_fields(params, values)
		if joined:
			# Reached through a link: its columns can only come in through the field list, in any form
			# (`victim.full_name`, a function over the joined table). The queried doctype's own cached comments
			# are not the linked record's.
			used = (used | joined_fields(params.get("fields"))) - {"_comments"}
			used |= {"_comments"} if _links_comments(params.get("fields")) else set()
		used &= fields
		if used:
			frappe.throw(
				_(
					"{0} cannot be filtered, sorted, grouped or searched by fields you cannot see: {1}."
				).format(
					_(doctype), ", ".join(sorted(_(frappe.get_meta(doctype).get_label(f)) for f in used))
				),
				PersonalDataFilterError,
				title=_("Not permitted"),
			)
		if not joined:
			drop_personal_fields(values, fields, personal_tables(doctype))
	log_list_read(path, params)


# Methods that export whole records, child rows included, with their own queries.
EXPORT_METHODS = (
	"frappe.core.doctype.data_export.exporter.export_data",
	"frappe.core.doctype.data_import.data_import.download_template",
)


def refuse_private_exports(path: str, params: dict) -> None:
	"""Exporting victims or services with Data Export or an import template is for users who read personal data;
	everyone else exports from the report view, without personal fields."""
	method = called_method(path, params)
	doctype = params.get("doctype")
	if method in EXPORT_METHODS and doctype in PRIVATE_DOCTYPES and not can_read_personal_data(doctype):
		frappe.throw(
			_("{0} are exported from the report view, without personal fields.").format(_(doctype)),
			PersonalDataFilterError,
			title=_("Not permitted"),
		)


def joined_fields(value) -> set[str]:
	return {name for item in _as_list(value) if isinstance(item, str) for name in _fieldnames_in(item)}


def _links_comments(value) -> bool:
	"""A field list that asks for the comments of a linked record (`victim._comments`, `tabVictim_1`._comments)."""
	return any(
		isinstance(item, str)
		and "_comments" in item.lower()
		and (("." in item and "`tab" not in item) or "_1`" in item)
		for item in _as_list(value)
	)


def called_method(path: str, params: dict) -> str | None:
	"""The whitelisted method a request calls: its path's first segment after /method/ (as Frappe routes it), or
	the form's cmd."""
	called = _API_METHOD.match(path)
	return called.group(1).split("/")[0] if called else params.get("cmd")


def _as_list(value) -> list:
	value = _parse(value)
	if isinstance(value, str):
		return [value]
	return value if isinstance(value, list) else []


def requested_queries(path: str, params: dict) -> list[tuple[str, dict, bool]]:
	"""(private doctype, parameters, reached through a link) of each private doctype the request queries."""
	queries = []
	match = _REST_LIST.match(path)
	if match:
		queries.append((_unquote(next(g for g in match.groups() if g)), params))
	for key in ("doctype", "document_type", "reference_doctype"):
		value = params.get(key)
		if isinstance(value, str):
			queries.append((value, params))
	for key in ("doc", "chart", "card"):
		value = _parse(params.get(key))
		if isinstance(value, dict) and isinstance(value.get("document_type"), str):
			# a number card or chart: its own filters and the request's (`filters` beside `doc`) both count
			queries.append((value["document_type"], {**params, **value}))
	for key, doctype in (("chart_name", "Dashboard Chart"), ("card_name", "Number Card")):
		saved = params.get(key)
		if isinstance(saved, str) and saved:
			document_type = frappe.db.get_value(doctype, saved, "document_type")
			if document_type:
				queries.append((document_type, params))
	found = [(doctype, values, False) for doctype, values in queries if doctype in PRIVATE_DOCTYPES]
	for doctype, values in queries:
		found += [(private, values, True) for private in private_links(doctype)]
	return found


# Parameters that may carry text a person typed or names of this request itself, not field references.
FREE_PARAMS = ("fields", "cmd", "txt", "doctype", "document_type", "reference_doctype", "name", "docname")


def mentioned_fields(params: dict, values: dict) -> set[str]:
	"""Every identifier anywhere in the request's other parameters (keys and values, JSON parsed), so that a
	parameter nobody listed (a sort field, an export filter, a card's filters) cannot ask about a personal field:
	a request about a private doctype that names one is refused (fail closed)."""
	names: set[str] = set()

	def walk(value):
		value = _parse(value)
		if isinstance(value, dict):
			for key, item in value.items():
				names.update(_fieldnames_in(key))
				walk(item)
		elif isinstance(value, list | tuple):
			for item in value:
				walk(item)
		elif isinstance(value, str):
			names.update(_fieldnames_in(value))

	for source in (params, values):
		for key, value in (source or {}).items():
			if key in FREE_PARAMS:
				continue
			walk(value)
	return names


def referenced_fields(params: dict) -> set[str]:
	"""Fieldnames a request filters, sorts or groups by."""
	names = set()
	for key in FILTER_PARAMS:
		names |= _filter_fields(_parse(params.get(key)))
	for key in EXPRESSION_PARAMS:
		value = params.get(key)
		if isinstance(value, str):
			names |= _fieldnames_in(value)
		elif isinstance(value, list | tuple):
			for item in value:
				names |= _fieldnames_in(item)
	return names


def named_fields(params: dict) -> set[str]:
	"""Fieldnames named by parameters other than `fields` that choose what a query returns or searches."""
	names = set()
	for key in FIELD_PARAMS:
		value = _parse(params.get(key))
		if isinstance(value, dict):
			value = list(value.values())
		if isinstance(value, str):
			value = [value]
		if not isinstance(value, list):
			value = []  # a number or anything else names no field
		for item in value:
			names |= _fieldnames_in(item)
	return names


def drop_personal_fields(params: dict, fields: set[str], tables: set[str] = frozenset()) -> None:
	"""Removes personal fields (and columns of personal-level tables) from the request's `fields` parameter, as
	Frappe's list endpoints do, for the endpoints that do not (their field lists go straight to the query)."""
	value = params.get("fields")
	requested = _parse(value)
	if isinstance(requested, str):
		requested = [f.strip() for f in requested.split(",")]
	if not isinstance(requested, list):
		return
	hidden_tables = {f"tab{t}".lower() for t in tables}
	kept = [
		f
		for f in requested
		if not (
			isinstance(f, str) and (_fieldnames_in(f) & fields or any(t in f.lower() for t in hidden_tables))
		)
	]
	if len(kept) != len(requested):
		params["fields"] = json.dumps(kept) if isinstance(value, str) else kept


def _filter_fields(filters) -> set[str]:
	names = set()
	if isinstance(filters, dict):
		for key in filters:
			names |= _fieldnames_in(key)
	elif isinstance(filters, list | tuple):
		for condition in filters:
			if isinstance(condition, list | tuple) and condition:
				# [fieldname, operator, value] or [doctype, fieldname, operator, value(, hidden)]
				names |= _fieldnames_in(condition[1] if len(condition) >= 4 else condition[0])
			elif isinstance(condition, dict):
				names |= _filter_fields(condition)
	return names


def _fieldnames_in(value) -> set[str]:
	"""`full_name`, `tabVictim`.`full_name`, victim.full_name, FULL_NAME and replace(name, name, NIK) all name
	the fields they mention, lower-cased: MariaDB column names are not case-sensitive."""
	if not isinstance(value, str):
		return set()
	return {part.lower() for part in _IDENTIFIER.findall(value) if not part.lower().startswith("tab")}


def _parse(value):
	if isinstance(value, str):
		try:
			return json.loads(value)
		except ValueError:
			return value
	return value


def _unquote(value: str) -> str:
	from urllib.parse import unquote

	return unquote(value)


def log_list_read(path: str, params: dict) -> None:
	"""Logs a list, report or export request that asks a private doctype's personal fields of a user who
	may read them (one entry per request: which fields, which filters)."""
	match = _REST_LIST.match(path)
	method = called_method(path, params)
	if match:
		doctype, via = _unquote(next(g for g in match.groups() if g)), "API"
	elif method in LIST_METHODS:
		doctype, via = params.get("doctype"), LIST_METHODS[method]
	else:
		return
	if doctype != "Victim" or not can_read_personal_data(doctype):
		return
	requested = _parse(params.get("fields") or params.get("fieldname")) or []
	if isinstance(requested, str):
		requested = [requested]
	fields = personal_fields(doctype)
	wanted = set()
	for item in requested if isinstance(requested, list) else []:
		if isinstance(item, str):
			wanted |= set(_IDENTIFIER.findall(item)) & fields if "*" not in item else fields
	if not wanted:
		return
	filters = params.get("filters")
	write_access_log(
		victim=None,
		victim_region=None,
		via=via,
		shown=True,
		detail=_("Fields: {0}. Filters: {1}").format(
			", ".join(sorted(wanted)), filters if isinstance(filters, str) else json.dumps(filters or [])
		)[:1000],
	)


# ---- link search ----------------------------------------------------------------------------------------


@frappe.whitelist()
def search_victims(
	doctype: str,
	txt: str,
	searchfield: str | None = None,
	start: int = 0,
	page_len: int = 20,
	filters: dict | list | str | None = None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
):
	"""standard_queries["Victim"]: link search by code and non-identifying fields, always with the user's
	permissions (Frappe's own search skips them when the client sends ignore_user_permissions)."""
	if isinstance(filters, str):
		filters = _parse(filters)
	used = _filter_fields(filters) & personal_fields("Victim")
	if used and not can_read_personal_data("Victim"):
		frappe.throw(_("Victims cannot be searched by personal fields."), PersonalDataFilterError)
	victim = "Victim"
	or_filters = None
	if txt:
		or_filters = [
			[victim, fieldname, "like", f"%{txt}%"] for fieldname in ("name", "sex", "age_group", "region")
		]
	return frappe.get_list(
		victim,
		fields=["name", "sex", "age_group", "region"],
		filters=filters,
		or_filters=or_filters,
		limit_start=frappe.utils.cint(start),
		limit_page_length=frappe.utils.cint(page_len) or 20,
		order_by="identification_date desc, name desc",
		as_list=not as_dict,
		reference_doctype=reference_doctype,
	)
