// Helpers that drive Frappe's desk the way a person does (typing, picking, clicking) and wait for the states
// Frappe itself reports (no request in flight, no freeze, the form or page on screen), not for fixed times.
import { BASE_URL } from "./lib.mjs";

export const TIMEOUT = 30000;

// The page (route) on screen: Frappe keeps earlier pages in the DOM, hidden.
export const current = (page) => page.locator(".page-container:visible").last();

// No request in flight, no freeze (but for the one behind an open grid row).
export async function idle(page, timeout = TIMEOUT) {
	try {
		await page.waitForFunction(
			() =>
				window.frappe &&
				frappe.boot &&
				frappe.request &&
				!frappe.request.ajax_count &&
				// an open grid row keeps the page "frozen" (greyed) behind it
				(!frappe.dom.freeze_count || document.querySelector(".grid-row-open")),
			null,
			{ timeout }
		);
	} catch (_error) {
		const state = await page
			.evaluate(
				() => `${frappe.request?.ajax_count} request(s) in flight, freeze count ${frappe.dom?.freeze_count}`
			)
			.catch(() => "the desk is not loaded");
		throw new Error(`the desk did not settle within ${timeout / 1000}s: ${state}`);
	}
}

// Opens a desk route (`progress-report/PR-...`, `query-report/RAN Achievement`, ...) and waits until it is drawn.
export async function go(page, route) {
	await page.goto(`${BASE_URL}/app/${route}`, { waitUntil: "domcontentloaded" });
	await page.waitForFunction(() => window.frappe && frappe.boot && frappe.container?.page, null, {
		timeout: TIMEOUT,
	});
	await idle(page);
}

export async function translate(page, text) {
	return page.evaluate((t) => __(t), text);
}

// Waits for the form of doctype (and name, if given) to be on screen, loaded and drawn.
export async function formReady(page, doctype, name) {
	await page.waitForFunction(
		([dt, dn]) =>
			window.cur_frm &&
			cur_frm.doctype === dt &&
			(!dn || cur_frm.docname === dn) &&
			cur_frm.doc &&
			cur_frm.layout &&
			$(cur_frm.wrapper).is(":visible"),
		[doctype, name],
		{ timeout: TIMEOUT }
	);
	await idle(page);
}

export const formDoc = (page) => page.evaluate(() => JSON.parse(JSON.stringify(cur_frm.doc)));

const control = (scope, fieldname) => scope.locator(`.frappe-control[data-fieldname="${fieldname}"]:visible`).first();

// Types into a Data/Int/Float/Small Text control of the form (or of a scope: a dialog, an open grid row).
export async function fill(page, fieldname, value, scope = current(page)) {
	const input = control(scope, fieldname).locator("input, textarea").first();
	await input.click();
	await input.fill(String(value));
	await input.press("Tab");
	await idle(page);
}

export async function select(page, fieldname, value, scope = current(page)) {
	await control(scope, fieldname).locator("select").selectOption(value);
	await idle(page);
}

export async function check(page, fieldname, scope = current(page)) {
	const box = control(scope, fieldname).locator('input[type="checkbox"]').first();
	if (!(await box.isChecked())) await box.check();
	await idle(page);
}

// Types into a Link control and picks the suggestion whose title is `value` as the user sees it. Frappe searches
// some doctypes (DocType, Workflow State, Role) by their translated names and others by their names, so the
// translation is typed first, then the name.
export async function link(page, fieldname, value, scope = current(page), { typed = null } = {}) {
	const wrapper = control(scope, fieldname);
	const input = wrapper.locator("input").first();
	const shown = await translate(page, value);
	const titles = [...new Set([shown, value])];
	const exact = new RegExp(`^\\s*(${titles.map(escapeRegExp).join("|")})\\s*$`);
	for (const text of typed ? [typed] : titles) {
		const searched = page.waitForResponse((r) => r.url().includes("/api/method/frappe.desk.search.search_link"), {
			timeout: TIMEOUT,
		});
		await input.click();
		// the whole text in one input event: a query report runs on a Link filter's half-typed text once typing
		// pauses for 500 ms, and the server may refuse that text (an unknown region is an error)
		await input.fill(text);
		await searched;
		const option = wrapper
			.locator('ul[role="listbox"] [role="option"]')
			.filter({ has: page.locator("strong", { hasText: exact }) })
			.first();
		const found = await option
			.waitFor({ state: "visible", timeout: 5000 })
			.then(() => true)
			.catch(() => false);
		if (found) {
			await option.click();
			await idle(page);
			return;
		}
	}
	const offered = await wrapper.locator('ul[role="listbox"] [role="option"] strong').allInnerTexts();
	throw new Error(
		`${fieldname}: no suggestion "${titles.join('" or "')}"; offered: ${offered.join(", ") || "nothing"}`
	);
}

