"""Agency contributions to a Task Force Report: the secretariat asks a member agency for a section with a due
date; the agency's members of the task force write it in the browser and submit it; reminders go out before the
due date; the secretariat sees who contributed and merges the submitted sections into the report.

Who sees a contribution (CUSTOM criterion of tppo_app.access): the national roles all; any other user only within
their regions, and there the region's provincial admins all, the task force's secretariat and chairs every
contribution of their task force, any other member only those asked of their own agency (a national viewer who
is a member of an agency included).
"""

from pypika.terms import Tuple

import frappe
from frappe import _
from frappe.utils import add_days, escape_html, getdate, now_datetime, today

from tppo_app.regions import NO_REGION, SCOPE_NATIONAL_ROLES, get_user_regions, nothing
from tppo_app.reporting import secretariat
from tppo_app.roles import PROVINCIAL_ADMIN

DOCTYPE = "Task Force Report Contribution"
REQUEST_FIELDS = ("task_force_report", "agency", "section_title", "request", "due_date")
MANAGING_ROLES = (secretariat.SECRETARY, *secretariat.CHAIRS)


def contribution_criterion(user: str, for_write: bool = False):
	"""National roles see every contribution; anyone else within their regions (the national grant: every region),
	a provincial admin all of them there, any other user those of the task forces they run (Secretary, Chair,
	Daily Chair) and those asked of the agency they sit for in that task force."""
	table = frappe.qb.DocType(DOCTYPE)
	roles = set(frappe.get_roles(user))
	if user == "Administrator" or roles & set(SCOPE_NATIONAL_ROLES):
		return None
	allowed = get_user_regions(user, DOCTYPE)
	if allowed == [NO_REGION]:
		return nothing(table)
	if PROVINCIAL_ADMIN in roles and allowed is not None:
		return table.region.isin(allowed)
	member = frappe.qb.DocType("Task Force Member")
	mine = (member.user == user) & (member.is_active == 1)
	managed = (
		frappe.qb.from_(member)
		.select(member.task_force)
		.where(mine & member.task_force_role.isin(MANAGING_ROLES))
	)
	# The agency the user sits for in that task force (not any agency of any of their memberships).
	seats = (
		frappe.qb.from_(member)
		.select(member.task_force, member.agency)
		.where(mine & member.agency.isnotnull())
	)
	criterion = table.task_force.isin(managed) | Tuple(table.task_force, table.agency).isin(seats)
	return criterion if allowed is None else table.region.isin(allowed) & criterion


def is_agency_member(doc, user: str | None = None) -> bool:
	"""An active member of the report's task force from the agency asked."""
	return bool(
		frappe.db.exists(
			"Task Force Member",
			{
				"task_force": doc.task_force,
				"agency": doc.agency,
				"user": user or frappe.session.user,
				"is_active": 1,
			},
		)
	)


def validate(doc) -> None:
	"""The request is the secretariat's; the content is the agency's (or the secretariat's); a merged contribution
	no longer changes; the report it belongs to is still a draft."""
	before = doc.get_doc_before_save()
	if not before:
		# Checked first: nothing below may answer about another task force's report.
		secretariat.check_secretariat(doc.task_force)
	report_status = frappe.db.get_value("Task Force Report", doc.task_force_report, "docstatus")
	if report_status != 0 and not doc.flags.merging:
		frappe.throw(_("Contributions are asked for and written while the report is a draft."))
	if before and before.status == "Merged" and not doc.flags.merging:
		frappe.throw(_("This contribution has been merged into the report and no longer changes."))
	request_changed = not before or any(
		(before.get(f) or None) != (doc.get(f) or None) for f in REQUEST_FIELDS
	)
	if request_changed:
		secretariat.check_secretariat(doc.task_force)
	if before and (before.content or "") != (doc.content or ""):
		if not (is_agency_member(doc) or secretariat.is_secretariat(doc.task_force)):
			frappe.throw(
				_(
					"Only the members of {0} in this task force, or its secretariat, write this contribution."
				).format(doc.agency),
				frappe.PermissionError,
				title=_("Not permitted"),
			)
	for field in ("status", "submitted_by", "submitted_on", "reminder_sent_on"):
		old = before.get(field) if before else frappe.get_meta(DOCTYPE).get_field(field).default
		if (old or None) != (doc.get(field) or None) and not doc.flags.status_change:
			frappe.throw(_("The status is set by Submit and Merge only."), frappe.PermissionError)
	if not before and getdate(doc.due_date) < getdate(today()):
		frappe.throw(_("The due date has passed; choose a later one."), title=_("Invalid due date"))


