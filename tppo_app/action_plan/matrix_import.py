"""Read an action-plan matrix spreadsheet (.xlsx) into clean rows and row-level errors, before anything is saved.

Framework-free on purpose (no frappe import): the caller passes the known clusters and agencies as plain
sets/dicts, translates the messages and saves the rows. Reading uses openpyxl directly (not pandas) so that
every value keeps its Excel row number and cell number format.

Layout (the one regions use): the first worksheet, headers in row 1, one row per activity from row 2.
Headers are matched case-, space- and punctuation-insensitively, in English or Indonesian:

	Cluster / Klaster (required)            Program
	Activity / Kegiatan (required)          Indicator / Indikator (required)
	Unit / Satuan (required)                Measure Type / Jenis Ukuran (required)
	Baseline                                one column per target year: "2025", "Target 2025", "Tahun 2025"
	Responsible Agency / Penanggung Jawab (required)
	Supporting Agencies / Instansi Pendukung (comma, semicolon or line-break separated)
	Budget Source / Sumber Anggaran

Other columns (e.g. "No") are ignored. Cells merged down several rows (a cluster or program spanning its
activities, as printed matrices do) count as filled on every row they cover. Rows blank in every column read
(e.g. only a "No" filled in) are skipped.

Numbers may be typed as text in Indonesian style: "1.250" is 1250 (dot = thousands), "12,5" is 12.5
(comma = decimal, so "1,250" is 1.25), "1.250.000,5", "Rp 1.500.000"; "1.5" (not a thousands group) is read
as 1.5. Percentages may be typed "75%" or be cells formatted as percent (0.75 shown as 75%); either gives
75.0, and only for the Percentage measure type. Yes/No values are 1/0, Ya/Tidak or Yes/No.

All-or-nothing: `MatrixParseResult.rows` is filled only when the whole file is clean (`ok`); otherwise it is
empty and `errors`/`missing_columns` list every problem, so nothing is imported from a bad file.
"""

import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from io import BytesIO
from typing import IO, Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from tppo_app.action_plan.achievement import AMOUNT, COUNT, MEASURE_TYPES, PERCENTAGE, YES_NO


def _(message: str) -> str:
	"""No-op marker: lets Frappe's translation extractor find the messages; the caller translates them."""
	return message


MESSAGES: dict[str, str] = {
	"invalid_file": _("The file could not be read as an Excel workbook (.xlsx)."),
	"missing_column": _("Column {0} is missing."),
	"duplicate_column": _("Column {0} appears more than once."),
	"unexpected_year": _("Year {0} is not a year of this action plan ({1})."),
	"required": _("{0} is required."),
	"unknown_cluster": _('Cluster "{0}" does not exist.'),
	"unknown_measure_type": _('Measure type "{0}" is not one of: {1}.'),
	"not_a_number": _('"{0}" is not a number.'),
	"negative": _('"{0}" is negative; enter zero or more.'),
	"percent_not_allowed": _('"{0}" is a percentage, but the measure type is {1}.'),
	"not_yes_no": _('"{0}" is not a yes/no value; enter 1, 0, Ya or Tidak.'),
	"unknown_agency": _('Agency "{0}" does not exist.'),
	"duplicate_row": _("Same cluster, activity and indicator as row {0}."),
	"no_target": _("Enter a target for at least one year."),
}
"""Message templates by error code, English; format with `RowError.args` after translating."""

YEAR_COLUMN_LABEL = "Target year"
"""How a missing year column is named in `MatrixParseResult.missing_columns`."""


@dataclass(frozen=True)
class RowError:
	"""One problem in the file. `row` is the Excel row number (header = 1); `column` the header as in the file."""

	row: int
	column: str
	message: str
	code: str = ""
	"""Key of `MESSAGES`; translate with `_(MESSAGES[error.code]).format(*error.args)`."""
	args: tuple = ()


