// Browser end-to-end suite (issues #6 and #8): a province adapts its form, the national admin customises the
// form and the workflow, a district reports, the province verifies, the ministry approves, the RAN Achievement
// report shows the numbers, and the interface speaks Indonesian. Every step as its user, through the UI.
//
//   TPPO_URL=http://127.0.0.1:8011 node suite.mjs [results folder]
//
// Runs on a site with the demo data (scripts/e2e creates one, serves it and calls this). Writes e2e.xml
// (JUnit, one testcase per step) and screenshots/NN-*.png into the results folder; exits 1 on any failure.
// Repeatable on the same site: labels carry a run tag and the report takes the first free reporting period.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import {
	awesomebar,
	check,
	clickUntil,
	current,
	dialog,
	escapeRegExp,
	fill,
	formDoc,
	formReady,
	go,
	grid,
	idle,
	link,
	listReady,
	settled,
	openRow,
	closeRow,
	save,
	select,
	translate,
	TIMEOUT,
	workflowAction,
} from "./desk.mjs";
import { journeySteps, metrics } from "./journeys.mjs";
import { BASE_URL, launch, loginAs } from "./lib.mjs";

const RESULTS = resolve(process.argv[2] || fileURLToPath(new URL("../logs/e2e-results", import.meta.url)));
const SHOTS = join(RESULTS, "screenshots");
const STEP_TIMEOUT = Number(process.env.TPPO_E2E_STEP_TIMEOUT || 120) * 1000;
const RUN = process.env.TPPO_E2E_RUN || Date.now().toString(36).slice(-5);
const ONLY = (process.env.TPPO_E2E_ONLY || "").split(",").filter(Boolean); // for development: run some steps

// South Kalimantan: no extra approval level in the demo, so district → province → ministry.
const P = {
	admin: "admin.kalsel@tppo.example",
	focal: "fp.banjarmasin@tppo.example",
	national: "nasional@tppo.example",
	reviewer: "reviewer@tppo.example",
	province: "63",
	district: "63.71",
	district_name: "Kota Banjarmasin",
	plan_title: "RAD PP-TPPO Provinsi Kalimantan Selatan 2025-2029",
	// Rows the focal point reports: item code → [realised, status].
	rows: { 1.1: [3, "In Progress"], 3.2: [7, "In Progress"], 6.2: [12, "Completed"] },
};

// What the steps hand on to each other.
const S = {
	regional_label_id: `Jumlah desa terlibat ${RUN}`,
	regional_label: `Villages involved ${RUN}`,
	regional_value: 9,
	custom_label: `Outreach Sessions ${RUN}`,
	custom_value: 4,
};

rmSync(SHOTS, { recursive: true, force: true });
mkdirSync(SHOTS, { recursive: true });

// ---- a small runner: sequential steps, each with its screenshots, a failure screenshot and a JUnit testcase ----

const steps = [];
const step = (no, title, needs, fn) => steps.push({ no, title, needs, fn });

class StepContext {
	constructor(browser, item) {
		this.browser = browser;
		this.item = item;
		this.contexts = [];
		this.pages = [];
		this.shots = [];
		this.page_errors = [];
		this.console_errors = [];
		this.server_errors = [];
	}

	// A logged-in browser page of the user (the login API the login page calls), watched for JS and server errors.
	async as(user) {
		const context = await loginAs(this.browser, user);
		this.contexts.push(context);
		const page = await context.newPage();
		page.setDefaultTimeout(TIMEOUT);
		page.__user = user;
		page.on("pageerror", (e) => {
			// Frappe's query report throws this string when it first refreshes before a mandatory filter has its
			// value (RAN Achievement fills its plan a moment after loading); it then shows "Please set filters".
			if (e.message === "Filter missing") this.console_errors.push(`${user}: (Frappe) Filter missing`);
			else
				this.page_errors.push(
					`${user} at ${page.url()}: ${e.message}\n${(e.stack || "").split("\n").slice(1, 6).join("\n")}`
				);
		});
		page.on("console", (m) => {
			// Served without the socket.io server: realtime polling fails, and says so.
			if (m.type() === "error" && !/socket\.io|Failed to load resource/.test(m.text())) {
				this.console_errors.push(`${user}: ${m.text()}`);
			}
		});
		page.on("response", (r) => {
			if (r.status() >= 500) this.server_errors.push(`${user}: HTTP ${r.status()} ${r.url()}`);
			else if (r.status() >= 400 && !r.url().includes("/socket.io/")) {
				this.console_errors.push(`${user}: HTTP ${r.status()} ${r.url()}`);
			}
		});
		this.pages.push(page);
		return page;
	}

