"""Attendance rate by agency over held meetings, in the user's region only."""

from tppo_app.coordination.report.attendance_by_agency.attendance_by_agency import execute
from tppo_app.tests.coordination_factories import report_scenario
from tppo_app.tests.utils import TPPOTestCase, as_user


class TestAttendanceByAgency(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.data = report_scenario()

	def test_rates_per_agency(self):
		users = self.data["users"]
		with as_user(users["admin_a"]):
			_columns, data, _message, chart, summary = execute({})
		rows = {row["agency_name"]: row for row in data}
		police = rows["Report Police A"]
		# Absent in province A's meeting, represented in district A1's; the planned meeting does not count.
		self.assertEqual(
			(police["invited"], police["absent"], police["represented"], police["meetings"]), (2, 1, 1, 2)
		)
		self.assertEqual(police["attendance_rate"], 50)
		self.assertEqual(rows["Report DP3A A"]["attendance_rate"], 100)
		self.assertNotIn("Report Police B", rows)
		self.assertTrue(chart)
		with as_user(users["admin_b"]):
			self.assertEqual({row["agency_name"] for row in execute({})[1]}, {"Report Police B"})
