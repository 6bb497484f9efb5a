// SPDX-License-Identifier: ISC
// What pages.mjs and report.mjs share: the "ok - ..." / "not ok - ..."
// lines (with "#   " diagnostics) that tests/t110-web-browser.sh counts,
// Debian's Chromium started through puppeteer-core with a profile of its
// own, and one page looked at in both colour schemes at 390 and 1280 px:
// screenshots into $SHOTS and axe-core's verdict in each scheme.
// Environment: SHOTS (folder for the PNGs), CHROMIUM (default
// /usr/bin/chromium).
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';

export const shots = process.env.SHOTS;

let failed = 0;
export function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond) {
		failed++;
		if (diag !== undefined)
			for (const l of String(diag).split('\n'))
				console.log(`#   ${l}`);
	}
}
export function is(got, want, desc) {
	ok(got === want, desc, `got:  ${JSON.stringify(got)}\nwant: ${JSON.stringify(want)}`);
}

// Starts Chromium headless on a fresh profile, and makes $SHOTS.
let profile;
export async function launch() {
	profile = mkdtempSync(join(tmpdir(), 'chromium-profile.'));
	if (shots)
		mkdirSync(shots, { recursive: true });
	return puppeteer.launch({
		executablePath: chromium,
		headless: true,
		userDataDir: profile,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--no-first-run'],
	});
}

// Closes the browser, removes its profile and exits 1 if a check failed.
export async function finish(browser) {
	await browser.close();
	rmSync(profile, { recursive: true, force: true });
}
export function exit() {
	process.exit(failed ? 1 : 0);
}

// The page in the light then the dark scheme: at each width, atWidth
// (scheme, width) checks what it likes and a screenshot NAME-SCHEME-
// WIDTH.png is taken; then inScheme(scheme), and axe-core must find 0
// violations, having measured the text contrast (`label (scheme): ...`).
// Leaves the light scheme at 1280 px. Returns axe-core's results.
export async function everyView(page, label, name, atWidth, inScheme) {
	const runs = [];
	for (const scheme of ['light', 'dark']) {
		await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
		for (const width of [390, 1280]) {
			await page.setViewport({ width, height: 800 });
			await atWidth(scheme, width);
			if (shots)
				await page.screenshot({ path: join(shots, `${name}-${scheme}-${width}.png`), fullPage: true });
		}
		if (inScheme)
			await inScheme(scheme);
		await page.evaluate(axeSource);
		const r = await page.evaluate(() => axe.run(document));
		runs.push({ scheme, violations: r.violations.length, passes: r.passes.length,
			incomplete: r.incomplete.length });
		is(r.violations.length, 0, `${label} (${scheme}): axe-core finds 0 violations`);
		// Contrast was measured, not skipped as inapplicable.
		ok(r.passes.some((x) => x.id === 'color-contrast'),
			`${label} (${scheme}): axe-core checked the text contrast`);
		for (const v of r.violations)
			console.log(`#   ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
	}
	await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
	await page.setViewport({ width: 1280, height: 800 });
	return runs;
}
