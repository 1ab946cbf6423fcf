"""Request hooks, only where Frappe offers no other way, written as allow-lists."""

import frappe

# Link search runs with ignore_permissions when the client sends ignore_user_permissions (a Link field that
# ignores User Permissions): no scope, no permission query. That is honoured only for these public lookups;
# for every other doctype the search applies the user's scope as any list does.
PUBLIC_LOOKUPS = frozenset(
	(
		"Region",
		"Country",
		"Currency",
		"Language",
		"DocType",
		"Role",
		"Module Def",
		"Print Format",
		"Letter Head",
		"Gender",
		"Salutation",
	)
)
SEARCH_METHODS = ("frappe.desk.search.search_link", "frappe.desk.search.search_widget")


def restrict_search_requests() -> None:
	"""auth_hooks: ignore_user_permissions is dropped from link searches of anything but PUBLIC_LOOKUPS."""
	request = getattr(frappe.local, "request", None)
	params = frappe.local.form_dict
	if not request or not params or not params.get("ignore_user_permissions"):
		return
	path = request.path or ""
	method = path.rsplit("/", 1)[-1] if "/method/" in path else params.get("cmd")
	if method in SEARCH_METHODS and params.get("doctype") not in PUBLIC_LOOKUPS:
		params["ignore_user_permissions"] = 0
