// Each role's daily journey at laptop and phone width (issue "The focal point's quarterly report in minutes"):
// the focal point fills and sends a whole report, the province verifies it, the ministry reviewer reads the
// achievement, a case worker records a service. Each asserts what the user would notice (their own workspace
// on login, the choices made for them, no English on the Indonesian pages, counts as whole numbers, the
// province's regional fields in their places) and records the clicks and the time to a usable page.
import { link, messageBox, clickUntil, current, dialog, fill, formDoc, formReady, go, idle, listReady, save, select, workflowAction } from "./desk.mjs";
import { BASE_URL, DEMO_PASSWORD } from "./lib.mjs";

export const WIDTHS = { laptop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } };

// What the journeys measured: printed after the suite and written to journeys.json.
export const metrics = [];

const KALSEL = {
	admin: "admin.kalsel@tppo.example",
	focal: "fp.banjarmasin@tppo.example",
	reviewer: "reviewer@tppo.example",
	worker: "kasus.sulsel@tppo.example",
	district_name: "Kota Banjarmasin",
};

// Words of the desk that are English and never Indonesian: one of them on an Indonesian page is a string left
// untranslated (Frappe's own included). Data typed by users is Indonesian in the demo.
const ENGLISH = new Set(
	(
		"Add Row Rows Editing Insert Above Below Submit Submitted Save Saved Search Assigned Created Connections " +
		"Attach Upload Uploaded Settings Edit Delete Cancel Cancelled Approved Verified Returned Login Show Hide New " +
		"Male Female Child Adult Activity Comment Comments changed Yes Sort Share Print Refresh Toggle Sidebar " +
		"Modified Updated ago Today Select Clear Apply Close Open Deadline late Evidence Fill Next Previous Done " +
		"Realised Achievement Report Reports Workspace Home Help Loading Please the and of with from your you this " +
		"Tools Build Integrations Users Website Assign Followed Like Likes Tags Attachments Notifications Send"
	).split(" ")
);

function assert(condition, message) {
	if (!condition) throw new Error(message);
}

// The English words on what the user sees now: the page, the navbar and any open dialog.
async function englishOn(page, where) {
	const text = await page.evaluate(() => {
		const parts = [...document.querySelectorAll(".page-container, .navbar, .modal.show, .desk-sidebar")]
			.filter((el) => el.offsetParent !== null || el.classList.contains("modal"))
			.map((el) => el.innerText);
		return parts.join("\n");
	});
	const found = new Set();
	for (const line of text.split("\n")) {
		// (a field name in a tooltip is no English text: words with underscores are skipped)
		const words = line.split(/\s+/).filter((token) => !token.includes("_"));
		if (words.join(" ").split(/[^A-Za-z-]+/).some((word) => ENGLISH.has(word))) found.add(line.trim().slice(0, 80));
	}
	return found.size ? [`${where}: ${[...found].join(" | ")}`] : [];
}

// Counts clicks and keystrokes-that-choose (a fill, a pick) the way a user spends them.
class Journey {
	constructor(ctx, role, width) {
		this.ctx = ctx;
		this.role = role;
		this.width = width;
		this.clicks = 0;
		this.english = [];
		this.started = Date.now();
		this.usable = null;
	}
	async click(locator) {
		this.clicks++;
		await locator.click();
	}
	async check(page, where) {
		this.english.push(...(await englishOn(page, where)));
	}
	ready() {
		this.usable ??= (Date.now() - this.started) / 1000;
	}
	done() {
		const seconds = (Date.now() - this.started) / 1000;
		metrics.push({
			role: this.role,
			width: this.width,
			clicks: this.clicks,
			seconds_to_usable_page: this.usable,
			seconds_total: Number(seconds.toFixed(1)),
		});
		if (this.english.length) console.log(`\n    English (${this.role}, ${this.width}):\n    ${this.english.join("\n    ")}`);
		if (!process.env.TPPO_E2E_ALLOW_ENGLISH)
			assert(!this.english.length, `English on Indonesian pages:\n${this.english.join("\n")}`);
	}
}

// Logs in through the login page's own API, follows the home page it answers (where the login page sends the
// user) and checks that it lands on the role's own workspace.
async function landing(ctx, user, viewport, workspace, journey) {
	const page = await ctx.as(user);
	await page.setViewportSize(viewport);
	const login = await page.context().request.post(`${BASE_URL}/api/method/login`, {
		data: { usr: user, pwd: DEMO_PASSWORD },
	});
	const { home_page } = await login.json();
	await page.goto(`${BASE_URL}${home_page || "/app"}`, { waitUntil: "domcontentloaded" });
	await page.waitForFunction(() => window.frappe?.boot && frappe.container?.page, null, { timeout: 30000 });
	await page.waitForURL(new RegExp(`/app/${workspace}$`), { timeout: 30000 });
	await idle(page);
	journey.ready();
	await journey.check(page, `${workspace} workspace`);
	return page;
}

