"""The RAN Achievement Excel matrix: its numbers are the roll-up's, for the user's region, laid out and formatted
as a matrix, and its cluster totals agree with the RAN Achievement report and a report template."""

import json
from io import BytesIO

from openpyxl import load_workbook

import frappe

from tppo_app.action_plan.achievement import rollup_tree
from tppo_app.action_plan.achievement_data import latest_per_year, progress_rows
from tppo_app.action_plan.export import achievement_matrix, matrix_columns
from tppo_app.action_plan.report.ran_template_report.ran_template_report import execute as render_template
from tppo_app.tests.utils import (
	TPPOTestCase,
	achievement_test_data,
	as_user,
	make_report_template,
)


class TestAchievementExport(TPPOTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		data = achievement_test_data()
		cls.plans, cls.users = data["plans"], data["users"]

	def matrix(self, user: str, filters: dict) -> list[dict]:
		"""The workbook's rows as dicts by column key, each with its cells."""
		with as_user(user):
			achievement_matrix(json.dumps(filters))
		self.assertEqual(frappe.response.type, "binary")
		self.assertTrue(frappe.response.filename.endswith(".xlsx"))
		self.sheet = load_workbook(BytesIO(frappe.response.filecontent)).active
		keys = [key for key, _header, _width in matrix_columns()]
		rows = []
		for cells in self.sheet.iter_rows(min_row=2):
			row = {key: cell.value for key, cell in zip(keys, cells, strict=True)}
			row["cells"] = dict(zip(keys, cells, strict=True))
			rows.append(row)
		return rows

	def expected_tree(self, user: str, filters: dict):
		"""rollup_tree over the same rows, items grouped by code (an adopted item keeps its source's code)."""
		with as_user(user):
			rows = latest_per_year(progress_rows(filters))
		return rollup_tree(rows, ["cluster", "item_code"]), rows

	def assert_node(self, row: dict, node, message=None):
		self.assertEqual((row["items"], row["reported"]), (node.items, node.reported), message)
		if node.achievement is None:
			self.assertIsNone(row["achievement"], message)
		else:
			self.assertAlmostEqual(row["achievement"] * 100, node.achievement, places=9, msg=message)

	def test_the_workbook_holds_the_rollup_numbers(self):
		filters = {"action_plan": self.plans["A"], "include_adopting_plans": 1, "year": 2025}
		rows = self.matrix(self.users["national"], filters)
		tree, item_rows = self.expected_tree(self.users["national"], filters)

		clusters = [r for r in rows if r["cells"]["label"].font.b and r["label"] != frappe._("Total")]
		self.assertEqual(len(clusters), len(tree.children))
		for cluster, node in zip(clusters, tree.children, strict=True):
			self.assertEqual(cluster["label"], frappe._(node.key))
			self.assert_node(cluster, node, node.key)
		self.assert_node(rows[-1], tree, "total")
		self.assertEqual(rows[-1]["label"], frappe._("Total"))

		items = {r["item_code"]: r for r in rows if r["item_code"]}
		nodes = {node.key: node for cluster in tree.children for node in cluster.children}
		self.assertEqual(set(items), set(nodes))
		for code, node in nodes.items():
			self.assert_node(items[code], node, code)
		# Target and realised: R1 is A1's Q2 (6), A2's Q2 (12) and province A's Q1 (5), each against 10.
		self.assertEqual((items["R1"]["target"], items["R1"]["realised"]), (30, 23))
		# R2 (Percentage) is the mean of the reported values, against the mean target.
		self.assertEqual((items["R2"]["target"], items["R2"]["realised"]), (80, 75))
		self.assertEqual(items["R3"]["measure_type"], frappe._("Yes/No"))
		self.assertEqual(sum(1 for r in item_rows if r["item_code"] == "R1"), nodes["R1"].items)

	def test_the_matrix_is_formatted(self):
		self.matrix(self.users["national"], {"action_plan": self.plans["A"], "include_adopting_plans": 1})
		sheet = self.sheet
		self.assertEqual(sheet.freeze_panes, "B2")
		self.assertEqual([c.value for c in sheet[1]], [header for _key, header, _width in matrix_columns()])
		self.assertTrue(all(c.font.b for c in sheet[1]))
		self.assertEqual(sheet.column_dimensions["A"].width, 60)
		cluster_row, item_row = sheet[2], sheet[3]
		self.assertTrue(cluster_row[0].font.b)
		self.assertFalse(item_row[0].font.b)
		self.assertEqual(item_row[0].alignment.indent, 2)
		self.assertEqual(cluster_row[9].number_format, "0.00%")
		self.assertEqual(item_row[9].number_format, "0.00%")

	def test_a_province_exports_only_its_region(self):
		filters = {"action_plan": self.plans["RAN"], "include_adopting_plans": 1, "year": 2025}
		rows = self.matrix(self.users["admin_b"], filters)
		tree, item_rows = self.expected_tree(self.users["admin_b"], filters)
		self.assertEqual({r["region"] for r in item_rows}, {"12"})
		self.assert_node(rows[-1], tree)
		self.assertEqual(rows[-1]["items"], 2)  # B's RAD has R1 and R2, reported in one report
		national = self.matrix(self.users["national"], filters)
		self.assertGreater(national[-1]["items"], rows[-1]["items"])

	def test_cluster_totals_agree_with_ran_achievement_and_a_template(self):
		from tppo_app.action_plan.report.ran_achievement.ran_achievement import execute as ran_achievement

		for user, filters in (
			("national", {"action_plan": self.plans["A"], "include_adopting_plans": 1, "year": 2025}),
			("national", {"action_plan": self.plans["RAN"], "include_adopting_plans": 1, "year": 2025}),
			("admin_a", {"action_plan": self.plans["RAN"], "include_adopting_plans": 1, "year": 2025}),
			("national", {"action_plan": self.plans["A1"], "year": 2026}),
		):
			user = self.users[user]
			exported = {
				r["label"]: (r["items"], r["reported"], r["achievement"] and r["achievement"] * 100)
				for r in self.matrix(user, filters)
				if r["cells"]["label"].font.b and r["label"] != frappe._("Total")
			}
			with as_user(user):
				report = ran_achievement({**filters, "group_by": "Cluster"})[1]
			achieved = {
				r["label"]: (r["rows"], r["reported"], r["achievement"]) for r in report if r["indent"] == 1
			}
			template = make_report_template(
				title=f"Clusters {json.dumps(filters)} {user}",
				dimensions=["Cluster"],
				measures=["Items", "Reported", "Achievement %"],
				action_plan=filters["action_plan"],
				include_adopting_plans=filters.get("include_adopting_plans", 0),
				filter_year=filters["year"],
			)
			with as_user(user):
				rendered = {
					r["group"]: (r["items"], r["reported"], r["achievement"])
					for r in render_template({"template": template})[1]
					if r["indent"] == 1
				}
			self.assertTrue(exported, filters)
			for name, totals in (("RAN Achievement", achieved), ("template", rendered)):
				self.assertEqual(set(totals), set(exported), (name, filters))
				for cluster, (items, reported, achievement) in exported.items():
					other = totals[cluster]
					self.assertEqual(other[:2], (items, reported), (name, cluster, filters))
					if achievement is None:
						self.assertIsNone(other[2], (name, cluster))
					else:  # RAN Achievement shows it rounded to 2 places
						self.assertAlmostEqual(other[2], achievement, places=2, msg=(name, cluster))
