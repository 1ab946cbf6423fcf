"""The base of tppo_app's controllers: what a client sends is checked against its fields before any
validation reads it, so bad input gets a clear message (HTTP 417) instead of a server error, and nothing is
saved.

Frappe v15 hands the controller's validate() the values as the client sent them, and only converts or checks
them afterwards (or lets the database refuse them):
- a number field holding "abc" or 1e30, a date field holding "0000-00-00" or "not a date", a time "25:99", a
  list or an object in a text field: a validation comparing or splitting them fails with a TypeError (500),
  or the database refuses the row (500), or Frappe stores "abc" as 0 without a word;
- a text longer than its column (65,535 bytes for Small Text) is refused by the database (500);
- a table sent as anything but a list of rows fails while the document is built (500);
- a value that parses as JSON is stored without Frappe's HTML sanitising: '["<script>alert(1)</script>"]'
  in a text field would reach the page as sent;
- a Link to a record that does not exist is not refused when other fields fetch values through it (the
  region through a task force, say): get_invalid_links skips a link whose fetch query finds nothing;
- a missing mandatory value is refused only after validate(), which may fail on it first.

`TPPODocument` refuses all of these with a message naming the field (and the row): the values' types when
the document is inserted or saved (before naming reads them), the rows when the document is built, the
mandatory values and the links in before_validate (once defaults and before_insert hooks have filled theirs).
Numbers sent as text become numbers.
"""

import datetime
import math
import re
from decimal import ROUND_HALF_UP, Decimal

import frappe
from frappe import _
from frappe.model import table_fields
from frappe.model.base_document import BaseDocument
from frappe.model.document import Document
from frappe.utils.html_utils import is_json, sanitize_html


class InvalidValueError(frappe.ValidationError):
	pass


INT_RANGE = (-(2**31), 2**31 - 1)  # int(11)
DECIMAL_LIMIT = 10**12  # decimal(21,9): twelve digits before the point
TEXT_BYTES = 65535  # text
TEXT_COLUMNS = ("Small Text", "Text", "Attach", "Attach Image")
SANITIZED_TYPES = ("Data", "Small Text", "Text", "Long Text", "Text Editor", "HTML Editor", "Markdown Editor")
# Field types that hold a number: whole (Int, Check) and decimal.
DECIMAL_TYPES = ("Float", "Currency", "Percent")
NUMBER_TYPES = ("Int", "Check", *DECIMAL_TYPES)
# Dates a record can mean; Frappe reads "0000-00-00" and "0001-01-01" as no date.
DATE_RANGE = (datetime.date(1900, 1, 1), datetime.date(2100, 12, 31))
NULL_DATES = ("0000-00-00", "0001-01-01", "0000-00-00 00:00:00", "0001-01-01 00:00:00")
ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?$")
TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?$")


class TPPODocument(Document):
	def insert(self, *args, **kwargs):
		check_values(self)
		return super().insert(*args, **kwargs)

	def save(self, *args, **kwargs):
		check_values(self)
		return super().save(*args, **kwargs)

	def before_validate(self):
		check_required(self)

	def extend(self, key, value):
		if key in self._table_fieldnames and not isinstance(value, list | tuple):
			_refuse(_("{0}: send the rows as a list.").format(self._label(key)))
		super().extend(key, value)

	def _init_child(self, value, key):
		if not isinstance(value, dict | BaseDocument):
			_refuse(_("{0}: each row is an object with the row's fields.").format(self._label(key)))
		return super()._init_child(value, key)

	def _label(self, fieldname: str) -> str:
		return frappe.bold(_(self.meta.get_label(fieldname), context=self.doctype))

	def update_child_table(self, fieldname: str, df=None):
		"""Frappe writes every row of a table back on each save, one UPDATE per row: 150 for a progress report
		that a workflow action only moves to its next state. Rows whose values are those they had before this
		save take one UPDATE together (their docstatus and modified); the others, and any table whose rows were
		added, removed or are new, go through Frappe's own."""
		if not write_unchanged_rows_at_once(self, fieldname, df or self.meta.get_field(fieldname)):
			super().update_child_table(fieldname, df)


class TPPOChildDocument(Document):
	"""The base of the app's table rows."""

	def get_invalid_links(self, is_submittable=False):
		"""Frappe checks every link of every row at each save, one query per link value: 300 for the 150 rows
		of a progress report that a workflow action only moves on. A row holding the links it held in the
		database before this save is not checked again (see `links_unchanged`)."""
		if links_unchanged(self):
			return [], []
		return super().get_invalid_links(is_submittable)


