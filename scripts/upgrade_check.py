"""The upgrade check's two halves, run by scripts/upgrade_check with the bench's Python:

  python upgrade_check.py SITE snapshot FILE   (on the previous release: what the site holds)
  python upgrade_check.py SITE verify FILE JUNIT_XML   (after the upgrade and migrate: nothing lost, all works)

Kept outside the app, so that the same file reads a site of any release.
"""

import json
import sys
from xml.sax.saxutils import escape

import frappe

DEMO_PASSWORD = "tppo-demo-2025"
MODULES = (
	"Task Force",
	"Action Plan",
	"Case Management",
	"Capacity Building",
	"Coordination",
	"Regional Adaptation",
)


def counts() -> dict:
	doctypes = frappe.get_all(
		"DocType", filters={"module": ("in", MODULES), "issingle": 0, "is_virtual": 0}, pluck="name"
	)
	return {dt: frappe.db.count(dt) for dt in sorted(doctypes)}


def snapshot(path: str) -> None:
	data = {
		"counts": counts(),
		"workflow_states": frappe.get_all(
			"Progress Report", fields=["name", "workflow_state", "docstatus"], order_by="name"
		),
		"notifications": sorted(
			frappe.get_all("Notification", filters={"document_type": ("like", "%")}, pluck="name")
		),
		"users": sorted(frappe.get_all("User", filters={"name": ("like", "%@tppo.example")}, pluck="name")),
	}
	with open(path, "w") as f:
		json.dump(data, f, default=str)
	print(f"snapshot: {sum(data['counts'].values())} records in {len(data['counts'])} doctypes")


def verify(path: str, junit: str) -> int:
	from frappe.utils.password import check_password

	from tppo_app.overrides.fieldlevel import install as install_fieldlevel_fix
	from tppo_app.regions import get_user_regions

	install_fieldlevel_fix()  # as before every request
	before = json.load(open(path))
	results = []

	def check(name: str, ok: bool, detail: str = ""):
		results.append((name, bool(ok), detail))

	now = counts()
	for dt, n in before["counts"].items():
		check(f"records kept: {dt}", now.get(dt, 0) >= n, f"{n} before, {now.get(dt, 0)} after")
	states_now = {
		r.name: (r.workflow_state, r.docstatus)
		for r in frappe.get_all("Progress Report", fields=["name", "workflow_state", "docstatus"])
	}
	changed = [
		r["name"]
		for r in before["workflow_states"]
		if states_now.get(r["name"]) != (r["workflow_state"], r["docstatus"])
	]
	check("progress reports keep their approval state", not changed, ", ".join(changed[:10]))
	workflow = frappe.get_doc("Workflow", "Progress Report Approval")
	check(
		"the approval workflow is active", workflow.is_active and workflow.document_type == "Progress Report"
	)
	missing = [n for n in before["notifications"] if not frappe.db.exists("Notification", n)]
	check("notifications kept", not missing, ", ".join(missing))
	for user in before["users"]:
		try:
			check_password(user, DEMO_PASSWORD)
			check(f"demo login works: {user}", True)
		except frappe.AuthenticationError as error:
			check(f"demo login works: {user}", False, str(error))
	expected = {
		"nasional@tppo.example": None,
		"reviewer@tppo.example": None,
		"pemantau@tppo.example": None,
		"admin.sulsel@tppo.example": "73",
		"admin.kalsel@tppo.example": "63",
		"fp.makassar@tppo.example": "73.71",
		"kasus.sulsel@tppo.example": "73",
	}
	for user, region in expected.items():
		frappe.local.user_permissions = {}
		frappe.cache.hdel("user_permissions", user)
		regions = get_user_regions(user)
		ok = (
			regions is None
			if region is None
			else (regions is not None and region in regions and "11" not in regions)
		)
		check(
			f"scope after the upgrade: {user}",
			ok,
			f"expected {region or 'national'}, got {regions and regions[:5]}",
		)
	# Privacy holds: the reviewer lists victims without a name; the case worker reads names in their region.
	frappe.set_user("reviewer@tppo.example")
	rows = frappe.get_list("Victim", fields=["name", "full_name", "nik"], limit=20)
	check(
		"victims' names hidden from the ministry reviewer",
		rows and not any(r.get("full_name") or r.get("nik") for r in rows),
	)
	frappe.set_user("kasus.sulsel@tppo.example")
	rows = frappe.get_list("Victim", fields=["name", "full_name", "region"], limit=500)
	check(
		"the case worker reads her province's victims, and only those",
		rows and all(r.full_name for r in rows) and all(str(r.region).startswith("73") for r in rows),
	)
	frappe.set_user("fp.makassar@tppo.example")
	regions = set(frappe.get_list("Task Force", pluck="region", limit=0))
	check("the focal point sees only Kota Makassar's task force", regions == {"73.71"}, str(regions))
	frappe.set_user("Administrator")
	# The approval still runs: a verified report is approved by a ministry reviewer.
	from frappe.model.workflow import apply_workflow

	verified = frappe.get_all(
		"Progress Report", filters={"workflow_state": "Verified"}, pluck="name", limit=1
	)
	if verified:
		frappe.set_user("reviewer@tppo.example")
		try:
			apply_workflow(frappe.get_doc("Progress Report", verified[0]).as_dict(), "Approve")
			check(
				"a verified report is approved after the upgrade",
				frappe.db.get_value("Progress Report", verified[0], "docstatus") == 1,
			)
		except Exception as error:
			check("a verified report is approved after the upgrade", False, repr(error))
		finally:
			frappe.set_user("Administrator")
			frappe.db.rollback()
	else:
		check("a verified report is approved after the upgrade", False, "the demo has no verified report")

	failed = [r for r in results if not r[1]]
	cases = "".join(
		f'<testcase classname="upgrade" name="{escape(name, {chr(34): "&quot;"})}">'
		+ ("" if ok else f'<failure message="{escape(detail, {chr(34): "&quot;"})}"/>')
		+ "</testcase>"
		for name, ok, detail in results
	)
	with open(junit, "w") as f:
		f.write(
			f'<?xml version="1.0" encoding="utf-8"?><testsuite name="upgrade" tests="{len(results)}" failures="{len(failed)}">{cases}</testsuite>'
		)
	for name, _ok, detail in failed:
		print(f"FAILED {name}: {detail}")
	print(f"upgrade: {len(results) - len(failed)} of {len(results)} checks held")
	return 1 if failed else 0


if __name__ == "__main__":
	site, action, *args = sys.argv[1:]
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		rc = snapshot(*args) if action == "snapshot" else verify(*args)
	finally:
		frappe.destroy()
	sys.exit(rc or 0)