export function journeySteps(step, { RUN, tinyPdf }) {
	const S = {};

	step(9, "district focal point fills and sends a whole report at laptop and phone width", [], async (ctx) => {
		// The login page a focal point opens first: in the browser's language, naming the system.
		const guest = await ctx.browser.newContext({ locale: "id-ID", viewport: WIDTHS.phone });
		try {
			const login = await guest.newPage();
			await login.goto(`${BASE_URL}/login`, { waitUntil: "domcontentloaded" });
			const heading = await login.locator(".page-card-head, .login-content h4, h4").first().innerText();
			assert(/Masuk ke PP-TPPO/.test(heading), `the login page should read "Masuk ke PP-TPPO": "${heading}"`);
			await ctx.shot(login, "login-phone");
		} finally {
			await guest.close();
		}
		// The province's own fields on the report: one with no place given (a mandatory count), one placed after
		// the field the user knows as "Tahun" (named by its label).
		const admin = await ctx.as(KALSEL.admin);
		await go(admin, "provincial-admin");
		S.fields = await admin.evaluate(async (run) => {
			const make = (values) =>
				frappe.xcall("frappe.client.insert", {
					doc: { doctype: "Regional Field", document_type: "Progress Report", region: "63", enabled: 1, ...values },
				});
			const unanchored = await make({ label: `Posts ${run}`, label_id: `Jumlah posko ${run}`, fieldtype: "Int", reqd: 1 });
			const anchored = await make({
				label: `Regional note ${run}`,
				label_id: `Catatan daerah ${run}`,
				fieldtype: "Data",
				insert_after: "Tahun",
			});
			return { unanchored: unanchored.fieldname, anchored: anchored.fieldname, anchored_after: anchored.insert_after };
		}, RUN);
		assert(S.fields.anchored_after === "year", `"Tahun" should be stored as the field year, is ${S.fields.anchored_after}`);
		S.reports = {};

		for (const [width, viewport] of Object.entries(WIDTHS)) {
			const journey = new Journey(ctx, "district focal point", width);
			const page = await landing(ctx, KALSEL.focal, viewport, "district-focal-point", journey);
			await journey.click(current(page).locator(".shortcut-widget-box").filter({ hasText: "Laporan Kemajuan" }).first());
			await listReady(page, "Progress Report");
			await journey.check(page, "progress report list");
			journey.clicks++;
			await clickUntil(
				page,
				current(page).locator(".page-head .primary-action"),
				() => window.cur_frm?.doctype === "Progress Report" && cur_frm.is_new()
			);
			await formReady(page, "Progress Report");
			await page.waitForFunction(
				() => cur_frm.doc.task_force && cur_frm.doc.action_plan && !frappe.request.ajax_count,
				null,
				{ timeout: 15000 }
			);
			await idle(page);
			const chosen = await formDoc(page);
			assert(chosen.task_force && chosen.action_plan, "the task force and the plan should be filled in");

			// The period picker offers only periods without a report, with their deadline: the first is taken.
			const period = current(page).locator('.frappe-control[data-fieldname="reporting_period"] input');
			await journey.click(period);
			const offered = current(page)
				.locator('.frappe-control[data-fieldname="reporting_period"] ul[role="listbox"] [role="option"]')
				.filter({ hasText: /20\d\d-/ });
			await offered.first().waitFor({ timeout: 15000 });
			const first = await offered.first().innerText();
			assert(/tenggat/.test(first), `each period should show its deadline: "${first}"`);
			await journey.check(page, "period picker");
			await journey.click(offered.first());
			await page.waitForFunction(() => (cur_frm.doc.items || []).length > 0 && !frappe.request.ajax_count);
			await idle(page);
			journey.ready();
			await ctx.shot(page, `report-new-${width}`, { fullPage: true });

			// The regional fields: the unanchored one at the end of the first section, the other after Tahun.
			const placed = await page.evaluate((f) => {
				const holder = (name) => document.querySelector(`.page-container:not([style*="none"]) .tppo-regional-field[data-regional-field="${name}"]`);
				const un = holder(f.unanchored);
				const an = holder(f.anchored);
				const firstSection = cur_frm.layout.sections[0]?.wrapper?.get?.(0) || cur_frm.layout.sections[0]?.wrapper;
				return {
					unanchored: !!un && un.offsetParent !== null,
					anchored: !!an && an.offsetParent !== null,
					unanchored_in_first_section: !!un && !!firstSection && firstSection.contains(un),
					anchored_after: (() => {
						// the control it follows (other regional fields placed after the same one come between)
						let el = an?.previousElementSibling;
						while (el?.classList.contains("tppo-regional-field")) el = el.previousElementSibling;
						return el?.getAttribute("data-fieldname") || null;
					})(),
					mandatory: !!un?.querySelector(".control-label.reqd"),
				};
			}, S.fields);
			assert(placed.unanchored && placed.anchored, `both regional fields should show: ${JSON.stringify(placed)}`);
			assert(placed.unanchored_in_first_section, "the field without a place should end the first section");
			assert(placed.anchored_after === "year", `the placed field should follow Tahun, follows ${placed.anchored_after}`);
			assert(placed.mandatory, "the mandatory regional field should say so");

			// Counts are whole numbers: no decimals in the Target column of a count.
			const targets = await page.evaluate(() =>
				cur_frm.doc.items
					.filter((r) => r.measure_type === "Count")
					.map((r) => $(`.grid-row[data-name="${r.name}"] [data-fieldname="target"] .static-area`).text().trim())
			);
			assert(targets.length && targets.every((t) => /^[\d.]+$/.test(t)), `count targets should be whole numbers: ${targets.join(" | ")}`);

			// Every activity: in the table at laptop width, one by one on the phone.
			// Realised: half of each target (a whole number), as a district would report mid-year.
			const values = await page.evaluate(() => cur_frm.doc.items.map((r) => Math.max(1, Math.round((r.target || 2) / 2))));
			const rows = values.length;
			if (width === "laptop") {
				for (let idx = 1; idx <= rows; idx++) {
					const row = current(page).locator(`.frappe-control[data-fieldname="items"] .grid-body .grid-row[data-idx="${idx}"]`);
					await journey.click(row.locator('[data-fieldname="realised"]').first());
					const input = row.locator('.frappe-control[data-fieldname="realised"] input');
					await input.waitFor({ timeout: 10000 });
					await input.fill(String(values[idx - 1]));
					journey.clicks++;
					await row.locator('.frappe-control[data-fieldname="status"] select').selectOption("In Progress");
					journey.clicks++;
					await idle(page);
				}
			} else {
				await journey.click(current(page).getByRole("button", { name: "Isi satu per satu" }));
				const box = await dialog(page);
				await journey.check(page, "fill one by one");
				for (let idx = 1; idx <= rows; idx++) {
					await fill(page, "realised", values[idx - 1], box);
					journey.clicks++;
					await select(page, "status", "In Progress", box);
					journey.clicks++;
					await journey.click(box.locator(".modal-footer .btn-primary"));
				}
				await page.waitForFunction(() => !document.querySelector(".modal.show"));
			}
			const filled = await page.evaluate(() => cur_frm.doc.items.filter((r) => r.status).length);
			assert(filled === rows, `all ${rows} activities should be filled, ${filled} are`);
			await fill(page, S.fields.unanchored, 3);
			journey.clicks++;
			// On a site kept from earlier runs, their mandatory regional fields want a value too.
			for (const control of await current(page).locator(".tppo-regional-field .frappe-control:has(.control-label.reqd)").all()) {
				const fieldname = await control.getAttribute("data-fieldname");
				if (!(await control.locator("input").inputValue())) await fill(page, fieldname, 1);
			}
			// Each row's achievement shows once it is filled (the last row's value is taken when the cursor leaves it,
			// above), before saving; saving (below) computes the same.
			await page
				.waitForFunction(() => cur_frm.doc.items.every((r) => r.achievement_percent != null), null, { timeout: 10000 })
				.catch(() => {}); // the assertion below says which rows
			const typed = await page.evaluate(() =>
				Object.fromEntries(
					// by plan item: a new report's rows get their names when it is saved
					cur_frm.doc.items.map((r) => [
						r.action_plan_item,
						{
							percent: r.achievement_percent,
							target: r.target,
							cell: $(`.grid-row[data-name="${r.name}"] [data-fieldname="achievement_percent"] .static-area`).text().trim(),
						},
					])
				)
			);
			// (a row without a target, or with 0, shows its achievement once saved: see achievement() in the form)
			const unshown = Object.entries(typed).filter(([, r]) => r.target > 0 && (r.percent == null || (width === "laptop" && !r.cell)));
			assert(!unshown.length, `the achievement should show while filling: ${JSON.stringify(unshown.slice(0, 3))}`);
			assert(Object.values(typed).some((r) => r.percent != null), "some row should show its achievement while filling");
			await ctx.shot(page, `report-filled-${width}`, { fullPage: true });
			await journey.check(page, "filled report");

			// Evidence without saving by hand: the draft is saved for the user, a wrong file type is refused by
			// the uploader, a PDF is attached.
			await journey.click(current(page).getByRole("button", { name: "Lampirkan bukti" }));
			const opened = await page
				.waitForFunction(
					() =>
						(document.querySelector(".modal.show .msgprint") && "message") ||
						(document.querySelector('.modal.show input[type="file"]') && "uploader"),
					null,
					{ timeout: 30000 }
				)
				.then((h) => h.jsonValue());
			if (opened === "message") throw new Error(`saving the draft failed: ${await messageBox(page)}`);
			const uploader = await dialog(page);
			// the draft is saved: the server's achievement is the one shown while filling
			const differ = await page.evaluate(
				(typed) =>
					cur_frm.doc.items
						.filter((r) => typed[r.action_plan_item]?.percent != null)
						.filter((r) => Math.abs((r.achievement_percent ?? -1) - typed[r.action_plan_item].percent) > 0.01)
						.map((r) => `${r.item_code}: ${typed[r.action_plan_item]?.percent} typed, ${r.achievement_percent} saved`),
				typed
			);
			assert(!differ.length, `the achievement shown while filling should be the saved one: ${differ.slice(0, 3).join("; ")}`);
			await uploader.locator('input[type="file"]').setInputFiles({
				name: `program-${RUN}.exe`,
				mimeType: "application/octet-stream",
				buffer: Buffer.from("MZ not a document"),
			});
			// refused before uploading, with a notice saying so
			await page
				.locator("#alert-container")
				.filter({ hasText: `program-${RUN}.exe` })
				.waitFor({ timeout: 10000 });
			const listed = await uploader.locator(".file-preview").count();
			assert(listed === 0, "the uploader should not list the .exe file");
			await journey.check(page, "uploader");
			await uploader.locator('input[type="file"]').setInputFiles({
				name: `daftar-hadir-${RUN}-${width}.pdf`,
				mimeType: "application/pdf",
				buffer: Buffer.from(tinyPdf("Daftar hadir")),
			});
			const box2 = uploader;
			await journey.click(box2.locator(".modal-footer .btn-primary"));
			await page.waitForFunction(() => (cur_frm.doc.evidence || []).some((r) => r.file) && !cur_frm.is_dirty() && !frappe.request.ajax_count, null, { timeout: 30000 });
			await idle(page);

			// Sending asks first, with what is still empty.
			journey.clicks += 2; // the Actions menu and "Kirim"
			let summary = "";
			await workflowAction(page, "Submit", "Submitted", {
				onConfirm: async (text) => {
					summary = text;
					journey.clicks++;
					await ctx.shot(page, `report-confirm-${width}`);
					await journey.check(page, "confirmation");
				},
			});
			assert(new RegExp(`${rows} dari ${rows} kegiatan`).test(summary), `the confirmation should count the activities: ${summary}`);
			S.reports[width] = await page.evaluate(() => cur_frm.docname);
			await ctx.shot(page, `report-sent-${width}`, { fullPage: true });
			await journey.check(page, "sent report");
			journey.done();
		}
	});

	step(10, "provincial admin finds and verifies the reports at laptop and phone width", [9], async (ctx) => {
		for (const [width, viewport] of Object.entries(WIDTHS)) {
			const journey = new Journey(ctx, "provincial admin", width);
			const page = await landing(ctx, KALSEL.admin, viewport, "provincial-admin", journey);
			await go(page, "progress-report?workflow_state=Submitted");
			journey.clicks++;
			await listReady(page, "Progress Report");
			await journey.check(page, "verification list");
			// The list says which regency/city and which period each report is for.
			const row = current(page).locator(".list-row-container").filter({ has: page.locator(`[data-name="${S.reports[width]}"]`) });
			const text = await row.first().innerText();
			assert(text.includes(KALSEL.district_name), `the list row should name the regency/city: ${text}`);
			assert(/20\d\d-Q\d/.test(text), `the list row should name the period: ${text}`);
			await ctx.shot(page, `verification-list-${width}`);
			await clickUntil(page, row.first().locator(".list-subject a").first(), () => window.cur_frm?.docname && cur_frm.doctype === "Progress Report");
			journey.clicks++;
			await formReady(page, "Progress Report");
			await journey.check(page, "report to verify");
			journey.clicks += 2;
			await workflowAction(page, "Verify", "Verified");
			await journey.check(page, "verified report");
			await ctx.shot(page, `verified-${width}`);
			journey.done();
		}
	});

	step(12, "case worker records a service for a victim at laptop and phone width", [], async (ctx) => {
		for (const [width, viewport] of Object.entries(WIDTHS)) {
			const journey = new Journey(ctx, "case worker", width);
			const page = await landing(ctx, KALSEL.worker, viewport, "case-work", journey);
			await journey.click(current(page).locator(".shortcut-widget-box").filter({ hasText: "Korban" }).first());
			await listReady(page, "Victim");
			await journey.check(page, "victim list");
			journey.clicks++;
			await clickUntil(
				page,
				current(page).locator(".list-row-container .list-subject a").first(),
				() => window.cur_frm?.doctype === "Victim" && !cur_frm.is_new()
			);
			await formReady(page, "Victim");
			journey.ready();
			const victim = await page.evaluate(() => cur_frm.docname);
			await journey.check(page, "victim");
			await ctx.shot(page, `victim-${width}`);
			// A referral that never started says so, not "0 days to start".
			const services = await current(page)
				.locator('.frappe-control[data-fieldname="services_timeline"] li')
				.allInnerTexts();
			const notStarted = services.filter((text) => /dimulai –/.test(text));
			assert(
				notStarted.every((text) => !/hari hingga dimulai/.test(text) && /belum dimulai/.test(text)),
				`a referral not started should say so: ${notStarted.join(" | ")}`
			);
			// The "+" beside the victim's services (in view at both widths; on a phone Frappe folds the form's
			// own buttons into its menu) opens a new service for this victim.
			journey.clicks++;
			await clickUntil(
				page,
				current(page).locator('.document-link[data-doctype="Victim Service"] .btn-new').first(),
				() => window.cur_frm?.doctype === "Victim Service" && cur_frm.is_new()
			);
			await formReady(page, "Victim Service");
			assert((await formDoc(page)).victim === victim, "the new service should be for the victim");
			await link(page, "service_type", "Psychosocial", undefined, { typed: "Psiko" });
			journey.clicks++;
			await link(page, "provider_agency", "UPTD Perlindungan Perempuan dan Anak Provinsi Sulawesi Selatan", undefined, {
				typed: "UPTD Perlindungan",
			});
			journey.clicks++;
			await journey.check(page, "new service");
			await save(page);
			journey.clicks++;
			const saved = await formDoc(page);
			assert(saved.name && !saved.__islocal && saved.status === "Requested", `the service should be saved as requested: ${saved.status}`);
			await journey.check(page, "saved service");
			await ctx.shot(page, `service-${width}`);
			journey.done();
		}
	});

	step(11, "ministry reviewer reads the achievement at laptop and phone width", [], async (ctx) => {
		for (const [width, viewport] of Object.entries(WIDTHS)) {
			const journey = new Journey(ctx, "ministry reviewer", width);
			const page = await landing(ctx, KALSEL.reviewer, viewport, "ministry-review", journey);
			await go(page, "query-report/RAN Achievement");
			journey.clicks++;
			await page.waitForFunction(
				() => frappe.query_report?.get_filter_value("action_plan") && frappe.query_report.datatable && !frappe.request.ajax_count,
				null,
				{ timeout: 30000 }
			);
			await idle(page);
			journey.ready();
			const shown = await page.evaluate(() => ({
				year: frappe.query_report.get_filter_value("year"),
				rows: (frappe.query_report.data || []).length,
				labels: (frappe.query_report.data || []).filter((r) => r.indent === 1).map((r) => r.label),
				message: $(".report-wrapper .tppo-report-note").text(),
			}));
			assert(shown.rows > 0, `the report should open on a year with data (year ${shown.year}): it is empty`);
			assert(shown.labels.some((l) => /[a-z]{4,}/i.test(String(l).replace(/^[\d.]+\s*/, ""))), `the tree should name the activities: ${shown.labels.slice(0, 3).join(" | ")}`);
			await ctx.shot(page, `achievement-${width}`);
			await journey.check(page, "RAN Achievement");
			journey.done();
		}
	});
}
