// SPDX-License-Identifier: ISC
// The teacher's report page (examctl report --html) in a real browser:
// Debian's Chromium driven by puppeteer-core, the file opened from disk.
// It must need nothing but itself (no script, no request), read in the
// light and the dark scheme (axe-core: 0 violations, contrast measured),
// fit a phone's 390 px (only the questions' table scrolls, inside a
// focusable region), and print (the table unrolled, a PDF made).
// Screenshots at 390 and 1280 px in both schemes, and of the print
// layout, go to $SHOTS as report-SCHEME-WIDTH.png and report-print.png.
// Prints "ok - ..." / "not ok - ..." lines, as pages.mjs does.
// Environment: REPORT (the HTML file), SHOTS, CHROMIUM.
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const file = resolve(process.env.REPORT);
const url = pathToFileURL(file).href;
const shots = process.env.SHOTS;
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';

let failed = 0;
function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond) {
		failed++;
		if (diag !== undefined)
			for (const l of String(diag).split('\n'))
				console.log(`#   ${l}`);
	}
}
function is(got, want, desc) {
	ok(got === want, desc, `got:  ${JSON.stringify(got)}\nwant: ${JSON.stringify(want)}`);
}

// Relative luminance of a computed "rgb(r, g, b)" colour.
function luminance(rgb) {
	const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map((v) => {
		const c = Number(v) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const problems = [];
const requests = [];
const profile = mkdtempSync(join(tmpdir(), 'chromium-profile.'));
if (shots)
	mkdirSync(shots, { recursive: true });
const browser = await puppeteer.launch({
	executablePath: chromium,
	headless: true,
	userDataDir: profile,
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
		'--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
	const page = await browser.newPage();
	page.on('console', (m) => {
		if (m.type() === 'error' || m.type() === 'warn')
			problems.push(`console ${m.type()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	page.on('request', (r) => requests.push(r.url()));
	await page.setViewport({ width: 1280, height: 800 });
	await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
	await page.goto(url, { waitUntil: 'load' });

	const f = await page.evaluate(() => ({
		lang: document.documentElement.lang,
		title: document.title,
		headings: [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => Number(h.tagName[1])),
		scripts: document.querySelectorAll('script').length,
		external: [...document.querySelectorAll('[src],[href],link')].length,
		svgs: document.querySelectorAll('svg').length,
		hist: document.querySelectorAll('svg.hist[role="img"]').length,
		bars: document.querySelectorAll('td svg.bar').length,
		rows: document.querySelectorAll('tbody tr').length,
		regions: [...document.querySelectorAll('.scroll')].every((e) =>
			e.getAttribute('tabindex') === '0' && e.getAttribute('role') === 'region'),
	}));
	is(f.lang, 'en', 'report: lang="en"');
	ok(f.title.startsWith('Exam report'), 'report: has a <title>', f.title);
	ok(f.headings[0] === 1 && f.headings.every((l, i) => i === 0 || l <= f.headings[i - 1] + 1),
		'report: headings start at h1, in order', f.headings.join(','));
	is(f.scripts, 0, 'report: no script');
	is(f.external, 0, 'report: nothing that points elsewhere (src, href, link)');
	ok(f.hist >= 1, 'report: a histogram of the scores as an SVG image', f.hist);
	ok(f.rows > 0 && f.bars === f.rows, 'report: a facility bar in every question row', `${f.bars} of ${f.rows}`);
	ok(f.regions, 'report: the questions scroll inside a focusable region');

	const bg = {};
	for (const scheme of ['light', 'dark']) {
		await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
		for (const width of [390, 1280]) {
			await page.setViewport({ width, height: 800 });
			const w = await page.evaluate(() => document.documentElement.scrollWidth);
			ok(w <= width, `report (${scheme}, ${width} px): no sideways scrolling of the page`, w);
			if (shots)
				await page.screenshot({ path: join(shots, `report-${scheme}-${width}.png`), fullPage: true });
		}
		bg[scheme] = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
		await page.evaluate(axeSource);
		const r = await page.evaluate(() => axe.run(document));
		is(r.violations.length, 0, `report (${scheme}): axe-core finds 0 violations`);
		for (const v of r.violations)
			console.log(`#   ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
		ok(r.passes.some((x) => x.id === 'color-contrast'),
			`report (${scheme}): axe-core checked the text contrast`);
		console.log(`# axe-core report ${scheme}: ${r.violations.length} violations, ${r.passes.length} rules passed, ${r.incomplete.length} to review`);
	}
	ok(luminance(bg.light) > 0.8, 'report: light scheme on a light background', bg.light);
	ok(luminance(bg.dark) < 0.05, 'report: dark scheme on a dark background', bg.dark);

	// Printed (even from a dark desktop): black on white, the table whole.
	await page.emulateMediaType('print');
	await page.setViewport({ width: 1280, height: 800 });
	const p = await page.evaluate(() => ({
		bg: getComputedStyle(document.body).backgroundColor,
		fg: getComputedStyle(document.body).color,
		overflow: [...document.querySelectorAll('.scroll')].map((e) => getComputedStyle(e).overflowX),
	}));
	ok(luminance(p.bg) > 0.95 && luminance(p.fg) < 0.01, 'report printed: black on white', JSON.stringify(p));
	ok(p.overflow.every((o) => o === 'visible'), 'report printed: the table does not scroll', p.overflow.join(','));
	if (shots)
		await page.screenshot({ path: join(shots, 'report-print.png'), fullPage: true });
	const pdf = await page.pdf({ format: 'A4', printBackground: true });
	ok(pdf.length > 1000, 'report printed: a PDF is made', pdf.length);
	await page.emulateMediaType('screen');

	is(requests.filter((u) => u !== url).join(' '), '', 'report: no request but the file itself');
	is(problems.length, 0, 'report: no console error or page error');
	for (const pr of problems)
		console.log(`#   ${pr}`);
} catch (e) {
	ok(false, 'the report browser run finished', e.stack);
} finally {
	await browser.close();
	rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