	// A screenshot once the page has stopped moving (charts and dialogs animate). For a full page the desk's
	// sticky navbar and page head are laid out in place, so that they show on top, not across the picture.
	async shot(page, name, { fullPage = false } = {}) {
		const file = `${String(this.item.no).padStart(2, "0")}-${name}.png`;
		await settled(page).catch(() => {});
		const unstick = fullPage
			? await page
					.addStyleTag({ content: ".navbar, .page-head, .sticky-top { position: static !important; }" })
					.catch(() => null)
			: null;
		try {
			await page.screenshot({ path: join(SHOTS, file), fullPage });
		} finally {
			if (unstick) await unstick.evaluate((el) => el.remove()).catch(() => {});
		}
		this.shots.push(file);
		return file;
	}

	async close() {
		for (const context of this.contexts) await context.close().catch(() => {});
	}
}

function assert(condition, message) {
	if (!condition) throw new Error(message);
}

async function runAll() {
	const browser = await launch();
	const results = [];
	const status = {};
	try {
		for (const item of steps) {
			if (ONLY.length && !ONLY.includes(String(item.no))) continue;
			const started = Date.now();
			const blocked = item.needs.filter((no) => status[no] && status[no] !== "passed");
			const result = { ...item, shots: [], console_errors: [], time: 0 };
			if (blocked.length) {
				result.outcome = "skipped";
				result.message = `not run: step ${blocked.join(", ")} did not pass`;
				status[item.no] = "skipped";
				results.push(result);
				console.log(`[${item.no}] ${item.title} ... SKIPPED (${result.message})`);
				continue;
			}
			process.stdout.write(`[${item.no}] ${item.title} ... `);
			const ctx = new StepContext(browser, item);
			let timer;
			try {
				await Promise.race([
					item.fn(ctx),
					new Promise((_, reject) => {
						timer = setTimeout(
							() => reject(new Error(`step timed out after ${STEP_TIMEOUT / 1000}s`)),
							STEP_TIMEOUT
						);
					}),
				]);
				assert(!ctx.page_errors.length, `JavaScript error(s) in the page:\n${ctx.page_errors.join("\n")}`);
				assert(!ctx.server_errors.length, `server error(s):\n${ctx.server_errors.join("\n")}`);
				result.outcome = "passed";
			} catch (error) {
				result.outcome = "failed";
				result.message = `Step ${item.no} (${item.title}) failed: ${error.message.split("\n")[0]}`;
				result.detail = error.stack || String(error);
				for (const [i, page] of ctx.pages.entries()) {
					if (page.isClosed()) continue;
					const name = `FAILED-${i + 1}-${page.__user.split("@")[0]}`;
					await ctx.shot(page, name, { fullPage: true }).catch(() => {});
				}
			} finally {
				clearTimeout(timer);
			}
			result.time = (Date.now() - started) / 1000;
			result.shots = ctx.shots;
			result.console_errors = ctx.console_errors;
			result.page_errors = ctx.page_errors;
			await ctx.close();
			status[item.no] = result.outcome;
			results.push(result);
			console.log(`${result.outcome === "passed" ? "ok" : "FAILED"} (${result.time.toFixed(1)}s)`);
			if (result.outcome === "failed") {
				const more = (result.detail.split("\n    at ")[0] || "").split("\n").slice(1, 12);
				console.log(
					`    ${[result.message, ...more].join("\n    ")}\n    screenshots: ${ctx.shots.join(", ")}`
				);
			}
		}
	} finally {
		await browser.close();
	}
	return results;
}

// Text for XML: without ANSI colour codes (Playwright's call logs) and characters XML 1.0 refuses, escaped.
// biome-ignore-start lint/suspicious/noControlCharactersInRegex: these control characters are what XML refuses
const xml = (text) =>
	String(text ?? "")
		.replace(/\x1b\[[0-9;]*m/g, "")
		.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, "")
		.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]);
// biome-ignore-end lint/suspicious/noControlCharactersInRegex: see above

function writeJunit(results, seconds) {
	const failed = results.filter((r) => r.outcome === "failed").length;
	const skipped = results.filter((r) => r.outcome === "skipped").length;
	const cases = results.map((r) => {
		const name = `${String(r.no).padStart(2, "0")} ${r.title}`;
		const out = [
			...r.shots.map((s) => `[[ATTACHMENT|screenshots/${s}]]`),
			...r.console_errors.map((c) => `console: ${c}`),
		].join("\n");
		let body = "";
		if (r.outcome === "failed") body += `<failure message="${xml(r.message)}">${xml(r.detail)}</failure>`;
		if (r.outcome === "skipped") body += `<skipped message="${xml(r.message)}"/>`;
		if (out) body += `<system-out>${xml(out)}</system-out>`;
		return `    <testcase classname="e2e.suite" name="${xml(name)}" time="${r.time.toFixed(3)}">${body}</testcase>`;
	});
	const text = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="tppo_app browser end-to-end" tests="${
		results.length
  }" failures="${failed}" errors="0" skipped="${skipped}" time="${seconds.toFixed(
		3
	)}" timestamp="${new Date().toISOString()}">
    <properties><property name="url" value="${xml(BASE_URL)}"/><property name="run" value="${xml(RUN)}"/></properties>
${cases.join("\n")}
  </testsuite>
