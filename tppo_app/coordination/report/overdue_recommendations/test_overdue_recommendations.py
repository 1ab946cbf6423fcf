"""The overdue actions report: open recommendations past their due date, in the user's region only."""

from tppo_app.coordination.report.overdue_recommendations.overdue_recommendations import execute
from tppo_app.tests.coordination_factories import report_scenario
from tppo_app.tests.utils import TPPOTestCase, as_user


class TestOverdueRecommendations(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.data = report_scenario()

	def test_overdue_actions_per_region(self):
		recs, users = self.data["recommendations"], self.data["users"]
		with as_user(users["admin_a"]):
			_columns, data, _message, chart, summary = execute({})
		rows = {row.recommendation: row for row in data}
		self.assertIn(recs["overdue"], rows)
		self.assertEqual(rows[recs["overdue"]].days_overdue, 5)
		self.assertFalse({recs["done"], recs["in_progress"], recs["district"], recs["b"]} & set(rows))
		self.assertEqual(chart["data"]["labels"][0], "Report Police A")
		self.assertEqual(summary[0]["value"], len(data))
		with as_user(users["admin_b"]):
			self.assertEqual([r.recommendation for r in execute({})[1]], [recs["b"]])
		with as_user(users["focal_a1"]):
			self.assertEqual(execute({})[1], [])
