"""Every Frappe internal the app wraps or extends, checked against the running Frappe.

A Frappe upgrade that renames a wrapped function or drops a parameter the wrapper passes fails here, loudly,
after `bench migrate` (after_migrate), on the first request of every worker (before_request) and in a test,
instead of failing silently at request time.
"""

import inspect

import frappe

# dotted path -> the parameters the app passes or relies on
WRAPPED = {
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": (
		"chart_name",
		"chart",
		"no_cache",
		"filters",
		"from_date",
		"to_date",
		"timespan",
		"time_interval",
		"heatmap_year",
		"refresh",
	),
	"frappe.client.get_count": ("doctype", "filters"),
	"frappe.client.get_safe_filters": ("filters",),
	"frappe.handler.run_doc_method": ("method", "docs", "dt", "dn", "arg", "args"),
	"frappe.desk.form.load.getdoc": ("doctype", "name", "user"),
	"frappe.desk.search.get_link_title": ("doctype", "docname"),
	"frappe.client.validate_link": ("doctype", "docname", "fields"),
	"frappe.desk.like.toggle_like": ("doctype", "name", "add"),
	"frappe.desk.form.load.get_docinfo": ("doc", "doctype", "name"),
	"frappe.desk.form.load.get_communications": ("doctype", "name", "start", "limit"),
	"frappe.desk.search.search_link": (
		"doctype",
		"txt",
		"query",
		"filters",
		"page_length",
		"searchfield",
		"reference_doctype",
		"ignore_user_permissions",
	),
	"frappe.desk.search.search_widget": (
		"doctype",
		"txt",
		"query",
		"searchfield",
		"start",
		"page_length",
		"filters",
		"filter_fields",
		"as_dict",
		"reference_doctype",
		"ignore_user_permissions",
	),
	"frappe.desk.listview.get_group_by_count": ("doctype", "current_filters", "field"),
	"frappe.desk.form.linked_with.get_submitted_linked_docs": (
		"doctype",
		"name",
		"ignore_doctypes_on_cancel_all",
	),
	"frappe.desk.query_report.run": (
		"report_name",
		"filters",
		"user",
		"ignore_prepared_report",
		"custom_columns",
		"is_tree",
		"parent_field",
		"are_default_filters",
	),
	"frappe.sessions.clear_sessions": ("user", "keep_current", "force"),
	# tppo_app.overrides.fieldlevel re-runs this until it removes nothing more
	"frappe.model.db_query.DatabaseQuery.apply_fieldlevel_read_permissions": ("self",),
	# tppo_app.utils.reports: the timer this method starts is why reports catch their errors
	"frappe.core.doctype.report.report.Report.execute_script_report": ("self", "filters"),
	# tppo_app.utils.document.TPPODocument extends these
	"frappe.model.base_document.BaseDocument._init_child": ("self", "value", "key"),
	"frappe.model.base_document.BaseDocument.extend": ("self", "key", "value"),
	# ... and writes unchanged rows at once (update_child_table, which reads the document before the save), and
	# TPPOChildDocument checks a row's links when they changed
	"frappe.model.document.Document.update_child_table": ("self", "fieldname", "df"),
	"frappe.model.document.Document.get_doc_before_save": ("self",),
	"frappe.model.base_document.BaseDocument.get_invalid_links": ("self", "is_submittable"),
	"frappe.model.base_document.BaseDocument.get_valid_dict": (
		"self",
		"convert_dates_to_str",
		"ignore_nulls",
		"ignore_virtual",
	),
	# tppo_app.replica: Frappe's replica switch (its connection settings) and the victim access log on the primary
	"frappe.connect_replica": (),
	"frappe.write_only": (),
}


class OverrideMismatchError(Exception):
	pass


def mismatches() -> list[str]:
	problems = []
	for path, expected in WRAPPED.items():
		try:
			target = _resolve(path)
		except (ImportError, AttributeError) as error:
			problems.append(f"{path}: not found in this Frappe ({error})")
			continue
		parameters = set(inspect.signature(target).parameters)
		missing = [p for p in expected if p not in parameters]
		if missing:
			problems.append(f"{path}: no parameter {', '.join(missing)} in this Frappe")
	return problems


def _resolve(path: str):
	module_path, _, name = path.rpartition(".")
	try:
		return getattr(frappe.get_module(module_path), name)
	except ImportError:
		module_path, _, owner = module_path.rpartition(".")
		return getattr(getattr(frappe.get_module(module_path), owner), name)


def check_overrides() -> None:
	problems = mismatches()
	if problems:
		raise OverrideMismatchError(
			"tppo_app wraps Frappe internals that changed (see tppo_app/overrides/checks.py):\n- "
			+ "\n- ".join(problems)
		)


_checked = False


def check_once() -> None:
	"""before_request: once per worker process (v15 has no start-up hook)."""
	global _checked
	if not _checked:
		check_overrides()
		_checked = True
