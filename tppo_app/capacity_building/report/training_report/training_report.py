# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""People trained, by agency, region, topic, sex or period, with their average test scores and gain.

Region scope (the training's region) is re-applied on the query, as list views apply it.
"""

import frappe
from frappe import _
from frappe.query_builder import Order

from tppo_app.case_management import rules, statistics
from tppo_app.regions import in_region, scope_query
from tppo_app.utils.reports import date_range, safe_report

Filters = frappe._dict

GROUPS = ("Agency", "Region", "Province", "Topic", "Sex", "Year", "Quarter", "Month")


@safe_report
def execute(filters: dict | None = None):
	filters = Filters(filters or {})
	filters.group_by = filters.group_by or "Agency"
	if filters.group_by not in GROUPS:
		frappe.throw(_("Group by must be one of: {0}.").format(", ".join(_(g) for g in GROUPS)))

	participants = get_participants(filters)
	data = group_rows(participants, filters.group_by)
	return get_columns(filters), data, None, get_chart(data), get_summary(participants)


def get_columns(filters: Filters) -> list[dict]:
	return [
		{"label": _(filters.group_by), "fieldname": "group", "fieldtype": "Data", "width": 280},
		{"label": _("Trainings"), "fieldname": "trainings", "fieldtype": "Int", "width": 100},
		{"label": _("People Trained"), "fieldname": "participants", "fieldtype": "Int", "width": 120},
		{"label": _("Women"), "fieldname": "women", "fieldtype": "Int", "width": 90},
		{"label": _("Men"), "fieldname": "men", "fieldtype": "Int", "width": 90},
		{"label": _("Average Pre-test"), "fieldname": "average_pre", "fieldtype": "Float", "width": 130},
		{"label": _("Average Post-test"), "fieldname": "average_post", "fieldtype": "Float", "width": 130},
		{"label": _("Average Score Gain"), "fieldname": "average_gain", "fieldtype": "Float", "width": 140},
	]


def get_participants(filters: Filters) -> list[dict]:
	participant = frappe.qb.DocType("Training Participant")
	training = frappe.qb.DocType("Training")
	query = (
		frappe.qb.from_(participant)
		.join(training)
		.on((training.name == participant.parent) & (participant.parenttype == "Training"))
		.select(
			training.name.as_("training"),
			training.topic,
			training.region,
			training.start_date,
			participant.agency,
			participant.sex,
			participant.pre_test_score,
			participant.post_test_score,
		)
		.orderby(training.start_date, order=Order.asc)
	)
	query = scope_query(query, training.region, "Training")
	query = date_range(query, training.start_date, filters)
	if filters.region:
		query = query.where(in_region(training.region, filters.region))
	for fieldname in ("topic", "task_force", "organiser_agency"):
		if filters.get(fieldname):
			query = query.where(training[fieldname] == filters.get(fieldname))
	if filters.agency:
		query = query.where(participant.agency == filters.agency)
	return query.run(as_dict=True)


def grouping(participants: list[dict], group_by: str):
	if group_by in ("Year", "Quarter", "Month"):
		period = statistics.period_of(group_by)
		return (lambda p: period(p, "start_date")), (lambda key: key)
	if group_by in ("Region", "Province"):
		key = (lambda p: p.region) if group_by == "Region" else (lambda p: statistics.province_code(p.region))
		names = statistics.region_names(key(p) for p in participants)
		return key, (lambda code: names.get(code, code))
	if group_by == "Agency":
		names = dict(
			frappe.get_all(
				"Agency",
				filters={"name": ("in", list({p.agency for p in participants if p.agency}))},
				fields=["name", "agency_name"],
				as_list=True,
			)
		)
		return (lambda p: p.agency), (lambda key: names.get(key, key))
	fieldname = "topic" if group_by == "Topic" else "sex"
	return (lambda p: p[fieldname]), (lambda key: _(key))


def group_rows(participants: list[dict], group_by: str) -> list[dict]:
	key_of, label_of = grouping(participants, group_by)
	groups: dict = {}
	for p in participants:
		groups.setdefault(key_of(p), []).append(p)
	periods = group_by in ("Year", "Quarter", "Month")
	keys = sorted(groups, key=lambda k: (k is None, str(k) if periods else str(label_of(k) or "").lower()))
	data = [summarise(label_of(key) if key else _("(not recorded)"), groups[key]) for key in keys]
	if data:
		data.append({**summarise(_("Total"), participants), "is_total_row": 1})
	return data


def summarise(label: str, participants: list[dict]) -> dict:
	scored = [
		(p.pre_test_score or 0, p.post_test_score or 0)
		for p in participants
		if p.pre_test_score or p.post_test_score
	]
	return {
		"group": label,
		"trainings": len({p.training for p in participants}),
		"participants": len(participants),
		"women": sum(1 for p in participants if p.sex == rules.FEMALE),
		"men": sum(1 for p in participants if p.sex == rules.MALE),
		"average_pre": round(sum(pre for pre, _post in scored) / len(scored), 1) if scored else None,
		"average_post": round(sum(post for _pre, post in scored) / len(scored), 1) if scored else None,
		"average_gain": rules.score_gain(scored),
	}


def get_chart(data: list[dict]) -> dict | None:
	rows = [row for row in data if not row.get("is_total_row")][:20]
	if not rows:
		return None
	return {
		"data": {
			"labels": [row["group"] for row in rows],
			"datasets": [
				{"name": _("Women"), "values": [row["women"] for row in rows]},
				{"name": _("Men"), "values": [row["men"] for row in rows]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#b91c1c", "#334155"],
	}


def get_summary(participants: list[dict]) -> list[dict]:
	scored = [
		(p.pre_test_score or 0, p.post_test_score or 0)
		for p in participants
		if p.pre_test_score or p.post_test_score
	]
	return [
		{
			"value": len({p.training for p in participants}),
			"label": _("Trainings"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{"value": len(participants), "label": _("People Trained"), "datatype": "Int", "indicator": "Green"},
		{
			"value": sum(1 for p in participants if p.sex == rules.FEMALE),
			"label": _("Women"),
			"datatype": "Int",
			"indicator": "Red",
		},
		{
			"value": rules.score_gain(scored) or 0,
			"label": _("Average Score Gain"),
			"datatype": "Float",
			"indicator": "Grey",
		},
	]
