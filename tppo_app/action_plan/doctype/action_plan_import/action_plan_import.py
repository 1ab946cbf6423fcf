# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

"""Importing an action plan's matrix from Excel.

`preview()` reads the attached .xlsx with `matrix_import.parse_matrix` (the site's clusters and the agencies the
user can see) and shows every row and every error, saving no item. `start_import()` reads the file again and
creates all its Action Plan Items, or none: it refuses a file with any error, and an error while saving undoes
every item it created. Items are created as the user, so region scope and role permissions apply as in the
form: a provincial admin imports into their own province's plan only.
"""

from io import BytesIO

import frappe
from frappe import _
from frappe.utils import escape_html

from tppo_app.action_plan.matrix_import import MESSAGES, MatrixFileError, parse_matrix, write_matrix_template
from tppo_app.utils.document import TPPODocument

STATE_FIELDS = ("status", "error_count", "imported_count", "preview_data")


class MatrixHasErrorsError(frappe.ValidationError):
	pass


class AlreadyImportedError(frappe.ValidationError):
	pass


class ActionPlanImport(TPPODocument):
	def before_insert(self):
		self.status, self.error_count, self.imported_count, self.preview_data = "Draft", 0, 0, None

	def validate(self):
		self.validate_file_type()
		if not self.is_new():
			self.keep_state()

	def validate_file_type(self):
		if self.import_file and not self.import_file.lower().endswith(".xlsx"):
			frappe.throw(
				_("The matrix must be an Excel workbook (.xlsx); {0} is not.").format(
					frappe.bold(self.import_file.rsplit("/", 1)[-1])
				),
				title=_("Wrong file type"),
			)

	def keep_state(self):
		"""Only preview() and start_import() change the state; a changed file or plan starts over."""
		before = self.get_doc_before_save()
		if not before:
			return
		changed = self.has_value_changed("import_file") or self.has_value_changed("action_plan")
		if before.status == "Imported" and changed:
			frappe.throw(
				_("This matrix was imported already; start a new import for another file."),
				AlreadyImportedError,
				title=_("Already imported"),
			)
		if self.flags.updating_state:
			return
		for fieldname in STATE_FIELDS:
			self.set(fieldname, before.get(fieldname))
		if changed:
			self.status, self.error_count, self.imported_count, self.preview_data = "Draft", 0, 0, None

	@frappe.whitelist()
	def preview(self) -> dict:
		"""Checks the file and shows its rows, or every error; saves no item."""
		self.check_permission("write")
		rows, errors = self.check_file()
		self.status = "Failed" if errors else "Previewed"
		self.error_count = len(errors)
		self.preview_data = preview_html(self, rows, errors)
		self.save_state()
		return {"status": self.status, "rows": len(rows), "errors": len(errors)}

	@frappe.whitelist()
	def start_import(self) -> int:
		"""Creates every item of the file in one go; refuses a file with errors. Returns the number created."""
		self.check_permission("write")
		if self.status == "Imported":
			frappe.throw(
				_("This matrix was imported already."), AlreadyImportedError, title=_("Already imported")
			)
		frappe.get_doc("Action Plan", self.action_plan).check_permission("write")
		rows, errors = self.check_file()
		if errors:
			frappe.throw(
				_(
					"The file has {0} problems, so nothing was imported. Preview it to see them, correct the file and attach it again."
				).format(len(errors)),
				MatrixHasErrorsError,
				title=_("Nothing imported"),
			)

		savepoint = "action_plan_import"
		frappe.db.savepoint(savepoint)
		try:
			for row, code in zip(rows, item_codes(self.action_plan, rows), strict=True):
				create_item(self.action_plan, row, code)
		except Exception:
			frappe.db.rollback(save_point=savepoint)
			raise

		self.status, self.error_count, self.imported_count = "Imported", 0, len(rows)
		self.preview_data = preview_html(self, rows, [], imported=True)
		self.save_state()
		return len(rows)

	def save_state(self):
		self.flags.updating_state = True
		try:
			self.save()
		finally:
			self.flags.updating_state = False

	def check_file(self) -> tuple[list[dict], list[dict]]:
		"""The file's rows ready to save (none when anything is wrong) and every error, translated:
		{row (Excel row, None for the whole file), column, message}."""
		if not self.import_file:
			frappe.throw(_("Attach the matrix file (.xlsx) first."), title=_("File missing"))
		plan = frappe.db.get_value("Action Plan", self.action_plan, ["start_year", "end_year"], as_dict=True)
		clusters = known_clusters()
		try:
			result = parse_matrix(
				self.file_content(),
				known_agencies(),
				clusters,
				range(plan.start_year, plan.end_year + 1),
			)
		except MatrixFileError as exc:
			return [], [{"row": None, "column": "", "message": _(MESSAGES[exc.code])}]

		errors = [
			{"row": None, "column": _(column), "message": _(MESSAGES["missing_column"]).format(_(column))}
			for column in result.missing_columns
		]
		errors += [
			{"row": error.row, "column": error.column, "message": _(MESSAGES[error.code]).format(*error.args)}
			for error in result.errors
		]
		rows = [{**row, "cluster": clusters[row["cluster"]]} for row in result.rows]
		errors += already_in_plan(self.action_plan, rows)
		return ([] if errors else rows), errors

	def file_content(self) -> bytes:
		file = frappe.get_all(
			"File",
			filters={"file_url": self.import_file},
			fields=["name", "attached_to_doctype", "attached_to_name"],
			order_by="creation desc",
		)
		if not file:
			frappe.throw(_("The attached file {0} was not found.").format(frappe.bold(self.import_file)))
		own = [f for f in file if (f.attached_to_doctype, f.attached_to_name) == (self.doctype, self.name)]
		doc = frappe.get_doc("File", (own or file)[0].name)
		if not own and not frappe.has_permission("File", "read", doc=doc):
			raise frappe.PermissionError(_("You cannot read {0}.").format(self.import_file))
		content = doc.get_content()
		return content.encode() if isinstance(content, str) else content


