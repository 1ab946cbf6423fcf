# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import getdate

from tppo_app.action_plan.periods import PERIODS_PER_YEAR, period_bounds, period_label
from tppo_app.utils.document import TPPODocument


class ReportingPeriod(TPPODocument):
	def before_naming(self):
		self.set_bounds()

	def validate(self):
		self.set_bounds()
		start_year, end_year = frappe.db.get_value(
			"Action Plan", self.action_plan, ["start_year", "end_year"]
		)
		if not start_year <= self.year <= end_year:
			frappe.throw(
				_("{0} is outside the plan's years {1}-{2}.").format(self.year, start_year, end_year),
				title=_("Invalid period"),
			)
		if getdate(self.submission_deadline) < getdate(self.end_date):
			frappe.throw(
				_("The submission deadline cannot fall before the period ends."), title=_("Invalid deadline")
			)

	def set_bounds(self):
		if not (self.period_type in PERIODS_PER_YEAR and self.year and self.period_no):
			return  # Frappe's mandatory and Select checks name what is missing or wrong
		try:
			start, end = period_bounds(self.period_type, self.year, self.period_no)
		except ValueError:
			frappe.throw(
				_("{0} {1} does not exist; quarters are numbered 1-4, semesters 1-2.").format(
					_(self.period_type), self.period_no
				),
				title=_("Invalid period"),
			)
		self.start_date, self.end_date = start, end
		self.period_label = period_label(self.period_type, self.year, self.period_no)
