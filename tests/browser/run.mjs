// Browser test of the Yandian web front end against the real server.
//
// Starts `$YANDIAN_BINARY demo --listen 127.0.0.1:0 --dir <tmp>`, reads the address and the demo login
// it prints, waits for /api/v1/health, then drives Debian's chromium (headless, via playwright-core)
// through the pages as a person would. Screenshots go to artifacts/browser/. Exits non-zero when any
// step fails; the server is stopped in every case.
//
// With YANDIAN_CLOCK_START set (2031-03-15 or 2031-03-15T10:00:00Z) the whole suite runs at that date: the server
// reads the variable itself (--clock-start), and every browser context gets a clock that started at the same
// moment (Playwright's clock emulation), so pages, server and demo data agree on "today".
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { spcSteps } from './spc-steps.mjs';
import { marketSteps } from './market-steps.mjs';
import { furnaceSteps } from './furnace-steps.mjs';
import { monitorSteps } from './monitor-steps.mjs';
import { homeSteps } from './home-steps.mjs';
import { qualitySteps } from './quality-steps.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const artifacts = path.join(repo, 'artifacts', 'browser');
const binary = process.env.YANDIAN_BINARY ? path.resolve(process.env.YANDIAN_BINARY) : '';
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const chromiumArgs = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
];

const clockStart = process.env.YANDIAN_CLOCK_START ?? '';
let serverStartedAt = 0; // Date.now() when the server was spawned: its clock started then at clockStart

const results = [];
const pageErrors = [];
let server = null;
let tmp = null;
const contexts = [];

function log(...a) {
    console.log(...a);
}

class StepFailure extends Error {}

function assert(condition, message) {
    if (!condition) throw new StepFailure(message);
}

// BROWSER_STEPS=monitor,quality runs only the steps whose names start with one of these words (and every critical
// step); for working on one page. `make test` never sets it.
const onlySteps = (process.env.BROWSER_STEPS ?? '').split(',').map((s) => s.trim()).filter(Boolean);

