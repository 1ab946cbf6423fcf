"""A Task Force Report as a document: PDF (WeasyPrint) and Word (.docx, python-docx), both from the report's
frozen snapshot and narrative, through one document model (`document_model`): the cover, the table of contents,
the sections with their tables and charts (PNG images drawn on the server with Pillow).

The document is an official Indonesian one (to the President, a governor, a regent): its headings are written in
Indonesian here, and the values kept in English in the snapshot (stages, sexes, clusters) are translated into
Indonesian when it is rendered.
"""

import base64
import io
import json
from contextlib import contextmanager
from html import escape

import frappe
from frappe import _
from frappe.utils import flt, fmt_money, strip_html

LANGUAGE = "id"


@contextmanager
def indonesian():
	old = frappe.local.lang
	frappe.local.lang = LANGUAGE
	try:
		yield
	finally:
		frappe.local.lang = old


def number(value) -> str:
	if value is None:
		return "–"
	if isinstance(value, str):
		return value  # a masked count ("<5")
	if isinstance(value, float) and not value.is_integer():
		return f"{value:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")
	return f"{int(value):,}".replace(",", ".")


def percent(value) -> str:
	return "–" if value is None else number(flt(value, 1)) + "%"


def counts_table(rows: list[dict], header: str) -> dict:
	return {
		"type": "table",
		"headers": [header, "Jumlah"],
		"rows": [[_(r["label"]), number(r["count"])] for r in rows],
	}


# ---- charts -------------------------------------------------------------------------------------------------


def bar_chart(title: str, labels: list[str], values: list[float], unit: str = "") -> bytes:
	"""A horizontal bar chart as PNG bytes."""
	from PIL import Image, ImageDraw, ImageFont

	try:
		font = ImageFont.load_default(size=22)
		title_font = ImageFont.load_default(size=26)
	except TypeError:  # Pillow without FreeType
		font = title_font = ImageFont.load_default()
	width, bar_height, gap, left = 1500, 34, 14, 620
	height = 80 + len(labels) * (bar_height + gap) + 20
	image = Image.new("RGB", (width, height), "white")
	draw = ImageDraw.Draw(image)
	draw.text((20, 20), title, fill="#111827", font=title_font)
	top = max([*values, 1])
	for index, (label, value) in enumerate(zip(labels, values, strict=True)):
		y = 80 + index * (bar_height + gap)
		draw.text((20, y + 4), label if len(label) <= 48 else label[:47] + "…", fill="#111827", font=font)
		length = int((width - left - 180) * max(value, 0) / top)
		draw.rectangle([left, y, left + length, y + bar_height], fill="#1d4ed8")
		draw.text((left + length + 10, y + 4), f"{number(value)}{unit}", fill="#111827", font=font)
	buffer = io.BytesIO()
	image.save(buffer, format="PNG")
	return buffer.getvalue()


# ---- the document model -------------------------------------------------------------------------------------


def document_model(doc) -> dict:
	"""Cover and sections of the report, from its snapshot and narrative (in Indonesian)."""
	snapshot = json.loads(doc.snapshot)
	meta = snapshot["meta"]
	with indonesian():
		sections = [
			("ringkasan", "Ringkasan Eksekutif", [{"type": "html", "html": doc.executive_summary or ""}]),
			("capaian", "Capaian Rencana Aksi (RAN/RAD)", achievement_blocks(snapshot["achievement"])),
			("kepatuhan", "Kepatuhan Pelaporan", compliance_blocks(snapshot["compliance"])),
			("kasus", "Penanganan Kasus", case_blocks(snapshot["cases"])),
			("korban", "Korban dan Layanan", victim_blocks(snapshot, meta["small_count_threshold"])),
			("kapasitas", "Pelatihan, Koordinasi dan Sub Gugus Tugas", coordination_blocks(snapshot)),
			("hambatan", "Hambatan dan Tindak Lanjut", narrative_blocks(snapshot["narratives"])),
			("instansi", "Kontribusi Instansi", [{"type": "html", "html": doc.agency_sections or ""}]),
			("rekomendasi", "Rekomendasi", [{"type": "html", "html": doc.recommendations or ""}]),
		]
	status = "Disetujui" if doc.docstatus == 1 else "Draf"
	return {
		"title": f"Laporan Gugus Tugas PP-TPPO {meta['region_name']} Tahun {meta['year']}",
		"task_force_name": meta["task_force_name"],
		"region_name": meta["region_name"],
		"year": meta["year"],
		"addressed_to": doc.addressed_to,
		"status": status,
		"compiled_on": meta["compiled_on"],
		"approved_by": doc.approved_by,
		"approved_on": str(doc.approved_on) if doc.approved_on else None,
		"sections": [{"id": sid, "title": title, "blocks": blocks} for sid, title, blocks in sections],
	}


