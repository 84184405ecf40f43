// Browser steps of the shop-floor SPC pages (line overview, characteristic view, alarm inbox, customer access),
// called by run.mjs against the same `yandian demo` server. The data are created through the API here, so the
// steps do not depend on any simulated line of the demo: a plant, a grinding line and two characteristics of a
// 6205 inner ring, values drawn from a seeded normal generator, then values posted while the pages are open.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Deterministic normal values (LCG + Box-Muller) so every run sees the same data. */
function normals(seed, n, mean, sd) {
    let s = seed >>> 0;
    const uniform = () => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return (s + 0.5) / 4294967296;
    };
    const out = [];
    while (out.length < n) {
        const u = uniform();
        const v = uniform();
        const r = Math.sqrt(-2 * Math.log(u));
        out.push(mean + sd * r * Math.cos(2 * Math.PI * v));
        if (out.length < n) out.push(mean + sd * r * Math.sin(2 * Math.PI * v));
    }
    return out.map((x) => Number(x.toFixed(4)));
}

/** The page's own number formatting (web/src/dom.ts num): at most `digits` decimals, trailing zeros dropped. */
const num = (v, digits) => String(Number(Number(v).toFixed(digits)));

export async function spcSteps({ step, assert, shot, newContext, noHorizontalOverflow, base, login, binary, storeDir, pageErrors, log }) {
    const laptop = await newContext({ viewport: { width: 1366, height: 800 }, locale: 'en-GB', baseURL: base });
    const page = laptop.pages()[0] ?? (await laptop.newPage());
    page.on('pageerror', (e) => pageErrors.push(`spc laptop: ${e.message}`));
    const apiJson = async (method, url, body) => {
        const r = await page.request.fetch(`/api/v1${url}`, { method, data: body, headers: body ? { 'Content-Type': 'application/json' } : {} });
        const text = await r.text();
        if (!r.ok()) throw new Error(`${method} ${url} answered ${r.status()}: ${text.slice(0, 300)}`);
        return text ? JSON.parse(text) : null;
    };
    const post = (id, values) => apiJson('POST', `/characteristics/${id}/measurements`, { values: values.map((value) => ({ value })) });

    let bore = null; // I-MR, n = 1
    let width = null; // Xbar-R, n = 5
    const boreValues = normals(6205, 30, 24.995, 0.0008);

    await step('spc: data created through the API (plant, line, two characteristics, values)', async () => {
        await page.goto('/login');
        await page.locator('#login').waitFor();
        await page.fill('#login', login.login);
        await page.fill('#password', login.password);
        await page.click('button[type=submit]');
        await page.getByTestId('welcome').waitFor();
        const plant = await apiJson('POST', '/plants', { name: 'Browser test plant' });
        const line = await apiJson('POST', '/lines', { plant_id: plant.id, code: 'BT-GL1', name: 'Grinding line BT-1' });
        // ISO 492 normal tolerance class: bore of a 6205 (d = 25 mm) 0/−10 µm, ring width 0/−120 µm.
        bore = await apiJson('POST', '/characteristics', {
            line_id: line.id, code: 'bt-bore', part_number: '6205-IR', feature: 'bore diameter',
            nominal: 25.0, lsl: 24.99, usl: 25.0, unit: 'mm', resolution: 0.0001, subgroup_size: 1, phase1_subgroups: 25,
        });
        width = await apiJson('POST', '/characteristics', {
            line_id: line.id, code: 'bt-width', part_number: '6205-IR', feature: 'ring width',
            nominal: 15.0, lsl: 14.88, usl: 15.0, unit: 'mm', resolution: 0.001, subgroup_size: 5, phase1_subgroups: 20,
        });
        const b = await post(bore.id, boreValues);
        assert(b.accepted === 30 && b.rejected.length === 0, `bore batch: ${JSON.stringify(b).slice(0, 200)}`);
        const w = await post(width.id, normals(15, 150, 14.94, 0.012));
        assert(w.accepted === 150, `width batch accepted ${w.accepted}`);
    }, { critical: true, page });

    await step('spc: line overview shows a tile per characteristic with last value and Cpk, not red while in control', async () => {
        await page.click('nav.mainnav a[data-nav=spc]');
        await page.waitForURL(/\/spc$/);
        const tile = page.getByTestId(`tile-${bore.id}`);
        await tile.locator(`[data-testid=tile-cpk-${bore.id}]`).waitFor();
        await page.getByTestId('live-status').and(page.locator('[data-live=on]')).waitFor();
        const cap = await apiJson('GET', `/characteristics/${bore.id}/capability?last=100`);
        const shownCpk = await page.getByTestId(`tile-cpk-${bore.id}`).innerText();
        assert(shownCpk === num(cap.cpk, 2), `tile Cpk "${shownCpk}", the API says ${cap.cpk}`);
        const last = await page.getByTestId(`tile-last-${bore.id}`).innerText();
        assert(Number(last) === boreValues[boreValues.length - 1], `tile last value "${last}", posted ${boreValues[boreValues.length - 1]}`);
        const state = await tile.getAttribute('data-state');
        const expected = cap.cpk >= 1.33 ? 'green' : 'amber';
        assert(state === expected, `tile state ${state} with Cpk ${cap.cpk} and no alarm, expected ${expected}`);
        const label = await tile.innerText();
        assert(label.includes('6205-IR') && label.includes('bore diameter'), `tile text: ${label}`);
        await page.getByTestId(`tile-${width.id}`).locator(`[data-testid=tile-cpk-${width.id}]`).waitFor();
        await shot(page, '20-spc-overview');
    }, { page });

    await step('spc: a value posted while the overview is open updates the tile within 5 s (live stream)', async () => {
        const value = 24.9957;
        const t0 = Date.now();
        await post(bore.id, [value]);
        await page.waitForFunction(
            ([id, v]) => document.querySelector(`[data-testid=tile-last-${id}]`)?.textContent === v,
            [bore.id, String(value)],
            { timeout: 5000 },
        );
        log(`     live tile update after ${Date.now() - t0} ms`);
    }, { page });

    await step('spc: an out-of-spec value turns the tile red with an open alarm', async () => {
        const answer = await post(bore.id, [25.0042]);
        assert(answer.alarms.some((a) => a.rules === 'spec'), `no spec alarm in the answer: ${JSON.stringify(answer.alarms)}`);
        const tile = page.getByTestId(`tile-${bore.id}`);
        await page.waitForFunction((id) => document.querySelector(`[data-testid=tile-${id}]`)?.getAttribute('data-state') === 'red', bore.id, { timeout: 5000 });
        const last = await page.getByTestId(`tile-last-${bore.id}`).innerText();
        assert(last === '25.0042', `tile last value "${last}"`);
        const reasons = await page.getByTestId(`tile-reasons-${bore.id}`).innerText();
        assert(/open alarm/.test(reasons) && /out of specification/.test(reasons), `tile reasons: ${reasons}`);
        assert((await tile.locator('.spc-state.red').count()) === 1, 'the red state badge is missing');
        await shot(page, '21-spc-overview-red');
    }, { page });

    await step('spc: characteristic view draws the I-MR chart with limits, zones, spec lines and the violation', async () => {
        await page.getByTestId(`tile-${bore.id}`).click();
        await page.waitForURL(new RegExp(`/spc/characteristics/${bore.id}$`));
        const box = page.getByTestId('control-chart');
        await box.locator('svg').waitFor();
        await page.waitForFunction(() => document.querySelector('[data-testid=control-chart]')?.hasAttribute('data-rendered'));
        const chart = await apiJson('GET', `/characteristics/${bore.id}/chart?last=100`);
        assert(chart.limits_established === true, 'the limits are not established after 25 values');
        const attrs = await box.evaluate((el) => ({ ucl: el.dataset.ucl, lcl: el.dataset.lcl, points: el.dataset.points, violations: el.dataset.violations }));
        const lastPoint = chart.points[chart.points.length - 1];
        assert(Number(attrs.ucl) === lastPoint.ucl && Number(attrs.lcl) === lastPoint.lcl, `chart limits ${attrs.ucl}/${attrs.lcl}, API ${lastPoint.ucl}/${lastPoint.lcl}`);
        assert(Number(attrs.points) === chart.points.length, `chart has ${attrs.points} points, API ${chart.points.length}`);
        assert(Number(attrs.violations) >= 1 && lastPoint.violations.includes(1), `violations shown ${attrs.violations}; last point rules ${lastPoint.violations}`);
        const texts = await box.locator('svg text').allTextContents();
        for (const want of ['UCL', 'CL', 'LCL', 'LSL', 'USL', 'X']) assert(texts.includes(want), `the chart legend lacks "${want}" (${JSON.stringify(texts.slice(0, 20))})`);
        assert(texts.some((t) => t.startsWith('USL 25')), `no USL label on the spec line (${JSON.stringify(texts.slice(0, 30))})`);
        const paths = await box.locator('svg path').count();
        assert(paths > 20, `the chart has only ${paths} paths`);
        // hovering the newest point shows its rule numbers
        const b = await box.boundingBox();
        await page.mouse.move(b.x + b.width - 73, b.y + b.height * 0.35);
        const tip = box.locator('div').filter({ hasText: 'Rules' }).last();
        await tip.waitFor({ timeout: 3000 });
        const tipText = await tip.innerText();
        assert(/Rules 1/.test(tipText) && tipText.includes('25.0042'), `tooltip: ${tipText}`);
        await page.getByTestId('histogram').locator('svg').waitFor();
        const histTexts = await page.getByTestId('histogram').locator('svg text').allTextContents();
        assert(histTexts.some((t) => t.startsWith('LSL')) && histTexts.some((t) => t.startsWith('USL')), `histogram spec labels: ${JSON.stringify(histTexts)}`);
        await shot(page, '22-spc-characteristic');
    }, { page });

    await step('spc: capability panel shows Cp, Cpk, Pp, Ppk with intervals and ppm as the API computes them', async () => {
        await page.getByTestId('cap-cpk').waitFor();
        const cap = await apiJson('GET', `/characteristics/${bore.id}/capability?last=100`);
        for (const k of ['cp', 'cpk', 'pp', 'ppk']) {
            const shown = await page.getByTestId(`cap-${k}`).innerText();
            assert(shown === num(cap[k], 2), `${k} shown "${shown}", API ${cap[k]}`);
        }
        const ci = await page.getByTestId('cap-cpk-ci').innerText();
        assert(ci === `[${num(cap.ci.cpk[0], 2)}, ${num(cap.ci.cpk[1], 2)}]`, `Cpk interval shown "${ci}", API ${JSON.stringify(cap.ci.cpk)}`);
        const n = await page.getByTestId('cap-n').innerText();
        assert(Number(n) === cap.n && cap.n === 32, `n shown ${n}, API ${cap.n}`);
        const events = await page.getByTestId('events').innerText();
        assert(/alarm/.test(events) && /limits/.test(events), `event log: ${events.slice(0, 200)}`);
    }, { page });

    await step('spc: a value posted while the characteristic view is open appears as a new point within 5 s', async () => {
        const before = Number(await page.getByTestId('control-chart').getAttribute('data-points'));
        await post(bore.id, [24.9951]);
        await page.waitForFunction(
            (n) => Number(document.querySelector('[data-testid=control-chart]')?.getAttribute('data-points')) === n + 1,
            before,
            { timeout: 5000 },
        );
        const last = await page.getByTestId('control-chart').getAttribute('data-last');
        assert(Number(last) === 24.9951, `newest point ${last}`);
    }, { page });

    await step('spc: an alarm raised while the characteristic view is open appears in its event log within 5 s', async () => {
        const answer = await post(bore.id, [24.9883]);
        const alarm = answer.alarms.find((a) => a.rules === 'spec');
        assert(alarm, `no spec alarm for 24.9883 below LSL 24.99: ${JSON.stringify(answer.alarms)}`);
        const row = page.locator(`[data-testid=events] tr[data-event="${alarm.id}"]`);
        await row.waitFor({ timeout: 5000 });
        const text = await row.innerText();
        assert(text.includes('24.9883') && /out of spec/.test(text), `event row: ${text}`);
        const marked = await page.getByTestId('control-chart').getAttribute('data-violations');
        assert(Number(marked) >= 2, `${marked} violation markers after a second point beyond the limits`);
        await shot(page, '22b-spc-characteristic-live-alarm');
    }, { page });

    await step('spc: Xbar-R view of the subgrouped characteristic has the R chart below', async () => {
        await page.goto(`/spc/characteristics/${width.id}`);
        await page.waitForFunction(() => document.querySelector('[data-testid=control-chart]')?.hasAttribute('data-rendered'));
        const texts = await page.getByTestId('control-chart').locator('svg text').allTextContents();
        assert(texts.includes('X̄'), `no X̄ legend (${JSON.stringify(texts.slice(0, 12))})`);
        const points = await page.getByTestId('control-chart').getAttribute('data-points');
        assert(Number(points) === 30, `${points} subgroups drawn, 150 values of n = 5 make 30`);
        await page.selectOption('[data-testid=points-select]', '25');
        await page.waitForFunction(() => document.querySelector('[data-testid=control-chart]')?.getAttribute('data-points') === '25');
        assert(/last=25$/.test(page.url()), `the points choice is not in the address: ${page.url()}`);
        // a time range reads every point of the last hour: all 30 subgroups were posted a moment ago
        await page.selectOption('[data-testid=range-select]', { label: 'last hour' });
        await page.waitForFunction(() => document.querySelector('[data-testid=control-chart]')?.getAttribute('data-points') === '30');
        assert(await page.locator('[data-testid=points-select]').isDisabled(), 'the points choice stays active under a time range');
        await shot(page, '23-spc-xbar-r');
    }, { page });

    let alarmId = null;
    await step('spc: acknowledging an alarm with cause and action moves it out of the open list', async () => {
        // from the characteristic page to its alarms (the demo's simulated line may raise many of its own)
        await page.goto(`/spc/characteristics/${bore.id}`);
        await page.getByTestId('char-alarms').click();
        await page.waitForURL(new RegExp(`/spc/alarms\\?c=${bore.id}$`));
        const open = (await apiJson('GET', '/alarms?state=open&limit=1000')).alarms.filter((a) => a.characteristic_id === bore.id);
        assert(open.length >= 1, 'no open alarm of the bore');
        alarmId = open[0].id;
        await page.getByTestId(`alarm-${alarmId}`).waitFor();
        await shot(page, '24-spc-alarms-open');
        await page.getByTestId(`ack-${alarmId}`).click();
        const form = page.getByTestId(`ack-form-${alarmId}`);
        await form.getByTestId('ack-cause').fill('grinding wheel loaded');
        await form.getByTestId('ack-action').fill('wheel dressed, first part re-measured 24.9952');
        await form.getByTestId('ack-submit').click();
        await page.getByTestId(`alarm-${alarmId}`).waitFor({ state: 'detached', timeout: 5000 });
        const still = (await apiJson('GET', '/alarms?state=open&limit=1000')).alarms.some((a) => a.id === alarmId);
        const others = await page.locator('[data-testid=alarms] li.alarm-item').count();
        assert(others === open.length - 1, `${others} open alarms listed after acknowledging 1 of ${open.length}`);
        assert(!still, `alarm ${alarmId} is still open in the API`);
        await page.getByTestId('alarms-all').click();
        await page.waitForURL(/state=all/);
        const info = page.getByTestId(`ack-info-${alarmId}`);
        await info.waitFor();
        const text = await info.innerText();
        assert(text.includes('grinding wheel loaded') && text.includes('wheel dressed') && text.includes('Demo'), `acknowledgement shown: ${text}`);
        await shot(page, '25-spc-alarms-all');
    }, { page });

    await step('spc: an engineer records a tool change and freezes the limits from the characteristic page', async () => {
        await page.goto(`/spc/characteristics/${bore.id}`);
        const card = page.getByTestId('record-card');
        await card.waitFor();
        await page.getByTestId('record-kind').selectOption('tool_change');
        await page.getByTestId('record-message').fill('wheel dressed after 300 parts');
        await page.getByTestId('record-form').locator('button').click();
        await page.locator('tr.ev-tool_change', { hasText: 'wheel dressed after 300 parts' }).waitFor({ timeout: 5000 });
        const logged = (await apiJson('GET', `/characteristics/${bore.id}/events?limit=100`)).events
            .filter((e) => e.kind === 'tool_change' && e.message === 'wheel dressed after 300 parts');
        assert(logged.length === 1, `${logged.length} tool-change events in the API`);
        await page.getByTestId('freeze-center').fill('24.995');
        await page.getByTestId('freeze-sigma').fill('0.001');
        await page.getByTestId('freeze-reason').fill('capability study 2026-11');
        await page.getByTestId('freeze-form').locator('button').click();
        await page.getByTestId('record-msg').filter({ hasText: /Recorded|已记录/ }).waitFor({ timeout: 5000 });
        const c = await apiJson('GET', `/characteristics/${bore.id}`);
        assert(c.limits && c.limits.source === 'frozen' && c.limits.center === 24.995 && c.limits.sigma === 0.001,
            `limits after freezing: ${JSON.stringify(c.limits)}`);
        await shot(page, '25b-spc-record');
    }, { page });

    await step('spc: a value marked by its gauge and one left out by the engineer are grey, listed with their reason and counted out of capability', async () => {
        const marked = await apiJson('POST', '/characteristics', {
            line_id: bore.line_id, code: 'bt-marked', part_number: '6205-IR', feature: 'outer diameter check',
            nominal: 25.0, lsl: 24.99, usl: 25.01, unit: 'mm', resolution: 0.0001, subgroup_size: 1, phase1_subgroups: 25,
        });
        const values = normals(2509, 30, 25.0, 0.001).map((value) => ({ value }));
        values.push({ value: 25.03, attributes: 129 }); // the gauge's own mark (AQDEF K0002 129, invalid)
        const answer = await apiJson('POST', `/characteristics/${marked.id}/measurements`, { values });
        assert(answer.accepted === 31 && !answer.alarms.some((a) => a.value === 25.03), `marked value: ${JSON.stringify(answer).slice(0, 300)}`);
        await page.goto(`/spc/characteristics/${marked.id}`);
        await page.waitForFunction(() => document.querySelector('[data-testid=control-chart]')?.getAttribute('data-left-out') === '1');
        // The engineer leaves value 3 out through the page's form.
        await page.getByTestId('exclude-seq').fill('3');
        await page.getByTestId('exclude-reason').fill('gauge not zeroed after the shift change');
        await page.getByTestId('exclude-form').locator('button').click();
        await page.waitForFunction(() => document.querySelector('[data-testid=control-chart]')?.getAttribute('data-left-out') === '2', null, { timeout: 5000 });
        const box = page.getByTestId('control-chart');
        await page.waitForFunction(() => document.querySelector('[data-testid=control-chart]')?.hasAttribute('data-rendered'));
        const texts = await box.locator('svg text').allTextContents();
        assert(texts.includes('Left out of the statistics'), `no legend entry for left-out points (${JSON.stringify(texts.slice(0, 20))})`);
        const grey = await box.locator('svg path[stroke="#9aa3ad"], svg path[stroke="rgb(154,163,173)"]').count();
        assert(grey >= 2, `${grey} grey point markers, expected the 2 left-out points`);
        const list = page.getByTestId('left-out');
        assert((await list.getAttribute('data-count')) === '2', `left-out list count ${await list.getAttribute('data-count')}`);
        const rows = await list.locator('tbody tr').allInnerTexts();
        assert(rows.some((r) => r.includes('25.03') && r.includes('K0002 129 (invalid)')), `left-out rows: ${JSON.stringify(rows)}`);
        assert(rows.some((r) => r.includes('excluded: gauge not zeroed after the shift change')), `left-out rows: ${JSON.stringify(rows)}`);
        const cap = await apiJson('GET', `/characteristics/${marked.id}/capability?last=100`);
        assert(cap.left_out === 2 && cap.n === 29, `API capability left_out ${cap.left_out}, n ${cap.n}`);
        await page.waitForFunction(() => document.querySelector('[data-testid=cap-left-out]')?.textContent === '2', null, { timeout: 5000 });
        assert((await page.getByTestId('cap-n').innerText()) === '29', 'capability n on the page is not the 29 values that count');
        const reasons = (await page.getByTestId('char-reasons').count()) ? await page.getByTestId('char-reasons').innerText() : '';
        assert(!/out of specification/.test(reasons), `the marked 25.03 counts as the last value: ${reasons}`);
        const chart = await apiJson('GET', `/characteristics/${marked.id}/chart?last=100`);
        assert(chart.points[3].left_out === true && chart.points[30].left_out === true && chart.points[30].violations.length === 0,
            `API chart left_out flags: ${JSON.stringify([chart.points[3], chart.points[30]])}`);
        await shot(page, '25c-spc-left-out');
        // Taken back: one left-out point remains (the gauge's mark stays).
        await list.locator('tr[data-seq="3"] button').click();
        await page.waitForFunction(() => document.querySelector('[data-testid=control-chart]')?.getAttribute('data-left-out') === '1', null, { timeout: 5000 });
        const events = (await apiJson('GET', `/characteristics/${marked.id}/events?limit=50`)).events.map((e) => e.kind);
        assert(events.includes('exclusion') && events.includes('inclusion'), `event kinds: ${events}`);
    }, { page });

    // ---- customer remote view
    let customerOrg = null;
    const customer = { login: 'bt-customer', password: 'customer-pass-2026' };
    await step('spc: an administrator grants a customer organisation read access to one characteristic', async () => {
        const db = `sqlite:${path.join(storeDir, 'yandian.db')}`;
        const org = await run(binary, ['org', 'add', '--db', db, '--name', 'Browser test OEM customer', '--kind', 'manufacturer']);
        customerOrg = JSON.parse(org.stdout.trim().split('\n').pop()).id;
        await run(binary, ['user', 'add', '--db', db, '--org-id', String(customerOrg), '--login', customer.login, '--role', 'viewer', '--password', customer.password, '--name', 'OEM quality']);
        await page.goto('/spc/grants');
        await page.getByTestId('grant-form').waitFor();
        await page.fill('[data-testid=grant-org]', String(customerOrg));
        await page.waitForFunction((id) => !!document.querySelector(`[data-testid=grant-scope] option[value="char:${id}"]`), bore.id);
        await page.selectOption('[data-testid=grant-scope]', `char:${bore.id}`);
        await page.click('[data-testid=grant-form] button[type=submit]');
        const grants = async () => (await apiJson('GET', '/grants')).grants.filter((g) => g.grantee_org_id === customerOrg && !g.revoked_at);
        let list = [];
        for (let i = 0; i < 20 && list.length === 0; i++) {
            list = await grants();
            if (!list.length) await page.waitForTimeout(200);
        }
        assert(list.length === 1 && list[0].characteristic_id === bore.id, `grants to the customer: ${JSON.stringify(list)}`);
        await page.getByTestId(`grant-${list[0].id}`).waitFor();
        await shot(page, '26-spc-grants');
    }, { page });

    const phone = await newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', baseURL: base });
    const mobile = phone.pages()[0] ?? (await phone.newPage());
    mobile.on('pageerror', (e) => pageErrors.push(`spc phone: ${e.message}`));

    await step('spc (customer, phone): sees only the granted characteristic, with the shared-by badge, live', async () => {
        assert(customerOrg !== null, 'no customer organisation');
        await mobile.goto('/login');
        await mobile.fill('#login', customer.login);
        await mobile.fill('#password', customer.password);
        await mobile.click('button[type=submit]');
        await mobile.getByTestId('welcome').waitFor();
        await mobile.goto('/spc');
        await mobile.getByTestId(`tile-${bore.id}`).locator(`[data-testid=tile-cpk-${bore.id}]`).waitFor();
        const tiles = await mobile.locator('a.tile').count();
        assert(tiles === 1, `the customer sees ${tiles} tiles, expected exactly the granted one`);
        assert((await mobile.getByTestId(`tile-${width.id}`).count()) === 0, 'the customer sees the ungranted width characteristic');
        const badge = await mobile.getByTestId(`shared-${bore.id}`).innerText();
        assert(badge.includes('共享'), `shared badge "${badge}"`);
        await mobile.getByTestId('live-status').and(mobile.locator('[data-live=on]')).waitFor();
        await post(bore.id, [24.9949]);
        await mobile.waitForFunction((id) => document.querySelector(`[data-testid=tile-last-${id}]`)?.textContent === '24.9949', bore.id, { timeout: 5000 });
        await noHorizontalOverflow(mobile);
        await shot(mobile, '27-phone-spc-customer');
        await mobile.getByTestId(`tile-${bore.id}`).click();
        await mobile.waitForFunction(() => document.querySelector('[data-testid=control-chart]')?.hasAttribute('data-rendered'));
        await mobile.getByTestId('cap-cpk').waitFor();
        await noHorizontalOverflow(mobile);
        await shot(mobile, '28-phone-spc-characteristic');
        const reads = await apiJson('GET', `/grants/${(await apiJson('GET', '/grants')).grants.find((g) => g.grantee_org_id === customerOrg).id}/access`);
        assert(reads.accesses > 0, `no access logged for the grant (${JSON.stringify(reads)})`);
    }, { page: mobile });

    await step('spc (customer, phone): after revocation the characteristic is gone', async () => {
        const grant = (await apiJson('GET', '/grants')).grants.find((g) => g.grantee_org_id === customerOrg && !g.revoked_at);
        assert(grant, 'no live grant to revoke');
        await page.goto('/spc/grants');
        const revoke = page.getByTestId(`revoke-grant-${grant.id}`);
        await revoke.click();
        await revoke.click(); // the second click confirms
        await page.locator(`[data-testid=grant-${grant.id}].revoked`).waitFor();
        await mobile.goto('/spc');
        await mobile.locator('[data-testid=spc-overview] p').waitFor();
        assert((await mobile.locator('a.tile').count()) === 0, 'the customer still sees a tile after revocation');
        const r = await mobile.request.get(`/api/v1/characteristics/${bore.id}/chart`);
        assert(r.status() === 404 || r.status() === 403, `chart after revocation answered ${r.status()}`);
    }, { page: mobile });

    await step('spc (phone): the engineer\'s overview, chart and alarm inbox fit 390 px', async () => {
        await mobile.goto('/login');
        await mobile.request.delete('/api/v1/session');
        await mobile.goto('/login');
        await mobile.fill('#login', login.login);
        await mobile.fill('#password', login.password);
        await mobile.click('button[type=submit]');
        await mobile.getByTestId('welcome').waitFor();
        await mobile.goto('/spc');
        await mobile.getByTestId(`tile-${bore.id}`).locator(`[data-testid=tile-cpk-${bore.id}]`).waitFor();
        await noHorizontalOverflow(mobile);
        await shot(mobile, '29-phone-spc-overview');
        await mobile.goto(`/spc/characteristics/${width.id}`);
        await mobile.waitForFunction(() => document.querySelector('[data-testid=control-chart]')?.hasAttribute('data-rendered'));
        await noHorizontalOverflow(mobile);
        await shot(mobile, '30-phone-spc-xbar');
        await mobile.goto('/spc/alarms?state=all');
        await mobile.locator('[data-testid=alarms] li, [data-testid=alarms] p').first().waitFor();
        await noHorizontalOverflow(mobile);
        await shot(mobile, '31-phone-spc-alarms');
    }, { page: mobile });

    await step('spc: the set-up page adds a line and a characteristic, shows its MQTT topic, and names a taken code', async () => {
        await page.goto('/spc/setup');
        await page.getByTestId('setup-plants').getByText('Browser test plant').waitFor();
        await page.getByTestId('setup-line-BT-GL1').waitFor(); // made through the API in the first step
        await page.fill('#setup-line-code', 'BT-GL2');
        await page.fill('#setup-line-name', 'Grinding line BT-2');
        await page.getByTestId('setup-line-form').locator('button[type=submit]').click();
        await page.getByTestId('setup-line-BT-GL2').waitFor();
        await page.selectOption('#setup-char-line', { label: 'BT-GL2 Grinding line BT-2' });
        await page.fill('#setup-char-code', 'bt-od');
        await page.fill('#setup-char-feature', 'outside diameter');
        await page.fill('#setup-char-part', '6205-OR');
        await page.fill('#setup-char-nominal', '52');
        await page.fill('#setup-char-lsl', '51.987');
        await page.fill('#setup-char-usl', '52');
        await page.fill('#setup-char-n', '5');
        await page.getByTestId('setup-char-form').locator('button[type=submit]').click();
        await page.getByTestId('setup-char-bt-od').waitFor();
        const session = await apiJson('GET', '/session');
        const org = session.organisation.code ?? String(session.organisation.id);
        const topic = await page.getByTestId('setup-topic-bt-od').innerText();
        assert(topic === `yandian/${org}/BT-GL2/bt-od`, `topic shown: ${topic}`);
        const all = await apiJson('GET', '/characteristics');
        const od = all.characteristics.find((c) => c.code === 'bt-od');
        assert(od && od.subgroup_size === 5 && od.chart_type === 'xbar-r' && od.usl === 52 && od.lsl === 51.987,
            `stored: ${JSON.stringify(od)}`);
        // The same code again on that line: refused by the server, and the page says why.
        await page.selectOption('#setup-char-line', { label: 'BT-GL2 Grinding line BT-2' });
        await page.fill('#setup-char-code', 'bt-od');
        await page.fill('#setup-char-feature', 'outside diameter again');
        await page.getByTestId('setup-char-form').locator('button[type=submit]').click();
        const error = page.getByTestId('setup-char-form').locator('xpath=..').locator('.alert.error');
        await error.waitFor();
        const text = await error.innerText();
        assert(/bt-od/.test(text) && /already used/.test(text), `error shown: ${text}`);
        await shot(page, '32-spc-setup');
    }, { page });
}
