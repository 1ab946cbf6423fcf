"""Action-plan matrix import (tppo_app.action_plan.matrix_import), with workbooks built in tmp_path."""

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from tppo_app.action_plan.matrix_import import (
	MESSAGES,
	MatrixFileError,
	RowError,
	parse_matrix,
	write_matrix_template,
)

AGENCIES = {
	"kementerian pemberdayaan perempuan dan perlindungan anak": "KemenPPPA",
	"kemenpppa": "KemenPPPA",
	"polri": "POLRI",
	"kepolisian negara republik indonesia": "POLRI",
	"dinas sosial": "DINSOS",
	"bp2mi": "BP2MI",
}
CLUSTERS = {"Pencegahan", "Rehabilitasi Kesehatan", "Penegakan Hukum"}
YEARS = [2025, 2026, 2027]

HEADERS = [
	"Cluster",
	"Program",
	"Activity",
	"Indicator",
	"Unit",
	"Measure Type",
	"Baseline",
	"2025",
	"2026",
	"2027",
	"Responsible Agency",
	"Supporting Agencies",
	"Budget Source",
]


def _save(tmp_path, rows, name="matrix.xlsx", formats=None, merges=()):
	"""Write rows (first one = header) to the first sheet; formats: {"H3": "0%"}; merges: ["A2:A4"]."""
	workbook = Workbook()
	sheet = workbook.active
	for row in rows:
		sheet.append(row)
	for coordinate, number_format in (formats or {}).items():
		sheet[coordinate].number_format = number_format
	for merge in merges:
		sheet.merge_cells(merge)
	path = tmp_path / name
	workbook.save(path)
	return path


def _parse(path, years=YEARS):
	return parse_matrix(path, AGENCIES, CLUSTERS, years)


def _row(**values):
	"""A data row in HEADERS order; defaults make a valid Count row."""
	row = {
		"Cluster": "Pencegahan",
		"Program": "Edukasi",
		"Activity": "Kampanye anti-TPPO",
		"Indicator": "Jumlah desa terpapar",
		"Unit": "Desa",
		"Measure Type": "Count",
		"Baseline": 10,
		"2025": 20,
		"2026": 30,
		"2027": 40,
		"Responsible Agency": "KemenPPPA",
		"Supporting Agencies": "Polri",
		"Budget Source": "APBN",
	}
	values = {key.replace("_", " "): value for key, value in values.items()}
	assert set(values) <= set(row), set(values) - set(row)
	row.update(values)
	return [row[header] for header in HEADERS]


def _found(result):
	return {(error.row, error.column, error.code, error.args) for error in result.errors}