@dataclass
class MatrixParseResult:
	rows: list[dict] = field(default_factory=list)
	"""Clean rows (only when `ok`), each a dict:
	row (Excel row number), cluster (as spelled in known_clusters), program, activity, indicator, unit,
	measure_type (one of MEASURE_TYPES), baseline (float or None), targets ({year: float or None} for every
	expected year), responsible_agency (agency id), supporting_agencies (list of agency ids, without the
	responsible one, no repeats), budget_source. Optional texts are None when blank."""
	errors: list[RowError] = field(default_factory=list)
	missing_columns: list[str] = field(default_factory=list)
	"""English labels of missing required columns (e.g. "Measure Type", "Target year")."""

	@property
	def ok(self) -> bool:
		return not self.errors and not self.missing_columns


class MatrixFileError(ValueError):
	"""The upload is not a readable .xlsx workbook; translate with `_(MESSAGES[error.code])`."""

	code = "invalid_file"

	def __init__(self):
		super().__init__(MESSAGES[self.code])


@dataclass(frozen=True)
class _Column:
	field: str
	label: str
	template_header: str
	aliases: tuple[str, ...]
	required: bool


_COLUMNS_BEFORE_YEARS = (
	_Column("cluster", "Cluster", "Klaster", ("cluster", "klaster"), True),
	_Column("program", "Program", "Program", ("program",), False),
	_Column("activity", "Activity", "Kegiatan", ("activity", "kegiatan"), True),
	_Column("indicator", "Indicator", "Indikator", ("indicator", "indikator"), True),
	_Column("unit", "Unit", "Satuan", ("unit", "satuan"), True),
	_Column("measure_type", "Measure Type", "Jenis Ukuran", ("measure type", "jenis ukuran"), True),
	_Column("baseline", "Baseline", "Baseline", ("baseline",), False),
)
_COLUMNS_AFTER_YEARS = (
	_Column(
		"responsible_agency",
		"Responsible Agency",
		"Penanggung Jawab",
		("responsible agency", "penanggung jawab", "instansi penanggung jawab"),
		True,
	),
	_Column(
		"supporting_agencies",
		"Supporting Agencies",
		"Instansi Pendukung",
		("supporting agencies", "supporting agency", "instansi pendukung"),
		False,
	),
	_Column("budget_source", "Budget Source", "Sumber Anggaran", ("budget source", "sumber anggaran"), False),
)
_COLUMNS = _COLUMNS_BEFORE_YEARS + _COLUMNS_AFTER_YEARS


def _key(text: str) -> str:
	"""Matching key: lower case without spaces or punctuation ("Measure  Type*" -> "measuretype")."""
	return re.sub(r"[\W_]+", "", text.casefold())


_HEADER_FIELDS = {_key(alias): column.field for column in _COLUMNS for alias in column.aliases}
_YEAR_HEADER = re.compile(r"(?:target|tahun|year|targettahun|targetyear)?(\d{4})")

_MEASURE_ALIASES = {
	_key(alias): measure
	for measure, aliases in {
		COUNT: ("Count", "Jumlah"),
		PERCENTAGE: ("Percentage", "Persentase", "Persen"),
		YES_NO: ("Yes/No", "Ya/Tidak"),
		AMOUNT: ("Amount (IDR)", "Amount", "Rupiah"),
	}.items()
	for alias in aliases
}
_TEMPLATE_MEASURES = ("Jumlah", "Persentase", "Ya/Tidak", "Rupiah")

_YES_NO_TEXT = {"1": 1.0, "0": 0.0, "ya": 1.0, "tidak": 0.0, "yes": 1.0, "no": 0.0}
_AGENCY_SEPARATORS = re.compile(r"[,;\n]")


class _CellError(Exception):
	def __init__(self, code: str, *args: Any):
		super().__init__(code)
		self.code = code
		self.cell_args = args