// A message box Frappe opened (a server error, a validation message): its text, or null.
export async function messageBox(page) {
	const box = page.locator(".modal.show .msgprint, .modal.show .modal-body").first();
	if (await box.isVisible().catch(() => false)) return (await box.innerText()).trim();
	return null;
}

// Ctrl+S on the form, then waits for it to be saved (not dirty, not new); a message box Frappe shows instead
// becomes the error.
export async function save(page) {
	await page.keyboard.press("Control+s");
	const outcome = await page
		.waitForFunction(
			() => {
				if (document.querySelector(".modal.show .msgprint")) return "message";
				return (
					window.cur_frm && !cur_frm.is_new() && !cur_frm.is_dirty() && !frappe.request.ajax_count && "saved"
				);
			},
			null,
			{ timeout: TIMEOUT }
		)
		.then((h) => h.jsonValue());
	if (outcome === "message") {
		throw new Error(`saving ${await page.evaluate(() => cur_frm.doctype)} failed: ${await messageBox(page)}`);
	}
	await idle(page);
}

// Runs a workflow action from the form's Actions menu and waits for the state it leads to.
// Runs a workflow action from the Actions menu and waits for the new state. Sending a report asks for a
// confirmation with a summary first: its text goes to onConfirm (which may assert on it), then it is confirmed.
export async function workflowAction(page, action, expectedState, { onConfirm = null } = {}) {
	const label = await translate(page, action);
	const before = await page.evaluate(() => cur_frm.doc.modified);
	const menu = current(page).locator(".page-actions .actions-btn-group > button");
	await menu.waitFor({ state: "visible", timeout: TIMEOUT });
	await menu.click();
	const item = current(page)
		.locator(".actions-btn-group .dropdown-menu .dropdown-item")
		.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) });
	if (!(await item.count())) {
		const offered = await current(page).locator(".actions-btn-group .dropdown-menu .dropdown-item").allInnerTexts();
		throw new Error(
			`the Actions menu has no "${label}" (${action}); it offers: ${offered.join(", ") || "nothing"}`
		);
	}
	await item.first().click();
	const waitOutcome = () =>
		page
			.waitForFunction(
				([state, modified]) => {
					if (document.querySelector(".modal.show.tppo-confirm-sending")) return "confirm";
					if (document.querySelector(".modal.show .msgprint")) return "message";
					return (
						cur_frm.doc.workflow_state === state &&
						cur_frm.doc.modified !== modified &&
						!frappe.request.ajax_count &&
						"done"
					);
				},
				[expectedState, before],
				{ timeout: TIMEOUT }
			)
			.then((h) => h.jsonValue());
	let outcome = await waitOutcome();
	if (outcome === "confirm") {
		const confirm = page.locator(".modal.show.tppo-confirm-sending");
		if (onConfirm) await onConfirm(await confirm.locator(".modal-body").innerText(), confirm);
		await confirm.locator(".modal-footer .btn-primary").click();
		await confirm.waitFor({ state: "hidden", timeout: TIMEOUT });
		outcome = await waitOutcome();
	}
	if (outcome === "message") throw new Error(`workflow action ${action} failed: ${await messageBox(page)}`);
	await idle(page);
	// The state indicator of the form shows the new state, in the user's language.
	const shown = await translate(page, expectedState);
	await current(page)
		.locator(".page-head .indicator-pill")
		.filter({ hasText: shown })
		.first()
		.waitFor({ timeout: TIMEOUT });
}