def links_unchanged(row) -> bool:
	"""Whether the row's links are those the database held before this save: checked when they were saved, and
	Frappe refuses to delete a record something links to. Only for links that fetch no values (Frappe would
	refresh them) to records that cannot be cancelled (Frappe refuses a link to a cancelled one)."""
	parent = getattr(row, "parent_doc", None)
	before = parent.get_doc_before_save() if parent else None
	if not before or row.is_new():
		return False
	held = before.flags.rows_by_name
	if held is None:
		held = before.flags.rows_by_name = {r.name: r for r in before.get_all_children()}
	old = held.get(row.name)
	if not old or old.doctype != row.doctype:
		return False
	for df in row.meta.get_link_fields() + row.meta.get("fields", {"fieldtype": ("=", "Dynamic Link")}):
		if row.get(df.fieldname) != old.get(df.fieldname) or row.meta.get_fields_to_fetch(df.fieldname):
			return False
		if df.fieldtype == "Dynamic Link":
			if row.get(df.options) != old.get(df.options):
				return False
			target = row.get(df.options)
		else:
			target = df.options
		if row.get(df.fieldname) and target and frappe.get_meta(target).is_submittable:
			return False
	return True


# What Frappe sets on every row at each save, and so what an unchanged row differs in.
_STAMPS = ("modified", "modified_by", "docstatus")


_STORED = Decimal("1e-9")  # Frappe's decimal(21,9) columns


def _row_values(row) -> dict:
	"""The row's values as its columns will hold them: a computed 60.46511627906977 is stored as 60.465116279."""
	values = row.get_valid_dict(convert_dates_to_str=True, ignore_nulls=False, ignore_virtual=True)
	for key in _STAMPS:
		values.pop(key, None)
	for df in row.meta.fields:
		value = values.get(df.fieldname)
		if df.fieldtype in DECIMAL_TYPES and isinstance(value, float | int) and not isinstance(value, bool):
			# As MariaDB rounds a number written to a decimal column: half up, from its decimal text.
			values[df.fieldname] = Decimal(repr(value)).quantize(_STORED, rounding=ROUND_HALF_UP)
	return values


def write_unchanged_rows_at_once(doc, fieldname: str, df) -> bool:
	"""Writes the table's rows when they are the rows the database holds (none added, removed or new): each
	changed row as Frappe does, the unchanged ones in one UPDATE. False (nothing written) otherwise."""
	before = doc.get_doc_before_save()
	child = frappe.get_meta(df.options)
	if not before or child.is_virtual or df.options in (doc.flags.ignore_children_type or ()):
		return False
	rows, held = doc.get(fieldname), {row.name: row for row in before.get(fieldname)}
	names = {row.name for row in rows}
	if len(names) != len(rows) or names != set(held) or any(row.is_new() for row in rows):
		return False
	unchanged = []
	for row in rows:
		if _row_values(row) == _row_values(held[row.name]):
			unchanged.append(row.name)
		else:
			row.db_update()
	if unchanged:
		table = frappe.qb.DocType(df.options)
		(
			frappe.qb.update(table)
			.set(table.docstatus, doc.docstatus)
			.set(table.modified, doc.modified)
			.set(table.modified_by, doc.modified_by)
			.where(table.parent == doc.name)
			.where(table.parenttype == doc.doctype)
			.where(table.name.isin(unchanged))
			.run()
		)
	return True


def check_values(doc) -> None:
	"""Before anything reads them (naming included): values that do not fit their field type are refused;
	numbers sent as text become numbers, and a "no date" placeholder becomes empty."""
	if frappe.flags.in_install or frappe.flags.in_migrate:
		return
	for row in (doc, *doc.get_all_children()):
		for df in row.meta.fields:
			if df.fieldtype not in table_fields:
				_check_value(row, df)


def check_required(doc) -> None:
	"""Before validate() (once the defaults and the before_insert hooks have filled what they fill): missing
	mandatory values, and Links to missing records that Frappe lets through."""
	if frappe.flags.in_install or frappe.flags.in_migrate or doc.flags.ignore_validate:
		return
	doc._validate_mandatory()
	if not doc.flags.ignore_links:
		for row in (doc, *doc.get_all_children()):
			_check_fetching_links(row)


def _check_value(row, df) -> None:
	value = row.get(df.fieldname)
	if isinstance(value, str) and not value.strip() and df.fieldtype in ("Int", *DECIMAL_TYPES):
		row.set(df.fieldname, 0)  # what Frappe stores for an empty number, before validate() reads it
		return
	if value is None or value == "":
		return
	if isinstance(value, dict | list | tuple | set):
		_refuse(_("{0}: send a text, a number or a date, not a list or an object.").format(_where(row, df)))
	fieldtype = df.fieldtype
	if fieldtype == "Int":
		row.set(df.fieldname, _whole_number(row, df, value))
	elif fieldtype in DECIMAL_TYPES:
		row.set(df.fieldname, _number(row, df, value))
	elif fieldtype in ("Date", "Datetime"):
		row.set(df.fieldname, _date(row, df, value))
	elif fieldtype == "Time":
		_time(row, df, value)
	elif isinstance(value, str) and "<" in value and _sanitized_by_frappe(df) and is_json(value):
		# Frappe's sanitizer passes over any value that parses as JSON: '["<script>…</script>"]' would be
		# stored as sent. It gets the same cleaning as every other value.
		row.set(df.fieldname, sanitize_html(value, always_sanitize=True))
	if fieldtype in TEXT_COLUMNS and isinstance(value, str) and len(value.encode()) > TEXT_BYTES:
		_refuse(
			_("{0} is too long: {1} characters, more than the field holds. Shorten it.").format(
				_where(row, df), len(value)
			)
		)


