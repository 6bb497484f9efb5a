// SPDX-License-Identifier: ISC
// The teacher's report page (examctl report --html) in a real browser:
// Debian's Chromium driven by puppeteer-core, the file opened from disk.
// It must need nothing but itself (no script, no request), read in the
// light and the dark scheme (axe-core: 0 violations, contrast measured),
// fit a phone's 390 px (only the questions' table scrolls, inside a
// focusable region), and print (the table unrolled, a PDF made).
// Screenshots at 390 and 1280 px in both schemes, and of the print
// layout, go to $SHOTS as report-SCHEME-WIDTH.png and report-print.png.
// Prints "ok - ..." / "not ok - ..." lines, as pages.mjs does (browser.mjs).
// Environment: REPORT (the HTML file), SHOTS, CHROMIUM.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { is, ok, launch, finish, exit, everyView, shots } from './browser.mjs';

const file = resolve(process.env.REPORT);
const url = pathToFileURL(file).href;

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
const browser = await launch();
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
	const runs = await everyView(page, 'report', 'report', async (scheme, width) => {
		const w = await page.evaluate(() => document.documentElement.scrollWidth);
		ok(w <= width, `report (${scheme}, ${width} px): no sideways scrolling of the page`, w);
	}, async (scheme) => {
		bg[scheme] = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
	});
	for (const r of runs)
		console.log(`# axe-core report ${r.scheme}: ${r.violations} violations, ${r.passes} rules passed, ${r.incomplete} to review`);
	ok(luminance(bg.light) > 0.8, 'report: light scheme on a light background', bg.light);
	ok(luminance(bg.dark) < 0.05, 'report: dark scheme on a dark background', bg.dark);

	// Printed (even from a dark desktop): black on white, the table whole.
	await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
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
	await finish(browser);
}
exit();
