"""Deadline reminders: the daily job reminds the task forces that have not submitted, and only them."""

import frappe
from frappe.utils import add_days, getdate, today

from tppo_app.action_plan.reporting import expected_reporters, send_deadline_reminders
from tppo_app.tests.utils import (
	DISTRICT_A1,
	DISTRICT_A2,
	PROVINCE_A,
	TPPOTestCase,
	act,
	make_item,
	make_member,
	make_plan,
	make_progress_report,
	national_task_force,
	region_test_data,
)


class TestReportingReminder(TPPOTestCase):
	def test_reminders_go_to_task_forces_that_have_not_submitted(self):
		data = region_test_data()
		tf, users = data["task_forces"], data["users"]
		year = getdate(today()).year
		ran = make_plan(national_task_force(), "RAN", title="Reminder RAN", start_year=year, end_year=year)
		rad = make_plan(
			tf[PROVINCE_A], "RAD", parent_plan=ran, title="Reminder RAD A", start_year=year, end_year=year
		)
		make_item(rad, "1.1", targets={year: 4})
		# The next period's deadline falls in exactly N days (TPPO Settings).
		days = frappe.db.get_single_value("TPPO Settings", "reminder_days") or 7
		period = frappe.get_all(
			"Reporting Period", filters={"action_plan": rad}, pluck="name", order_by="start_date"
		)[0]
		frappe.db.set_value("Reporting Period", period, "submission_deadline", add_days(today(), days))
		label = frappe.db.get_value("Reporting Period", period, "period_label")
		make_member(tf[DISTRICT_A2], "Secretary A2", user=users["focal_a2"], task_force_role="Secretary")

		# The province and both districts report on the province's RAD; district A1 has submitted.
		reporters = {r.name for r in expected_reporters(rad)}
		self.assertEqual(reporters, {tf[PROVINCE_A], tf[DISTRICT_A1], tf[DISTRICT_A2]})
		submitted = make_progress_report(tf[DISTRICT_A1], rad, label, {"1.1": 1}, user=users["focal_a1"])
		act(users["focal_a1"], submitted.name, "Submit")

		self.assertEqual(send_deadline_reminders(), 2)
		reminded = set(
			frappe.get_all("Reporting Reminder", filters={"reporting_period": period}, pluck="task_force")
		)
		self.assertEqual(reminded, {tf[PROVINCE_A], tf[DISTRICT_A2]})
		# The focal point of A2 is told (through the editable Notification); A1's is not.
		logs = set(
			frappe.get_all(
				"Notification Log", filters={"document_type": "Reporting Reminder"}, pluck="for_user"
			)
		)
		self.assertIn(users["focal_a2"], logs)
		self.assertNotIn(users["focal_a1"], logs)
		# Running the job again the same day reminds nobody twice.
		self.assertEqual(send_deadline_reminders(), 0)