def _sanitized_by_frappe(df) -> bool:
	"""Fields BaseDocument._sanitize_content cleans of HTML (client-entered ones)."""
	return not (
		df.read_only
		or df.get("ignore_xss_filter")
		or df.fieldtype not in SANITIZED_TYPES
		or (df.fieldtype != "Text Editor" and df.options == "Email")
	)


def _whole_number(row, df, value) -> int:
	number = _number(row, df, value)
	if not float(number).is_integer():
		_refuse(_("{0}: {1} is not a whole number.").format(_where(row, df), frappe.bold(value)))
	number = int(number)
	if not INT_RANGE[0] <= number <= INT_RANGE[1]:
		_refuse(_("{0}: {1} is too large.").format(_where(row, df), frappe.bold(value)))
	return number


def _number(row, df, value) -> float | int:
	if isinstance(value, bool):
		return int(value)
	if isinstance(value, str):
		try:
			value = float(value.strip())
		except ValueError:
			_refuse(_("{0}: {1} is not a number.").format(_where(row, df), frappe.bold(value)))
	if not isinstance(value, int | float):
		_refuse(_("{0}: {1} is not a number.").format(_where(row, df), frappe.bold(value)))
	if isinstance(value, float) and not math.isfinite(value):
		_refuse(_("{0}: {1} is not a number.").format(_where(row, df), frappe.bold(value)))
	if abs(value) >= DECIMAL_LIMIT:
		_refuse(_("{0}: {1} is too large.").format(_where(row, df), frappe.bold(value)))
	return value


def _date(row, df, value):
	if isinstance(value, str):
		text = value.strip()
		if text in NULL_DATES:
			return None
		if not ISO_DATE.match(text):
			_refuse(
				_("{0}: {1} is not a date; write it as year-month-day, e.g. 2025-03-31.").format(
					_where(row, df), frappe.bold(value)
				)
			)
		try:
			parsed = datetime.datetime.fromisoformat(
				re.sub(r"^(\d{4})-(\d{1,2})-(\d{1,2})", _pad_date, text).replace("T", " ")
			)
		except ValueError:
			_refuse(_("{0}: {1} is not a date.").format(_where(row, df), frappe.bold(value)))
		_check_date_range(row, df, parsed.date())
		return str(parsed if df.fieldtype == "Datetime" else parsed.date())
	if not isinstance(value, datetime.date):
		_refuse(_("{0}: {1} is not a date.").format(_where(row, df), frappe.bold(value)))
	_check_date_range(row, df, value.date() if isinstance(value, datetime.datetime) else value)
	return value


def _check_date_range(row, df, day: datetime.date) -> None:
	if not DATE_RANGE[0] <= day <= DATE_RANGE[1]:
		_refuse(
			_("{0}: {1} lies outside the years {2} to {3}.").format(
				_where(row, df), frappe.bold(str(day)), DATE_RANGE[0].year, DATE_RANGE[1].year
			)
		)


def _pad_date(match) -> str:
	year, month, day = match.groups()
	return f"{year}-{int(month):02d}-{int(day):02d}"


def _time(row, df, value) -> None:
	if isinstance(value, datetime.time | datetime.timedelta):
		return
	match = TIME.match(str(value).strip())
	if not match or int(match[1]) > 23 or int(match[2]) > 59 or int(match[3] or 0) > 59:
		_refuse(
			_("{0}: {1} is not a time of day; write it as hours:minutes, e.g. 09:30.").format(
				_where(row, df), frappe.bold(value)
			)
		)


def _check_fetching_links(row) -> None:
	"""Frappe v15 does not refuse a Link to a missing record when fields fetch values through that Link."""
	for df in row.meta.get_link_fields():
		value = row.get(df.fieldname)
		if value and row.meta.get_fields_to_fetch(df.fieldname) and not frappe.db.exists(df.options, value):
			frappe.throw(
				_("Could not find {0}").format(f"{_where(row, df)}: {frappe.bold(value)}"),
				frappe.LinkValidationError,
				title=_("Invalid link"),
			)


def _where(row, df) -> str:
	label = frappe.bold(_(df.label, context=df.parent))
	if row.get("parentfield"):
		return _("Row #{0}: {1}").format(row.idx, label)
	return label


def _refuse(message: str) -> None:
	frappe.throw(message, InvalidValueError, title=_("Invalid value"))