def parse_matrix(
	source: str | os.PathLike | bytes | IO[bytes],
	known_agencies: Mapping[str, str],
	known_clusters: Iterable[str],
	years: Iterable[int],
	sheet: str | None = None,
) -> MatrixParseResult:
	"""Parse an action-plan matrix into clean rows plus every row-level error (see the module docstring).

	`source`: path, bytes or binary file object of an .xlsx. `known_agencies`: lower-cased agency name or
	abbreviation -> canonical agency id. `known_clusters`: cluster names (matched case-insensitively, returned
	as spelled here). `years`: the plan's target years; a year column for another year is an error.
	`sheet`: worksheet name; default the first worksheet.

	Raises MatrixFileError when the file is not a readable .xlsx; everything else is reported in the result.
	"""
	expected_years = sorted({int(year) for year in years})
	if not expected_years:
		raise ValueError("years must name at least one target year")
	worksheet = _open_worksheet(source, sheet)
	agencies = {_name_key(name): agency for name, agency in known_agencies.items()}
	clusters = {_name_key(cluster): cluster for cluster in known_clusters}

	values, formats = _read_cells(worksheet)
	result = MatrixParseResult()
	columns, year_columns, headers = _read_header(values[0].raw if values else [], expected_years, result)
	used = [*columns.values(), *year_columns.values()]

	first_row_of: dict[tuple[str, ...], int] = {}
	clean_rows = []
	for index in range(1, len(values)):
		cells = values[index]
		if all(_is_blank(_cell(cells, column, raw=True)) for column in used):
			continue
		parser = _RowParser(
			row_number=index + 1,
			cells=cells,
			formats=formats[index],
			columns=columns,
			year_columns=year_columns,
			headers=headers,
			expected_years=expected_years,
			agencies=agencies,
			clusters=clusters,
		)
		row = parser.parse()
		result.errors.extend(parser.errors)

		duplicate_key = (row["cluster"] or "", row["activity"] or "", row["indicator"] or "")
		if all(duplicate_key):
			duplicate_key = tuple(_name_key(part) for part in duplicate_key)
			if duplicate_key in first_row_of:
				result.errors.append(
					_error(
						row["row"], headers[columns["activity"]], "duplicate_row", first_row_of[duplicate_key]
					)
				)
			else:
				first_row_of[duplicate_key] = row["row"]
		clean_rows.append(row)

	if result.ok:
		result.rows = clean_rows
	return result


def write_matrix_template(
	path: str | os.PathLike | IO[bytes], clusters: Iterable[str], years: Iterable[int]
) -> None:
	"""Write an empty matrix template (.xlsx, Indonesian headers) to a path or binary file object.

	Sheet "Matriks" (first, active) has the headers and drop-downs for Klaster and Jenis Ukuran; sheet
	"Referensi" lists the clusters and measure types the drop-downs use, and short instructions.
	"""
	clusters = list(clusters)
	years = sorted({int(year) for year in years})
	headers = [
		*(column.template_header for column in _COLUMNS_BEFORE_YEARS),
		*(f"Target {year}" for year in years),
		*(column.template_header for column in _COLUMNS_AFTER_YEARS),
	]
	workbook = Workbook()
	sheet = workbook.active
	sheet.title = "Matriks"
	sheet.append(headers)
	for index, header in enumerate(headers, start=1):
		cell = sheet.cell(row=1, column=index)
		cell.font = Font(bold=True)
		cell.fill = PatternFill("solid", fgColor="DDEBF7")
		cell.alignment = Alignment(wrap_text=True, vertical="center")
		sheet.column_dimensions[get_column_letter(index)].width = 14 if header.startswith("Target") else 28
	sheet.freeze_panes = "A2"

	reference = workbook.create_sheet("Referensi")
	reference.append(["Klaster", "Jenis Ukuran", "", "Petunjuk"])
	instructions = [
		"Isi satu baris untuk setiap kegiatan pada lembar Matriks, mulai baris 2. Jangan mengubah judul kolom.",
		"Wajib diisi: Klaster, Kegiatan, Indikator, Satuan, Jenis Ukuran, Penanggung Jawab, "
		"dan target minimal satu tahun.",
		"Angka boleh ditulis 1.250 (ribuan) atau 12,5 (desimal); persentase boleh ditulis 75%.",
		"Jenis Ukuran Ya/Tidak: isi target 1 (Ya) atau 0 (Tidak).",
		"Instansi Pendukung: pisahkan nama instansi dengan koma atau titik koma.",
	]
	for index in range(max(len(clusters), len(_TEMPLATE_MEASURES), len(instructions))):
		reference.append(
			[
				clusters[index] if index < len(clusters) else None,
				_TEMPLATE_MEASURES[index] if index < len(_TEMPLATE_MEASURES) else None,
				None,
				instructions[index] if index < len(instructions) else None,
			]
		)
	for letter, width in (("A", 40), ("B", 16), ("C", 4), ("D", 100)):
		reference.column_dimensions[letter].width = width
	reference["A1"].font = reference["B1"].font = reference["D1"].font = Font(bold=True)

	last_row = 1000
	drop_downs = [(headers.index("Jenis Ukuran"), f"Referensi!$B$2:$B${len(_TEMPLATE_MEASURES) + 1}")]
	if clusters:
		drop_downs.append((headers.index("Klaster"), f"Referensi!$A$2:$A${len(clusters) + 1}"))
	for column_index, formula in drop_downs:
		validation = DataValidation(type="list", formula1=formula, allow_blank=True)
		letter = get_column_letter(column_index + 1)
		validation.add(f"{letter}2:{letter}{last_row}")
		sheet.add_data_validation(validation)

	workbook.active = 0
	workbook.save(path)