</testsuites>
`;
	writeFileSync(join(RESULTS, "e2e.xml"), text);
}

// ---- the steps ---------------------------------------------------------------------------------------------

// Rows of the table on the Adapt for My Region page.
const adaptRow = (page, text) => current(page).locator(".tppo-adapt tr").filter({ hasText: text });

step(1, "provincial admin adds a regional field through Adapt for My Region", [], async (ctx) => {
	const page = await ctx.as(P.admin);
	await go(page, "adapt-for-my-region");
	await current(page).locator(".tppo-adapt .frappe-card").first().waitFor();
	await current(page)
		.locator(".page-head .primary-action")
		.filter({ hasText: await translate(page, "Add Regional Field") })
		.click();
	await formReady(page, "Regional Field");
	const draft = await formDoc(page);
	assert(
		draft.region === P.province,
		`the new regional field should start in the admin's province ${P.province}, not "${draft.region}"`
	);
	await fill(page, "label", S.regional_label);
	await fill(page, "label_id", S.regional_label_id);
	await select(page, "document_type", "Progress Report");
	await select(page, "fieldtype", "Int");
	await check(page, "reqd");
	// "Show After Field" offers the form's fields by the labels the admin reads.
	await current(page)
		.locator('.frappe-control[data-fieldname="insert_after"] select')
		.selectOption({ label: await translate(page, "Reporting Period") });
	await idle(page);
	assert(
		(await formDoc(page)).insert_after === "reporting_period",
		"choosing the label Reporting Period should place the field after reporting_period"
	);
	await fill(page, "description_id", "Jumlah desa/kelurahan yang terlibat dalam kegiatan periode ini");
	await fill(page, "description", "Villages taking part in this period's activities");
	await ctx.shot(page, "regional-field-form");
	await save(page);
	const saved = await formDoc(page);
	assert(/^r63_/.test(saved.fieldname), `the server should name the field r63_…, got "${saved.fieldname}"`);
	S.regional_fieldname = saved.fieldname;

	await go(page, "adapt-for-my-region");
	const row = adaptRow(page, S.regional_label_id);
	await row.waitFor();
	const cells = await row.locator("td").allInnerTexts();
	assert(
		cells[1] === (await translate(page, "Int")),
		`the listing should show the type ${await translate(page, "Int")}, shows "${cells[1]}"`
	);
	assert(
		cells[2] === (await translate(page, "Yes")),
		`the listing should show the field as mandatory, shows "${cells[2]}"`
	);
	await ctx.shot(page, "adapt-page-lists-field", { fullPage: true });

	await current(page).locator('[data-preview="Progress Report"]').click();
	const preview = await dialog(page);
	await preview.locator(`.frappe-control[data-fieldname="${S.regional_fieldname}"]`).waitFor();
	const label = await preview
		.locator(`.frappe-control[data-fieldname="${S.regional_fieldname}"] .control-label`)
		.innerText();
	assert(
		label.trim() === S.regional_label_id,
		`the preview should label the field "${S.regional_label_id}", shows "${label}"`
	);
	await ctx.shot(page, "adapt-page-preview");
});

