"""Backup and restore check: every record and every attachment comes back.

Run by scripts/backup_restore_check, one function per step, each with `bench --site SITE execute`:

    seed()                        on the source site: the demo data, a record of every tppo_app doctype,
                                  public and private attachments
    write_manifest(path)          on the source site: per doctype (child tables and File included) the number
                                  of rows and a SHA-256 over every column of every row, ordered by name; per
                                  file the SHA-256 of its content on disk
    migration_needed()            on the restored site: prints whether the code expects a migrate
    verify_manifest(path, junit)  on the restored site: recomputes, compares, prints one summary line and the
                                  differences, writes a JUnit report (one testcase per doctype and per file
                                  set) and exits non-zero on any difference

Not a test module (no test_ prefix): the test runner does not collect it.
"""

import datetime
import decimal
import glob
import hashlib
import json
import os
from xml.etree import ElementTree

import frappe
from frappe.utils import now

APP = "tppo_app"
SEED = "backup-check"  # prefix of the seeded files' names


# ---- what is compared ---------------------------------------------------------------------------------------


def compared_doctypes() -> list[str]:
	"""Every doctype of the app (child tables and single doctypes included) and File."""
	doctypes = frappe.get_all(
		"DocType", filters={"module": ("in", frappe.get_module_list(APP))}, pluck="name"
	)
	return [*sorted(doctypes), "File"]


def _plain(value):
	if isinstance(value, datetime.datetime | datetime.date | datetime.time):
		return value.isoformat()
	if isinstance(value, datetime.timedelta | decimal.Decimal):
		return str(value)
	if isinstance(value, bytes):
		return value.hex()
	return value


def table_state(doctype: str) -> dict:
	"""Rows and a SHA-256 over every column of every row (ordered by name, columns by name)."""
	digest = hashlib.sha256()
	if frappe.get_meta(doctype).issingle:
		singles = frappe.qb.DocType("Singles")
		rows = (
			frappe.qb.from_(singles)
			.select(singles.field, singles.value)
			.where(singles.doctype == doctype)
			.orderby(singles.field)
			.run()
		)
	else:
		columns = sorted(frappe.db.get_table_columns(doctype))
		table = frappe.qb.DocType(doctype)
		rows = frappe.qb.from_(table).select(*(table[c] for c in columns)).orderby(table.name).run()
		digest.update(json.dumps(columns).encode())
	for row in rows:
		digest.update(json.dumps([_plain(v) for v in row], default=str).encode())
		digest.update(b"\n")
	return {"count": len(rows), "sha256": digest.hexdigest()}


def file_state() -> dict:
	"""Every stored file (not folders, not links to other sites): where it lives and its content's hash."""
	files = {}
	for row in frappe.get_all(
		"File",
		filters={"is_folder": 0},
		fields=["name", "file_url", "is_private", "file_size"],
		order_by="name",
	):
		if not row.file_url or not row.file_url.startswith(("/files/", "/private/files/")):
			continue
		path = frappe.get_doc("File", row.name).get_full_path()
		content = None
		if os.path.isfile(path):
			with open(path, "rb") as f:
				content = hashlib.sha256(f.read()).hexdigest()
		files[row.name] = {
			"url": row.file_url,
			"private": row.is_private,
			"size": row.file_size,
			"sha256": content,
		}
	return files


def state() -> dict:
	return {
		"doctypes": {doctype: table_state(doctype) for doctype in compared_doctypes()},
		"files": file_state(),
	}


# ---- source site ----------------------------------------------------------------------------------------------


def write_manifest(path: str) -> None:
	manifest = {"site": frappe.local.site, "written": now(), **state()}
	with open(path, "w") as f:
		json.dump(manifest, f, indent=1, sort_keys=True)
	records = sum(entry["count"] for entry in manifest["doctypes"].values())
	print(
		f"manifest of {frappe.local.site}: {len(manifest['doctypes'])} doctypes, {records} records, "
		f"{len(manifest['files'])} files ({sum(f['private'] for f in manifest['files'].values())} private) → {path}"
	)