def achievement_blocks(section: dict) -> list[dict]:
	blocks = [
		{
			"type": "p",
			"text": f"Capaian rata-rata: {percent(section['overall'])} dari {number(section.get('rows', 0))} "
			f"indikator yang dilaporkan dalam {number(section['reports'])} laporan kemajuan yang disetujui.",
		}
	]
	if section["by_cluster"]:
		blocks.append(
			{
				"type": "chart",
				"png": bar_chart(
					"Capaian per klaster (%)",
					[_(r["label"]) for r in section["by_cluster"]],
					[flt(r["achievement"]) for r in section["by_cluster"]],
					"%",
				),
				"caption": "Capaian per klaster",
			}
		)
		blocks.append(
			{
				"type": "table",
				"headers": ["Klaster", "Indikator", "Capaian"],
				"rows": [
					[_(r["label"]), number(r["rows"]), percent(r["achievement"])]
					for r in section["by_cluster"]
				],
			}
		)
	if section["by_region"]:
		blocks.append(
			{
				"type": "table",
				"headers": ["Wilayah", "Indikator", "Capaian"],
				"rows": [
					[r["label"], number(r["rows"]), percent(r["achievement"])] for r in section["by_region"]
				],
			}
		)
	if section["behind"]:
		blocks.append({"type": "p", "text": "Indikator dengan capaian terendah:"})
		blocks.append(
			{
				"type": "table",
				"headers": ["Wilayah", "Kode", "Indikator", "Capaian"],
				"rows": [
					[r["region_name"], r["item_code"], r["indicator"], percent(r["achievement"])]
					for r in section["behind"]
				],
			}
		)
	return blocks


def compliance_blocks(section: dict) -> list[dict]:
	blocks = [
		{
			"type": "p",
			"text": f"Laporan jatuh tempo: {number(section['expected'])}; tepat waktu: {number(section['on_time'])}; "
			f"terlambat: {number(section['late'])}; tidak ada: {number(section['missing'])}; "
			f"tingkat kepatuhan: {percent(section['compliance'])}.",
		}
	]
	if section["by_province"]:
		blocks.append(
			{
				"type": "table",
				"headers": ["Wilayah", "Jatuh Tempo", "Tepat Waktu", "Terlambat", "Tidak Ada", "Kepatuhan"],
				"rows": [
					[
						r["label"],
						number(r["expected"]),
						number(r["on_time"]),
						number(r["late"]),
						number(r["missing"]),
						percent(r["compliance"]),
					]
					for r in section["by_province"]
				],
			}
		)
	if section["missing_task_forces"]:
		blocks.append(
			{
				"type": "table",
				"headers": ["Gugus tugas yang belum melapor", "Laporan tidak ada"],
				"rows": [[r["label"], number(r["missing"])] for r in section["missing_task_forces"]],
			}
		)
	return blocks


def case_blocks(section: dict) -> list[dict]:
	blocks = [{"type": "p", "text": f"Jumlah kasus: {number(section['total'])}."}]
	if section["by_stage"]:
		blocks.append(
			{
				"type": "chart",
				"png": bar_chart(
					"Kasus per tahap penanganan",
					[_(r["label"]) for r in section["by_stage"]],
					[flt(r["count"]) for r in section["by_stage"]],
				),
				"caption": "Kasus per tahap",
			}
		)
		blocks.append(counts_table(section["by_stage"], "Tahap"))
	for key, header in (
		("by_modus", "Modus"),
		("by_exploitation_form", "Bentuk Eksploitasi"),
		("by_route", "Rute (asal → tujuan)"),
	):
		if section[key]:
			blocks.append(counts_table(section[key], header))
	return blocks