step(2, "national admin adds a custom field in Customize Form and changes a workflow transition", [], async (ctx) => {
	// Provincial admins adapt through their own pages only: Customize Form is not theirs.
	const admin = await ctx.as(P.admin);
	await admin.goto(`${BASE_URL}/app/customize-form`, { waitUntil: "domcontentloaded" });
	const refusal = await dialog(admin);
	const said = await refusal.innerText();
	const expected = [await translate(admin, "Not found"), await translate(admin, "Not Permitted")];
	assert(
		expected.some((t) => said.includes(t)),
		`a provincial admin opening Customize Form should be refused, sees "${said}"`
	);
	assert(
		await admin.evaluate(() => !window.cur_frm || cur_frm.doctype !== "Customize Form"),
		"a provincial admin must not get Customize Form"
	);
	await ctx.shot(admin, "provincial-admin-refused-customize-form");

	const page = await ctx.as(P.national);
	await go(page, "customize-form");
	await formReady(page, "Customize Form");
	await link(page, "doc_type", "Progress Report");
	await page.waitForFunction(
		() => cur_frm.doc.doc_type === "Progress Report" && (cur_frm.doc.fields || []).length > 10
	);
	await idle(page);
	// In the form builder: "+" on Reporting Period adds a field after it; its type, then its properties.
	const builder = current(page).locator(".form-builder-container");
	const anchor = builder
		.locator(".field:visible")
		.filter({ has: page.locator('[data-fieldname="reporting_period"]') })
		.first();
	await anchor.hover();
	await anchor.locator("button.add-field-btn").click();
	const int_label = await translate(page, "Int");
	const search = page.locator(".combo-box-options:visible input.search-input");
	await search.fill(int_label);
	await page
		.locator(".combo-box-options:visible .combo-box-option")
		.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(int_label)}\\s*$`) })
		.click();
	const properties = builder.locator(".form-sidebar");
	await properties.locator('[data-fieldname="label"] input').fill(S.custom_label);
	await properties.locator('[data-fieldname="label"] input').press("Tab");
	const in_list = properties.locator('[data-fieldname="in_list_view"] input[type="checkbox"]');
	if (await in_list.count()) await in_list.check();
	await builder.locator(".field").filter({ hasText: S.custom_label }).first().waitFor();
	await ctx.shot(page, "customize-form-new-field");
	await current(page).locator(".page-head .primary-action").click();
	await page.waitForFunction(
		(label) =>
			cur_frm.doc.fields.some((f) => f.label === label && /^custom_/.test(f.fieldname || "")) &&
			!frappe.request.ajax_count,
		S.custom_label
	);
	await idle(page);
	S.custom_fieldname = await page.evaluate(
		(label) => cur_frm.doc.fields.find((f) => f.label === label).fieldname,
		S.custom_label
	);
	// It held: open Customize Form afresh.
	await page.reload();
	await formReady(page, "Customize Form");
	// Customize Form reopens the doctype last customised (a second after loading).
	await page.waitForFunction(
		() => cur_frm.doc.doc_type === "Progress Report" && (cur_frm.doc.fields || []).length > 10
	);
	await idle(page);
	await current(page).locator(".form-builder-container .field").filter({ hasText: S.custom_label }).first().waitFor();
	assert(
		await page.evaluate((label) => cur_frm.doc.fields.some((f) => f.label === label), S.custom_label),
		`after a reload Customize Form should list the field "${S.custom_label}"`
	);
	await ctx.shot(page, "customize-form-field-saved");

	// The workflow: the national secretariat may also return a verified district report (a new transition;
	// a rerun on the same site first deletes the one an earlier run added).
	// Frappe v15 bug: a Workflow form opened as the first page of a session (a URL, a reload) edits a copy of
	// the workflow once its doctype's meta arrives (the meta brings the workflow along and replaces it in
	// `locals`): changes to existing rows are silently lost. Coming from the doctype's list, as here, it works.
	// From the reports' list, through the navbar search to the Workflow list and the workflow.
	await go(page, "progress-report");
	await awesomebar(
		page,
		await translate(page, "Workflow"),
		await page.evaluate(() => __("{0} List", [__("Workflow")]))
	);
	await current(page)
		.locator(".list-row-container .list-subject a")
		.filter({ hasText: "Progress Report Approval" })
		.first()
		.click();
	await formReady(page, "Workflow", "Progress Report Approval");
	const condition = `doc.level == "District"  # e2e run ${RUN}`;
	const transitions = grid(page, "transitions");
	const earlier = await page.evaluate(() =>
		cur_frm.doc.transitions
			.filter((t) => t.allowed === "TPPO National Admin" && /# e2e run/.test(t.condition || ""))
			.map((t) => t.idx)
	);
	if (earlier.length) {
		for (const idx of earlier)
			await transitions.locator(`.grid-body .grid-row[data-idx="${idx}"] .grid-row-check`).check();
		await transitions.locator(".grid-remove-rows").click();
		await idle(page);
	}
	const before = await page.evaluate(() => cur_frm.doc.transitions.length);
	await transitions.locator(".grid-add-row").click();
	await page.waitForFunction((n) => cur_frm.doc.transitions.length === n + 1, before);
	await transitions.locator(`.grid-body .grid-row[data-idx="${before + 1}"] .btn-open-row`).click();
	const row = page.locator(".grid-row-open");
	// Link search and suggestions speak the user's language (Frappe searches some doctypes by translated name).
	for (const [fieldname, value] of [
		["state", "Verified"],
		["action", "Return"],
		["next_state", "Returned"],
		["allowed", "TPPO National Admin"],
	]) {
		await link(page, fieldname, value, row);
		await page.waitForFunction(
			([fieldname, value]) => cur_frm.doc.transitions.at(-1)[fieldname] === value,
			[fieldname, value]
		);
	}
	await check(page, "allow_self_approval", row);
	const editor = row.locator('.frappe-control[data-fieldname="condition"] .ace_editor');
	await editor.click();
	await page.keyboard.insertText(condition);
	await page.waitForFunction((text) => cur_frm.doc.transitions.at(-1).condition === text, condition);
	await ctx.shot(page, "workflow-transition");
	await row.locator(".grid-collapse-row").click();
	await save(page);
	await page.reload();
	await formReady(page, "Workflow", "Progress Report Approval");
	const held = await page.evaluate(
		(text) =>
			cur_frm.doc.transitions
				.filter((t) => t.allowed === "TPPO National Admin" && t.condition === text)
				.map((t) => t.idx),
		condition
	);
	assert(
		held.length === 1,
		`after a reload the workflow should hold the changed transition once, holds it ${held.length} times`
	);
	await transitions.locator(`.grid-body .grid-row[data-idx="${held[0]}"]`).scrollIntoViewIfNeeded();
	await ctx.shot(page, "workflow-saved");
});