@frappe.whitelist(methods=["POST"])
def submit_contribution(name: str) -> None:
	"""The agency's member hands the contribution in."""
	doc = frappe.get_doc(DOCTYPE, name)
	doc.check_permission("write")
	if not is_agency_member(doc):
		frappe.throw(
			_("Only the members of {0} in this task force submit this contribution.").format(doc.agency),
			frappe.PermissionError,
			title=_("Not permitted"),
		)
	if doc.status != "Requested":
		frappe.throw(_("This contribution has already been submitted."))
	if not (doc.content or "").strip():
		frappe.throw(_("Write the contribution before submitting it."), title=_("Empty contribution"))
	doc.status = "Submitted"
	doc.submitted_by = frappe.session.user
	doc.submitted_on = now_datetime()
	doc.flags.status_change = True
	doc.save()


@frappe.whitelist(methods=["POST"])
def merge_contributions(report: str) -> int:
	"""The secretariat merges every submitted contribution into the report's agency sections; returns how many."""
	doc = frappe.get_doc("Task Force Report", report)
	doc.check_permission("write")
	secretariat.check_secretariat(doc.task_force)
	if doc.docstatus != 0:
		frappe.throw(_("An approved report no longer changes; amend it to change it."))
	names = frappe.get_all(
		DOCTYPE,
		filters={"task_force_report": report, "status": "Submitted"},
		order_by="section_title asc, agency asc",
		pluck="name",
	)
	parts = [doc.agency_sections or ""]
	for name in names:
		contribution = frappe.get_doc(DOCTYPE, name)
		agency = frappe.db.get_value("Agency", contribution.agency, "agency_name") or contribution.agency
		parts.append(
			f"<h3>{escape_html(contribution.section_title)} ({escape_html(agency)})</h3>{contribution.content}"
		)
		contribution.status = "Merged"
		contribution.flags.status_change = True
		contribution.flags.merging = True
		contribution.save(ignore_permissions=True)  # the secretariat was checked above
	if names:
		doc.agency_sections = "\n".join(p for p in parts if p)
		doc.flags.merging = True
		doc.save()
	return len(names)


def contributors(task_force: str, agency: str) -> list[str]:
	return frappe.get_all(
		"Task Force Member",
		filters={"task_force": task_force, "agency": agency, "is_active": 1, "user": ("is", "set")},
		pluck="user",
	)


def notify(users: list[str], name: str, subject: str, message: str) -> None:
	"""A system notification to each user (the bell), which Frappe also emails once an outgoing email account is
	set up; a site without one still records it."""
	if not users:
		return
	from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification

	enqueue_create_notification(
		users,
		{
			"type": "Alert",
			"document_type": DOCTYPE,
			"document_name": name,
			"subject": subject,
			"email_content": message,
			"from_user": frappe.session.user,
		},
	)


def send_due_reminders() -> int:
	"""Daily: a notification to the agency's members for each contribution still asked for whose due date is within
	TPPO Settings' reminder days; once per contribution. Returns how many contributions were reminded."""
	days = frappe.db.get_single_value("TPPO Settings", "reminder_days") or 7
	sent = 0
	for c in frappe.get_all(
		DOCTYPE,
		filters={
			"status": "Requested",
			"reminder_sent_on": ("is", "not set"),
			"due_date": ("between", [today(), add_days(today(), days)]),
		},
		fields=["name", "task_force", "agency", "section_title", "due_date", "task_force_report"],
	):
		notify(
			contributors(c.task_force, c.agency),
			c.name,
			_("Contribution due on {0}: {1}").format(c.due_date, c.section_title),
			_(
				"Your agency has been asked for the section {0} of the task force report {1}, due on {2}. "
				"Open it to write and submit it."
			).format(frappe.bold(c.section_title), c.task_force_report, c.due_date),
		)
		frappe.db.set_value(DOCTYPE, c.name, "reminder_sent_on", today(), update_modified=False)
		sent += 1
	return sent