# ---- what a matrix may name ----------------------------------------------------------------------------


def _region_depth(region: str | None) -> int:
	"""0 national, 1 province, 2 regency/city: more specific entries win over the national ones."""
	if not region or region == "ID":
		return 0
	return region.count(".") + 1


def known_agencies() -> dict[str, str]:
	"""Lower-cased agency name and abbreviation → Agency, among the active agencies the user can see.

	Names win over abbreviations, and a region's own agency over a national one of the same name."""
	agencies = sorted(
		frappe.get_list(
			"Agency",
			filters={"is_active": 1},
			fields=["name", "agency_name", "abbreviation", "region"],
			limit_page_length=0,
		),
		key=lambda a: _region_depth(a.region),
	)
	known = {}
	for field in ("abbreviation", "agency_name"):
		for agency in agencies:
			if (agency.get(field) or "").strip():
				known[agency.get(field).strip().lower()] = agency.name
	return known


def known_clusters() -> dict[str, str]:
	"""Cluster title → Action Plan Cluster, among the enabled clusters the user can see (regional entries
	over national ones of the same title)."""
	clusters = sorted(
		frappe.get_list(
			"Action Plan Cluster",
			filters={"disabled": 0},
			fields=["name", "cluster_name", "region"],
			limit_page_length=0,
		),
		key=lambda c: _region_depth(c.region),
	)
	return {c.cluster_name: c.name for c in clusters}


def cluster_titles() -> list[str]:
	clusters = frappe.get_list(
		"Action Plan Cluster",
		filters={"disabled": 0},
		fields=["cluster_name"],
		order_by="sort_order asc, cluster_name asc",
		limit_page_length=0,
	)
	return list(dict.fromkeys(c.cluster_name for c in clusters))


def _key(text: str | None) -> str:
	return " ".join((text or "").split()).casefold()


def already_in_plan(action_plan: str, rows: list[dict]) -> list[dict]:
	"""Rows whose cluster, activity and indicator the plan has already: importing them would double them."""
	existing = {
		(item.cluster, _key(item.activity), _key(item.indicator)): item.item_code or item.name
		for item in frappe.get_all(
			"Action Plan Item",
			filters={"action_plan": action_plan},
			fields=["name", "item_code", "cluster", "activity", "indicator"],
		)
	}
	errors = []
	for row in rows:
		item = existing.get((row["cluster"], _key(row["activity"]), _key(row["indicator"])))
		if item:
			errors.append(
				{
					"row": row["row"],
					"column": _("Activity"),
					"message": _("The plan has this activity and indicator already, as item {0}.").format(
						item
					),
				}
			)
	return errors


# ---- saving --------------------------------------------------------------------------------------------


def item_codes(action_plan: str, rows: list[dict]) -> list[str]:
	"""Codes "<cluster number>.<n>" in file order, numbered on after the plan's existing items. A cluster's
	number is its sort order, or the next free number after the sorted ones."""
	sort_order = {
		c.name: c.sort_order
		for c in frappe.get_all(
			"Action Plan Cluster",
			filters={"name": ("in", {r["cluster"] for r in rows} or {""})},
			fields=["name", "sort_order"],
		)
	}
	numbers, next_free = {}, max([o or 0 for o in sort_order.values()] + [0])
	for cluster in dict.fromkeys(r["cluster"] for r in rows):
		if sort_order.get(cluster):
			numbers[cluster] = sort_order[cluster]
		else:
			next_free += 1
			numbers[cluster] = next_free

	last = {}
	for code in frappe.get_all("Action Plan Item", filters={"action_plan": action_plan}, pluck="item_code"):
		prefix, _dot, n = (code or "").rpartition(".")
		if prefix and n.isdigit():
			last[prefix] = max(last.get(prefix, 0), int(n))
	codes = []
	for row in rows:
		prefix = str(numbers[row["cluster"]])
		last[prefix] = last.get(prefix, 0) + 1
		codes.append(f"{prefix}.{last[prefix]}")
	return codes


