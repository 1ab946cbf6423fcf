"""Progress reports: rows from the plan, achievement on the server, evidence rules, who acts next."""

import os

import frappe
from frappe import _
from frappe.query_builder import Order

from tppo_app.action_plan.achievement import achievement_percent
from tppo_app.approval.states import DRAFTING

# Achievement is stored in a decimal(21,9) column: twelve digits before the point.
ACHIEVEMENT_LIMIT = 10**12


class DuplicateProgressReportError(frappe.ValidationError):
	pass


class InvalidProgressError(frappe.ValidationError):
	pass


class EvidenceFileError(frappe.ValidationError):
	pass


def plan_items(action_plan: str, year: int) -> list[dict]:
	"""The plan's items with their target for the year, in plan order."""
	item = frappe.qb.DocType("Action Plan Item")
	target = frappe.qb.DocType("Action Plan Item Target")
	return (
		frappe.qb.from_(item)
		.left_join(target)
		.on((target.parent == item.name) & (target.parenttype == "Action Plan Item") & (target.year == year))
		.select(
			item.name.as_("action_plan_item"),
			item.item_code,
			item.cluster,
			item.indicator,
			item.unit,
			item.measure_type,
			target.target,
		)
		.where(item.action_plan == action_plan)
		.orderby(item.item_code, item.creation, order=Order.asc)
		.run(as_dict=True)
	)


def fill_items(doc) -> None:
	"""Adds a row for every plan item the report lacks and refreshes each row's item details and target."""
	items = {row.action_plan_item: row for row in plan_items(doc.action_plan, doc.year)}
	present = {row.action_plan_item for row in doc.items}
	for row in doc.items:
		if row.action_plan_item not in items:
			frappe.throw(
				_("Row {0}: item {1} is not part of plan {2}.").format(
					row.idx, frappe.bold(row.action_plan_item), frappe.bold(doc.action_plan)
				),
				InvalidProgressError,
			)
		row.update({k: v for k, v in items[row.action_plan_item].items() if k != "action_plan_item"})
	for name, values in items.items():
		if name not in present:
			doc.append("items", values)


def is_reported(row) -> bool:
	"""Frappe stores an empty number as 0, so a row counts as reported once its status says so."""
	return bool(row.status) and row.status != "Not Applicable"


def compute_achievement(doc) -> None:
	"""Achievement per row from measure type, target and realised value; the report's averages from the rows."""
	achieved = []
	for row in doc.items:
		realised = row.realised if is_reported(row) else None
		try:
			# the value typed is checked whatever the status (a negative count is wrong even when not reported)
			achievement_percent(row.measure_type, row.target, row.realised)
			row.achievement_percent = achievement_percent(row.measure_type, row.target, realised)
		except ValueError:
			_throw_invalid_value(row)
		if row.achievement_percent is not None and abs(row.achievement_percent) >= ACHIEVEMENT_LIMIT:
			frappe.throw(
				_("Row {0} ({1}): the realised value {2} is out of all proportion to the target {3}.").format(
					row.idx, row.item_code or row.action_plan_item, row.realised, row.target
				),
				InvalidProgressError,
				title=_("Invalid value"),
			)
		if row.achievement_percent is not None:
			achieved.append(row.achievement_percent)
	doc.items_count = len(doc.items)
	doc.reported_count = len(achieved)
	doc.overall_achievement = sum(achieved) / len(achieved) if achieved else 0


def _throw_invalid_value(row) -> None:
	if row.measure_type == "Yes/No":
		message = _("Row {0} ({1}): a Yes/No indicator is realised as 1 (yes) or 0 (no).")
	else:
		message = _("Row {0} ({1}): the realised value cannot be negative.")
	frappe.throw(
		message.format(row.idx, row.item_code or row.action_plan_item),
		InvalidProgressError,
		title=_("Invalid value"),
	)


def validate_unique(doc) -> None:
	"""One report per task force, plan and period (a cancelled report may be amended)."""
	report = frappe.qb.DocType("Progress Report")
	query = (
		frappe.qb.from_(report)
		.select(report.name)
		.where(
			(report.task_force == doc.task_force)
			& (report.action_plan == doc.action_plan)
			& (report.reporting_period == doc.reporting_period)
			& (report.docstatus < 2)
			& (report.name != (doc.name or ""))
		)
	)
	existing = query.run()
	if existing:
		frappe.throw(
			_("{0} already has a progress report for {1}: {2}. Open it instead of starting another.").format(
				frappe.bold(doc.task_force),
				frappe.bold(doc.reporting_period),
				frappe.utils.get_link_to_form("Progress Report", existing[0][0]),
			),
			DuplicateProgressReportError,
			title=_("Report exists"),
		)


def validate_period_belongs_to_plan(doc) -> None:
	if frappe.db.get_value("Reporting Period", doc.reporting_period, "action_plan") != doc.action_plan:
		frappe.throw(
			_("Reporting period {0} belongs to another plan.").format(frappe.bold(doc.reporting_period)),
			InvalidProgressError,
		)


# States in which the submitter is still writing the report.


def validate_evidence(doc) -> None:
	"""Evidence files: allowed types and size (TPPO Settings). A draft may hold a row still without its file:
	the form uploads a file into a row only once the row is saved (Frappe v15), so the file cannot be required
	on the row itself; it is required when the report leaves the draft."""
	settings = frappe.get_cached_doc("TPPO Settings")
	allowed = settings.allowed_extensions()
	max_bytes = (settings.evidence_max_size_mb or 10) * 1024 * 1024
	items = {row.action_plan_item for row in doc.items}
	for row in doc.evidence:
		if not row.file:
			if doc.workflow_state in DRAFTING:
				continue
			frappe.throw(
				_("Evidence row {0}: attach its file, or remove the row.").format(row.idx),
				EvidenceFileError,
				title=_("File missing"),
			)
		extension = os.path.splitext(row.file or "")[1].lstrip(".").lower()
		if extension not in allowed:
			frappe.throw(
				_("Evidence row {0}: {1} files are not accepted. Accepted: {2}.").format(
					row.idx, frappe.bold(extension or _("unknown")), ", ".join(sorted(allowed))
				),
				EvidenceFileError,
				title=_("File type not accepted"),
			)
		size = frappe.db.get_value("File", {"file_url": row.file}, "file_size")
		if size and size > max_bytes:
			frappe.throw(
				_("Evidence row {0}: the file is {1} MB; the limit is {2} MB.").format(
					row.idx, round(size / 1024 / 1024, 1), settings.evidence_max_size_mb
				),
				EvidenceFileError,
				title=_("File too large"),
			)
		if row.action_plan_item and row.action_plan_item not in items:
			frappe.throw(
				_("Evidence row {0}: the item is not part of this report.").format(row.idx), EvidenceFileError
			)