step(3, "district focal point fills, attaches evidence, saves and submits a progress report", [1, 2], async (ctx) => {
	const page = await ctx.as(P.focal);
	await go(page, "progress-report");
	await listReady(page, "Progress Report");
	await clickUntil(
		page,
		current(page).locator(".page-head .primary-action"),
		() => window.cur_frm?.doctype === "Progress Report" && cur_frm.is_new()
	);
	await formReady(page, "Progress Report");
	// The first period of the province's plan without a report of this district (a fresh site: 2025-Q4).
	S.period = await page.evaluate(
		async ({ plan_title, district }) => {
			const [{ name: plan }] = await frappe.db.get_list("Action Plan", { filters: { title: plan_title } });
			const [{ name: task_force }] = await frappe.db.get_list("Task Force", { filters: { region: district } });
			const reports = await frappe.db.get_list("Progress Report", {
				filters: { task_force, action_plan: plan, docstatus: ["<", 2] },
				fields: ["reporting_period"],
				limit: 100,
			});
			const used = reports.map((r) => r.reporting_period);
			const periods = await frappe.db.get_list("Reporting Period", {
				filters: { action_plan: plan },
				fields: ["name", "period_label"],
				order_by: "start_date asc",
				limit: 100,
			});
			return periods.find((p) => !used.includes(p.name));
		},
		{ plan_title: P.plan_title, district: P.district }
	);
	assert(S.period, "the plan has no reporting period left without a report");
	await link(page, "task_force", `Gugus Tugas PP-TPPO ${P.district_name}`, undefined, { typed: "Banjarmasin" });
	await link(page, "action_plan", P.plan_title, undefined, { typed: "Kalimantan" });
	await link(page, "reporting_period", S.period.period_label);
	await page.waitForFunction(() => (cur_frm.doc.items || []).length > 0 && !frappe.request.ajax_count);
	const doc = await formDoc(page);
	for (const [code, [realised, status]] of Object.entries(P.rows)) {
		const row = doc.items.find((r) => r.item_code === code);
		assert(row, `the report should list item ${code} of the plan`);
		const form = await openRow(page, "items", row.idx);
		await fill(page, "realised", realised, form);
		await select(page, "status", status, form);
		await fill(page, "narrative", `Realisasi ${code} triwulan ini (uji e2e ${RUN}).`, form);
		await closeRow(page);
	}
	await fill(page, S.regional_fieldname, S.regional_value);
	// On a site kept from earlier runs, their mandatory regional fields want a value too.
	const others = current(page).locator(".tppo-regional-field .frappe-control:has(.control-label.reqd)");
	for (const control of await others.all()) {
		const fieldname = await control.getAttribute("data-fieldname");
		if (fieldname !== S.regional_fieldname && !(await control.locator("input").inputValue()))
			await fill(page, fieldname, 1);
	}
	await fill(page, S.custom_fieldname, S.custom_value);
	await ctx.shot(page, "progress-report-filled", { fullPage: true });
	await save(page);
	S.report = await page.evaluate(() => cur_frm.docname);

	// Evidence: a row, saved (Frappe uploads into saved rows only), then the PDF of the attendance list
	// through the row's file uploader.
	const evidence = grid(page, "evidence");
	await evidence.locator(".grid-add-row").click();
	await page.waitForFunction(() => (cur_frm.doc.evidence || []).length === 1);
	let proof = await openRow(page, "evidence", 1);
	await fill(page, "description", "Daftar hadir sosialisasi desa", proof);
	await closeRow(page);
	await save(page);
	proof = await openRow(page, "evidence", 1);
	await proof.locator('.frappe-control[data-fieldname="file"] button.btn-attach').click();
	const uploader = await dialog(page);
	await uploader.locator('input[type="file"]').setInputFiles({
		name: `daftar-hadir-${RUN}.pdf`,
		mimeType: "application/pdf",
		buffer: Buffer.from(tinyPdf("Daftar hadir sosialisasi desa")),
	});
	await uploader.locator(".modal-footer .btn-primary").click();
	await page.waitForFunction(() => (cur_frm.doc.evidence || [])[0]?.file);
	await idle(page);
	await closeRow(page);
	await save(page);
	const saved = await formDoc(page);
	assert(
		/\.pdf$/.test(saved.evidence[0].file),
		`the evidence row should hold the PDF, holds "${saved.evidence[0].file}"`
	);
	const values = Object.fromEntries(saved.regional_values.map((v) => [v.fieldname, v.value]));
	assert(
		values[S.regional_fieldname] === String(S.regional_value),
		`the regional field should hold ${S.regional_value}`
	);
	assert(saved[S.custom_fieldname] === S.custom_value, `the custom field should hold ${S.custom_value}`);
	assert(
		saved.reported_count === Object.keys(P.rows).length,
		`${Object.keys(P.rows).length} rows should count as reported, ${saved.reported_count} do`
	);

	await workflowAction(page, "Submit", "Submitted");
	await ctx.shot(page, "progress-report-submitted", { fullPage: true });
});