def create_item(action_plan: str, row: dict, item_code: str) -> str:
	return (
		frappe.get_doc(
			doctype="Action Plan Item",
			action_plan=action_plan,
			item_code=item_code,
			cluster=row["cluster"],
			program=row["program"],
			activity=row["activity"],
			indicator=row["indicator"],
			unit=row["unit"],
			measure_type=row["measure_type"],
			baseline=row["baseline"],
			responsible_agency=row["responsible_agency"],
			supporting_agencies=[{"agency": agency} for agency in row["supporting_agencies"]],
			budget_source=row["budget_source"],
			targets=[
				{"year": year, "target": target}
				for year, target in row["targets"].items()
				if target is not None
			],
		)
		.insert()
		.name
	)


# ---- preview -------------------------------------------------------------------------------------------


def preview_html(doc, rows: list[dict], errors: list[dict], imported: bool = False) -> str:
	if errors:
		heading = _("{0} problems found; nothing can be imported until the file is corrected.").format(
			len(errors)
		)
		table = _table(
			[_("Row"), _("Column"), _("Problem")],
			[[error["row"] or "", error["column"], error["message"]] for error in errors],
		)
		return f'<p class="text-danger">{escape_html(heading)}</p>{table}'

	plan_title = frappe.db.get_value("Action Plan", doc.action_plan, "title") or doc.action_plan
	if imported:
		heading = _("{0} items were imported into {1}.").format(len(rows), plan_title)
	else:
		heading = _("{0} items are ready to import into {1}.").format(len(rows), plan_title)
	years = sorted({year for row in rows for year in row["targets"]})
	labels = _labels(rows)
	table = _table(
		[
			_("Row"),
			_("Cluster"),
			_("Program"),
			_("Activity"),
			_("Indicator"),
			_("Unit"),
			_("Measure Type"),
			_("Baseline"),
			*(_("Target {0}").format(year) for year in years),
			_("Responsible Agency"),
			_("Supporting Agencies"),
			_("Budget Source"),
		],
		[
			[
				row["row"],
				labels.get(row["cluster"], row["cluster"]),
				row["program"],
				row["activity"],
				row["indicator"],
				row["unit"],
				_(row["measure_type"]),
				_number(row["baseline"]),
				*(_number(row["targets"].get(year)) for year in years),
				labels.get(row["responsible_agency"], row["responsible_agency"]),
				", ".join(labels.get(a, a) for a in row["supporting_agencies"]),
				row["budget_source"],
			]
			for row in rows
		],
	)
	return f'<p class="{"text-success" if imported else ""}">{escape_html(heading)}</p>{table}'


def _labels(rows: list[dict]) -> dict:
	agencies = {a for row in rows for a in (row["responsible_agency"], *row["supporting_agencies"])}
	clusters = {row["cluster"] for row in rows}
	labels = {
		a.name: a.agency_name
		for a in frappe.get_all(
			"Agency", filters={"name": ("in", agencies or {""})}, fields=["name", "agency_name"]
		)
	}
	labels.update(
		{
			c.name: _(c.cluster_name)
			for c in frappe.get_all(
				"Action Plan Cluster",
				filters={"name": ("in", clusters or {""})},
				fields=["name", "cluster_name"],
			)
		}
	)
	return labels


def _number(value: float | None) -> str:
	if value is None:
		return ""
	return frappe.format(value, {"fieldtype": "Float", "precision": 0 if float(value).is_integer() else 2})


def _table(headers: list[str], rows: list[list]) -> str:
	head = "".join(f"<th>{escape_html(str(h))}</th>" for h in headers)
	body = "".join(
		"<tr>" + "".join(f"<td>{escape_html('' if v is None else str(v))}</td>" for v in row) + "</tr>"
		for row in rows
	)
	return (
		'<div class="table-responsive"><table class="table table-bordered table-sm">'
		f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
	)


# ---- template ------------------------------------------------------------------------------------------


@frappe.whitelist()
def download_template(action_plan: str) -> None:
	"""The empty matrix (.xlsx) for the plan's years, with the clusters the user can choose."""
	plan = frappe.get_doc("Action Plan", action_plan)
	plan.check_permission("read")
	output = BytesIO()
	write_matrix_template(output, cluster_titles(), range(plan.start_year, plan.end_year + 1))
	frappe.response.filename = f"{_('Matrix')} {plan.title}.xlsx".replace("/", "-")
	frappe.response.filecontent = output.getvalue()
	frappe.response.type = "binary"
