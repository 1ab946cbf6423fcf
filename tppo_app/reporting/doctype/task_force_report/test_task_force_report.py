"""Task Force Report, from the users' side: the secretariat compiles what the app holds for its region into a
frozen snapshot whose every number equals an independent count; new data changes nothing until a recompilation,
which says what changed; only the chair, the daily chair or the chair's delegate approves; another province
compiles, reads and downloads nothing; the PDF and the Word file carry the headings and figures."""

import io
import json

import frappe
from frappe.utils import getdate

from tppo_app import roles
from tppo_app.action_plan.report.national_reporting_compliance.test_national_reporting_compliance import (
	independent_cells,
	subtree_of,
)
from tppo_app.case_management.statistics import small_count_threshold
from tppo_app.reporting import output
from tppo_app.reporting.doctype.task_force_report.task_force_report import compile_report
from tppo_app.tests.case_factories import make_case, make_victim
from tppo_app.tests.report_scenario import make_scenario
from tppo_app.tests.utils import (
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	as_user,
	make_member,
	make_user,
	resource,
	rest_client,
)

YEAR = 2025
METHOD = "tppo_app.reporting.doctype.task_force_report.task_force_report"


def member(task_force: str, name: str, role: str, region: str = PROVINCE_A) -> tuple[str, str]:
	"""(user, member) of a task force with a task force role."""
	user = make_user(name, roles.VIEWER, (region,))
	existing = frappe.db.get_value("Task Force Member", {"task_force": task_force, "user": user})
	if existing:
		return user, existing
	return user, make_member(task_force, name, user=user, task_force_role=role).name


