"""Frappe endpoints that answer in English where the user reads Indonesian (override_whitelisted_methods): each
calls Frappe's own method and translates what it labels; see tppo_app.overrides."""

import datetime

import frappe
from frappe import _
from frappe.utils import format_date

# frappe.utils.dateutils.get_period labels a monthly chart with these, whatever the user's language.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@frappe.whitelist()
def dashboard_chart(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
	refresh=None,
):
	"""A "Group By" chart is labelled with the stored values ("Investigation", "Completed") and a monthly one with
	English month names ("Dec 2025"): the same chart, with its labels in the user's language."""
	from frappe.desk.doctype.dashboard_chart.dashboard_chart import get

	config = get(
		chart_name=chart_name,
		chart=chart,
		no_cache=no_cache,
		filters=filters,
		from_date=from_date,
		to_date=to_date,
		timespan=timespan,
		time_interval=time_interval,
		heatmap_year=heatmap_year,
		refresh=refresh,
	)
	if not isinstance(config, dict) or not config.get("labels"):
		return config
	doc = (
		frappe.get_cached_doc("Dashboard Chart", chart_name)
		if chart_name
		else frappe._dict(frappe.parse_json(chart) or {})
	)
	if doc.chart_type == "Group By":
		config["labels"] = [_(label) if isinstance(label, str) else label for label in config["labels"]]
	elif doc.timeseries:
		config["labels"] = [month_label(label) for label in config["labels"]]
	return config


def month_label(label):
	"""'Dec 2025' in the user's language ('Des 2025'); any other label as it is."""
	parts = label.split(" ") if isinstance(label, str) else []
	if len(parts) == 2 and parts[0] in MONTHS and parts[1].isdigit():
		return format_date(datetime.date(int(parts[1]), MONTHS.index(parts[0]) + 1, 1), "MMM yyyy")
	return label