def test_good_matrix_imports_every_value_exactly(tmp_path):
	header = [
		"No",
		"  CLUSTER ",
		"program",
		"Activity",
		"Indicator",
		"Unit",
		"measure   type",
		"Baseline",
		"Target 2025",
		2026,
		"target 2027",
		"Responsible Agency",
		"Supporting Agencies",
		"Budget Source",
	]
	rows = [
		header,
		[1, "Pencegahan", "Sosialisasi Publik", "Kampanye anti-TPPO di desa", "Jumlah desa terpapar kampanye",
		 "Desa", "Jumlah", "1.250", 1500, "1.750", None, "KemenPPPA", "Polri; Dinas Sosial, BP2MI", "APBN"],
		[None] * len(header),
		[2, "penegakan  hukum", None, "Pelatihan penyidik", "Penyidik terlatih", "%", "Persentase", "12,5",
		 "75%", 80, 0.9, "Kepolisian Negara Republik Indonesia", "", None],
		[3, "Rehabilitasi Kesehatan", "Layanan", "Rumah aman", "Tersedia rumah aman", "Unit", "Ya/Tidak",
		 "Tidak", "Ya", 1, "yes", "BP2MI", "KemenPPPA\nBP2MI", "APBD"],
		[4, "Pencegahan", "Dana", "Dana desa untuk pencegahan", "Anggaran tersalur", "Rupiah", "Rupiah",
		 "Rp 1.500.000", 2000000, "2.500.000,50", "3,000,000", "dinas  sosial", None, "APBD Provinsi"],
	]  # fmt: skip
	path = _save(tmp_path, rows, formats={"K4": "0%"})

	result = _parse(path)

	assert result.ok
	assert result.errors == []
	assert result.missing_columns == []
	assert result.rows == [
		{
			"row": 2,
			"cluster": "Pencegahan",
			"program": "Sosialisasi Publik",
			"activity": "Kampanye anti-TPPO di desa",
			"indicator": "Jumlah desa terpapar kampanye",
			"unit": "Desa",
			"measure_type": "Count",
			"baseline": 1250.0,
			"targets": {2025: 1500.0, 2026: 1750.0, 2027: None},
			"responsible_agency": "KemenPPPA",
			"supporting_agencies": ["POLRI", "DINSOS", "BP2MI"],
			"budget_source": "APBN",
		},
		{
			"row": 4,
			"cluster": "Penegakan Hukum",
			"program": None,
			"activity": "Pelatihan penyidik",
			"indicator": "Penyidik terlatih",
			"unit": "%",
			"measure_type": "Percentage",
			"baseline": 12.5,
			"targets": {2025: 75.0, 2026: 80.0, 2027: 90.0},
			"responsible_agency": "POLRI",
			"supporting_agencies": [],
			"budget_source": None,
		},
		{
			"row": 5,
			"cluster": "Rehabilitasi Kesehatan",
			"program": "Layanan",
			"activity": "Rumah aman",
			"indicator": "Tersedia rumah aman",
			"unit": "Unit",
			"measure_type": "Yes/No",
			"baseline": 0.0,
			"targets": {2025: 1.0, 2026: 1.0, 2027: 1.0},
			"responsible_agency": "BP2MI",
			"supporting_agencies": ["KemenPPPA"],  # the responsible agency is not also supporting
			"budget_source": "APBD",
		},
		{
			"row": 6,
			"cluster": "Pencegahan",
			"program": "Dana",
			"activity": "Dana desa untuk pencegahan",
			"indicator": "Anggaran tersalur",
			"unit": "Rupiah",
			"measure_type": "Amount (IDR)",
			"baseline": 1_500_000.0,
			"targets": {2025: 2_000_000.0, 2026: 2_500_000.5, 2027: 3_000_000.0},
			"responsible_agency": "DINSOS",
			"supporting_agencies": [],
			"budget_source": "APBD Provinsi",
		},
	]


def test_bad_matrix_imports_nothing_and_lists_every_bad_row(tmp_path):
	rows = [
		HEADERS,
		_row(),  # 2: fine
		_row(Activity="Pelatihan", Baseline="abc", **{"2025": "sepuluh"}),  # 3: text in numbers
		# 4: unknown responsible and supporting agencies
		_row(Activity="Rapat", Responsible_Agency="Kementerian Hantu", Supporting_Agencies="Polri, Dinas X"),
		_row(Activity="Patroli", Indicator=None, Unit="   "),  # 5: blank required cells
		_row(Cluster="PENCEGAHAN", Activity="  kampanye  ANTI-TPPO ", Indicator="jumlah desa terpapar"),  # 6
		[None] * len(HEADERS),  # 7: blank, skipped silently
		_row(Cluster="Pemberantasan", Activity="Razia", Measure_Type="Banyaknya"),  # 8
		_row(Activity="Penyuluhan", Baseline=-5, **{"2026": "-3"}),  # 9: negative
		# 10: Yes/No targets other than 1/0/Ya/Tidak
		_row(
			Activity="Perda", Measure_Type="Ya/Tidak", Baseline=0, **{"2025": 2, "2026": "mungkin", "2027": 1}
		),
		_row(Activity="Survei", **{"2025": "75%"}),  # 11: percentage in a Count item
		_row(Activity="Monev", **{"2025": None, "2026": None, "2027": None}),  # 12: no target at all
		_row(Activity="Kampanye anti-TPPO"),  # 13: duplicate of row 2 again
	]
	path = _save(tmp_path, rows)

	result = _parse(path)

	assert not result.ok
	assert result.rows == []
	assert result.missing_columns == []
	assert _found(result) == {
		(3, "Baseline", "not_a_number", ("abc",)),
		(3, "2025", "not_a_number", ("sepuluh",)),
		(4, "Responsible Agency", "unknown_agency", ("Kementerian Hantu",)),
		(4, "Supporting Agencies", "unknown_agency", ("Dinas X",)),
		(5, "Indicator", "required", ("Indicator",)),
		(5, "Unit", "required", ("Unit",)),
		(6, "Activity", "duplicate_row", (2,)),
		(8, "Cluster", "unknown_cluster", ("Pemberantasan",)),
		(8, "Measure Type", "unknown_measure_type", ("Banyaknya", "Count, Percentage, Yes/No, Amount (IDR)")),
		(9, "Baseline", "negative", ("-5",)),
		(9, "2026", "negative", ("-3",)),
		(10, "2025", "not_yes_no", ("2",)),
		(10, "2026", "not_yes_no", ("mungkin",)),
		(11, "2025", "percent_not_allowed", ("75%", "Count")),
		(12, "2025", "no_target", ()),
		(13, "Activity", "duplicate_row", (2,)),
	}
	assert len(result.errors) == 16  # one error per problem, none repeated
	assert [error.row for error in result.errors] == sorted(error.row for error in result.errors)


