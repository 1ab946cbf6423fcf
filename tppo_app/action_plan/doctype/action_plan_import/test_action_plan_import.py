"""Action-plan matrix import as a provincial admin: a good file imports exactly, a bad one imports nothing and
lists every bad row, and nobody imports into another province's plan."""

from io import BytesIO

from openpyxl import Workbook, load_workbook

import frappe
from frappe import _

from tppo_app.action_plan.doctype.action_plan_import.action_plan_import import (
	AlreadyImportedError,
	MatrixHasErrorsError,
	download_template,
)
from tppo_app.action_plan.matrix_import import MESSAGES
from tppo_app.tests.utils import (
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	as_user,
	make_plan,
	national_task_force,
	region_test_data,
)

HEADERS = [
	"No",
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
GOOD_ROWS = [
	[1, "Prevention", "Edukasi", "Kampanye anti-TPPO di desa", "Desa terpapar kampanye", "Desa", "Jumlah",
	 "1.250", 1500, "1.750", "Kepolisian Uji Impor", "DINSOS-UJI; Kepolisian Uji Impor", "APBD"],
	[2, "law  enforcement", None, "Pelatihan penyidik", "Penyidik terlatih", "%", "Persentase", "12,5",
	 "75%", 80, "dinsos-uji", "", None],
	[3, "Prevention", "Layanan", "Rumah aman", "Tersedia rumah aman", "Unit", "Ya/Tidak", "Tidak", "Ya",
	 None, "POLRI-UJI", None, "APBN"],
]  # fmt: skip


def message(code: str, *args) -> str:
	"""An error as the preview shows it, in the site's language."""
	return _(MESSAGES[code]).format(*args)


def workbook_bytes(rows: list[list], headers: list[str] = HEADERS) -> bytes:
	workbook = Workbook()
	sheet = workbook.active
	sheet.append(headers)
	for row in rows:
		sheet.append(row)
	output = BytesIO()
	workbook.save(output)
	return output.getvalue()


def make_agency_with_abbreviation(name: str, abbreviation: str, region: str | None) -> str:
	existing = frappe.db.get_value("Agency", {"agency_name": name}, "name")
	if existing:
		return existing
	return (
		frappe.get_doc(
			doctype="Agency",
			agency_name=name,
			abbreviation=abbreviation,
			agency_type="Police" if "Kepolisian" in name else "Social Affairs",
			level="National" if not region else "Province",
			region=region,
		)
		.insert(ignore_permissions=True)
		.name
	)


class TestActionPlanImport(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		data = region_test_data()
		cls.tf, cls.users = data["task_forces"], data["users"]
		cls.admin_a, cls.admin_b = cls.users["admin_a"], cls.users["admin_b"]
		ran = make_plan(national_task_force(), "RAN", title="Import Test RAN")
		years = {"start_year": 2025, "end_year": 2026}
		cls.plan_a = make_plan(cls.tf[PROVINCE_A], "RAD", parent_plan=ran, title="Import Test RAD A", **years)
		cls.plan_b = make_plan(cls.tf[PROVINCE_B], "RAD", parent_plan=ran, title="Import Test RAD B", **years)
		cls.police = make_agency_with_abbreviation("Kepolisian Uji Impor", "POLRI-UJI", None)
		cls.social = make_agency_with_abbreviation("Dinas Sosial Uji Impor", "DINSOS-UJI", PROVINCE_A)
		cls.agency_b = make_agency_with_abbreviation("Dinas Sosial Uji Impor B", "DINSOS-B", PROVINCE_B)

	def new_import(self, user: str, plan: str, content: bytes):
		"""An import with its file attached, made as the user."""
		with as_user(user):
			doc = frappe.get_doc(doctype="Action Plan Import", action_plan=plan).insert()
		file = frappe.get_doc(
			doctype="File",
			file_name="matriks.xlsx",
			content=content,
			is_private=1,
			attached_to_doctype="Action Plan Import",
			attached_to_name=doc.name,
		).insert(ignore_permissions=True)
		with as_user(user):
			doc.reload()
			doc.import_file = file.file_url
			doc.save()
		return doc

	def items(self, plan: str) -> list:
		return [
			frappe.get_doc("Action Plan Item", name)
			for name in frappe.get_all(
				"Action Plan Item", filters={"action_plan": plan}, order_by="item_code asc", pluck="name"
			)
		]

	def test_a_good_file_is_previewed_then_imported_exactly(self):
		doc = self.new_import(self.admin_a, self.plan_a, workbook_bytes(GOOD_ROWS))
		self.assertEqual(doc.region, PROVINCE_A)
		self.assertEqual(doc.status, "Draft")

		with as_user(self.admin_a):
			result = doc.preview()
		self.assertEqual(result, {"status": "Previewed", "rows": 3, "errors": 0})
		self.assertEqual(self.items(self.plan_a), [])  # the preview saves no item
		doc.reload()
		self.assertEqual((doc.status, doc.error_count), ("Previewed", 0))
		for text in (
			"Kampanye anti-TPPO di desa",
			"Pelatihan penyidik",
			"Rumah aman",
			"Dinas Sosial Uji Impor",
		):
			self.assertIn(text, doc.preview_data)

		with as_user(self.admin_a):
			self.assertEqual(doc.start_import(), 3)
		doc.reload()
		self.assertEqual((doc.status, doc.imported_count), ("Imported", 3))

		def values(item):
			return {
				"item_code": item.item_code,
				"cluster": item.cluster,
				"region": item.region,
				"program": item.program,
				"activity": item.activity,
				"indicator": item.indicator,
				"unit": item.unit,
				"measure_type": item.measure_type,
				"baseline": item.baseline,
				"targets": {t.year: t.target for t in item.targets},
				"responsible_agency": item.responsible_agency,
				"supporting_agencies": [row.agency for row in item.supporting_agencies],
				"budget_source": item.budget_source,
			}

		self.assertEqual(
			[values(item) for item in self.items(self.plan_a)],
			[
				{
					"item_code": "1.1",
					"cluster": "Prevention",
					"region": PROVINCE_A,
					"program": "Edukasi",
					"activity": "Kampanye anti-TPPO di desa",
					"indicator": "Desa terpapar kampanye",
					"unit": "Desa",
					"measure_type": "Count",
					"baseline": 1250.0,
					"targets": {2025: 1500.0, 2026: 1750.0},
					"responsible_agency": self.police,
					"supporting_agencies": [self.social],
					"budget_source": "APBD",
				},
				{
					"item_code": "1.2",
					"cluster": "Prevention",
					"region": PROVINCE_A,
					"program": "Layanan",
					"activity": "Rumah aman",
					"indicator": "Tersedia rumah aman",
					"unit": "Unit",
					"measure_type": "Yes/No",
					"baseline": 0.0,
					"targets": {2025: 1.0},
					"responsible_agency": self.police,
					"supporting_agencies": [],
					"budget_source": "APBN",
				},
				{
					"item_code": "5.1",
					"cluster": "Law Enforcement",
					"region": PROVINCE_A,
					"program": None,
					"activity": "Pelatihan penyidik",
					"indicator": "Penyidik terlatih",
					"unit": "%",
					"measure_type": "Percentage",
					"baseline": 12.5,
					"targets": {2025: 75.0, 2026: 80.0},
					"responsible_agency": self.social,
					"supporting_agencies": [],
					"budget_source": None,
				},
			],
		)

		# Once imported, it is not imported again; the same file in a new import finds every row there already.
		with as_user(self.admin_a):
			self.assertRaises(AlreadyImportedError, doc.start_import)
		again = self.new_import(self.admin_a, self.plan_a, workbook_bytes(GOOD_ROWS))
		with as_user(self.admin_a):
			self.assertEqual(again.preview()["errors"], 3)
			self.assertRaises(MatrixHasErrorsError, again.start_import)
		self.assertEqual(len(self.items(self.plan_a)), 3)

	def test_a_bad_file_imports_nothing_and_lists_every_bad_row(self):
		rows = [
			GOOD_ROWS[0],
			[2, "Prevention", None, "Pelatihan guru", "Guru terlatih", "Orang", "Jumlah", None, "banyak", 20,
			 "POLRI-UJI", None, None],
			[3, "Prevention", None, "Posko pengaduan", "Posko", "Unit", "Jumlah", None, 2, 3,
			 "Dinas Sosial Uji Impor B", None, None],
			[4, "prevention", None, "Kampanye anti-TPPO di desa", "Desa terpapar kampanye", "Desa", "Jumlah",
			 None, 5, 6, "POLRI-UJI", None, None],
			GOOD_ROWS[2],
		]  # fmt: skip
		doc = self.new_import(self.admin_a, self.plan_a, workbook_bytes(rows))
		with as_user(self.admin_a):
			self.assertEqual(doc.preview(), {"status": "Failed", "rows": 0, "errors": 3})
			self.assertRaises(MatrixHasErrorsError, doc.start_import)
		doc.reload()
		self.assertEqual((doc.status, doc.error_count, doc.imported_count), ("Failed", 3, 0))
		self.assertEqual(self.items(self.plan_a), [])
		for fragment in (
			message("not_a_number", "banyak"),  # row 3
			message("unknown_agency", "Dinas Sosial Uji Impor B"),  # row 4: B's agency, which A cannot see
			message("duplicate_row", 2),  # row 5
		):
			self.assertIn(frappe.utils.escape_html(fragment), doc.preview_data)
		for row, column in ((3, "Target 2025"), (4, "Penanggung Jawab"), (5, "Kegiatan")):
			self.assertIn(f"<td>{row}</td><td>{column}</td>", doc.preview_data)

		# Missing columns: each is named, and nothing is imported either.
		headers = [h for h in HEADERS if h not in ("Satuan", "Jenis Ukuran")]
		content = workbook_bytes(
			[[c for h, c in zip(HEADERS, GOOD_ROWS[0], strict=True) if h in headers]], headers
		)
		doc = self.new_import(self.admin_a, self.plan_a, content)
		with as_user(self.admin_a):
			self.assertEqual(doc.preview()["errors"], 2)
			self.assertRaises(MatrixHasErrorsError, doc.start_import)
		doc.reload()
		self.assertIn(message("missing_column", _("Unit")), doc.preview_data)
		self.assertIn(message("missing_column", _("Measure Type")), doc.preview_data)

		# Not a workbook at all.
		doc = self.new_import(self.admin_a, self.plan_a, b"No,Klaster\n1,Prevention\n")
		with as_user(self.admin_a):
			self.assertEqual(doc.preview()["errors"], 1)
		doc.reload()
		self.assertIn(message("invalid_file"), doc.preview_data)
		self.assertEqual(self.items(self.plan_a), [])

	def test_a_province_imports_into_its_own_plan_only(self):
		# A's admin cannot start an import into B's plan (its region is B's, refused by User Permissions) ...
		with as_user(self.admin_a):
			self.assertRaises(
				frappe.PermissionError,
				frappe.get_doc(doctype="Action Plan Import", action_plan=self.plan_b).insert,
			)
		# ... nor run B's import.
		doc_b = self.new_import(self.admin_b, self.plan_b, workbook_bytes([GOOD_ROWS[2]]))
		with as_user(self.admin_a):
			self.assertNotIn(doc_b.name, frappe.get_list("Action Plan Import", pluck="name"))
			doc = frappe.get_doc("Action Plan Import", doc_b.name)
			self.assertRaises(frappe.PermissionError, doc.preview)
			self.assertRaises(frappe.PermissionError, doc.start_import)
		self.assertEqual(self.items(self.plan_b), [])
		# B imports into B's plan, with the agencies B can see.
		with as_user(self.admin_b):
			self.assertEqual(doc_b.start_import(), 1)
		self.assertEqual([i.activity for i in self.items(self.plan_b)], ["Rumah aman"])

	def test_the_template_has_the_plans_years_and_clusters(self):
		with as_user(self.admin_a):
			download_template(self.plan_a)
		self.assertEqual(frappe.response.type, "binary")
		self.assertTrue(frappe.response.filename.endswith(".xlsx"))
		workbook = load_workbook(BytesIO(frappe.response.filecontent))
		headers = [cell.value for cell in workbook.worksheets[0][1]]
		self.assertEqual([h for h in headers if h.startswith("Target")], ["Target 2025", "Target 2026"])
		clusters = {row[0].value for row in workbook["Referensi"].iter_rows(min_row=2)}
		self.assertTrue({"Prevention", "Law Enforcement"} <= clusters)
		with as_user(self.users["focal_a1"]):
			# A district reads its province's plan, so it may download the template too; B's plan it cannot.
			download_template(self.plan_a)
			self.assertRaises(frappe.PermissionError, download_template, self.plan_b)
