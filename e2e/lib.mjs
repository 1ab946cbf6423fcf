// Shared by the browser scripts: Debian's Chromium (never a downloaded browser) and desk login.
import { chromium } from "playwright-core";

export const BASE_URL = process.env.TPPO_URL || "http://127.0.0.1:8000";
export const DEMO_PASSWORD = process.env.TPPO_DEMO_PASSWORD || "tppo-demo-2025";

export async function launch() {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
		headless: true,
		args: [
			"--no-sandbox",
			"--disable-gpu",
			"--disable-quic",
			"--no-first-run",
			"--disable-background-networking",
			"--disable-component-update",
			"--disable-sync",
		],
	});
}

// A fresh browser context logged in as the user, through the login API the login page calls.
export async function loginAs(browser, usr, pwd = DEMO_PASSWORD, { lang } = {}) {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: lang || "id-ID" });
	const response = await context.request.post(`${BASE_URL}/api/method/login`, { data: { usr, pwd } });
	if (!response.ok()) {
		throw new Error(`login failed for ${usr}: ${response.status()} ${await response.text()}`);
	}
	return context;
}

// Opens a desk route and waits until Frappe has rendered it.
export async function openDesk(page, route) {
	await page.goto(`${BASE_URL}/app/${route}`, { waitUntil: "domcontentloaded" });
	await page.waitForFunction(() => window.frappe && frappe.boot && !document.querySelector(".page-container .freeze"), null, {
		timeout: 30000,
	});
	await page.waitForLoadState("networkidle").catch(() => {});
	await page.waitForTimeout(800);
}
