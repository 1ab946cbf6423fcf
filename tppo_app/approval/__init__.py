"""Progress-report approval, in one place: district → [regional review levels] → province → ministry.

- states.py: the workflow's state and action names, the regional review levels.
- workflow.py: the workflow as data (progress_report_approval.json) and its installer (versioned: tppo_app.shipped).
- chain.py: a province's approval chain: its extra review levels, the copy each report keeps, who acts at a level.
- approvers.py: who acts next on a report (`next_approvers`), from the region hierarchy.
- guards.py: the server-side guards of every save (self-approval, return reasons, locked states, the trail).

It depends on tppo_app.regions (who holds a role in a region) and tppo_app.roles; the Progress Report controller
calls it, and nothing in it imports tppo_app.action_plan.
"""
