"""What the case and victim reports share: region scope, filters, cross-tabs and small-count masking.

Reports query with frappe.qb, which does not apply User Permissions, so each query adds the user's regions
itself (tppo_app.regions.get_user_regions), the scope list views get.

Small counts: a count from 1 to k-1 in a table about victims can single a person out (one girl from one
regency in one month). For users who may not see victims' identities (everyone without permlevel 1 on
Victim: ministry reviewers, viewers, provincial admins) such cells show "<k", and totals add up only the
cells shown, so that no total gives a masked cell back by subtraction. k comes from TPPO Settings
(small_count_threshold, 5 by default; IOM's Counter Trafficking Data Collaborative publishes with k = 11).
Case workers and national admins see exact counts.
"""

from collections import Counter
from collections.abc import Callable, Iterable

import frappe
from frappe import _
from frappe.utils import cint, getdate

from tppo_app.case_management import rules
from tppo_app.case_management.privacy import can_read_personal_data
from tppo_app.regions import get_user_regions, in_region
from tppo_app.utils.periods import period_key

Filters = frappe._dict
DEFAULT_THRESHOLD = 5
TOTAL = "total"


def small_count_threshold() -> int:
	value = cint(frappe.db.get_single_value("TPPO Settings", "small_count_threshold"))
	return value if value >= 1 else DEFAULT_THRESHOLD


def masking_threshold(user: str | None = None) -> int | None:
	"""k for users whose reports mask small counts; None for those who see exact counts."""
	return None if can_read_personal_data("Victim", user) else small_count_threshold()


def masking_message(k: int | None) -> str | None:
	if not k or k <= 1:
		return None
	return _(
		"Counts from 1 to {0} are shown as <{1} and left out of totals, so that no victim can be singled out."
	).format(k - 1, k)


def region_names(codes: Iterable[str]) -> dict[str, str]:
	codes = [c for c in set(codes) if c]
	if not codes:
		return {}
	return dict(
		frappe.get_all(
			"Region", filters={"name": ("in", codes)}, fields=["name", "region_name"], as_list=True
		)
	)


def province_code(code: str | None) -> str | None:
	"""The province part of a Kemendagri code: 73.71 → 73 (no database; tppo_app.regional_adaptation
	.regional_fields.province_of walks the Region tree instead)."""
	return code.split(".")[0] if code else None


def period_of(period: str) -> Callable:
	return lambda row, field: period_key(getdate(row[field]), period) if row.get(field) else None


def count_columns(columns: list[tuple[str, str]], k: int | None, width: int = 110) -> list[dict]:
	fieldtype = "Data" if k else "Int"
	return [
		{"label": label, "fieldname": fieldname, "fieldtype": fieldtype, "width": width}
		for fieldname, label in columns
	]


def cross_tab(
	records: list[dict],
	row_key: Callable[[dict], str | None],
	column_key: Callable[[dict], str | None],
	columns: list[tuple[str, str]],
	k: int | None,
	row_label: Callable[[str], str] = lambda key: key,
	sort_by_label: bool = True,
) -> list[dict]:
	"""One row per row key with a count per column, a total and, at the end, a total row. With k, small
	counts are masked and totals add up the cells shown only. A record counts as `record_count` records when it
	has one (a group counted by the database), else as one."""
	counts: dict[str, Counter] = {}
	for record in records:
		key = row_key(record)
		# A record may stand for several (`record_count`: counted by the database).
		counts.setdefault(key, Counter())[column_key(record)] += record.get("record_count", 1)
	column_names = [fieldname for fieldname, _label in columns]

	def label(key):
		return row_label(key) if key else _("(not recorded)")

	keys = sorted(
		counts, key=lambda key: (key is None, str(label(key)).lower() if sort_by_label else str(key))
	)
	data = []
	for key in keys:
		row = {"group": label(key), "group_key": key}
		row.update({fieldname: counts[key].get(fieldname, 0) for fieldname in column_names})
		row[TOTAL] = sum(counts[key].get(fieldname, 0) for fieldname in column_names)
		data.append(row)
	if k:
		rules.mask_table(data, column_names, k, TOTAL)
	if data:
		total = {"group": _("Total"), "group_key": None, "is_total_row": 1}
		for fieldname in [*column_names, TOTAL]:
			total[fieldname] = rules.visible_sum(row[fieldname] for row in data)
		data.append(total)
	return data


def group_column(label: str) -> dict:
	return {"label": label, "fieldname": "group", "fieldtype": "Data", "width": 260}


def total_column(k: int | None) -> dict:
	return {
		"label": _("Total Shown") if k else _("Total"),
		"fieldname": TOTAL,
		"fieldtype": "Int",
		"width": 110,
	}


def bar_chart(data: list[dict], name: str, colour: str = "#b91c1c") -> dict | None:
	rows = [row for row in data if not row.get("is_total_row")]
	if not rows:
		return None
	return {
		"data": {
			"labels": [row["group"] for row in rows][:30],
			"datasets": [{"name": name, "values": [row[TOTAL] for row in rows][:30]}],
		},
		"type": "bar",
		"colors": [colour],
	}


def summary(data: list[dict], label: str, k: int | None) -> list[dict]:
	total = next((row[TOTAL] for row in data if row.get("is_total_row")), 0)
	items = [{"value": total, "label": label, "datatype": "Int", "indicator": "Blue"}]
	if k:
		items.append({"value": k, "label": _("Smallest Count Shown"), "datatype": "Int", "indicator": "Grey"})
	return items