def at_least(section: dict) -> str:
	"""A total that leaves masked counts out (compilation.breakdown_total) says so."""
	return "sedikitnya " if section.get("total_partial") else ""


def victim_blocks(snapshot: dict, k: int) -> list[dict]:
	victims, services, restitution = snapshot["victims"], snapshot["services"], snapshot["restitution"]
	blocks = [
		{
			"type": "p",
			"text": f"Jumlah korban teridentifikasi: {at_least(victims)}{number(victims['total'])}. Angka di "
			f"bawah {k} ditampilkan sebagai <{k} dan tidak dijumlahkan, agar tidak ada korban yang dapat dikenali"
			+ (
				"; karena itu jumlah hanya memuat angka yang ditampilkan."
				if victims.get("total_partial") or services.get("total_partial")
				else "."
			),
		}
	]
	for key, header in (
		("by_sex", "Jenis Kelamin"),
		("by_age_group", "Kelompok Umur"),
		("by_origin_province", "Provinsi Asal"),
	):
		if victims[key]:
			blocks.append(counts_table(victims[key], header))
	blocks.append(
		{
			"type": "p",
			"text": f"Layanan bagi korban: {at_least(services)}{number(services['total'])}, dimulai {number(services['started'])}, "
			f"selesai {number(services['completed'])}; rata-rata {number(services['mean_days_to_start'])} hari "
			"dari permintaan hingga layanan dimulai.",
		}
	)
	if services["by_type"]:
		blocks.append(counts_table(services["by_type"], "Jenis Layanan"))
	if restitution["masked"]:
		text = f"Restitusi: kurang dari {k} kasus dengan putusan restitusi (rincian tidak ditampilkan)."
	else:
		text = (
			f"Restitusi: {number(restitution['cases'])} kasus dengan putusan restitusi sebesar "
			f"{fmt_money(restitution['ordered'], currency='IDR')}, dibayar "
			f"{fmt_money(restitution['paid'], currency='IDR')}."
		)
	blocks.append({"type": "p", "text": text})
	return blocks


def coordination_blocks(snapshot: dict) -> list[dict]:
	trainings, coordination, subs = (
		snapshot["trainings"],
		snapshot["coordination"],
		snapshot["sub_task_forces"],
	)
	blocks = [
		{
			"type": "p",
			"text": f"Pelatihan: {number(trainings['count'])} kegiatan dengan {number(trainings['participants'])} "
			f"peserta ({number(trainings['female'])} perempuan, {number(trainings['male'])} laki-laki).",
		},
		{
			"type": "p",
			"text": f"Rapat koordinasi yang diselenggarakan: {number(coordination['meetings_held'])}; rekomendasi: "
			f"{number(coordination['recommendations'])}, selesai ditindaklanjuti "
			f"{number(coordination['recommendations_done'])} ({percent(coordination['follow_up_rate'])}).",
		},
		{"type": "p", "text": f"Sub gugus tugas di wilayah ini: {number(subs['in_region'])}."},
	]
	if subs["own"]:
		blocks.append(
			{
				"type": "table",
				"headers": ["Sub Gugus Tugas", "Fungsi"],
				"rows": [[r["label"], _(r["function"] or "")] for r in subs["own"]],
			}
		)
	return blocks


def narrative_blocks(groups: list[dict]) -> list[dict]:
	if not groups:
		return [{"type": "p", "text": "Tidak ada hambatan yang dilaporkan."}]
	blocks = []
	for group in groups:
		blocks.append(
			{"type": "h3", "text": f"{_(group['cluster'] or 'No Cluster')} – {group['region_name']}"}
		)
		blocks.append(
			{
				"type": "table",
				"headers": ["Kode", "Hambatan", "Tindak Lanjut"],
				"rows": [[e["item_code"], e["obstacles"], e["follow_up"]] for e in group["entries"]],
			}
		)
	return blocks