step(4, "provincial admin verifies the report", [3], async (ctx) => {
	const page = await ctx.as(P.admin);
	await go(page, `progress-report/${S.report}`);
	await formReady(page, "Progress Report", S.report);
	await workflowAction(page, "Verify", "Verified");
	await ctx.shot(page, "progress-report-verified");
});

step(5, "ministry reviewer approves the report", [4], async (ctx) => {
	const page = await ctx.as(P.reviewer);
	await go(page, `progress-report/${S.report}`);
	await formReady(page, "Progress Report", S.report);
	await workflowAction(page, "Approve", "Approved");
	const doc = await formDoc(page);
	assert(
		doc.docstatus === 1 && doc.approved_by === P.reviewer,
		"the approved report should be submitted, approved by the reviewer"
	);
	await ctx.shot(page, "progress-report-approved");
});

step(6, "RAN Achievement shows the approved values of the district", [5], async (ctx) => {
	const page = await ctx.as(P.admin);
	await go(page, "query-report/RAN Achievement");
	const report_ready = () =>
		page.waitForFunction(
			() => frappe.query_report?.datatable && !frappe.request.ajax_count,
			null,
			{
				timeout: TIMEOUT,
			}
		);
	await page.waitForFunction(() => frappe.query_report?.get_filter_value("action_plan") && true);
	assert(
		!(await page.evaluate(() => frappe.query_report.prepared_report)),
		"RAN Achievement has become a background (prepared) report: Frappe does that to a report 15 s after a run " +
			"of it failed; set Prepared Report off in the Report and look for the failing run in the server log"
	);
	await report_ready();
	// Each filter refreshes the report (after a short debounce): wait for that run before the next filter.
	const filters = current(page).locator(".page-form");
	const refreshed = async (change) => {
		const run = page.waitForResponse((r) => r.url().includes("/api/method/frappe.desk.query_report.run"), {
			timeout: TIMEOUT,
		});
		await change();
		await run;
		await report_ready();
		await idle(page);
	};
	// The period holds no other approved report of the province: grouped by region, the tree shows the district.
	// (Not the Region filter: typing in it runs the report on the half-typed name, which the server refuses with
	// an error dialog, and Frappe then turns the report into a background report; see the suite's report.)
	await refreshed(() => link(page, "reporting_period", S.period.period_label, filters));
	await refreshed(() => select(page, "group_by", "Region", filters));
	await page.waitForFunction(
		(period) =>
			frappe.query_report.get_filter_value("reporting_period") === period &&
			frappe.query_report.get_filter_value("group_by") === "Region",
		S.period.name
	);
	await report_ready();
	await idle(page);
	// The tree opens two levels deep (plan, province): open the district.
	const district_row = current(page).locator(".dt-row").filter({ hasText: P.district_name }).first();
	await district_row.locator(".dt-tree-node__toggle").click();
	await page.waitForFunction(
		(code) => [...document.querySelectorAll(".dt-row .dt-cell__content")].some((c) => c.innerText.trim() === code),
		Object.keys(P.rows)[0]
	);
	// The district's item rows show what the focal point reported and the ministry approved.
	for (const [code, [realised]] of Object.entries(P.rows)) {
		const shown = await page.evaluate(
			([code, _report]) => {
				const rows = [...document.querySelectorAll(".dt-row")];
				const row = rows.find((r) =>
					[...r.querySelectorAll(".dt-cell__content")].some((c) => c.innerText.trim() === code)
				);
				if (!row) return null;
				const col = frappe.query_report.columns.findIndex((c) => c.fieldname === "realised");
				const state = frappe.query_report.columns.findIndex((c) => c.fieldname === "report");
				const cell = (i) =>
					row.querySelector(`.dt-cell[data-col-index="${i + 1}"] .dt-cell__content`)?.innerText.trim();
				return { realised: cell(col), report: cell(state) };
			},
			[code, S.report]
		);
		assert(shown, `RAN Achievement shows no row for item ${code} of ${P.district_name}`);
		const expected = await page.evaluate((v) => format_number(v, null, 0), realised);
		const number = shown.realised.replace(/[.,]0+$/, "");
		assert(
			number === expected,
			`RAN Achievement shows ${shown.realised} realised for item ${code}, expected ${expected}`
		);
		assert(
			shown.report === S.report,
			`item ${code}'s row should come from ${S.report}, comes from "${shown.report}"`
		);
	}
	// (a viewport picture: changing the layout under the chart trips frappe-charts' resize observer)
	await ctx.shot(page, "ran-achievement-summary");
	await district_row.scrollIntoViewIfNeeded();
	await ctx.shot(page, "ran-achievement-district-rows");
});