def seed() -> None:
	"""The demo data (if the site has none), a record of every tppo_app doctype the demo leaves empty, and
	public and private attachments on records of several doctypes. Safe to run again."""
	from tppo_app.demo import DEMO_DOMAIN, setup_demo_site

	if not frappe.db.exists("User", f"nasional@{DEMO_DOMAIN}"):
		setup_demo_site()
	frappe.set_user("Administrator")
	_seed_attachments()
	_seed_empty_doctypes()
	frappe.db.commit()  # nosemgrep: a bench execute entry point
	empty = [
		d
		for d in compared_doctypes()
		if not frappe.get_meta(d).issingle and not frappe.db.count(d) and d != "File"
	]
	print("seeded; doctypes without records: " + (", ".join(empty) or "none"))


def _pdf(title: str) -> bytes:
	return (
		b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
		+ f"% {title}\n".encode()
		+ b"trailer<</Root 1 0 R>>\n%%EOF\n"
	)


def _png() -> bytes:
	import base64

	return base64.b64decode(
		"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
	)


def _xlsx() -> bytes:
	from io import BytesIO

	from openpyxl import Workbook

	book = Workbook()
	book.active.append(["Kode", "Kegiatan", "Indikator"])
	book.active.append(["9.9", "Kegiatan contoh", "Jumlah kegiatan"])
	buffer = BytesIO()
	book.save(buffer)
	return buffer.getvalue()


def _attach(doctype: str, name: str, file_name: str, content: bytes, private: int, field: str | None = None):
	"""A file attached to the record (once); returns its URL."""
	file_name = f"{SEED}-{file_name}"
	existing = frappe.db.get_value(
		"File", {"file_name": file_name, "attached_to_doctype": doctype, "attached_to_name": name}, "file_url"
	)
	if existing:
		return existing
	return (
		frappe.get_doc(
			doctype="File",
			file_name=file_name,
			attached_to_doctype=doctype,
			attached_to_name=name,
			attached_to_field=field,
			is_private=private,
			content=content,
		)
		.insert(ignore_permissions=True)
		.file_url
	)


def _draft_report_to_seed() -> str:
	return frappe.db.get_value(
		"Progress Report", {"workflow_state": "Draft", "level": "District"}, "name", order_by="creation"
	)


def _fill_required_regional_values(report) -> None:
	"""Values for the fields the report's province requires (a browser run may just have added one)."""
	from tppo_app.regional_adaptation.regional_fields import NUMBER_TYPES, fields_for

	filled = {v.regional_field for v in report.regional_values if v.value not in (None, "")}
	for field in fields_for("Progress Report", report.region):
		if not field.reqd or field.applies_to_rows or field.name in filled:
			continue
		options = [o for o in (field.options or "").split("\n") if o.strip()]
		value = (
			"1"
			if field.fieldtype in NUMBER_TYPES
			else frappe.utils.today()
			if field.fieldtype == "Date"
			else options[0]
			if field.fieldtype == "Select" and options
			else "backup check"
		)
		report.append("regional_values", {"regional_field": field.name, "value": value})