def test_error_messages_are_short_sentences_ready_to_translate(tmp_path):
	rows = [HEADERS, _row(), _row(), _row(Activity="Rapat", Responsible_Agency="Kementerian Hantu")]
	result = _parse(_save(tmp_path, rows))

	assert result.errors == [
		RowError(3, "Activity", "Same cluster, activity and indicator as row 2.", "duplicate_row", (2,)),
		RowError(
			4,
			"Responsible Agency",
			'Agency "Kementerian Hantu" does not exist.',
			"unknown_agency",
			("Kementerian Hantu",),
		),
	]
	for error in result.errors:
		assert MESSAGES[error.code].format(*error.args) == error.message


def test_missing_columns_are_listed_and_rows_still_checked(tmp_path):
	rows = [
		["Cluster", "Activity", "Indicator", "Unit", "Baseline", "Budget Source"],
		["Pencegahan", "Kampanye", "Jumlah desa", "Desa", 5, "APBN"],
		["Pemberantasan", "Razia", "Jumlah razia", "Kali", "lima", "APBN"],
	]
	result = _parse(_save(tmp_path, rows))

	assert not result.ok
	assert result.rows == []
	assert result.missing_columns == ["Measure Type", "Responsible Agency", "Target year"]
	assert _found(result) == {
		(3, "Cluster", "unknown_cluster", ("Pemberantasan",)),
		(3, "Baseline", "not_a_number", ("lima",)),
	}


def test_empty_sheet_misses_every_required_column(tmp_path):
	result = _parse(_save(tmp_path, []))

	assert not result.ok
	assert result.missing_columns == [
		"Cluster",
		"Activity",
		"Indicator",
		"Unit",
		"Measure Type",
		"Responsible Agency",
		"Target year",
	]


def test_year_columns_outside_the_plan_and_repeated_columns_are_header_errors(tmp_path):
	header = [*HEADERS, "Target 2031", "Target 2025", "Klaster"]
	rows = [header, [*_row(), 50, 60, "Pencegahan"]]
	result = _parse(_save(tmp_path, rows))

	assert not result.ok
	assert result.rows == []
	assert _found(result) == {
		(1, "Target 2031", "unexpected_year", (2031, "2025, 2026, 2027")),
		(1, "Target 2025", "duplicate_column", ("Target 2025",)),
		(1, "Klaster", "duplicate_column", ("Klaster",)),
	}


def test_only_some_plan_years_present_is_fine(tmp_path):
	header = [h for h in HEADERS if h != "2027"]
	row = [value for h, value in zip(HEADERS, _row(), strict=True) if h != "2027"]
	result = _parse(_save(tmp_path, [header, row]))

	assert result.ok
	assert result.rows[0]["targets"] == {2025: 20.0, 2026: 30.0, 2027: None}


@pytest.mark.parametrize(
	"typed, expected",
	[
		("1.250", 1250.0),
		("1.250.000", 1_250_000.0),
		("12,5", 12.5),
		("0,75", 0.75),
		("1.250,5", 1250.5),
		("1,250,000", 1_250_000.0),
		("1.5", 1.5),
		("Rp 2.500.000", 2_500_000.0),
		(" 40 ", 40.0),
		(7, 7.0),
		(2.5, 2.5),
	],
)
def test_indonesian_number_formats_are_understood(tmp_path, typed, expected):
	result = _parse(_save(tmp_path, [HEADERS, _row(**{"2025": typed})]))

	assert result.errors == []
	assert result.rows[0]["targets"][2025] == expected


@pytest.mark.parametrize("typed", ["1.2.3", "10 orang", "12,5,5", "--3", "x%"])
def test_text_that_is_not_a_number_is_rejected(tmp_path, typed):
	result = _parse(_save(tmp_path, [HEADERS, _row(**{"2025": typed})]))

	assert _found(result) == {(2, "2025", "not_a_number", (typed.strip(),))}


