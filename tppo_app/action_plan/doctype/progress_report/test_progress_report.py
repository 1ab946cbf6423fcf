"""Progress reports through the approval workflow, as each user: district → province → ministry, returns and
resubmissions, and every forbidden step refused without changing anything."""

import frappe
from frappe.model.workflow import WorkflowTransitionError

from tppo_app import roles
from tppo_app.action_plan.progress import (
	DuplicateProgressReportError,
	EvidenceFileError,
	InvalidProgressError,
)
from tppo_app.approval.guards import (
	ReturnReasonMissingError,
	SelfApprovalError,
	StateLockedError,
	set_return_reason,
)
from tppo_app.approval.workflow import install_workflows
from tppo_app.tests.utils import (
	DISTRICT_A1,
	PROVINCE_A,
	TPPOTestCase,
	act,
	as_user,
	make_item,
	make_plan,
	make_progress_report,
	make_user,
	national_task_force,
	period_of,
	region_test_data,
)


def state(report):
	return frappe.db.get_value("Progress Report", report, ["workflow_state", "docstatus"])


def notified(report):
	return {
		(n.for_user, n.subject.split(":")[0])
		for n in frappe.get_all(
			"Notification Log", filters={"document_name": report}, fields=["for_user", "subject"]
		)
	}


class TestProgressReport(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		data = region_test_data()
		cls.tf, cls.users = data["task_forces"], data["users"]
		cls.ran = make_plan(national_task_force(), "RAN", title="Workflow Test RAN")
		cls.plan = make_plan(cls.tf[PROVINCE_A], "RAD", parent_plan=cls.ran, title="Workflow Test RAD A")
		make_item(cls.plan, "1.1", "Count", {2025: 10})
		make_item(cls.plan, "1.2", "Percentage", {2025: 80})
		make_item(cls.plan, "1.3", "Yes/No", {2025: 1})
		make_item(cls.plan, "1.4", "Amount (IDR)", {2025: 0})
		cls.focal, cls.admin_a, cls.admin_b = (
			cls.users["focal_a1"],
			cls.users["admin_a"],
			cls.users["admin_b"],
		)
		cls.reviewer = cls.users["reviewer"]

	def new_report(self, period="2025-Q1", realised=None, task_force=None, user=None):
		return make_progress_report(
			task_force or self.tf[DISTRICT_A1],
			self.plan,
			period,
			realised if realised is not None else {"1.1": 5, "1.2": 40, "1.3": 1},
			user=user or self.focal,
		)

	def test_rows_come_from_the_plan_and_achievement_is_computed_on_the_server(self):
		report = self.new_report("2025-Q2", {"1.1": 12, "1.2": 40, "1.3": 0, "1.4": 0})
		rows = {r.item_code: r for r in report.items}
		self.assertEqual(set(rows), {"1.1", "1.2", "1.3", "1.4"})
		self.assertEqual(
			{code: rows[code].achievement_percent for code in rows},
			{"1.1": 120.0, "1.2": 50.0, "1.3": 0.0, "1.4": 100.0},
		)
		self.assertAlmostEqual(report.overall_achievement, (120 + 50 + 0 + 100) / 4)
		# A client cannot set the achievement: the server recomputes it.
		report.items[0].achievement_percent = 999
		with as_user(self.focal):
			report.save()
		self.assertEqual(report.items[0].achievement_percent, 120.0)

	def test_full_path_with_return_and_resubmission(self):
		report = self.new_report("2025-Q3").name
		self.assertEqual(state(report), ("Draft", 0))

		act(self.focal, report, "Submit")
		self.assertEqual(state(report), ("Submitted", 0))
		self.assertIn((self.admin_a, "Progress report to verify"), notified(report))
		self.assertNotIn(self.admin_b, {user for user, _ in notified(report)})

		with as_user(self.admin_a):
			set_return_reason(report, "Lampirkan daftar hadir kegiatan 1.1")
		act(self.admin_a, report, "Return")
		self.assertEqual(state(report), ("Returned", 0))
		doc = frappe.get_doc("Progress Report", report)
		self.assertEqual(
			(doc.return_reason, doc.returned_by), ("Lampirkan daftar hadir kegiatan 1.1", self.admin_a)
		)
		self.assertIn((self.focal, "Progress report returned for revision"), notified(report))

		act(self.focal, report, "Resubmit")
		act(self.admin_a, report, "Verify")
		self.assertEqual(state(report), ("Verified", 0))
		self.assertIn((self.reviewer, "Progress report to approve"), notified(report))

		act(self.reviewer, report, "Approve")
		self.assertEqual(state(report), ("Approved", 1))
		doc.reload()
		self.assertEqual(
			(doc.submitted_by, doc.verified_by, doc.approved_by), (self.focal, self.admin_a, self.reviewer)
		)
		self.assertIn((self.focal, "Progress report approved"), notified(report))

	def test_a_province_report_goes_straight_to_the_ministry(self):
		report = self.new_report("2025-Q1", task_force=self.tf[PROVINCE_A], user=self.admin_a).name
		act(self.admin_a, report, "Submit to Ministry")
		self.assertEqual(state(report), ("Verified", 0))
		act(self.reviewer, report, "Approve")
		self.assertEqual(state(report), ("Approved", 1))

	def test_forbidden_transitions_are_refused_and_change_nothing(self):
		report = self.new_report("2025-Q4").name
		# Wrong role: a focal point cannot verify, a reviewer cannot approve what was not verified.
		self.assertRaises(WorkflowTransitionError, act, self.focal, report, "Verify")
		self.assertRaises(WorkflowTransitionError, act, self.reviewer, report, "Approve")
		act(self.focal, report, "Submit")
		# Wrong region: province B's admin cannot even see it.
		self.assertRaises(frappe.PermissionError, act, self.admin_b, report, "Verify")
		# Returning without a reason.
		self.assertRaises(ReturnReasonMissingError, act, self.admin_a, report, "Return")
		# The submitter cannot change a report that waits for verification.
		with as_user(self.focal):
			doc = frappe.get_doc("Progress Report", report)
			doc.items[0].realised = 99
			doc.items[0].status = "Completed"
			self.assertRaises(StateLockedError, doc.save)
		self.assertEqual(state(report), ("Submitted", 0))
		self.assertNotEqual(
			frappe.db.get_value("Progress Report Item", {"parent": report, "idx": 1}, "realised"), 99
		)

	def test_nobody_verifies_or_approves_what_they_submitted(self):
		# A provincial officer who is also a focal point of one of the province's districts.
		both = make_user("focal-and-admin", roles.DISTRICT_FOCAL_POINT, (PROVINCE_A,))
		frappe.get_doc("User", both).add_roles(roles.PROVINCIAL_ADMIN)

		# Created and submitted by them.
		own = self.new_report("2026-Q1", {"1.1": 3}, user=both).name
		act(both, own, "Submit")
		self.assertRaises(SelfApprovalError, act, both, own, "Verify")
		self.assertEqual(state(own), ("Submitted", 0))

		# Created by a colleague (a creator-based check would let it through), submitted by them.
		colleagues = self.new_report(
			"2026-Q1", {"1.1": 3}, task_force=self.tf["11.02"], user=self.admin_a
		).name
		act(both, colleagues, "Submit")
		self.assertRaises(SelfApprovalError, act, both, colleagues, "Verify")
		self.assertEqual(state(colleagues), ("Submitted", 0))
		act(self.admin_a, colleagues, "Verify")  # the colleague who drafted it may verify it
		self.assertEqual(state(colleagues), ("Verified", 0))

		# The same at the ministry level: a reviewer who submitted a province report cannot approve it.
		reviewer_admin = make_user("reviewer-and-admin", roles.MINISTRY_REVIEWER)
		frappe.get_doc("User", reviewer_admin).add_roles(roles.PROVINCIAL_ADMIN)
		province_report = self.new_report(
			"2026-Q1", {"1.1": 3}, task_force=self.tf[PROVINCE_A], user=self.admin_a
		).name
		act(reviewer_admin, province_report, "Submit to Ministry")
		self.assertRaises(SelfApprovalError, act, reviewer_admin, province_report, "Approve")
		self.assertEqual(state(province_report), ("Verified", 0))

	def test_approved_reports_are_read_only(self):
		report = self.new_report("2026-Q2", {"1.1": 4}).name
		for user, action in ((self.focal, "Submit"), (self.admin_a, "Verify"), (self.reviewer, "Approve")):
			act(user, report, action)
		with as_user(self.reviewer):
			doc = frappe.get_doc("Progress Report", report)
			doc.items[0].realised = 50
			self.assertRaises(frappe.UpdateAfterSubmitError, doc.save)
		self.assertEqual(
			frappe.db.get_value("Progress Report Item", {"parent": report, "item_code": "1.1"}, "realised"), 4
		)

	def test_amending_an_approved_report_keeps_the_history(self):
		report = self.new_report("2027-Q1", {"1.1": 4}).name
		for user, action in ((self.focal, "Submit"), (self.admin_a, "Verify"), (self.reviewer, "Approve")):
			act(user, report, action)
		national = make_user("national", roles.NATIONAL_ADMIN)
		with as_user(national):
			frappe.get_doc("Progress Report", report).cancel()
			amended = frappe.copy_doc(frappe.get_doc("Progress Report", report))
			amended.amended_from = report
			amended.docstatus = 0  # as the form's Amend button does
			amended.insert()
		self.assertEqual(state(report), ("Approved", 2))  # the approved version stays, cancelled
		self.assertEqual((amended.workflow_state, amended.docstatus), ("Draft", 0))
		self.assertEqual(amended.name, f"{report}-1")
		self.assertEqual([r.realised for r in amended.items if r.item_code == "1.1"], [4])
		self.assertFalse(amended.approved_by)  # the trail starts again

	def test_one_report_per_task_force_plan_and_period(self):
		self.new_report("2026-Q3", {"1.1": 1})
		count = frappe.db.count("Progress Report")
		self.assertRaises(DuplicateProgressReportError, self.new_report, "2026-Q3", {"1.1": 2})
		self.assertEqual(frappe.db.count("Progress Report"), count)

	def test_bad_values_and_evidence_are_refused(self):
		report = self.new_report("2026-Q4", {})
		with as_user(self.focal):
			report.items[2].realised = 2  # item 1.3 is Yes/No
			report.items[2].status = "Completed"
			self.assertRaises(InvalidProgressError, report.save)
			report.reload()
			report.append("evidence", {"file": "/files/notes.exe", "description": "a program"})
			self.assertRaises(EvidenceFileError, report.save)
		self.assertEqual(frappe.db.count("Progress Report Evidence", {"parent": report.name}), 0)

	def test_evidence_row_gets_its_file_after_saving_and_before_submitting(self):
		# The form uploads into an evidence row only once the row is saved: a draft keeps a row without its
		# file, but the report is not submitted with it.
		report = self.new_report("2027-Q2", {"1.1": 3})
		with as_user(self.focal):
			report.append("evidence", {"description": "attendance list"})
			report.save()
		self.assertRaises(EvidenceFileError, act, self.focal, report.name, "Submit")
		self.assertEqual(state(report.name), ("Draft", 0))
		with as_user(self.focal):
			report.reload()
			report.evidence[0].file = "/files/attendance.pdf"
			report.save()
		act(self.focal, report.name, "Submit")
		self.assertEqual(state(report.name), ("Submitted", 0))

	def test_period_of_another_plan_is_refused(self):
		other_plan = make_plan(
			self.tf[PROVINCE_A],
			"RAD",
			parent_plan=self.ran,
			title="Other RAD A",
			start_year=2030,
			end_year=2030,
		)
		doc = frappe.get_doc(
			doctype="Progress Report",
			task_force=self.tf[DISTRICT_A1],
			action_plan=self.plan,
			reporting_period=period_of(other_plan, "2030-Q1"),
		)
		self.assertRaises(InvalidProgressError, doc.insert)

	def test_migrate_never_overwrites_an_edited_workflow(self):
		workflow = frappe.get_doc("Workflow", "Progress Report Approval")
		verify = next(t for t in workflow.transitions if t.action == "Verify")
		verify.allowed = roles.NATIONAL_ADMIN
		workflow.save()
		try:
			self.assertEqual(install_workflows(), [])
			workflow.reload()
			self.assertEqual(
				next(t for t in workflow.transitions if t.action == "Verify").allowed, roles.NATIONAL_ADMIN
			)
		finally:
			workflow.reload()
			next(t for t in workflow.transitions if t.action == "Verify").allowed = roles.PROVINCIAL_ADMIN
			workflow.save()

	# ---- a save writes what changed (tppo_app.utils.document: unchanged rows in one UPDATE, their links not
	# checked again) -----------------------------------------------------------------------------------------

	def rows_in_db(self, report: str) -> dict:
		return {
			r.item_code: r
			for r in frappe.get_all(
				"Progress Report Item",
				filters={"parent": report},
				fields=[
					"name",
					"item_code",
					"realised",
					"status",
					"achievement_percent",
					"narrative",
					"docstatus",
					"modified",
					"action_plan_item",
					"cluster",
					"idx",
				],
			)
		}

	def test_a_workflow_action_moves_every_row_with_the_report_and_keeps_its_values(self):
		report = self.new_report("2027-Q3", {"1.1": 6, "1.2": 30, "1.3": 1}).name
		before = self.rows_in_db(report)
		for user, action in ((self.focal, "Submit"), (self.admin_a, "Verify"), (self.reviewer, "Approve")):
			act(user, report, action)
			after = self.rows_in_db(report)
			docstatus, modified = frappe.db.get_value("Progress Report", report, ["docstatus", "modified"])
			self.assertEqual(set(after), set(before), action)
			for code, row in after.items():
				self.assertEqual((row.docstatus, row.modified), (docstatus, modified), f"{action} {code}")
				for field in (
					"name",
					"realised",
					"status",
					"achievement_percent",
					"narrative",
					"action_plan_item",
					"cluster",
					"idx",
				):
					self.assertEqual(row[field], before[code][field], f"{action} {code} {field}")
		self.assertEqual(state(report), ("Approved", 1))

	def test_a_row_changed_among_unchanged_ones_is_written(self):
		report = self.new_report("2027-Q4", {"1.1": 2, "1.2": 10}).name
		with as_user(self.focal):
			doc = frappe.get_doc("Progress Report", report)
			row = next(r for r in doc.items if r.item_code == "1.2")
			row.realised, row.narrative = 55, "Naik setelah sosialisasi"
			doc.save()
		rows = self.rows_in_db(report)
		self.assertEqual((rows["1.2"].realised, rows["1.2"].narrative), (55, "Naik setelah sosialisasi"))
		self.assertEqual(rows["1.1"].realised, 2)
		# Sent with the workflow action, as the form does: the change is kept too.
		with as_user(self.focal):
			doc = frappe.get_doc("Progress Report", report)
			next(r for r in doc.items if r.item_code == "1.1").realised = 3
			doc.workflow_state = "Submitted"
			doc.save()
		self.assertEqual(self.rows_in_db(report)["1.1"].realised, 3)

	def test_a_link_changed_in_a_row_is_still_checked(self):
		report = self.new_report("2028-Q1", {"1.1": 2}).name
		for fieldname, value in (("action_plan_item", "No Such Item"), ("cluster", "No Such Cluster")):
			with as_user(self.focal):
				doc = frappe.get_doc("Progress Report", report)
				doc.items[0].set(fieldname, value)
				self.assertRaises(frappe.LinkValidationError, doc.save)
			self.assertNotEqual(self.rows_in_db(report)[doc.items[0].item_code][fieldname], value)