async function step(name, fn, { critical = false, page = null } = {}) {
    if (onlySteps.length > 0 && !critical && !onlySteps.some((s) => name.startsWith(s))) return;
    const started = Date.now();
    try {
        await fn();
        results.push({ name, ok: true });
        log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (e) {
        results.push({ name, ok: false, error: e });
        log(`FAIL ${name}: ${e instanceof Error ? e.message.split('\n')[0] : e}`);
        if (page) {
            const file = path.join(artifacts, `fail-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
            await page.screenshot({ path: file, fullPage: true }).catch(() => {});
            log(`     screenshot: ${path.relative(repo, file)}`);
        }
        if (critical) throw new Error(`critical step failed: ${name}`);
    }
}

async function shot(page, name) {
    await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

// ---- the server ----------------------------------------------------------------------------

function startServer() {
    return new Promise((resolve, reject) => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yandian-browser-'));
        const logFile = fs.createWriteStream(path.join(artifacts, 'server.log'));
        serverStartedAt = Date.now();
        server = spawn(binary, ['demo', '--listen', '127.0.0.1:0', '--dir', tmp], { stdio: ['ignore', 'pipe', 'pipe'] });
        let url = null;
        let login = null;
        const timer = setTimeout(() => reject(new Error('the server did not print its address and demo login within 60 s (see artifacts/browser/server.log)')), 60_000);
        server.on('error', (e) => {
            clearTimeout(timer);
            reject(new Error(`cannot start ${binary}: ${e.message}`));
        });
        server.on('exit', (code, signal) => {
            clearTimeout(timer);
            if (!url || !login) reject(new Error(`the server exited early (code ${code}, signal ${signal}); see artifacts/browser/server.log`));
        });
        server.stderr.pipe(logFile);
        const lines = readline.createInterface({ input: server.stdout });
        lines.on('line', (line) => {
            logFile.write(line + '\n');
            const u = /Yandian listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
            if (u) url = u[1];
            const l = /Demo login:\s*(\S+)\s*\/\s*(\S+)/.exec(line);
            if (l) login = { login: l[1], password: l[2] };
            if (url && login) {
                clearTimeout(timer);
                resolve({ url, login });
            }
        });
    });
}

async function stopServer() {
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 10_000));
    if ((await Promise.race([exited, timeout])) === 'timeout') {
        log('server did not stop within 10 s of SIGTERM; killing it');
        server.kill('SIGKILL');
        await exited;
    }
}

async function waitForHealth(base) {
    const deadline = Date.now() + 30_000;
    let last = '';
    while (Date.now() < deadline) {
        try {
            const r = await fetch(`${base}/api/v1/health`);
            if (r.ok) return r.json();
            last = `HTTP ${r.status}`;
        } catch (e) {
            last = e.message;
        }
        await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`/api/v1/health did not answer 200 within 30 s (${last})`);
}

async function newContext(options) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yandian-chromium-'));
    const context = await chromium.launchPersistentContext(dir, {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
        ...options,
    });
    contexts.push({ context, dir });
    context.setDefaultTimeout(10_000);
    if (clockStart) {
        // The server's clock started at clockStart when it was spawned and runs since; the page's runs alongside.
        const start = Date.parse(/T/.test(clockStart) ? clockStart : `${clockStart}T00:00:00Z`);
        await context.clock.install({ time: start + (Date.now() - serverStartedAt) });
    }
    return context;
}

async function noHorizontalOverflow(page) {
    const m = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        widest: [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-wrap'))
            .slice(0, 3)
            .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    }));
    assert(m.scroll <= m.client, `page is ${m.scroll}px wide in a ${m.client}px viewport (overflowing: ${m.widest.join(', ')})`);
}

// ---- the test ------------------------------------------------------------------------------

async function main() {
    fs.mkdirSync(artifacts, { recursive: true });
    for (const f of fs.readdirSync(artifacts)) if (f.endsWith('.png')) fs.rmSync(path.join(artifacts, f));
    assert(binary, 'set YANDIAN_BINARY to the yandian executable');
    assert(fs.existsSync(binary), `YANDIAN_BINARY ${binary} does not exist (build it first)`);
    assert(fs.existsSync(chromiumPath), `${chromiumPath} not found (apt-get install chromium)`);

    if (clockStart) assert(!Number.isNaN(Date.parse(/T/.test(clockStart) ? clockStart : `${clockStart}T00:00:00Z`)), `YANDIAN_CLOCK_START ${clockStart} is not a date`);
    const { url: base, login } = await startServer();
    log(`server at ${base}, demo login ${login.login}${clockStart ? `, clock from ${clockStart}` : ''}`);
    const health = await waitForHealth(base);
    assert(health.status === 'ok', `health status is ${JSON.stringify(health.status)}`);

    // What the home page must show, asked of the API directly.
    const who = await fetch(`${base}/api/v1/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(login),
    });
    assert(who.status === 200, `POST /api/v1/session with the demo login answered ${who.status}`);
    const expected = await who.json();
    const expectedName = expected.user.display_name || expected.user.login;
    const expectedOrg = expected.organisation.name;

    const desktop = await newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN', baseURL: base });
    const page = desktop.pages()[0] ?? (await desktop.newPage());
    page.on('pageerror', (e) => pageErrors.push(`desktop: ${e.message}`));

    await step('login page in Chinese by default (navigator.language zh-CN)', async () => {
        await page.goto('/');
        await page.waitForURL(/\/login$/);
        await page.locator('#login').waitFor();
        const heading = await page.locator('h1').innerText();
        assert(heading.includes('登录'), `login heading is "${heading}", expected Chinese "登录"`);
        await shot(page, '01-login');
    }, { critical: true, page });

    await step('wrong password shows an error and stays on the login page', async () => {
        await page.fill('#login', login.login);
        await page.fill('#password', `${login.password}-wrong`);
        await page.click('button[type=submit]');
        const error = page.getByTestId('login-error');
        await error.waitFor({ state: 'visible' });
        const text = await error.innerText();
        assert(text.trim().length > 0, 'the error box is empty');
        assert(/\/login$/.test(page.url()), `left the login page: ${page.url()}`);
        await shot(page, '02-login-error');
    }, { page });

    await step('login shows the home page with the user and organisation', async () => {
        await page.fill('#login', login.login);
        await page.fill('#password', login.password);
        await page.click('button[type=submit]');
        await page.getByTestId('welcome').waitFor();
        assert(new URL(page.url()).pathname === '/', `after login the page is ${page.url()}`);
        const welcome = await page.getByTestId('welcome').innerText();
        assert(welcome.includes(expectedName), `welcome "${welcome}" does not name ${expectedName}`);
        const org = await page.getByTestId('org-name').innerText();
        assert(org === expectedOrg, `organisation shown "${org}", expected "${expectedOrg}"`);
        const userLogin = await page.getByTestId('user-login').innerText();
        assert(userLogin === login.login, `login shown "${userLogin}"`);
        await page.getByTestId('health-version').waitFor();
        const version = await page.getByTestId('health-version').innerText();
        assert(version === health.version, `server version shown "${version}", /health says "${health.version}"`);
        await shot(page, '03-home-zh');
    }, { critical: true, page });

    const navLabels = () => page.locator('nav.mainnav a').allInnerTexts();
    await step('language switch changes the navigation labels and is remembered', async () => {
        const has = (labels, wanted) => wanted.every((w) => labels.includes(w));
        const zh = await navLabels();
        assert(has(zh, ['首页', '轴承', '账户']), `Chinese navigation is ${JSON.stringify(zh)}`);
        await page.getByTestId('lang-toggle').click();
        const en = await navLabels();
        assert(has(en, ['Home', 'Bearings', 'Account']), `English navigation is ${JSON.stringify(en)}`);
        assert(!en.some((l) => /[\u4e00-\u9fff]/.test(l)), `Chinese left in the English navigation: ${JSON.stringify(en)}`);
        assert((await page.getAttribute('html', 'lang')) === 'en', 'html lang is not en after switching');
        await page.reload();
        await page.getByTestId('welcome').waitFor();
        const again = await navLabels();
        assert(again.includes('Home'), `after reload the navigation is ${JSON.stringify(again)}: the choice was not remembered`);
        const org = await page.getByTestId('org-name').innerText();
        assert(org === expectedOrg, 'the organisation name changed with the language');
        await shot(page, '04-home-en');
    }, { page });

    // ---- bearings
    const catalogProbe = await page.request.get('/api/v1/bearings?q=6205');
    const catalogThere = catalogProbe.status() === 200;
    if (!catalogThere) log(`NOTE the catalog API is missing: GET /api/v1/bearings?q=6205 answered ${catalogProbe.status()}; the bearing steps will fail`);

    await step('bearings: type-ahead finds 6205 and the detail card shows 25/52/15 with a drawing', async () => {
        assert(catalogThere, `catalog API not available: GET /api/v1/bearings?q=6205 answered ${catalogProbe.status()}`);
        await page.click('nav.mainnav a[data-nav=bearings]');
        await page.waitForURL(/\/bearings$/);
        const search = page.getByTestId('bearing-search');
        await search.click();
        await search.pressSequentially('6205', { delay: 40 });
        const option = page.locator('[data-testid=suggestions] li[role=option][data-designation="6205"]');
        await option.waitFor({ state: 'visible' });
        await shot(page, '05-typeahead');
        await option.click();
        await page.waitForURL(/\/bearings\?d=6205$/);
        await page.getByTestId('bearing-canonical').waitFor();
        const canonical = await page.getByTestId('bearing-canonical').innerText();
        assert(canonical.startsWith('6205'), `canonical designation shown is "${canonical}"`);
        // ISO 15 / GB/T 276: 6205 is 25 x 52 x 15 mm
        const d = await page.getByTestId('dim-d').innerText();
        const D = await page.getByTestId('dim-D').innerText();
        const B = await page.getByTestId('dim-B').innerText();
        assert(d === '25' && D === '52' && B === '15', `dimensions shown d=${d} D=${D} B=${B}, expected 25/52/15`);
        const svg = page.locator('[data-testid=bearing-drawing] svg.bearing-drawing');
        await svg.waitFor({ state: 'visible' });
        const labels = await svg.locator('.dims text').allTextContents();
        for (const want of ['d 25', 'D 52', 'B 15']) assert(labels.includes(want), `the drawing lacks the dimension "${want}" (has ${JSON.stringify(labels)})`);
        const box = await svg.boundingBox();
        assert(box && box.width > 150 && box.height > 100, `the drawing is ${box?.width}x${box?.height} px`);
        const rows = await page.locator('[data-testid=equivalents] tbody tr').count();
        assert(rows > 0, 'no equivalents listed for 6205');
        await shot(page, '06-bearing-6205');
    }, { page });

    await step('bearings: life calculator gives P = Fr for a pure radial load and an L10h', async () => {
        assert(catalogThere, 'catalog API not available');
        await page.fill('#life-fr', '2000');
        await page.fill('#life-fa', '0');
        await page.fill('#life-rpm', '1500');
        await page.click('[data-testid=life-form] button[type=submit]');
        await page.getByTestId('life-P').waitFor();
        // ISO 281: with Fa = 0 the dynamic equivalent radial load of a radial bearing is P = Fr.
        const P = await page.getByTestId('life-P').innerText();
        assert(P.replace(/[,\s]/g, '') === '2000N', `P shown "${P}", expected 2000 N`);
        // ISO 281: L10 = (C/P)^3 million revolutions for ball bearings, with the C the card shows;
        // L10h = 10^6 L10 / (60 n).
        const C = Number((await page.getByTestId('rating-C').innerText()).replace(/[^0-9.]/g, '')) * 1000;
        assert(C > 0, 'no dynamic load rating shown for 6205');
        const expectedL10 = Math.pow(C / 2000, 3);
        const L10 = Number((await page.getByTestId('life-L10').innerText()).replace(/[^0-9.]/g, ''));
        assert(Math.abs(L10 - expectedL10) <= expectedL10 * 0.005 + 1, `L10 shown ${L10}, (C/P)^3 with C=${C} N gives ${expectedL10.toFixed(1)}`);
        const l10h = await page.getByTestId('life-L10h').innerText();
        const value = Number(l10h.replace(/[^0-9.e+]/gi, ''));
        const expectedL10h = (expectedL10 * 1e6) / (60 * 1500);
        assert(Math.abs(value - expectedL10h) <= expectedL10h * 0.005 + 1, `L10h shown "${l10h}", expected ${expectedL10h.toFixed(0)} h`);
        // the chart (lazy-loaded ECharts) renders the curve
        await page.locator('[data-testid=life-chart] svg').waitFor({ timeout: 15_000 });
        const paths = await page.locator('[data-testid=life-chart] svg path').count();
        assert(paths >= 3, `the life chart has ${paths} paths`);
        await shot(page, '07-life');
    }, { page });

    await step('bearings: an unreadable designation names what was not understood', async () => {
        assert(catalogThere, 'catalog API not available');
        await page.goto('/bearings?d=' + encodeURIComponent('62#05'));
        const err = page.getByTestId('bearing-error');
        await err.waitFor();
        const text = await err.innerText();
        assert(text.includes('62#05') && text.length > 20, `error shown: "${text}"`);
    }, { page });

    await step('bearings: size search 25x52x15 groups the bearings by type, 6205 among the deep groove ball bearings', async () => {
        assert(catalogThere, 'catalog API not available');
        await page.goto('/bearings');
        const search = page.getByTestId('bearing-search');
        await search.fill('25x52x15');
        await search.press('Enter');
        await page.waitForURL(/\/bearings\?size=25x52x15$/);
        const results = page.getByTestId('size-results');
        await results.locator('article').first().waitFor();
        const groups = await results.locator('article h3').allInnerTexts();
        assert(groups.length >= 2, `only ${groups.length} type group(s): ${JSON.stringify(groups)}`);
        const dgbb = results.locator('article', { hasText: 'Deep groove ball bearing' });
        assert((await dgbb.count()) === 1, `no "Deep groove ball bearing" group in ${JSON.stringify(groups)}`);
        const names = await dgbb.locator('tbody td:first-child').allInnerTexts();
        assert(names.includes('6205'), `the deep groove ball group lists ${JSON.stringify(names)}`);
        await shot(page, '07b-size-search');
    }, { page });

    // The detail card of the newer catalogue entries: each number shown must be the one the API answers,
    // and no null field may come out as NaN or undefined (in the card or in the drawing).
    const apiBearing = async (designation) => {
        const r = await page.request.get(`/api/v1/bearings/${encodeURIComponent(designation)}`);
        assert(r.status() === 200, `GET /api/v1/bearings/${designation} answered ${r.status()}`);
        return r.json();
    };
    const openBearing = async (designation) => {
        await page.goto('/bearings?d=' + encodeURIComponent(designation));
        await page.getByTestId('bearing-canonical').waitFor();
        const shown = await page.getByTestId('bearing-canonical').innerText();
        assert(shown === designation, `canonical designation shown "${shown}", expected "${designation}"`);
    };
    const shownNumber = async (testid) => {
        const text = (await page.getByTestId(testid).innerText()).trim();
        return text.startsWith('—') ? null : Number(text);
    };
    const expectShown = async (testid, expectedValue, what) => {
        const value = await shownNumber(testid);
        assert(value === expectedValue, `${what} shown ${value}, the API answers ${expectedValue}`);
    };
    const noNaN = async () => {
        const text = await page.getByTestId('bearing-detail').innerText();
        const svg = await page.locator('[data-testid=bearing-drawing]').evaluateAll((els) => els.map((e) => e.innerHTML).join(''));
        for (const bad of ['NaN', 'undefined', 'null', 'Infinity']) {
            assert(!text.includes(bad), `the card shows "${bad}"`);
            assert(!svg.includes(bad), `the drawing contains "${bad}"`);
        }
    };
    const drawingLabels = async () => page.locator('[data-testid=bearing-drawing] svg.bearing-drawing .dims text').allTextContents();

    await step('bearings: UCP205 shows the insert width B, S and the pillow block housing as the API answers', async () => {
        assert(catalogThere, 'catalog API not available');
        const j = await apiBearing('UCP205');
        // NSK Rolling Bearings general catalogue, UCP2 table B282-B287: UCP205 B 34.1, S 14.3, H 36.5, L 140,
        // J 105, A 38, N 13, bolt M10; the insert's outside diameter D 52 from the FYH Ball Bearing Units catalogue
        // CAT.NO.3300, UC2 table
        assert(j.B === 34.1 && j.S === 14.3 && j.D === 52, `API: B ${j.B}, S ${j.S}, D ${j.D}`);
        assert(j.housing && j.housing.H === 36.5 && j.housing.L === 140 && j.housing.bolt === 'M10', `API housing ${JSON.stringify(j.housing)}`);
        await openBearing('UCP205');
        await expectShown('dim-d', j.d, 'd');
        await expectShown('dim-B', j.B, 'B');
        await expectShown('dim-S', j.S, 'S');
        await expectShown('dim-D', j.D, 'D');
        for (const letter of ['H', 'L', 'J', 'A', 'N']) await expectShown(`housing-${letter}`, j.housing[letter], `housing ${letter}`);
        const bolt = await page.getByTestId('housing-bolt').innerText();
        assert(bolt === j.housing.bolt, `bolt shown "${bolt}", the API answers "${j.housing.bolt}"`);
        const labels = await drawingLabels();
        for (const want of [`d ${j.d}`, `D ${j.D}`, `B ${j.B}`, `S ${j.S}`]) assert(labels.includes(want), `the drawing lacks "${want}" (has ${JSON.stringify(labels)})`);
        await noNaN();
        await shot(page, '07c-bearing-UCP205');
        await page.locator('[data-testid=bearing-drawing]').screenshot({ path: path.join(artifacts, '07c-drawing-UCP205.png') });
    }, { page });

    await step('bearings: LM11949/LM11910 shows T, the cone width B and the cup width C as the API answers', async () => {
        assert(catalogThere, 'catalog API not available');
        const j = await apiBearing('LM11949/LM11910');
        // KOYO general catalogue B2001RUS, inch tapered table: d 19.05, D 45.237, T 15.494, B 16.637, C 12.065
        assert(j.T === 15.494 && j.B === 16.637 && j.C_width === 12.065, `API: T ${j.T}, B ${j.B}, C ${j.C_width}`);
        await openBearing('LM11949/LM11910');
        await expectShown('dim-d', j.d, 'd');
        await expectShown('dim-D', j.D, 'D');
        await expectShown('dim-T', j.T, 'T');
        await expectShown('dim-B', j.B, 'cone width B');
        await expectShown('dim-C', j.C_width, 'cup width C');
        const labels = await drawingLabels();
        for (const want of [`d ${j.d}`, `D ${j.D}`, `T ${j.T}`, `B ${j.B}`, `C ${j.C_width}`]) {
            assert(labels.includes(want), `the drawing lacks "${want}" (has ${JSON.stringify(labels)})`);
        }
        await noNaN();
        await shot(page, '07d-bearing-LM11949-LM11910');
        await page.locator('[data-testid=bearing-drawing]').screenshot({ path: path.join(artifacts, '07d-drawing-LM11949-LM11910.png') });
    }, { page });

    await step('bearings: an inch cone alone, 31310, RNA4905 and UC205 show no NaN; RNA is drawn without inner ring', async () => {
        assert(catalogThere, 'catalog API not available');
        await openBearing('LM11949');
        await expectShown('dim-D', null, 'D of a cone alone');
        await noNaN();
        const m = await apiBearing('31310');
        await openBearing('31310');
        for (const [id, v] of [['dim-T', m.T], ['dim-B', m.B], ['dim-C', m.C_width]]) await expectShown(id, v, id);
        await noNaN();
        await shot(page, '07e-bearing-31310');
        await page.locator('[data-testid=bearing-drawing]').screenshot({ path: path.join(artifacts, '07e-drawing-31310.png') });
        const rna = await apiBearing('RNA4905');
        await openBearing('RNA4905');
        await expectShown('dim-d', rna.d, 'Fw');
        const labels = await drawingLabels();
        assert(labels.includes(`Fw ${rna.d}`), `the RNA drawing lacks "Fw ${rna.d}" (has ${JSON.stringify(labels)})`);
        const innerRings = await page.locator('[data-testid=bearing-drawing] svg .inner-ring').count();
        assert(innerRings === 0, `the RNA drawing has ${innerRings} inner ring(s)`);
        await noNaN();
        await shot(page, '07f-bearing-RNA4905');
        await page.locator('[data-testid=bearing-drawing]').screenshot({ path: path.join(artifacts, '07f-drawing-RNA4905.png') });
        await openBearing('UC205');
        assert((await page.getByTestId('housing').count()) === 0, 'an insert alone shows a housing table');
        await noNaN();
    }, { page });

    // ---- account
    let secret = '';
    await step('account: create a token; its secret is shown once', async () => {
        await page.click('nav.mainnav a[data-nav=account]');
        await page.waitForURL(/\/account$/);
        await page.locator('[data-testid=users] table').waitFor();
        const users = await page.locator('[data-testid=users] tbody tr').allInnerTexts();
        assert(users.some((u) => u.includes(login.login)), `the users table does not list ${login.login}`);
        await page.fill('#token-name', 'browser test gauge');
        await page.click('[data-testid=token-form] button[type=submit]');
        await page.getByTestId('token-secret').waitFor();
        secret = (await page.getByTestId('token-secret').innerText()).trim();
        assert(/^ydn_\S{16,}$/.test(secret), `the secret shown is "${secret}"`);
        await page.locator('[data-testid=tokens] tbody tr', { hasText: 'browser test gauge' }).waitFor();
        await shot(page, '08-account-token');
        // the token works as a bearer token and the list never carries the secret
        const list = await fetch(`${base}/api/v1/tokens`, { headers: { Authorization: `Bearer ${secret}` } });
        assert(list.status === 200, `GET /api/v1/tokens with the new token answered ${list.status}`);
        const body = await list.text();
        assert(!body.includes(secret), 'the token list contains the secret');
        await page.getByTestId('secret-done').click();
        assert((await page.getByTestId('token-secret').count()) === 0, 'the secret is still shown after Done');
        await page.reload();
        await page.locator('[data-testid=tokens] table').waitFor();
        const html = await page.content();
        assert(!html.includes(secret), 'the secret is shown again after a reload');
    }, { page });

    await step('logout returns to the login page and ends the session', async () => {
        await page.getByTestId('logout').click();
        await page.waitForURL(/\/login$/);
        await page.locator('#login').waitFor();
        const r = await page.request.get('/api/v1/session');
        assert(r.status() === 401, `GET /api/v1/session after logout answered ${r.status()}`);
        await page.goto('/account');
        await page.waitForURL(/\/login$/);
        await shot(page, '09-logged-out');
    }, { page });

    // ---- phone
    const phone = await newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
        baseURL: base,
    });
    const mobile = phone.pages()[0] ?? (await phone.newPage());
    mobile.on('pageerror', (e) => pageErrors.push(`phone: ${e.message}`));

    await step('phone 390x844: login, home, bearing and account pages have no horizontal overflow', async () => {
        await mobile.goto('/login');
        await mobile.locator('#login').waitFor();
        await noHorizontalOverflow(mobile);
        await shot(mobile, '10-phone-login');
        await mobile.fill('#login', login.login);
        await mobile.fill('#password', login.password);
        await mobile.click('button[type=submit]');
        await mobile.getByTestId('welcome').waitFor();
        await noHorizontalOverflow(mobile);
        await shot(mobile, '11-phone-home');
        const navBox = await mobile.locator('nav.mainnav').boundingBox();
        assert(navBox && navBox.x >= 0 && navBox.x + navBox.width <= 391, 'the navigation does not fit the phone width');
        if (catalogThere) {
            await mobile.goto('/bearings?d=6205-2RS');
            await mobile.locator('[data-testid=bearing-drawing] svg').waitFor();
            await noHorizontalOverflow(mobile);
            await shot(mobile, '12-phone-bearing');
            // a housed unit in Chinese: the housing table and the drawing without D fit the phone
            await mobile.goto('/bearings?d=UCP205');
            await mobile.locator('[data-testid=bearing-drawing] svg').waitFor();
            await mobile.getByTestId('housing').waitFor();
            const heading = await mobile.getByTestId('housing').locator('h2').innerText();
            assert(heading.includes('轴承座'), `the housing heading on the Chinese page is "${heading}"`);
            await noHorizontalOverflow(mobile);
            await shot(mobile, '12b-phone-bearing-UCP205');
        }
        await mobile.goto('/account');
        await mobile.locator('[data-testid=tokens] table, [data-testid=tokens] p').first().waitFor();
        await noHorizontalOverflow(mobile);
        await shot(mobile, '13-phone-account');
        assert(catalogThere, 'bearing page not checked on the phone: catalog API not available');
    }, { page: mobile });

    // ---- shop-floor SPC (tests/browser/spc-steps.mjs)
    await spcSteps({ step, assert, shot, newContext, noHorizontalOverflow, base, login, binary, storeDir: tmp, pageErrors, log });

    // ---- bearing market (tests/browser/market-steps.mjs)
    await marketSteps({ step, assert, shot, newContext, noHorizontalOverflow, base, login, pageErrors, artifacts });

    // ---- condition monitoring (tests/browser/monitor-steps.mjs)
    await monitorSteps({ step, assert, shot, newContext, noHorizontalOverflow, base, login, repo, pageErrors });

    // ---- heat-treatment furnaces (tests/browser/furnace-steps.mjs)
    await furnaceSteps({ step, assert, shot, newContext, noHorizontalOverflow, base, login, pageErrors });

    // ---- the home page by role (tests/browser/home-steps.mjs)
    await homeSteps({ step, assert, shot, newContext, noHorizontalOverflow, base, login, binary, storeDir: tmp, pageErrors });

    // ---- quality credit (tests/browser/quality-steps.mjs)
    await qualitySteps({ step, assert, shot, newContext, noHorizontalOverflow, base, login, pageErrors, log });

    await step('no JavaScript errors in the pages', async () => {
        assert(pageErrors.length === 0, pageErrors.join('; '));
    });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
        if (server && server.exitCode === null) server.kill('SIGKILL');
        process.exit(130);
    });
}

let exitCode = 0;
try {
    await main();
} catch (e) {
    log(`FAIL ${e instanceof Error ? e.message : e}`);
    exitCode = 1;
} finally {
    for (const { context, dir } of contexts) {
        await context.close().catch(() => {});
        fs.rmSync(dir, { recursive: true, force: true });
    }
    await stopServer();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
if (failed > 0) exitCode = 1;
if (clockStart) log(`(the suite ran with the clock started at ${clockStart})`);
log(`browser: ${passed} passed, ${failed} failed`);
log(`screenshots in ${path.relative(process.cwd(), artifacts) || artifacts}`);
process.exit(exitCode);
