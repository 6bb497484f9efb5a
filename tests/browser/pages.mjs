// SPDX-License-Identifier: ISC
// The student pages in a real browser: Debian's Chromium driven by
// puppeteer-core. Keyboard use, the error pages and their one-step retry,
// console errors and CSP violations, axe-core on every page in both colour
// schemes, and screenshots at 390 and 1280 px into $SHOTS.
// Prints "ok - ..." / "not ok - ..." lines (with "# " diagnostics) that
// tests/t110-web-browser.sh counts (browser.mjs). Environment: WEB (base
// URL), SHOTS (folder for the PNGs), CHROMIUM (default /usr/bin/chromium).
import { is, ok, launch, finish, exit, everyView } from './browser.mjs';

const base = process.env.WEB;

// Everything the browser complains about, on any page: console errors
// (a missing favicon or a CSP refusal is one), page errors, failed
// requests and error statuses of anything but the page itself.
const problems = [];
// Documents that answered with an error status on purpose; the last
// status seen for each path.
const expectedStatus = new Set();
const fetched = new Map();

async function newPage(browser) {
	const page = await browser.newPage();
	await page.evaluateOnNewDocument(() => {
		window.__csp = [];
		document.addEventListener('securitypolicyviolation', (e) =>
			window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
	});
	page.on('console', (m) => {
		// An error page's own status is logged as "Failed to load
		// resource" for the document itself: that status is the point.
		// The same message for anything else (the icon) is a problem.
		if (m.text().startsWith('Failed to load resource') &&
		    m.location()?.url === page.url() && expectedStatus.has(page.url()))
			return;
		if (m.type() === 'error' || m.type() === 'warn')
			problems.push(`console ${m.type()} on ${page.url()}: ${m.text()} (${m.location()?.url})`);
	});
	page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
	page.on('requestfailed', (r) =>
		problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
	page.on('response', (r) => {
		const path = new URL(r.url()).pathname;
		fetched.set(path, r.status());
		if (r.request().resourceType() === 'document') {
			if (r.status() >= 400)
				expectedStatus.add(r.url());
		} else if (r.status() >= 400) {
			problems.push(`${r.status()} for ${r.url()}`);
		}
	});
	return page;
}

// autofocus takes effect at the page's first rendering, a moment after
// the load event: wait for it (up to 2 s) rather than race it.
async function settle(page) {
	await page.waitForFunction(() => !document.querySelector('#id') ||
		document.activeElement?.id === 'id', { timeout: 2000 }).catch(() => {});
}

// Facts about the current page that every check below looks at.
async function facts(page) {
	return page.evaluate(() => {
		const style = (sel, props) => {
			const el = document.querySelector(sel);
			if (!el)
				return null;
			const cs = getComputedStyle(el);
			return Object.fromEntries(props.map((p) => [p, cs[p]]));
		};
		const input = document.querySelector('#id');
		return {
			lang: document.documentElement.lang,
			title: document.title,
			h1: document.querySelector('h1')?.textContent ?? null,
			headings: [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
				.map((h) => Number(h.tagName[1])),
			message: document.querySelector('#message')?.textContent ?? null,
			focused: document.activeElement?.id ?? null,
			value: input ? input.value : null,
			hasForm: !!document.querySelector('form[method="post"][action="/handlelogin"] input[name="id"]'),
			hasCode: !!document.querySelector('form label[for="code"] ~ input#code[name="code"][type="text"][autocomplete="off"]'),
			code: document.querySelector('#code')?.value ?? null,
			sheetRules: [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0),
			main: style('main', ['backgroundColor', 'maxWidth', 'fontFamily', 'borderRadius']),
			button: style('button', ['backgroundColor', 'color', 'fontSize']),
			inputFont: input ? parseFloat(getComputedStyle(input).fontSize) : 0,
			scrollWidth: document.documentElement.scrollWidth,
			csp: window.__csp,
			bold: document.querySelector('main b') !== null,
		};
	});
}

// The headings start at h1 and never skip a level.
function headingsInOrder(levels) {
	if (levels[0] !== 1)
		return false;
	for (let i = 1; i < levels.length; i++)
		if (levels[i] > levels[i - 1] + 1)
			return false;
	return true;
}

const axeCounts = [];
async function checkPage(page, name, want) {
	await settle(page);
	const f = await facts(page);
	is(f.lang, 'en', `${name}: lang="en"`);
	ok(f.title.length > 0, `${name}: has a <title>`, f.title);
	ok(headingsInOrder(f.headings), `${name}: headings start at h1, in order`, f.headings.join(','));
	ok(f.sheetRules > 10, `${name}: the stylesheet is applied`, f.sheetRules);
	is(f.csp.length, 0, `${name}: no CSP violation`);
	if (want.h1 !== undefined)
		is(f.h1, want.h1, `${name}: heading`);
	if (want.message !== undefined)
		is(f.message, want.message, `${name}: says what happened`);
	if (want.form) {
		ok(f.hasForm, `${name}: carries the lookup form`);
		is(f.focused, 'id', `${name}: the ID field has the focus`);
	}
	if (want.value !== undefined)
		is(f.value, want.value, `${name}: the field holds what was typed`);
	const runs = await everyView(page, name, name, async (scheme, width) => {
		if (width === 390) {
			const w = await page.evaluate(() => document.documentElement.scrollWidth);
			ok(w <= 390, `${name} (${scheme}): no sideways scrolling at 390 px`, w);
		}
	});
	for (const r of runs)
		axeCounts.push({ name, ...r });
	return f;
}

// Submits the focused form with Enter and waits for the page it brings.
async function enter(page) {
	const [resp] = await Promise.all([page.waitForNavigation({ timeout: 10000 }),
		page.keyboard.press('Enter')]);
	await settle(page);
	return resp;
}

async function openLogin(page) {
	const resp = await page.goto(`${base}/login`);
	await settle(page);
	return resp;
}

// Replaces the field's text from the keyboard: select all, then type.
async function retype(page, text) {
	await page.keyboard.down('Control');
	await page.keyboard.press('KeyA');
	await page.keyboard.up('Control');
	await page.keyboard.type(text);
}

const browser = await launch();
const t0 = Date.now();
// CODE set: the database has access codes, CODE is 1711's; only the form
// with the code field, a lookup with it and the 404 of a wrong one.
async function codesRun(page, code) {
	let resp = await openLogin(page);
	is(resp.status(), 200, 'with codes: the login page is 200');
	const f = await checkPage(page, 'login-code', { h1: 'Student login', form: true });
	ok(f.hasCode, 'login-code: the form has the access code field', JSON.stringify(f));
	await page.keyboard.type('1711');
	await page.keyboard.press('Tab');
	is(await page.evaluate(() => document.activeElement.id), 'code', 'Tab goes from the ID to the code');
	await page.keyboard.type(code.toLowerCase());
	resp = await enter(page);
	is(resp.status(), 200, 'the ID and its code (typed in lower case): 200');
	is(await page.$eval('h1', (e) => e.textContent), 'Karam', 'and shows Karam');
	await openLogin(page);
	await page.keyboard.type('1711');
	await page.keyboard.press('Tab');
	await page.keyboard.type('AAAA-AAAA-AAAA');
	resp = await enter(page);
	is(resp.status(), 404, 'a wrong code gives 404');
	const nf = await checkPage(page, 'not-found-code', { h1: '404 Not Found',
		message: 'No student has the ID 1711 with that access code.', form: true, value: '1711' });
	ok(nf.hasCode, 'not-found-code: the form asks for the code again');
	is(nf.code, '', 'not-found-code: the code typed is not sent back');
	is(problems.length, 0, 'with codes: no console error, failed request or CSP report');
	for (const p of problems)
		console.log(`#   ${p}`);
}

try {
	const page = await newPage(browser);
	if (process.env.CODE) {
		await codesRun(page, process.env.CODE);
		throw 'done';
	}
	await page.setViewport({ width: 1280, height: 800 });
	await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);

	let resp = await page.goto(`${base}/`);
	is(new URL(page.url()).pathname, '/login', '/ lands on /login');
	is(resp.status(), 200, 'the login page is 200');
	const login = await checkPage(page, 'login', { h1: 'Student login', form: true });
	ok(login.inputFont >= 16, 'login: the field text is at least 16 px', login.inputFont);

	// Keyboard only: Shift+Tab leaves the field for the document, then
	// Tab comes back to it, the first stop on the page.
	await page.keyboard.down('Shift');
	await page.keyboard.press('Tab');
	await page.keyboard.up('Shift');
	is(await page.evaluate(() => document.activeElement.tagName), 'BODY', 'Shift+Tab leaves the field');
	await page.keyboard.press('Tab');
	is(await page.evaluate(() => document.activeElement.id), 'id', 'Tab goes to the ID field');
	// Shift+Tab took the focus out of the page, as to a browser's
	// toolbar; give it back to the tab, so later pages show their focus.
	await page.bringToFront();
	const ring = await page.evaluate(() => {
		const cs = getComputedStyle(document.activeElement);
		return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
	});
	ok(ring.style !== 'none' && ring.width >= 2, 'the focused field shows a focus ring', JSON.stringify(ring));
	await page.keyboard.type('1711');
	resp = await enter(page);
	is(resp.status(), 200, 'typing 1711 and Enter: 200');
	await checkPage(page, 'record', { h1: 'Karam' });
	is(await page.$eval('#student-id', (e) => e.textContent), '1711', 'record: shows the ID');
	is(await page.$eval('#age', (e) => e.textContent), '23', 'record: shows the age');

	// An unknown ID: the 404 page, then one step to the right record.
	await openLogin(page);
	await page.keyboard.type('9999');
	resp = await enter(page);
	is(resp.status(), 404, 'an unknown ID gives 404');
	const nf = await checkPage(page, 'not-found', { h1: '404 Not Found',
		message: 'No student has the ID 9999.', form: true, value: '9999' });
	await retype(page, '1866');
	resp = await enter(page);
	is(resp.status(), 200, 'from the 404 page, one retry finds the student');
	is(await page.$eval('h1', (e) => e.textContent), 'Ali', 'and shows Ali');

	// Letters: the 400 page, then one step.
	await openLogin(page);
	await page.keyboard.type('17a1');
	resp = await enter(page);
	is(resp.status(), 400, 'letters give 400');
	await checkPage(page, 'bad-id', { h1: '400 Bad Request',
		message: 'That ID has letters in it; an ID is digits only.', form: true, value: '17a1' });
	await retype(page, '1709');
	resp = await enter(page);
	is(resp.status(), 200, 'from the 400 page, one retry finds the student');
	is(await page.$eval('h1', (e) => e.textContent), 'Suzan', 'and shows Suzan');

	// Markup typed into the field comes back as text, not as markup.
	await openLogin(page);
	await page.keyboard.type('<b>1"');
	resp = await enter(page);
	const esc = await facts(page);
	is(resp.status(), 400, 'markup in the field gives 400');
	is(esc.value, '<b>1"', 'and comes back in the field exactly as typed');
	ok(!esc.bold, 'without becoming an element');

	// lighttpd's own errors: an unknown path, a body over 4 KiB.
	resp = await page.goto(`${base}/no-such-page`);
	is(resp.status(), 404, "lighttpd's 404 for an unknown path");
	const own = await checkPage(page, 'unknown-path', { h1: '404 Not Found',
		message: 'There is no page at this address.', form: true, value: '' });
	is(JSON.stringify(own.main), JSON.stringify(nf.main), 'it has the same look as the 404 of a lookup');
	is(JSON.stringify(own.button), JSON.stringify(nf.button), 'and the same button');
	resp = await page.goto(`${base}/handlelogin`);
	is(resp.status(), 405, 'GET /handlelogin gives 405');
	await checkPage(page, 'not-allowed', { h1: '405 Method Not Allowed', form: true });
	await openLogin(page);
	await page.$eval('#id', (e) => { e.value = '1'.repeat(5000); });
	resp = await enter(page);
	is(resp.status(), 413, 'a 5000-digit ID gives 413');
	await checkPage(page, 'too-large', { form: true, value: '' });
	await retype(page, '1800');
	resp = await enter(page);
	is(resp.status(), 200, 'from the 413 page, one retry finds the student');

	// The lookup limit (t110 allows 3 misses at once, then 1 a minute):
	// misses from the keyboard until the 429 page, which has the look of
	// every error page.
	let status = 0;
	for (let i = 0; i < 6 && status !== 429; i++) {
		await openLogin(page);
		await page.keyboard.type(String(90001 + i));
		resp = await enter(page);
		status = resp.status();
	}
	is(status, 429, 'misses past the limit give 429');
	const many = await checkPage(page, 'too-many', { h1: '429 Too Many Requests', form: true });
	ok(/^Too many lookups from your address\. Try again in \d+ seconds?\.$/.test(many.message),
		'too-many: says to wait, and how long', many.message);
	is(JSON.stringify(many.main), JSON.stringify(nf.main), 'it has the same look as the 404 of a lookup');

	is(fetched.get('/student-pages/style.css'), 200, 'the stylesheet was fetched');
	is(fetched.get('/student-pages/icon.svg'), 200, 'the icon was fetched');
	ok(!fetched.has('/favicon.ico'), 'no request for /favicon.ico');
	is(problems.length, 0, 'no console error, failed request or CSP report on any page');
	for (const p of problems)
		console.log(`#   ${p}`);
} catch (e) {
	if (e !== 'done')
		ok(false, 'the browser run finished', e.stack);
} finally {
	await finish(browser);
}
let v = 0, p = 0;
for (const c of axeCounts) {
	console.log(`# axe-core ${c.name} ${c.scheme}: ${c.violations} violations, ${c.passes} rules passed, ${c.incomplete} to review`);
	v += c.violations;
	p += c.passes;
}
console.log(`# axe-core: ${axeCounts.length} page runs, ${v} violations, ${p} rule passes; ${Date.now() - t0} ms in the browser`);
exit();
