"""Who prepares and who approves a task force's report.

- The secretariat prepares it (create, edit, compile): the task force's members whose role is Secretary and who
  are linked to a user, and the admins of its region (a provincial admin for the task forces of their province
  and its regencies/cities, a national admin for any). Region scope comes first, from tppo_app.access: a user
  who cannot write the report's region is refused before these checks.
- The task force's Chair or Daily Chair approves it (submits it), or the member the chair names on the report
  as its approval delegate; nobody else, national admins included.
"""

import frappe
from frappe import _

from tppo_app.regions import get_user_regions
from tppo_app.roles import NATIONAL_ADMIN, PROVINCIAL_ADMIN

SECRETARY = "Secretary"
CHAIRS = ("Chair", "Daily Chair")
MANAGING = (SECRETARY, *CHAIRS)


class NotSecretariatError(frappe.PermissionError):
	pass


class NotApproverError(frappe.PermissionError):
	pass


def member_roles(task_force: str, user: str) -> set[str]:
	"""The roles the user holds in the task force through their active memberships."""
	member = frappe.qb.DocType("Task Force Member")
	rows = (
		frappe.qb.from_(member)
		.select(member.task_force_role)
		.where((member.task_force == task_force) & (member.user == user) & (member.is_active == 1))
		.run()
	)
	return {r[0] for r in rows if r[0]}


def is_region_admin(task_force: str, user: str) -> bool:
	roles = set(frappe.get_roles(user))
	if NATIONAL_ADMIN in roles:
		return True
	if PROVINCIAL_ADMIN not in roles:
		return False
	allowed = get_user_regions(user, "Task Force Report")
	region = frappe.db.get_value("Task Force", task_force, "region")
	return allowed is not None and region in allowed


def is_secretariat(task_force: str, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	return is_region_admin(task_force, user) or SECRETARY in member_roles(task_force, user)


def check_secretariat(task_force: str) -> None:
	if not is_secretariat(task_force):
		frappe.throw(
			_(
				"Only the task force's secretariat (its Secretary and the region's admins) can prepare its report."
			),
			NotSecretariatError,
			title=_("Not permitted"),
		)


def is_chair(task_force: str, user: str | None = None) -> bool:
	return bool(set(CHAIRS) & member_roles(task_force, user or frappe.session.user))


def delegate_user(doc) -> str | None:
	"""The user of the approval delegate, when the delegate is an active member of the report's task force."""
	if not doc.approval_delegate:
		return None
	member = frappe.db.get_value(
		"Task Force Member", doc.approval_delegate, ["task_force", "user", "is_active"], as_dict=True
	)
	if not member or member.task_force != doc.task_force or not member.is_active:
		return None
	return member.user


def can_approve(doc, user: str | None = None) -> bool:
	user = user or frappe.session.user
	return is_chair(doc.task_force, user) or (delegate_user(doc) or "") == user


def check_approver(doc) -> None:
	if not can_approve(doc):
		frappe.throw(
			_(
				"Only the task force's Chair or Daily Chair, or the delegate the chair names on the report, can "
				"approve it."
			),
			NotApproverError,
			title=_("Not permitted"),
		)


def validate_delegate(doc) -> None:
	"""Only a chair names or changes the delegate, and the delegate is an active member with a user."""
	before = doc.get_doc_before_save()
	changed = (before.approval_delegate if before else None) != (doc.approval_delegate or None)
	if not changed:
		return
	if not is_chair(doc.task_force):
		frappe.throw(
			_("Only the task force's Chair or Daily Chair can name the approval delegate."),
			NotApproverError,
			title=_("Not permitted"),
		)
	if doc.approval_delegate and not delegate_user(doc):
		frappe.throw(
			_("The approval delegate must be an active member of this task force with a user account."),
			title=_("Invalid delegate"),
		)


def report_criterion(user: str, for_write: bool = False):
	"""A criterion for Task Force Report as a CUSTOM doctype of tppo_app.access (to be wired in classification.py):
	read as REGION_FIELD does (the report's region); write (save, attach, submit, cancel, amend) only for those who
	prepare or approve it: the region's admins, the task force's Secretary, Chair and Daily Chair, and the member
	named as approval delegate. Every TPPO role holds write on the doctype (a Secretary is often only a Viewer),
	so without it Frappe's paths that ask only for write (attach or remove a file, tags) are open to every user of
	the region."""
	from tppo_app.access.scoping import region_criterion

	read = region_criterion("Task Force Report", user)
	if not for_write or user == "Administrator":
		return read
	roles = set(frappe.get_roles(user))
	if roles & {NATIONAL_ADMIN, PROVINCIAL_ADMIN}:
		return read  # a provincial admin administers the regions they hold (is_region_admin)
	table = frappe.qb.DocType("Task Force Report")
	member = frappe.qb.DocType("Task Force Member")
	mine = (member.user == user) & (member.is_active == 1)
	runs = (
		frappe.qb.from_(member).select(member.task_force).where(mine & member.task_force_role.isin(MANAGING))
	)
	delegated = frappe.qb.from_(member).select(member.name).where(mine)
	write = table.task_force.isin(runs) | table.approval_delegate.isin(delegated)
	return write if read is None else read & write