def _seed_attachments() -> None:
	# Public: the national task force's legal basis, a meeting photo. Private: a district report's evidence,
	# a meeting's attendance sheet, a victim's consent form, an action plan matrix.
	task_force = frappe.db.get_value("Task Force", {"region": "ID"}, "name", order_by="creation")
	url = _attach(
		"Task Force", task_force, "perpres-49-2023.pdf", _pdf("Perpres 49/2023"), 0, "legal_basis_attachment"
	)
	frappe.db.set_value("Task Force", task_force, "legal_basis_attachment", url, update_modified=False)

	meeting = frappe.db.get_value("Coordination Meeting", {"docstatus": 0}, "name", order_by="creation")
	photo = _attach("Coordination Meeting", meeting, "rakor.png", _png(), 0, "photo")
	sheet = _attach(
		"Coordination Meeting", meeting, "daftar-hadir.pdf", _pdf("Daftar hadir"), 1, "attendance_sheet"
	)
	frappe.db.set_value(
		"Coordination Meeting", meeting, {"photo": photo, "attendance_sheet": sheet}, update_modified=False
	)

	report = frappe.get_doc(
		"Progress Report",
		frappe.db.get_value(
			"File",
			{"file_name": f"{SEED}-bukti-kegiatan.pdf", "attached_to_doctype": "Progress Report"},
			"attached_to_name",
		)
		or _draft_report_to_seed(),
	)
	added = False
	for file_name, content in (("bukti-kegiatan.pdf", _pdf("Bukti")), ("foto-kegiatan.png", _png())):
		url = _attach("Progress Report", report.name, file_name, content, 1)
		if url not in {row.file for row in report.evidence}:
			report.append(
				"evidence",
				{"file": url, "action_plan_item": report.items[0].action_plan_item, "description": file_name},
			)
			added = True
	if added:
		_fill_required_regional_values(report)
		report.save(ignore_permissions=True)

	victim = frappe.db.get_value("Victim", {}, "name", order_by="creation")
	_attach("Victim", victim, "persetujuan.pdf", _pdf("Persetujuan berbagi data"), 1)

	plan = frappe.db.get_value("Action Plan", {"plan_type": "RAD"}, "name", order_by="creation")
	if not frappe.db.exists("Action Plan Import", {"action_plan": plan}):
		matrix = frappe.get_doc(doctype="Action Plan Import", action_plan=plan).insert(
			ignore_permissions=True
		)
		url = _attach("Action Plan Import", matrix.name, "matriks-rad.xlsx", _xlsx(), 1, "import_file")
		frappe.db.set_value("Action Plan Import", matrix.name, "import_file", url, update_modified=False)


def _seed_empty_doctypes() -> None:
	"""Records of the doctypes the demo leaves empty: supporting agencies, a report template condition,
	a reporting and a follow-up reminder."""
	if not frappe.db.count("Action Plan Item Agency"):
		item = frappe.get_doc("Action Plan Item", frappe.db.get_value("Action Plan Item", {}, "name"))
		other = frappe.db.get_value("Agency", {"name": ("!=", item.responsible_agency)}, "name")
		item.append("supporting_agencies", {"agency": other})
		item.save(ignore_permissions=True)
	if not frappe.db.count("RAN Report Template Condition"):
		name = frappe.db.get_value("RAN Report Template", {}, "name")
		template = (
			frappe.get_doc("RAN Report Template", name)
			if name
			else frappe.get_doc(
				doctype="RAN Report Template",
				title="Backup check: completed items by cluster",
				action_plan=frappe.db.get_value("Action Plan", {"plan_type": "RAN"}, "name"),
				include_adopting_plans=1,
				dimensions=[{"dimension": "Cluster"}],
				measures=[{"measure": "Items"}, {"measure": "Achievement %"}],
			)
		)
		template.append("conditions", {"fieldname": "status", "operator": "=", "value": "Completed"})
		template.save(ignore_permissions=True)
	if not frappe.db.count("Reporting Reminder"):
		report = frappe.db.get_value(
			"Progress Report", {}, ["task_force", "reporting_period"], as_dict=True, order_by="creation"
		)
		frappe.get_doc(doctype="Reporting Reminder", **report).insert(ignore_permissions=True)
	if not frappe.db.count("Recommendation Reminder"):
		recommendation = frappe.db.get_value("Recommendation", {}, "name", order_by="creation")
		frappe.get_doc(
			doctype="Recommendation Reminder", recommendation=recommendation, reminder_type="Reminder"
		).insert(ignore_permissions=True)


# ---- restored site --------------------------------------------------------------------------------------------