export function escapeRegExp(text) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// The grid of a child table in the current form.
export const grid = (page, fieldname) =>
	current(page).locator(`.frappe-control[data-fieldname="${fieldname}"]`).first();

// Opens the form of a child table row (1-based idx) and returns it; closeRow() folds it again. (Clicked again
// if the form redrew its grids just then, after a save, and the click fell on the old row.)
export async function openRow(page, table, idx) {
	const button = grid(page, table).locator(`.grid-body .grid-row[data-idx="${idx}"] .btn-open-row`);
	await clickUntil(page, button, () => !!document.querySelector(".grid-row-open"));
	const row = page.locator(".grid-row-open");
	await row.waitFor({ state: "visible", timeout: TIMEOUT });
	await idle(page);
	return row;
}

export async function closeRow(page) {
	if (!(await page.locator(".grid-row-open").count())) return; // already folded (an upload folds it)
	await page.locator(".grid-row-open .grid-collapse-row").click();
	await page.locator(".grid-row-open").waitFor({ state: "detached", timeout: TIMEOUT });
	await idle(page);
}

// The dialog Frappe has finished showing (after its fade-in, so that screenshots show it, not a ghost of it).
export async function dialog(page) {
	await page.waitForFunction(
		() => window.cur_dialog && cur_dialog.display && cur_dialog.$wrapper.hasClass("show"),
		null,
		{
			timeout: TIMEOUT,
		}
	);
	await page.waitForFunction(() => getComputedStyle(cur_dialog.$wrapper.get(0)).opacity === "1");
	return page.locator(".modal.show").last();
}

// The navbar's search ("awesome bar"): types, then follows the suggestion whose text is exactly `choice`
// (an in-app route change: what the desk has loaded stays loaded).
export async function awesomebar(page, typed, choice) {
	const bar = page.locator("#navbar-search");
	await bar.click();
	await bar.fill("");
	await bar.pressSequentially(typed, { delay: 15 });
	const option = page
		.locator('#navbar-search ~ ul[role="listbox"] li')
		.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(choice)}\\s*$`) })
		.first();
	await option.click();
	await idle(page);
}

// The list view of doctype, with its rows (or its empty state) drawn.
export async function listReady(page, doctype) {
	await page.waitForFunction(
		(dt) =>
			window.cur_list &&
			cur_list.doctype === dt &&
			cur_list.$result &&
			cur_list.$result.find(".list-row-container, .no-result:visible").length > 0,
		doctype,
		{ timeout: TIMEOUT }
	);
	await idle(page);
}

// Clicks, then waits for `condition` (a function run in the page); clicks again if the desk redrew the
// element in between and swallowed the click (a list redrawing after its settings arrive does that).
export async function clickUntil(page, locator, condition, arg, tries = 3) {
	for (let i = 1; ; i++) {
		await locator.click();
		const done = await page
			.waitForFunction(condition, arg, { timeout: i < tries ? 5000 : TIMEOUT })
			.then(() => true)
			.catch(() => false);
		if (done) return;
		if (i >= tries) throw new Error(`clicking ${locator} did not lead anywhere`);
	}
}

// Waits until nothing on the page moves any more: no request in flight and the same layout of the page's
// charts and dialogs for about 600 ms (bars grow, dialogs fade in).
export async function settled(page, timeout = 5000) {
	await idle(page, timeout);
	await page.evaluate(() => {
		window.__e2e_shape = null;
		window.__e2e_same = 0;
	});
	await page.waitForFunction(
		() => {
			const shape = [
				...document.querySelectorAll(
					".frappe-chart svg rect, .frappe-chart svg path, .modal.show .modal-dialog"
				),
			]
				.map((el) => {
					const r = el.getBoundingClientRect();
					return `${r.x.toFixed(1)},${r.y.toFixed(1)},${r.width.toFixed(1)},${r.height.toFixed(1)},${
						getComputedStyle(el).opacity
					}`;
				})
				.join(";");
			// unchanged for five samples in a row (charts start their animation a moment after drawing)
			window.__e2e_same = window.__e2e_shape === shape ? (window.__e2e_same || 0) + 1 : 0;
			window.__e2e_shape = shape;
			return window.__e2e_same >= 5;
		},
		null,
		{ timeout, polling: 120 }
	);
}