class TestTaskForceReport(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.s = make_scenario()
		cls.tf_a, cls.tf_b = cls.s.tf[PROVINCE_A], cls.s.tf[PROVINCE_B]
		cls.users = dict(cls.s.users)
		for key, role in (
			("secretary", "Secretary"),
			("chair", "Chair"),
			("daily_chair", "Daily Chair"),
			("member", "Member"),
			("delegate", "Member"),
		):
			cls.users[key], member_name = member(cls.tf_a, f"tfr-{key}", role)
			setattr(cls, f"{key}_member", member_name)
		cls.users["chair_b"], _member = member(cls.tf_b, "tfr-chair-b", "Chair", PROVINCE_B)
		# 2025 cases and victims in province A: 6 women and 2 men (a small count).
		cls.cases = [
			make_case(
				f"LP/TFR/{i}/2025",
				stage="Investigation",
				police_report_date=f"2025-03-0{i + 1}",
				inquiry_date=f"2025-03-0{i + 1}",
				investigation_date="2025-03-20",
			)
			for i in range(3)
		]
		for i, sex in enumerate(["Female"] * 6 + ["Male"] * 2):
			make_victim(
				f"TFR Victim {i}",
				birth_date=f"1995-01-{i + 1:02d}",
				sex=sex,
				serial=900 + i,
				identification_date="2025-02-01",
			)

	def new_report(self, year=YEAR, user=None, task_force=None) -> str:
		task_force = task_force or self.tf_a
		frappe.db.delete("Task Force Report", {"task_force": task_force, "year": year})
		with as_user(user or self.users["secretary"]):
			return (
				frappe.get_doc(
					doctype="Task Force Report",
					task_force=task_force,
					year=year,
					addressed_to="Gubernur Aceh",
					executive_summary="<p>Ringkasan uji.</p>",
				)
				.insert()
				.name
			)

	def compiled(self, name, user=None) -> dict:
		with as_user(user or self.users["secretary"]):
			compile_report(name)
		return json.loads(frappe.db.get_value("Task Force Report", name, "snapshot"))

	# ---- numbers ------------------------------------------------------------------------------------------------

	def test_every_compiled_number_equals_an_independent_count(self):
		snapshot = self.compiled(self.new_report())
		regions = list(subtree_of(PROVINCE_A))
		k = small_count_threshold()
		self.assertEqual(snapshot["meta"]["region"], PROVINCE_A)
		self.assertEqual(snapshot["meta"]["year"], YEAR)

		# Compliance: the same cells as the national compliance report's independent count.
		cells = list(independent_cells(YEAR, PROVINCE_A).values())
		compliance = snapshot["compliance"]
		for key, status in (("on_time", "On Time"), ("late", "Late"), ("missing", "Missing")):
			self.assertEqual(compliance[key], cells.count(status))

		# Achievement: each task force's latest approved report of the year, its reported rows by cluster.
		latest = {}
		for name in frappe.get_all(
			"Progress Report", filters={"docstatus": 1, "region": ("in", regions)}, pluck="name"
		):
			doc = frappe.get_doc("Progress Report", name)
			period = frappe.get_doc("Reporting Period", doc.reporting_period)
			if period.year == YEAR and (
				doc.task_force not in latest or latest[doc.task_force][0] < period.end_date
			):
				latest[doc.task_force] = (period.end_date, doc)
		by_cluster = {}
		for _end, doc in latest.values():
			for row in doc.items:
				if row.status and row.status != "Not Applicable" and row.achievement_percent is not None:
					by_cluster.setdefault(row.cluster, []).append(row.achievement_percent)
		self.assertEqual(snapshot["achievement"]["reports"], len(latest))
		self.assertTrue(by_cluster)
		got = {r["label"]: r for r in snapshot["achievement"]["by_cluster"]}
		for cluster, values in by_cluster.items():
			self.assertEqual(got[cluster]["rows"], len(values))
			self.assertAlmostEqual(got[cluster]["achievement"], sum(values) / len(values), delta=0.06)

		# Cases by stage, victims by sex (masked below k), as counted from the documents.
		cases = frappe.get_all(
			"TPPO Case",
			filters={
				"region": ("in", regions),
				"police_report_date": ("between", [f"{YEAR}-01-01", f"{YEAR}-12-31"]),
			},
			fields=["stage", "restitution_ordered"],
		)
		self.assertEqual(snapshot["cases"]["total"], len(cases))
		stages = {}
		for c in cases:
			stages[c.stage] = stages.get(c.stage, 0) + 1
		self.assertEqual({r["label"]: r["count"] for r in snapshot["cases"]["by_stage"]}, stages)

		victims = frappe.get_all(
			"Victim",
			filters={
				"region": ("in", regions),
				"identification_date": ("between", [f"{YEAR}-01-01", f"{YEAR}-12-31"]),
			},
			fields=["sex"],
		)
		sexes = {}
		for v in victims:
			sexes[v.sex or "Not Recorded"] = sexes.get(v.sex or "Not Recorded", 0) + 1
		shown = {s: (n if not 0 < n < k else f"<{k}") for s, n in sexes.items()}
		self.assertEqual({r["label"]: r["count"] for r in snapshot["victims"]["by_sex"]}, shown)
		self.assertEqual(shown["Male"], f"<{k}")  # the two men are never stored as a number
		self.assertNotIn(
			'"Male", "count": 2',
			frappe.db.get_value("Task Force Report", {"year": YEAR, "task_force": self.tf_a}, "snapshot"),
		)
		# The total leaves the masked counts out (else 8 - 6 women gives the 2 men back): the smallest sum shown.
		total = len(victims)
		shown_sums = [
			sum(r["count"] for r in snapshot["victims"][key] if isinstance(r["count"], int))
			for key in ("by_sex", "by_age_group", "by_origin_province")
		]
		self.assertEqual(snapshot["victims"]["total"], min(shown_sums) if total >= k else f"<{k}")
		self.assertEqual(snapshot["victims"]["total_partial"], 1)

		ages = {}
		for v in frappe.get_all(
			"Victim",
			filters={
				"region": ("in", regions),
				"identification_date": ("between", [f"{YEAR}-01-01", f"{YEAR}-12-31"]),
			},
			fields=["age_group"],
		):
			ages[v.age_group or "Not Recorded"] = ages.get(v.age_group or "Not Recorded", 0) + 1
		self.assertEqual(
			{r["label"]: r["count"] for r in snapshot["victims"]["by_age_group"]},
			{a: (n if not 0 < n < k else f"<{k}") for a, n in ages.items()},
		)

		# Trainings, meetings held and the recommendations' follow-up rate.
		in_year = ("between", [f"{YEAR}-01-01", f"{YEAR}-12-31"])
		trainings = frappe.get_all(
			"Training",
			filters={"region": ("in", regions), "start_date": in_year},
			fields=["participant_count"],
		)
		self.assertEqual(snapshot["trainings"]["count"], len(trainings))
		self.assertEqual(
			snapshot["trainings"]["participants"], sum(t.participant_count or 0 for t in trainings)
		)
		held = frappe.db.count(
			"Coordination Meeting",
			{
				"region": ("in", regions),
				"meeting_date": in_year,
				"docstatus": ("<", 2),
				"status": ("in", ["Held", "Minutes Approved"]),
			},
		)
		self.assertEqual(snapshot["coordination"]["meetings_held"], held)
		recommendations = frappe.get_all(
			"Recommendation",
			filters={"region": ("in", regions), "meeting_date": in_year, "status": ("!=", "Dropped")},
			pluck="status",
		)
		self.assertEqual(snapshot["coordination"]["recommendations"], len(recommendations))
		self.assertEqual(snapshot["coordination"]["recommendations_done"], recommendations.count("Done"))
		self.assertEqual(
			frappe.db.count("Sub Task Force", {"region": ("in", regions)}),
			snapshot["sub_task_forces"]["in_region"],
		)

		ordered = [c for c in cases if (c.restitution_ordered or 0) > 0]
		if 0 < len(ordered) < k:
			self.assertEqual(snapshot["restitution"]["cases"], f"<{k}")
			self.assertIsNone(snapshot["restitution"]["ordered"])

	# ---- frozen, recompiled -------------------------------------------------------------------------------------

	def test_snapshot_is_frozen_until_recompiled(self):
		name = self.new_report()
		first = self.compiled(name)
		stored = frappe.db.get_value("Task Force Report", name, ["snapshot", "compiled_on"], as_dict=True)

		make_case(
			"LP/TFR/NEW/2025",
			stage="Investigation",
			police_report_date="2025-06-01",
			inquiry_date="2025-06-01",
			investigation_date="2025-06-10",
		)
		# New data: the stored snapshot is exactly as it was, also after the secretariat edits the narrative.
		with as_user(self.users["secretary"]):
			doc = frappe.get_doc("Task Force Report", name)
			doc.recommendations = "<p>Perkuat pencegahan.</p>"
			doc.save()
		self.assertEqual(frappe.db.get_value("Task Force Report", name, "snapshot"), stored.snapshot)

		# Nobody writes the snapshot through a save.
		with as_user(self.users["secretary"]):
			doc = frappe.get_doc("Task Force Report", name)
			doc.snapshot = json.dumps({**first, "cases": {"total": 999}})
			self.assertRaises(frappe.PermissionError, doc.save)
		self.assertEqual(frappe.db.get_value("Task Force Report", name, "snapshot"), stored.snapshot)

		# Recompiling picks the new case up and says what changed.
		second = self.compiled(name)
		self.assertEqual(second["cases"]["total"], first["cases"]["total"] + 1)
		changes = frappe.db.get_value("Task Force Report", name, "changes_since_last")
		self.assertIn(f"cases.total: {first['cases']['total']} → {second['cases']['total']}", changes)
		self.assertEqual(frappe.db.get_value("Task Force Report", name, "compile_count"), 2)

	# ---- who prepares -------------------------------------------------------------------------------------------

	def test_only_the_secretariat_of_the_region_compiles(self):
		name = self.new_report()
		# An ordinary member and the chair are not the secretariat.
		for user in (self.users["member"], self.users["chair"]):
			with as_user(user):
				self.assertRaises(frappe.PermissionError, compile_report, name)
		# Another province's admin cannot even open it.
		with as_user(self.users["admin_b"]):
			self.assertRaises(frappe.PermissionError, compile_report, name)
			self.assertFalse(frappe.get_list("Task Force Report", filters={"name": name}))
		# The region's admin is the secretariat too.
		self.compiled(name, self.users["admin_a"])
		# A's secretary cannot start province B's report, nor B's admin A's.
		with as_user(self.users["secretary"]):
			doc = frappe.get_doc(doctype="Task Force Report", task_force=self.tf_b, year=YEAR)
			self.assertRaises(frappe.PermissionError, doc.insert)
		frappe.db.delete("Task Force Report", {"task_force": self.tf_a, "year": 2027})
		with as_user(self.users["admin_b"]):
			doc = frappe.get_doc(doctype="Task Force Report", task_force=self.tf_a, year=2027)
			self.assertRaises(frappe.PermissionError, doc.insert)
		self.assertFalse(frappe.db.exists("Task Force Report", {"task_force": self.tf_a, "year": 2027}))

	# ---- who approves -------------------------------------------------------------------------------------------

	def test_only_the_chair_the_daily_chair_or_the_delegate_approves(self):
		name = self.new_report()
		self.compiled(name)
		others = ("secretary", "member", "delegate", "admin_a", "national", "reviewer", "chair_b", "admin_b")
		for key in others:
			with as_user(self.users[key]):
				doc = frappe.get_doc("Task Force Report", name) if key not in ("admin_b", "chair_b") else None
				if doc is None:
					self.assertRaises(
						frappe.PermissionError, frappe.get_doc("Task Force Report", name).submit
					)
				else:
					self.assertRaises(frappe.PermissionError, doc.submit)
			self.assertEqual(frappe.db.get_value("Task Force Report", name, "docstatus"), 0, key)

		# Only a chair names the delegate.
		with as_user(self.users["secretary"]):
			doc = frappe.get_doc("Task Force Report", name)
			doc.approval_delegate = self.delegate_member
			self.assertRaises(frappe.PermissionError, doc.save)
		with as_user(self.users["daily_chair"]):
			doc = frappe.get_doc("Task Force Report", name)
			doc.approval_delegate = self.delegate_member
			doc.save()
		with as_user(self.users["delegate"]):
			frappe.get_doc("Task Force Report", name).submit()
		doc = frappe.get_doc("Task Force Report", name)
		self.assertEqual((doc.docstatus, doc.approved_by), (1, self.users["delegate"]))

		# Approved: never compiled again, never changed.
		with as_user(self.users["secretary"]):
			self.assertRaises(frappe.ValidationError, compile_report, name)
			doc = frappe.get_doc("Task Force Report", name)
			doc.executive_summary = "<p>Diubah.</p>"
			self.assertRaises(frappe.ValidationError, doc.save)

		# The chair approves a report of their own without a delegate.
		other = self.new_report(year=2026)
		self.compiled(other)
		with as_user(self.users["chair"]):
			frappe.get_doc("Task Force Report", other).submit()
		self.assertEqual(frappe.db.get_value("Task Force Report", other, "docstatus"), 1)

		# To change an approved report: the chair cancels it (nobody else), the secretariat amends it into a new
		# draft, which starts without a snapshot and is compiled again.
		with as_user(self.users["secretary"]):
			self.assertRaises(frappe.PermissionError, frappe.get_doc("Task Force Report", other).cancel)
		with as_user(self.users["chair"]):
			frappe.get_doc("Task Force Report", other).cancel()
		with as_user(self.users["secretary"]):
			amended = frappe.copy_doc(frappe.get_doc("Task Force Report", other), ignore_no_copy=False)
			amended.amended_from = other
			amended.docstatus = 0
			amended.insert()
			self.assertFalse(amended.snapshot)
			self.assertFalse(amended.approved_by)
			compile_report(amended.name)
		self.assertTrue(frappe.db.get_value("Task Force Report", amended.name, "snapshot"))

	# ---- output -------------------------------------------------------------------------------------------------

	def test_pdf_and_word_carry_the_headings_and_figures(self):
		from docx import Document
		from pypdf import PdfReader

		name = self.new_report()
		snapshot = self.compiled(name)
		cases_line = f"Jumlah kasus: {snapshot['cases']['total']}."
		with as_user(self.users["admin_a"]):
			frappe.local.response = frappe._dict()
			frappe.get_attr("tppo_app.reporting.output.download_pdf")(name)
			pdf = frappe.local.response.filecontent
			self.assertTrue(frappe.local.response.filename.endswith(".pdf"))
			frappe.local.response = frappe._dict()
			frappe.get_attr("tppo_app.reporting.output.download_docx")(name)
			docx = frappe.local.response.filecontent
		reader = PdfReader(io.BytesIO(pdf))
		self.assertGreater(len(reader.pages), 3)
		text = "\n".join(page.extract_text() for page in reader.pages)
		for heading in (
			"Daftar Isi",
			"Capaian Rencana Aksi (RAN/RAD)",
			"Kepatuhan Pelaporan",
			"Korban dan Layanan",
		):
			self.assertIn(heading, text)
		self.assertIn(cases_line, text)
		self.assertIn("Halaman 2 dari", text)

		document = Document(io.BytesIO(docx))
		headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
		self.assertIn("Penanganan Kasus", headings)
		self.assertIn("Kepatuhan Pelaporan", headings)
		self.assertIn(cases_line, [p.text for p in document.paragraphs])
		self.assertTrue(document.inline_shapes)  # the charts

		# Another province downloads nothing.
		with as_user(self.users["admin_b"]):
			self.assertRaises(frappe.PermissionError, output.download_pdf, name)
			self.assertRaises(frappe.PermissionError, output.download_docx, name)

	def test_another_province_gets_nothing_through_the_rest_api(self):
		name = self.new_report(year=2029)
		self.compiled(name)
		frappe.db.commit()  # nosemgrep: the REST requests run on their own connection
		try:
			attacker = rest_client(self.users["admin_b"])
			self.assertEqual(attacker.get(resource("Task Force Report", name)).status, 403)
			listed = attacker.get(resource("Task Force Report"), {"filters": json.dumps({"name": name})})
			self.assertEqual(listed.json["data"], [])
			for method in (
				"tppo_app.reporting.output.download_pdf",
				"tppo_app.reporting.output.download_docx",
			):
				self.assertEqual(attacker.get(f"/api/method/{method}", {"name": name}).status, 403)
			for method in (f"{METHOD}.get_preview", f"{METHOD}.compile_report"):
				self.assertEqual(attacker.post(f"/api/method/{method}", {"name": name}).status, 403)
			# The report's own secretariat reads it and its preview.
			own = rest_client(self.users["secretary"])
			self.assertEqual(own.get(resource("Task Force Report", name)).status, 200)
			preview = own.post(f"/api/method/{METHOD}.get_preview", {"name": name})
			self.assertIn("Kepatuhan Pelaporan", preview.json["message"])
		finally:
			frappe.db.delete("Task Force Report", name)
			frappe.db.commit()  # nosemgrep: undo the committed record

	def test_bad_input_is_refused(self):
		with as_user(self.users["secretary"]):
			doc = frappe.get_doc(doctype="Task Force Report", task_force=self.tf_a, year=1900)
			self.assertRaises(frappe.ValidationError, doc.insert)
		name = self.new_report()
		with as_user(self.users["secretary"]):
			doc = frappe.get_doc(doctype="Task Force Report", task_force=self.tf_a, year=YEAR)
			self.assertRaises(frappe.DuplicateEntryError, doc.insert)
			# Not compiled: no download.
			self.assertRaises(frappe.ValidationError, output.download_pdf, name)
		self.assertEqual(getdate(f"{YEAR}-01-01").year, YEAR)