# ---- reading ----


def _open_worksheet(source: str | os.PathLike | bytes | IO[bytes], sheet: str | None) -> Worksheet:
	if isinstance(source, bytes | bytearray):
		source = BytesIO(source)
	try:
		workbook = load_workbook(source, data_only=True)
	except OSError:
		raise  # missing file, no permission: the caller's problem, not the user's file
	except Exception as exc:  # BadZipFile, InvalidFileException, broken XML: all "not an xlsx"
		raise MatrixFileError() from exc
	if sheet is None:
		return workbook.worksheets[0]
	if sheet not in workbook.sheetnames:
		raise KeyError(f"Worksheet {sheet!r} not found; the workbook has {', '.join(workbook.sheetnames)}")
	return workbook[sheet]


@dataclass
class _Cells:
	"""Cell values of one row: `raw` as stored, `filled` with merged ranges filled from their top-left cell."""

	raw: list[Any]
	filled: list[Any]


def _read_cells(worksheet: Worksheet) -> tuple[list[_Cells], list[list[str]]]:
	raw = [list(row) for row in worksheet.iter_rows(values_only=True)]
	formats = [[cell.number_format for cell in row] for row in worksheet.iter_rows()]
	filled = [list(row) for row in raw]
	for merged in worksheet.merged_cells.ranges:
		if merged.min_row < 2:  # header merges are not data
			continue
		value = raw[merged.min_row - 1][merged.min_col - 1]
		number_format = formats[merged.min_row - 1][merged.min_col - 1]
		for row in range(merged.min_row, merged.max_row + 1):
			for column in range(merged.min_col, merged.max_col + 1):
				filled[row - 1][column - 1] = value
				formats[row - 1][column - 1] = number_format
	return [_Cells(raw=r, filled=f) for r, f in zip(raw, filled, strict=True)], formats


def _read_header(
	header: list[Any], expected_years: list[int], result: MatrixParseResult
) -> tuple[dict[str, int], dict[int, int], dict[int, str]]:
	"""Map fields and years to column indexes; header problems go to result (row 1 errors, missing columns)."""
	columns: dict[str, int] = {}
	year_columns: dict[int, int] = {}
	headers: dict[int, str] = {}
	for index, value in enumerate(header):
		text = _text(value)
		if not text:
			continue
		key = _key(text)
		if key in _HEADER_FIELDS:
			target, slot = columns, _HEADER_FIELDS[key]
		elif match := _YEAR_HEADER.fullmatch(key):
			year = int(match.group(1))
			if year not in expected_years:
				span = ", ".join(str(expected) for expected in expected_years)
				result.errors.append(_error(1, text, "unexpected_year", year, span))
				continue
			target, slot = year_columns, year
		else:
			continue  # e.g. "No", "Keterangan"
		if slot in target:
			result.errors.append(_error(1, text, "duplicate_column", text))
			continue
		target[slot] = index
		headers[index] = text

	result.missing_columns = [
		column.label for column in _COLUMNS if column.required and column.field not in columns
	]
	if not year_columns:
		result.missing_columns.append(YEAR_COLUMN_LABEL)
	return columns, dict(sorted(year_columns.items())), headers