@pytest.mark.parametrize("typed", ["75%", "75 %", "75,0%", 75, 0.75])
def test_percentages_typed_or_formatted_as_percent(tmp_path, typed):
	formats = {"H2": "0%"} if typed == 0.75 else None
	rows = [HEADERS, _row(Measure_Type="Percentage", **{"2025": typed})]
	result = _parse(_save(tmp_path, rows, formats=formats))

	assert result.errors == []
	assert result.rows[0]["targets"][2025] == 75.0


def test_cells_merged_down_the_rows_count_for_every_row(tmp_path):
	rows = [
		HEADERS,
		_row(Activity="Kampanye"),
		_row(Cluster=None, Program=None, Activity="Pelatihan"),
		_row(Cluster=None, Program="Lain", Activity="Penyuluhan"),
	]
	result = _parse(_save(tmp_path, rows, merges=["A2:A4", "B2:B3"]))

	assert result.ok
	assert [(row["cluster"], row["program"]) for row in result.rows] == [
		("Pencegahan", "Edukasi"),
		("Pencegahan", "Edukasi"),
		("Pencegahan", "Lain"),
	]


def test_bytes_and_paths_give_the_same_result(tmp_path):
	path = _save(tmp_path, [HEADERS, _row()])

	assert parse_matrix(path.read_bytes(), AGENCIES, CLUSTERS, YEARS) == _parse(path)
	assert parse_matrix(str(path), AGENCIES, CLUSTERS, YEARS).ok


@pytest.mark.parametrize("content", [b"Cluster,Activity\nPencegahan,Kampanye\n", b"", b"PK\x03\x04broken"])
def test_a_file_that_is_not_xlsx_is_refused(content):
	with pytest.raises(MatrixFileError) as raised:
		parse_matrix(content, AGENCIES, CLUSTERS, YEARS)
	assert raised.value.code == "invalid_file"
	assert str(raised.value) == MESSAGES["invalid_file"]


def test_template_has_indonesian_headers_and_drop_downs(tmp_path):
	path = tmp_path / "template.xlsx"
	write_matrix_template(path, ["Pencegahan", "Penegakan Hukum"], [2026, 2025])

	workbook = load_workbook(path)
	sheet = workbook.worksheets[0]
	assert sheet.title == "Matriks"
	assert [cell.value for cell in sheet[1]] == [
		"Klaster",
		"Program",
		"Kegiatan",
		"Indikator",
		"Satuan",
		"Jenis Ukuran",
		"Baseline",
		"Target 2025",
		"Target 2026",
		"Penanggung Jawab",
		"Instansi Pendukung",
		"Sumber Anggaran",
	]
	assert sheet.max_row == 1  # empty
	drop_downs = {
		str(validation.sqref): validation.formula1 for validation in sheet.data_validations.dataValidation
	}
	assert drop_downs == {"F2:F1000": "Referensi!$B$2:$B$5", "A2:A1000": "Referensi!$A$2:$A$3"}
	reference = workbook["Referensi"]
	assert [reference.cell(row=r, column=1).value for r in (2, 3)] == ["Pencegahan", "Penegakan Hukum"]
	assert [reference.cell(row=r, column=2).value for r in (2, 3, 4, 5)] == [
		"Jumlah",
		"Persentase",
		"Ya/Tidak",
		"Rupiah",
	]


def test_empty_template_imports_cleanly_and_a_filled_one_imports_its_rows(tmp_path):
	buffer = BytesIO()
	write_matrix_template(buffer, sorted(CLUSTERS), YEARS)
	empty = parse_matrix(buffer.getvalue(), AGENCIES, CLUSTERS, YEARS)
	assert (empty.ok, empty.rows) == (True, [])

	workbook = load_workbook(BytesIO(buffer.getvalue()))
	filled_in = ["Pencegahan", None, "Kampanye", "Jumlah desa", "Desa", "Jumlah", None, 5, None, "7"]
	workbook.worksheets[0].append([*filled_in, "KemenPPPA", "Polri", "APBN"])
	workbook.save(tmp_path / "filled.xlsx")
	result = _parse(tmp_path / "filled.xlsx")

	assert result.ok
	assert [(row["activity"], row["measure_type"], row["targets"]) for row in result.rows] == [
		("Kampanye", "Count", {2025: 5.0, 2026: None, 2027: 7.0})
	]