def migration_needed() -> None:
	"""Prints "migrate: needed (…)" when the code has patches not run here or doctypes changed since, else
	"migrate: not needed"."""
	from frappe.modules.import_file import calculate_hash
	from frappe.modules.patch_handler import executed, get_all_patches

	reasons = [f"patch {p}" for p in get_all_patches() if not executed(p)]
	for app in frappe.get_installed_apps():
		for path in glob.glob(os.path.join(frappe.get_app_path(app), "*", "doctype", "*", "*.json")):
			folder = os.path.basename(os.path.dirname(path))
			if os.path.basename(path) != f"{folder}.json":
				continue
			with open(path) as f:
				name = json.load(f).get("name")
			stored = frappe.db.get_value("DocType", name, "migration_hash") if name else None
			if name and stored != calculate_hash(path):
				reasons.append(f"doctype {name}")
	print(
		"migrate: "
		+ (
			f"needed ({', '.join(reasons[:5])}{' …' if len(reasons) > 5 else ''})"
			if reasons
			else "not needed"
		)
	)


def compare(manifest: dict) -> tuple[dict, dict]:
	"""(doctype → list of differences, file set → list of differences) between a manifest and this site."""
	now_state = state()
	doctypes = {}
	for doctype in sorted(set(manifest["doctypes"]) | set(now_state["doctypes"])):
		before, after = manifest["doctypes"].get(doctype), now_state["doctypes"].get(doctype)
		problems = []
		if not before or not after:
			problems.append("missing on the restored site" if before else "not in the manifest")
		elif before["count"] != after["count"]:
			problems.append(f"{before['count']} records before, {after['count']} after")
		elif before["sha256"] != after["sha256"]:
			problems.append("same number of records, different values")
		doctypes[doctype] = problems
	files = {"public files": [], "private files": []}
	for name, before in sorted(manifest["files"].items()):
		after = now_state["files"].get(name)
		problems = files["private files" if before["private"] else "public files"]
		if not after:
			problems.append(f"{before['url']}: no File record")
		elif after["sha256"] is None:
			problems.append(f"{before['url']}: not on disk")
		elif after["sha256"] != before["sha256"]:
			problems.append(f"{before['url']}: different content")
		elif after["url"] != before["url"]:
			problems.append(f"{before['url']}: now at {after['url']}")
	for name in set(now_state["files"]) - set(manifest["files"]):
		after = now_state["files"][name]
		files["private files" if after["private"] else "public files"].append(
			f"{after['url']}: not in the manifest"
		)
	return doctypes, files


def verify_manifest(path: str, junit_path: str | None = None) -> None:
	with open(path) as f:
		manifest = json.load(f)
	doctypes, files = compare(manifest)
	if junit_path:
		write_junit(junit_path, manifest, doctypes, files)
	records = sum(entry["count"] for entry in manifest["doctypes"].values())
	differences = [f"{name}: {p}" for name, problems in (*doctypes.items(), *files.items()) for p in problems]
	summary = f"backup/restore: {len(doctypes)} doctypes, {records} records, {len(manifest['files'])} files"
	if not differences:
		print(f"{summary}: all restored")
		return
	print(f"{summary}: {len(differences)} differences")
	for line in differences:
		print(f"  {line}")
	raise SystemExit(1)


def write_junit(path: str, manifest: dict, doctypes: dict, files: dict) -> None:
	suite = ElementTree.Element("testsuite", name="backup_restore")
	failures = 0
	for kind, results in (("doctype", doctypes), ("files", files)):
		for name, problems in results.items():
			case = ElementTree.SubElement(suite, "testcase", classname=f"backup_restore.{kind}", name=name)
			if kind == "doctype" and name in manifest["doctypes"]:
				case.set("records", str(manifest["doctypes"][name]["count"]))
			if problems:
				failures += 1
				failure = ElementTree.SubElement(case, "failure", message=problems[0])
				failure.text = "\n".join(problems)
	suite.set("tests", str(len(suite)))
	suite.set("failures", str(failures))
	ElementTree.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