class _RowParser:
	def __init__(
		self,
		row_number: int,
		cells: _Cells,
		formats: list[str],
		columns: dict[str, int],
		year_columns: dict[int, int],
		headers: dict[int, str],
		expected_years: list[int],
		agencies: dict[str, str],
		clusters: dict[str, str],
	):
		self.row_number = row_number
		self.cells = cells
		self.formats = formats
		self.columns = columns
		self.year_columns = year_columns
		self.headers = headers
		self.expected_years = expected_years
		self.agencies = agencies
		self.clusters = clusters
		self.errors: list[RowError] = []

	def parse(self) -> dict:
		row: dict[str, Any] = {"row": self.row_number}

		cluster = self.text("cluster", required=True)
		if cluster and _name_key(cluster) not in self.clusters:
			self.error("cluster", "unknown_cluster", cluster)
		row["cluster"] = self.clusters.get(_name_key(cluster), cluster) if cluster else cluster

		row["program"] = self.text("program")
		row["activity"] = self.text("activity", required=True)
		row["indicator"] = self.text("indicator", required=True)
		row["unit"] = self.text("unit", required=True)

		measure_text = self.text("measure_type", required=True)
		measure = _MEASURE_ALIASES.get(_key(measure_text)) if measure_text else None
		if measure_text and not measure:
			self.error("measure_type", "unknown_measure_type", measure_text, ", ".join(MEASURE_TYPES))
		row["measure_type"] = measure

		row["baseline"] = self.number(self.columns.get("baseline"), measure)
		row["targets"] = {
			year: self.number(self.year_columns.get(year), measure) for year in self.expected_years
		}
		if self.year_columns and all(_is_blank(self.value(index)) for index in self.year_columns.values()):
			first_year_column = next(iter(self.year_columns.values()))
			self.errors.append(_error(self.row_number, self.headers[first_year_column], "no_target"))

		responsible = self.text("responsible_agency", required=True)
		row["responsible_agency"] = self.agency("responsible_agency", responsible) if responsible else None

		supporting = []
		for name in _AGENCY_SEPARATORS.split(self.text("supporting_agencies") or ""):
			agency = self.agency("supporting_agencies", name.strip()) if name.strip() else None
			if agency and agency != row["responsible_agency"] and agency not in supporting:
				supporting.append(agency)
		row["supporting_agencies"] = supporting

		row["budget_source"] = self.text("budget_source")
		return row

	def value(self, index: int | None) -> Any:
		return None if index is None else _cell(self.cells, index)

	def text(self, field_name: str, required: bool = False) -> str | None:
		"""Cell text stripped; None when blank or the column is absent. Blank required cell -> error."""
		index = self.columns.get(field_name)
		if index is None:
			return None  # already reported as a missing column when required
		text = _text(self.value(index))
		if not text:
			if required:
				self.error(field_name, "required", self.headers[index])
			return None
		return text

	def number(self, index: int | None, measure: str | None) -> float | None:
		if index is None:
			return None
		number_format = self.formats[index] if index < len(self.formats) else ""
		try:
			return _parse_measure_value(self.value(index), number_format, measure)
		except _CellError as exc:
			self.errors.append(_error(self.row_number, self.headers[index], exc.code, *exc.cell_args))
			return None

	def agency(self, field_name: str, name: str) -> str | None:
		agency = self.agencies.get(_name_key(name))
		if agency is None:
			self.error(field_name, "unknown_agency", name)
		return agency

	def error(self, field_name: str, code: str, *args: Any) -> None:
		self.errors.append(_error(self.row_number, self.headers[self.columns[field_name]], code, *args))