# ---- HTML and PDF -------------------------------------------------------------------------------------------

STYLE = """
@page { size: A4; margin: 2.2cm 2cm;
  @bottom-center { content: "Halaman " counter(page) " dari " counter(pages); font-size: 9pt; color: #555; } }
@page cover { @bottom-center { content: none; } }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #111; }
.cover { page: cover; text-align: center; padding-top: 6cm; page-break-after: always; }
.cover h1 { font-size: 22pt; margin-bottom: 1cm; }
.toc { page-break-after: always; }
.toc a { color: #111; text-decoration: none; }
.toc li { list-style: none; margin: 4pt 0; }
.toc a::after { content: leader('.') target-counter(attr(href), page); }
h2 { font-size: 14pt; border-bottom: 1px solid #999; padding-bottom: 3pt; margin-top: 18pt; }
table { width: 100%; border-collapse: collapse; margin: 6pt 0 10pt; }
th, td { border: 1px solid #bbb; padding: 3pt 5pt; text-align: left; vertical-align: top; font-size: 9.5pt; }
th { background: #eef2f7; }
img.chart { width: 100%; margin: 6pt 0; }
"""


def render_html(doc, for_pdf: bool = True) -> str:
	model = document_model(doc)
	parts = []
	if for_pdf:
		parts.append(
			f'<div class="cover"><h1>{escape(model["title"])}</h1>'
			f"<p>{escape(model['task_force_name'] or '')}</p>"
			+ (f"<p>Kepada: {escape(model['addressed_to'])}</p>" if model["addressed_to"] else "")
			+ f"<p>Status: {model['status']}</p><p>Dihimpun: {escape(model['compiled_on'])}</p></div>"
		)
		parts.append('<div class="toc"><h2>Daftar Isi</h2><ul>')
		parts += [f'<li><a href="#{s["id"]}">{escape(s["title"])}</a></li>' for s in model["sections"]]
		parts.append("</ul></div>")
	for section in model["sections"]:
		parts.append(f'<h2 id="{section["id"]}">{escape(section["title"])}</h2>')
		for block in section["blocks"]:
			parts.append(block_html(block))
	body = "\n".join(parts)
	if not for_pdf:
		return f'<div class="task-force-report-preview">{body}</div>'
	return (
		f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{escape(model["title"])}</title>'
		f"<style>{STYLE}</style></head><body>{body}</body></html>"
	)


def block_html(block: dict) -> str:
	if block["type"] == "p":
		return f"<p>{escape(block['text'])}</p>"
	if block["type"] == "h3":
		return f"<h3>{escape(block['text'])}</h3>"
	if block["type"] == "html":
		return user_html(block["html"]) or "<p>–</p>"
	if block["type"] == "chart":
		data = base64.b64encode(block["png"]).decode()
		return f'<img class="chart" alt="{escape(block["caption"])}" src="data:image/png;base64,{data}">'
	head = "".join(f"<th>{escape(str(h))}</th>" for h in block["headers"])
	rows = "".join(
		"<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in block["rows"]
	)
	return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


class NotFetchedError(ValueError):
	pass


def embedded_only(url: str, timeout: int = 10, ssl_context=None) -> dict:
	"""WeasyPrint's URL fetcher for the report: what the document embeds (its charts, as data: URLs) and nothing
	else. The narrative and the agencies' sections are HTML written by users; an image, a stylesheet or a
	`rel="attachment"` link in them would otherwise make the server fetch any URL (an internal service, the
	cloud's metadata) and put the answer into the PDF."""
	if not url.startswith("data:"):
		raise NotFetchedError(url)
	from weasyprint.urls import default_url_fetcher

	return default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)


def user_html(html: str | None) -> str:
	"""HTML written by users (narrative, agencies' sections), sanitized, and without the tags that style or load
	anything for the whole page (the desk preview shows it inside the form)."""
	from bs4 import BeautifulSoup

	clean = frappe.utils.sanitize_html(html or "", always_sanitize=True)
	soup = BeautifulSoup(clean, "html.parser")
	for tag in soup.find_all(["style", "link", "meta", "html", "head", "body", "base"]):
		if tag.name in ("html", "body"):
			tag.unwrap()
		else:
			tag.decompose()
	return str(soup).strip()


