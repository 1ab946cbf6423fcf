// README screenshots: each demo role's first screen, and the main forms, on a site served by scripts/start.
//   cd e2e && npm install && node screenshots.mjs [output folder, default ../docs/screenshots]
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";

import { launch, loginAs, openDesk } from "./lib.mjs";

const out = resolve(process.argv[2] || "../docs/screenshots");
mkdirSync(out, { recursive: true });

const shots = [
	// [user, desk route, file]
	["admin.sulsel@tppo.example", "provincial-admin", "provincial-admin-workspace.png"],
	["fp.makassar@tppo.example", "district-focal-point", "district-focal-point-workspace.png"],
	["nasional@tppo.example", "national-admin", "national-admin-workspace.png"],
	["admin.sulsel@tppo.example", "task-force?region=73", "provincial-task-force-list.png"],
	["admin.kalsel@tppo.example", "query-report/Task Force Roster", "task-force-roster.png"],
	["nasional@tppo.example", "region/view/tree", "region-tree.png"],
];

const browser = await launch();
try {
	for (const [user, route, file] of shots) {
		const context = await loginAs(browser, user);
		const page = await context.newPage();
		await openDesk(page, route);
		await page.screenshot({ path: `${out}/${file}` });
		console.log(`${file}: ${user} at /app/${route}`);
		await context.close();
	}
	// One form: the South Sulawesi task force, as its provincial admin sees it.
	const context = await loginAs(browser, "admin.sulsel@tppo.example");
	const page = await context.newPage();
	await openDesk(page, "task-force?region=73");
	await page.locator(".list-row-container .list-subject a").first().click();
	await page.waitForSelector(".form-layout", { timeout: 30000 });
	await page.waitForTimeout(1000);
	await page.screenshot({ path: `${out}/task-force-form.png`, fullPage: true });
	console.log("task-force-form.png");
	await context.close();
} finally {
	await browser.close();
}
