"""Number-card methods of the Coordination workspace."""

import frappe

from tppo_app.coordination import rules


def my_open_action_names(user: str | None = None) -> list[str]:
	"""Open recommendations whose responsible person is the user, directly or through their task-force member
	record. frappe.get_list: the user's read permission and region scope apply."""
	user = user or frappe.session.user
	members = frappe.get_all("Task Force Member", filters={"user": user}, pluck="name")
	or_filters = {"responsible_user": user}
	if members:
		or_filters["responsible_member"] = ("in", members)
	return frappe.get_list(
		"Recommendation",
		filters={"status": ("in", rules.OPEN_STATUSES)},
		or_filters=or_filters,
		pluck="name",
		order_by="due_date asc",
	)


@frappe.whitelist()
def my_open_actions(filters: str | dict | None = None) -> dict:
	"""Number card "My Open Actions" (type Custom): the count, and the list of them on click."""
	names = my_open_action_names()
	return {
		"value": len(names),
		"fieldtype": "Int",
		"route": ["List", "Recommendation"],
		"route_options": {"name": ["in", names or [""]]},
	}
