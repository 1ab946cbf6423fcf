// README screenshots, on a site served by scripts/start with the demo data.
//   cd e2e && npm ci && node screenshots.mjs [output folder, default ../docs/screenshots]
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";

import { launch, loginAs, openDesk } from "./lib.mjs";

const out = resolve(process.argv[2] || "../docs/screenshots");
mkdirSync(out, { recursive: true });

// [user, desk route, file, open the first list row?, full page?]
const shots = [
	["admin.sulsel@tppo.example", "provincial-admin", "provincial-admin-workspace.png"],
	["fp.makassar@tppo.example", "district-focal-point", "district-focal-point-workspace.png"],
	["admin.sulsel@tppo.example", "task-force?region=73", "task-force-form.png", true, true],
	["admin.kalsel@tppo.example", "query-report/Task Force Roster", "task-force-roster.png"],
	["admin.sulsel@tppo.example", "progress-report?region=73&workflow_state=Draft", "progress-report-regional-fields.png", true],
	["reviewer@tppo.example", "query-report/RAN Achievement", "ran-achievement.png"],
	["admin.sulsel@tppo.example", "adapt-for-my-region", "adapt-for-my-region.png", false, true],
	["kasus.sulsel@tppo.example", "victim/V-73-2024-00001", "victim-as-case-worker.png"],
	["reviewer@tppo.example", "victim/V-73-2024-00001", "victim-as-ministry-reviewer.png"],
	["kasus.sulsel@tppo.example", "query-report/Case Statistics", "case-statistics.png"],
	["admin.kalsel@tppo.example", "coordination-meeting", "coordination-meeting.png", true, true],
];

const browser = await launch();
try {
	for (const [user, route, file, open_first, full_page] of shots) {
		const context = await loginAs(browser, user);
		const page = await context.newPage();
		await openDesk(page, route);
		if (open_first) {
			await page.locator(".list-row-container .list-subject a").first().click();
			await page.waitForSelector(".form-layout", { timeout: 30000 });
			await page.waitForTimeout(1500);
		}
		await page.screenshot({ path: `${out}/${file}`, fullPage: Boolean(full_page) });
		console.log(`${file}: ${user} at /app/${route}`);
		await context.close();
	}
} finally {
	await browser.close();
}
