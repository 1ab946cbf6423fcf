"""Victim services: dates in order, status from the dates, days to start and overdue referrals."""

import frappe
from frappe import _
from frappe.utils import cint, getdate, today

from tppo_app.case_management import rules

DEFAULT_OVERDUE_DAYS = 14


class ServiceDateError(frappe.ValidationError):
	pass


class ServiceCaseError(frappe.ValidationError):
	pass


def overdue_referral_days() -> int:
	"""Days a referral may wait for its start (TPPO Settings, 14 by default)."""
	value = frappe.db.get_single_value("TPPO Settings", "overdue_referral_days")
	return cint(value) if value not in (None, "") and cint(value) >= 0 else DEFAULT_OVERDUE_DAYS


def validate_dates(doc) -> None:
	dates = [doc.get(f) and getdate(doc.get(f)) for f in ("date_requested", "date_started", "date_completed")]
	problems = rules.service_date_problems(*dates, getdate(today()))
	if not problems:
		return
	code, *values = problems[0]
	labels = {"requested": _("referral"), "started": _("start"), "completed": _("completion")}
	if code == "future_date":
		message = _("The {0} date, {1}, lies in the future.").format(
			labels[values[0]], frappe.format(values[1], "Date")
		)
	elif code == "start_before_request":
		message = _("The service starts ({0}) before the victim was referred ({1}).").format(
			frappe.format(values[0], "Date"), frappe.format(values[1], "Date")
		)
	elif code == "completed_without_start":
		message = _("A completed service has a start date: enter it.")
	else:
		message = _("The service is completed ({0}) before it started ({1}).").format(
			frappe.format(values[0], "Date"), frappe.format(values[1], "Date")
		)
	frappe.throw(message, ServiceDateError, title=_("Invalid dates"))


def set_status(doc) -> None:
	doc.status = rules.service_status(
		doc.status, doc.date_started and getdate(doc.date_started), doc.date_completed
	)
	doc.days_to_start = (
		(getdate(doc.date_started) - getdate(doc.date_requested)).days if doc.date_started else None
	)
	doc.is_overdue = int(
		rules.is_overdue(
			doc.status,
			getdate(doc.date_requested),
			doc.date_started and getdate(doc.date_started),
			getdate(today()),
			overdue_referral_days(),
		)
	)


def validate_case(doc) -> None:
	"""A service given under a case is for one of that case's victims."""
	if not doc.case:
		return
	victims = frappe.get_all(
		"TPPO Case Victim", filters={"parent": doc.case, "parenttype": "TPPO Case"}, pluck="victim"
	)
	if doc.victim not in victims:
		frappe.throw(
			_(
				"Victim {0} is not listed on case {1}: add them to the case first, or leave the case empty."
			).format(frappe.bold(doc.victim), frappe.bold(doc.case)),
			ServiceCaseError,
			title=_("Invalid case"),
		)


def flag_overdue_referrals() -> None:
	"""Daily: referrals not started within TPPO Settings' overdue_referral_days are flagged, and unflagged
	once they start, are cancelled or the setting changes."""
	days = overdue_referral_days()
	today_date = getdate(today())
	for row in frappe.get_all(
		"Victim Service",
		or_filters={"status": "Requested", "is_overdue": 1},
		fields=["name", "status", "date_requested", "date_started", "is_overdue"],
	):
		overdue = int(
			rules.is_overdue(
				row.status,
				getdate(row.date_requested),
				row.date_started and getdate(row.date_started),
				today_date,
				days,
			)
		)
		if overdue != row.is_overdue:
			frappe.db.set_value("Victim Service", row.name, "is_overdue", overdue, update_modified=False)
