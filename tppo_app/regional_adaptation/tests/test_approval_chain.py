"""A province's own approval levels: enforced for its districts only, acted on only by the approvers resolved
from the hierarchy, never by the submitter, and documents in flight keep the chain they started with."""

import frappe
from frappe.model.workflow import WorkflowTransitionError

from tppo_app import roles
from tppo_app.approval.guards import SelfApprovalError, set_return_reason
from tppo_app.tests.utils import (
	DISTRICT_A1,
	DISTRICT_B1,
	PROVINCE_A,
	PROVINCE_B,
	TPPOTestCase,
	act,
	as_user,
	make_item,
	make_member,
	make_plan,
	make_progress_report,
	make_user,
	national_task_force,
	region_test_data,
)


def state(report):
	return frappe.db.get_value("Progress Report", report, "workflow_state")


class TestApprovalChain(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		data = region_test_data()
		cls.tf, cls.users = data["task_forces"], data["users"]
		ran = make_plan(national_task_force(), "RAN", title="Chain RAN")
		cls.plan_a = make_plan(cls.tf[PROVINCE_A], "RAD", parent_plan=ran, title="Chain RAD A")
		cls.plan_b = make_plan(cls.tf[PROVINCE_B], "RAD", parent_plan=ran, title="Chain RAD B")
		for plan in (cls.plan_a, cls.plan_b):
			make_item(plan, "1.1", targets={2025: 10})
		# The province's inspectorate officer: a member of its task force, with focal-point rights.
		cls.inspector = make_user("inspector-a", roles.DISTRICT_FOCAL_POINT)
		cls.inspector_member = make_member(
			cls.tf[PROVINCE_A], "Inspektur Provinsi A", user=cls.inspector, position="Inspektur"
		).name
		# An officer with the same rights in province B.
		cls.inspector_b = make_user("inspector-b", roles.DISTRICT_FOCAL_POINT)
		make_member(cls.tf[PROVINCE_B], "Inspektur Provinsi B", user=cls.inspector_b, position="Inspektur")

	def chain(self, *levels, region=PROVINCE_A, user=None):
		name = frappe.db.get_value("Approval Chain", {"region": region})
		with as_user(user or self.users["admin_a"]):
			doc = frappe.get_doc("Approval Chain", name) if name else frappe.new_doc("Approval Chain")
			doc.region = region
			doc.levels = []
			for level in levels:
				doc.append("levels", level)
			doc.save(
				ignore_version=False
			)  # Frappe skips Versions in tests unless told; production keeps them
		return doc

	def inspectorate(self):
		return {
			"level_name": "Inspektorat",
			"approver_type": "Named Member",
			"member": self.inspector_member,
			"deadline_days": 5,
		}

	def report(self, period, region=DISTRICT_A1, plan=None, user=None):
		return make_progress_report(
			self.tf[region], plan or self.plan_a, period, {"1.1": 3}, user=user or self.users["focal_a1"]
		).name

	def test_a_provincial_level_binds_its_districts_and_only_its_approver_acts(self):
		self.chain(self.inspectorate())
		report = self.report("2025-Q1")
		act(self.users["focal_a1"], report, "Submit")
		self.assertEqual(state(report), "Regional Review 1")
		self.assertEqual(frappe.db.get_value("Progress Report", report, "next_approvers"), self.inspector)
		notified = frappe.get_all("Notification Log", filters={"document_name": report}, pluck="for_user")
		self.assertIn(self.inspector, notified)

		# Not the province's admin, not the same kind of officer in province B, not the submitter.
		self.assertRaises(WorkflowTransitionError, act, self.users["admin_a"], report, "Verify")
		self.assertRaises(WorkflowTransitionError, act, self.users["admin_a"], report, "Approve Level")
		self.assertRaises(frappe.PermissionError, act, self.inspector_b, report, "Approve Level")
		self.assertRaises(WorkflowTransitionError, act, self.users["focal_a1"], report, "Approve Level")
		self.assertEqual(state(report), "Regional Review 1")

		act(self.inspector, report, "Approve Level")
		self.assertEqual(state(report), "Submitted")
		step = frappe.get_doc("Progress Report", report).approval_steps[0]
		self.assertEqual((step.status, step.acted_by), ("Approved", self.inspector))
		act(self.users["admin_a"], report, "Verify")
		act(self.users["reviewer"], report, "Approve")
		self.assertEqual(frappe.db.get_value("Progress Report", report, "docstatus"), 1)

		# Province B's districts keep the default chain.
		b_report = self.report("2025-Q1", region=DISTRICT_B1, plan=self.plan_b, user=self.users["admin_b"])
		act(make_user("focal-b1", roles.DISTRICT_FOCAL_POINT, (DISTRICT_B1,)), b_report, "Submit")
		self.assertEqual(state(b_report), "Submitted")

	def test_documents_in_flight_keep_their_chain(self):
		self.chain()  # no extra level
		before = self.report("2025-Q2")
		act(self.users["focal_a1"], before, "Submit")
		self.assertEqual(state(before), "Submitted")

		chain = self.chain(self.inspectorate())
		version = chain.version
		in_review = self.report("2025-Q3")
		act(self.users["focal_a1"], in_review, "Submit")
		self.assertEqual(state(in_review), "Regional Review 1")
		draft = self.report("2025-Q4")

		# The province adds a second level: the draft takes it, the others keep what they had.
		chain = self.chain(
			self.inspectorate(),
			{"level_name": "Bappeda", "approver_type": "Role in Province", "role": roles.PROVINCIAL_ADMIN},
		)
		self.assertEqual(chain.version, version + 1)
		self.assertEqual(frappe.db.get_value("Progress Report", draft, "regional_levels"), 2)
		self.assertEqual(frappe.db.get_value("Progress Report", in_review, "regional_levels"), 1)
		act(self.users["admin_a"], before, "Verify")  # still the default path
		act(self.inspector, in_review, "Approve Level")
		self.assertEqual(state(in_review), "Submitted")  # one level, as when it started

		act(self.users["focal_a1"], draft, "Submit")
		act(self.inspector, draft, "Approve Level")
		self.assertEqual(state(draft), "Regional Review 2")
		self.assertEqual(
			frappe.db.get_value("Progress Report", draft, "next_approvers"), self.users["admin_a"]
		)
		act(self.users["admin_a"], draft, "Approve Level")
		self.assertEqual(state(draft), "Submitted")
		self.assertTrue(
			frappe.get_all("Version", filters={"ref_doctype": "Approval Chain", "docname": chain.name})
		)

	def test_no_one_approves_their_own_report_at_any_level(self):
		self.chain(self.inspectorate())
		own = self.report("2026-Q1", user=self.inspector)
		act(self.inspector, own, "Submit")
		self.assertRaises(SelfApprovalError, act, self.inspector, own, "Approve Level")
		self.assertEqual(state(own), "Regional Review 1")

	def test_returning_at_a_level_needs_a_reason_and_resubmission_starts_over(self):
		self.chain(self.inspectorate())
		report = self.report("2026-Q2")
		act(self.users["focal_a1"], report, "Submit")
		self.assertRaises(frappe.ValidationError, act, self.inspector, report, "Return")
		with as_user(self.inspector):
			set_return_reason(report, "Lengkapi bukti kegiatan")
		act(self.inspector, report, "Return")
		self.assertEqual(state(report), "Returned")
		self.assertEqual(frappe.get_doc("Progress Report", report).approval_steps[0].status, "Returned")
		act(self.users["focal_a1"], report, "Resubmit")
		self.assertEqual(state(report), "Regional Review 1")
		self.assertEqual(frappe.get_doc("Progress Report", report).approval_steps[0].status, "Pending")

	def test_a_province_configures_only_its_own_chain(self):
		count = frappe.db.count("Approval Chain")
		self.assertRaises(frappe.PermissionError, self.chain, self.inspectorate(), region=PROVINCE_B)
		too_many = [dict(self.inspectorate(), level_name=f"Level {i}") for i in range(4)]
		self.assertRaises(frappe.ValidationError, self.chain, *too_many)
		self.assertLessEqual(frappe.db.count("Approval Chain"), count + 1)