// Indonesian strings of the main screens (tppo_app/translations/id.csv and Frappe's own), English source first.
// [route, English sources, what shows that the screen is drawn]
const SCREENS = [
	// (the desk may show its default workspace first: wait for this one's title and its eight shortcuts)
	[
		"provincial-admin",
		["Progress Report", "Adapt for My Region"],
		() =>
			document.querySelector(".page-title .title-text")?.innerText.trim() === __("Provincial Admin") &&
			document.querySelectorAll(".layout-main-section .shortcut-widget-box").length >= 8,
	],
	["progress-report", ["Progress Report", "Reporting Period"], ".list-row-container"],
	[null, ["Progress per Item", "Evidence", "Approval Trail", "District", "Approved"], ".form-layout"], // a report
	["adapt-for-my-region", ["Adapt for My Region", "Add Regional Field", "Changes"], ".tppo-adapt .frappe-card"],
	["query-report/RAN Achievement", ["RAN Achievement", "Realised", "Achievement %"], ".dt-row"],
];

// The app's translatable strings (source → Indonesian) from tppo_app/translations/id.csv.
function appTranslations() {
	const text = readFileSync(new URL("../tppo_app/translations/id.csv", import.meta.url), "utf8");
	const strings = new Map();
	for (const line of text.split("\n")) {
		const cells = [];
		let cell = "";
		let quoted = false;
		for (let i = 0; i < line.length; i++) {
			const c = line[i];
			if (quoted && c === '"' && line[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = !quoted;
			else if (c === "," && !quoted) {
				cells.push(cell);
				cell = "";
			} else cell += c;
		}
		cells.push(cell);
		if (cells.length >= 2 && cells[0] && cells[1] && cells[0] !== cells[1]) strings.set(cells[0], cells[1]);
	}
	return strings;
}

step(7, "switching the interface to Indonesian translates the main screens", [], async (ctx) => {
	const page = await ctx.as(P.admin);
	const setLanguage = async (lang) => {
		await go(page, `user/${P.admin}`);
		await formReady(page, "User", P.admin);
		const title = { en: "English", id: "Indonesia" }[lang];
		await link(page, "language", title, undefined, { typed: title });
		// Saving one's own language reloads the desk in it.
		if (await page.evaluate(() => cur_frm.is_dirty())) await page.keyboard.press("Control+s");
		const deadline = Date.now() + TIMEOUT;
		for (;;) {
			// (the reload destroys the page's context under a wait: wait again)
			const done = await page
				.waitForFunction(
					(l) =>
						window.frappe?.boot?.lang === l &&
						window.cur_frm &&
						!cur_frm.is_dirty() &&
						!frappe.request.ajax_count,
					lang,
					{ timeout: 2000 }
				)
				.then(() => true)
				.catch(() => false);
			if (done) break;
			if (Date.now() > deadline) throw new Error(`the desk did not switch to language "${lang}"`);
		}
		await page.waitForLoadState("load");
		await idle(page);
	};
	const screenText = async (route, ready) => {
		if (route) await go(page, route);
		else {
			// an approved report (it has its approval trail), from the list filtered by approval state
			await go(page, "progress-report?workflow_state=Approved");
			await listReady(page, "Progress Report");
			await clickUntil(page, current(page).locator(".list-row-container .list-subject a").first(), () =>
				Boolean(window.cur_frm?.doctype === "Progress Report" && cur_frm.doc.workflow_state === "Approved")
			);
			await formReady(page, "Progress Report");
		}
		if (route?.startsWith("query-report/")) {
			await page.waitForFunction(() => frappe.query_report?.datatable && !frappe.request.ajax_count, null, {
				timeout: TIMEOUT,
			});
		}
		if (typeof ready === "function") await page.waitForFunction(ready, null, { timeout: TIMEOUT });
		else await current(page).locator(ready).first().waitFor({ timeout: TIMEOUT });
		await settled(page).catch(() => {});
		return current(page).innerText();
	};

	// From English ...
	await setLanguage("en");
	const english = await screenText("adapt-for-my-region", ".tppo-adapt .frappe-card");
	assert(english.includes("Adapt for My Region"), "in English the page should read Adapt for My Region");
	await ctx.shot(page, "english-adapt-page");
	// ... to Indonesian: the strings named above in Indonesian, and no string of the app left in English
	// (a line of the screen that is the English source of a translated string).
	await setLanguage("id");
	const app_strings = appTranslations();
	const missing = [];
	for (const [route, sources, ready] of SCREENS) {
		const where = route || "progress report form";
		const text = await screenText(route, ready);
		const lines = new Set(text.split("\n").map((l) => l.trim()));
		for (const source of sources) {
			const translated = await translate(page, source);
			if (translated === source) missing.push(`"${source}" has no Indonesian translation`);
			else if (!text.includes(translated)) missing.push(`${where}: "${translated}" (${source}) not shown`);
		}
		for (const line of lines) {
			if (app_strings.has(line))
				missing.push(`${where}: shows "${line}" in English (Indonesian: "${app_strings.get(line)}")`);
		}
		await ctx.shot(page, `id-${where.replace(/[^a-z]+/gi, "-").toLowerCase()}`);
	}
	assert(!missing.length, `untranslated screens:\n${missing.join("\n")}`);
});

// The smallest valid one-page PDF with a line of text.
function tinyPdf(text) {
	const objects = [
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		null,
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	];
	const stream = `BT /F1 18 Tf 72 760 Td (${text}) Tj ET`;
	objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
	let out = "%PDF-1.4\n";
	const offsets = [];
	objects.forEach((body, i) => {
		offsets.push(out.length);
		out += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = out.length;
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	out += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return out;
}

// Each role's daily journey at both widths (e2e/journeys.mjs): before step 8, which ends the demo case worker's
// membership.
journeySteps(step, { RUN, tinyPdf });

// ---- main --------------------------------------------------------------------------------------------------

const started = Date.now();
console.log(`tppo_app e2e: ${BASE_URL}, run ${RUN}, results in ${RESULTS}`);
// Access that fails closed (issue "Access that fails closed"): South Sulawesi's case worker leaves; the province
// ends her membership in the browser; her open session ends, and logged in again she sees no victim and is told
// why; the provincial admin manages a member's regional roles. At laptop and phone width.
const WIDTHS = { laptop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } };
const SULSEL = { admin: "admin.sulsel@tppo.example", worker: "kasus.sulsel@tppo.example" };

step(8, "a case worker whose membership ends sees nothing, and the province manages access", [], async (ctx) => {
	const worker = await ctx.as(SULSEL.worker);
	await go(worker, "victim");
	await listReady(worker, "Victim");
	const before = await worker.evaluate(() => cur_list.data.length);
	assert(before > 0, "the case worker should see her province's victims");
	await ctx.shot(worker, "case-worker-victims");

	const admin = await ctx.as(SULSEL.admin);
	await go(admin, "task-force-member");
	const member = await admin.evaluate(
		(user) => frappe.xcall("frappe.client.get_value", { doctype: "Task Force Member", filters: { user }, fieldname: "name" }),
		SULSEL.worker
	);
	await go(admin, `task-force-member/${member.name}`);
	await formReady(admin, "Task Force Member", member.name);
	const manage = current(admin).getByRole("button", { name: await translate(admin, "Manage Access") });
	assert(await manage.isVisible(), "the provincial admin should see Manage Access on a member with a user");
	await manage.click();
	const box = await dialog(admin);
	const boxText = await box.innerText();
	assert(/Sulawesi|73/.test(boxText), `the dialog should list the member's region: ${boxText.slice(0, 200)}`);
	await ctx.shot(admin, "manage-access-dialog");
	await admin.keyboard.press("Escape");
	await admin.waitForFunction(() => !document.querySelector(".modal.show"));
	const yesterday = await admin.evaluate(() => frappe.datetime.add_days(frappe.datetime.get_today(), -1));
	await admin.evaluate((d) => cur_frm.set_value("end_date", d), yesterday);
	await save(admin);
	await ctx.shot(admin, "membership-ended");

	// Her open session has ended: the next request is refused and the desk sends her to the login page.
	const status = await worker.evaluate(() =>
		fetch("/api/method/frappe.auth.get_logged_user", { headers: { Accept: "application/json" } }).then((r) => r.status)
	);
	assert(status === 401 || status === 403, `her old session should be refused, got HTTP ${status}`);

	for (const [label, viewport] of Object.entries(WIDTHS)) {
		const again = await ctx.as(SULSEL.worker);
		await again.setViewportSize(viewport);
		await go(again, "victim");
		// An empty list draws its empty state outside the result area: wait for the list's data instead.
		await again.waitForFunction(
			() => window.cur_list && cur_list.doctype === "Victim" && Array.isArray(cur_list.data) && !frappe.request.ajax_count
		);
		await idle(again);
		const after = await again.evaluate(() => cur_list.data.length);
		assert(after === 0, `after the membership ended she should see no victim, sees ${after}`);
		await go(again, "case-work");
		await again.waitForSelector(".tppo-no-scope", { timeout: 15000 });
		const notice = await again.locator(".tppo-no-scope").innerText();
		assert(/wilayah|region/i.test(notice), `the workspace should say why: ${notice}`);
		await ctx.shot(again, `case-worker-without-region-${label}`);
	}
});

const results = await runAll();
const seconds = (Date.now() - started) / 1000;
writeJunit(results, seconds);
// Each role's daily journey: clicks and time to a usable page, per width.
for (const m of metrics) {
	console.log(
		`journey: ${m.role} at ${m.width} width: ${m.clicks} clicks, usable page after ${m.seconds_to_usable_page?.toFixed(1)} s, ${m.seconds_total} s in all`
	);
}
writeFileSync(join(RESULTS, "journeys.json"), JSON.stringify(metrics, null, 2));
const count = (o) => results.filter((r) => r.outcome === o).length;
console.log(
	`${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped in ${seconds.toFixed(0)}s`
);
console.log(`JUnit: ${join(RESULTS, "e2e.xml")}; screenshots: ${SHOTS}`);
process.exit(count("failed") || !count("passed") ? 1 : 0);
