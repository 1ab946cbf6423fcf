"""Meetings held per task force per period, in the user's region only."""

from frappe.utils import add_days, getdate, today

from tppo_app.coordination.report.meetings_held.meetings_held import execute
from tppo_app.tests.coordination_factories import report_scenario
from tppo_app.tests.utils import DISTRICT_A1, PROVINCE_A, PROVINCE_B, TPPOTestCase, as_user
from tppo_app.utils.periods import period_key


def year(days: int) -> str:
	"""The year label of the day `days` from today."""
	return period_key(getdate(add_days(today(), days)), "Year")


class TestMeetingsHeld(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.data = report_scenario()

	def test_held_and_planned_per_task_force_and_period(self):
		tf, users = self.data["task_forces"], self.data["users"]
		with as_user(users["admin_a"]):
			_columns, data, _message, chart, summary = execute({"period": "Year"})
		rows = {(row["task_force"], row["period"]): row for row in data}
		province = rows[(tf[PROVINCE_A], year(-40))]
		self.assertEqual((province["held"], province["approved"]), (1, 1))
		planned = rows[(tf[PROVINCE_A], year(10))]
		self.assertGreaterEqual(planned["planned"], 1)
		self.assertEqual(rows[(tf[DISTRICT_A1], year(-20))]["held"], 1)
		self.assertFalse([key for key in rows if key[0] == tf[PROVINCE_B]])
		self.assertEqual(summary[0]["value"], sum(r["held"] for r in data))
		self.assertEqual(chart["data"]["datasets"][0]["name"], "Held")
		with as_user(users["admin_b"]):
			data = execute({"period": "Month"})[1]
		self.assertEqual({row["task_force"] for row in data}, {tf[PROVINCE_B]})
