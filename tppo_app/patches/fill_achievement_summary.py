"""Fills the achievement summary (issue 15) from the approved progress reports of an existing site."""

from tppo_app.action_plan.summary import rebuild


def execute():
	rebuild(quiet=True)