def _parse_measure_value(value: Any, number_format: str, measure: str | None) -> float | None:
	"""A baseline or target cell as a float (None when blank) for the measure type; unknown measure: lenient."""
	if _is_blank(value):
		return None
	if measure == YES_NO:
		return _parse_yes_no(value)
	if measure is None and isinstance(value, str) and value.strip().casefold() in _YES_NO_TEXT:
		return _YES_NO_TEXT[value.strip().casefold()]

	if isinstance(value, bool):
		raise _CellError("not_a_number", _text(value))
	if isinstance(value, int | float):
		number = float(value)
		is_percent = "%" in (number_format or "")
		if is_percent:
			number = round(number * 100, 9)
		shown = f"{_text(number)}%" if is_percent else _text(value)
	elif isinstance(value, str):
		number, is_percent = _parse_text_number(value)
		shown = value.strip()
	else:  # dates, times
		raise _CellError("not_a_number", _text(value))

	if is_percent and measure not in (PERCENTAGE, None):
		raise _CellError("percent_not_allowed", shown, measure)
	if number < 0:
		raise _CellError("negative", shown)
	return number


def _parse_yes_no(value: Any) -> float:
	if isinstance(value, bool):
		return 1.0 if value else 0.0
	if isinstance(value, int | float) and value in (0, 1):
		return float(value)
	if isinstance(value, str) and value.strip().casefold() in _YES_NO_TEXT:
		return _YES_NO_TEXT[value.strip().casefold()]
	raise _CellError("not_yes_no", _text(value))


_PLAIN = re.compile(r"\d+")
_DOT_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")  # 1.250 / 1.250.000 / 1.250,5
_COMMA_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3}){2,}(?:\.\d+)?|[1-9]\d{0,2},\d{3}\.\d+")  # 1,250,000
_DECIMAL = re.compile(r"\d*[.,]\d+")  # 12,5 / 12.5 / ,5


def _parse_text_number(text: str) -> tuple[float, bool]:
	"""Parse a typed number (Indonesian style first); returns (value, typed as percent). Errors -> _CellError."""
	shown = text.strip()
	body = shown.replace("\u00a0", " ")
	is_percent = body.endswith("%")
	if is_percent:
		body = body[:-1].rstrip()
	body = re.sub(r"^rp\.?\s*", "", body, flags=re.IGNORECASE)
	sign = 1.0
	if body.startswith(("-", "\u2212")):
		sign, body = -1.0, body[1:].lstrip()
	elif body.startswith("+"):
		body = body[1:].lstrip()

	if _PLAIN.fullmatch(body):
		number = float(body)
	elif _DOT_THOUSANDS.fullmatch(body):
		number = float(body.replace(".", "").replace(",", "."))
	elif _COMMA_THOUSANDS.fullmatch(body):
		number = float(body.replace(",", ""))
	elif _DECIMAL.fullmatch(body):
		number = float(body.replace(",", "."))
	else:
		raise _CellError("not_a_number", shown)
	if not math.isfinite(number):
		raise _CellError("not_a_number", shown)
	return sign * number, is_percent


# ---- helpers ----


def _cell(cells: _Cells, index: int, raw: bool = False) -> Any:
	values = cells.raw if raw else cells.filled
	return values[index] if index < len(values) else None


def _is_blank(value: Any) -> bool:
	return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
	"""Cell value as stripped text; whole floats without ".0" (a header typed 2025 is "2025")."""
	if value is None:
		return ""
	if isinstance(value, float) and value.is_integer():
		value = int(value)
	return str(value).strip()


def _name_key(name: str | None) -> str:
	"""Case- and space-insensitive key for names (clusters, agencies, duplicate detection)."""
	return " ".join((name or "").split()).casefold()


def _error(row: int, column: str, code: str, *args: Any) -> RowError:
	return RowError(row=row, column=column, message=MESSAGES[code].format(*args), code=code, args=args)