def pdf_bytes(doc) -> bytes:
	from weasyprint import HTML

	return HTML(string=render_html(doc), base_url=None, url_fetcher=embedded_only).write_pdf()


# ---- Word -----------------------------------------------------------------------------------------------------


def _field(paragraph, instruction: str) -> None:
	"""A Word field (PAGE, TOC) in the paragraph: Word fills it in when the document is opened."""
	from docx.oxml import OxmlElement
	from docx.oxml.ns import qn

	run = paragraph.add_run()
	for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
		if kind:
			element = OxmlElement("w:fldChar")
			element.set(qn("w:fldCharType"), kind)
			if kind == "begin":
				element.set(qn("w:dirty"), "true")
		else:
			element = OxmlElement("w:instrText")
			element.set(qn("xml:space"), "preserve")
			element.text = text
		run._r.append(element)


def docx_bytes(doc) -> bytes:
	from docx import Document
	from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
	from docx.shared import Cm

	model = document_model(doc)
	document = Document()
	document.core_properties.title = model["title"]
	document.core_properties.language = "id-ID"

	footer = document.sections[0].footer.paragraphs[0]
	footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
	footer.add_run("Halaman ")
	_field(footer, "PAGE")

	document.add_heading(model["title"], level=0)
	for line in (
		model["task_force_name"],
		f"Kepada: {model['addressed_to']}" if model["addressed_to"] else None,
		f"Status: {model['status']}",
		f"Dihimpun: {model['compiled_on']}",
	):
		if line:
			document.add_paragraph(line)
	document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

	document.add_heading("Daftar Isi", level=1)
	_field(document.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u')
	for section in model["sections"]:
		document.add_paragraph(section["title"], style="List Number")
	document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

	for section in model["sections"]:
		document.add_heading(section["title"], level=1)
		for block in section["blocks"]:
			if block["type"] == "p":
				document.add_paragraph(block["text"])
			elif block["type"] == "h3":
				document.add_heading(block["text"], level=2)
			elif block["type"] == "html":
				text = strip_html(block["html"] or "").strip()
				document.add_paragraph(text or "–")
			elif block["type"] == "chart":
				document.add_picture(io.BytesIO(block["png"]), width=Cm(16))
			else:
				table = document.add_table(rows=1, cols=len(block["headers"]))
				table.style = "Table Grid"
				for cell, header in zip(table.rows[0].cells, block["headers"], strict=True):
					cell.text = str(header)
				for row in block["rows"]:
					for cell, value in zip(table.add_row().cells, row, strict=True):
						cell.text = str(value)
	buffer = io.BytesIO()
	document.save(buffer)
	return buffer.getvalue()


# ---- downloads --------------------------------------------------------------------------------------------------


def file_name(doc, extension: str) -> str:
	return f"{doc.name}-{frappe.scrub(doc.task_force_name or doc.task_force)}-{doc.year}.{extension}"


def readable_report(name: str):
	doc = frappe.get_doc("Task Force Report", name)
	doc.check_permission("print")
	if not doc.snapshot:
		frappe.throw(_("Compile the report before downloading it."), title=_("Not compiled"))
	return doc


@frappe.whitelist()
def download_pdf(name: str) -> None:
	"""The report as PDF, for whoever may print it (its region's users)."""
	doc = readable_report(name)
	frappe.local.response.filename = file_name(doc, "pdf")
	frappe.local.response.filecontent = pdf_bytes(doc)
	frappe.local.response.type = "download"


@frappe.whitelist()
def download_docx(name: str) -> None:
	"""The report as a Word document, for whoever may print it (its region's users)."""
	doc = readable_report(name)
	frappe.local.response.filename = file_name(doc, "docx")
	frappe.local.response.filecontent = docx_bytes(doc)
	frappe.local.response.type = "download"
