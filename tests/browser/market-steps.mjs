// Browser steps of the bearing market pages (price index dashboard, model page, review queue, CSV import), called
// by run.mjs against the same `yandian demo` server, which seeds a synthetic market year and prints the market
// logins (analyst of the association, a shop). Every number the pages show is compared with the API's answer to the
// same query, fetched here in the same session. When the market API is missing the steps fail, naming the route.
import fs from 'node:fs';
import path from 'node:path';

/** The page's own formatting: index values with 2 decimals, yuan grouped in thousands (web/src/market-common.ts). */
const idx = (v) => Number(v).toFixed(2);
/** "2026-11" shifted by n months. */
const addMonths = (ym, n) => {
    const [y, m] = ym.split('-').map(Number);
    const k = y * 12 + (m - 1) + n;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
};
const yuan = (text) => {
    const [int, frac] = String(text).split('.');
    return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac !== undefined ? `.${frac}` : '');
};

function marketLogins(serverLog) {
    const text = fs.existsSync(serverLog) ? fs.readFileSync(serverLog, 'utf8') : '';
    const analyst = /Market analyst login:\s*(\S+)\s*\/\s*(\S+)/.exec(text);
    const shop = /Market shop login:\s*(\S+)\s*\/\s*(\S+)/.exec(text);
    return {
        analyst: analyst ? { login: analyst[1], password: analyst[2] } : null,
        shop: shop ? { login: shop[1], password: shop[2] } : null,
    };
}

export async function marketSteps({ step, assert, shot, newContext, noHorizontalOverflow, base, login, pageErrors, artifacts }) {
    const laptop = await newContext({ viewport: { width: 1366, height: 800 }, locale: 'en-GB', baseURL: base });
    const page = laptop.pages()[0] ?? (await laptop.newPage());
    page.on('pageerror', (e) => pageErrors.push(`market laptop: ${e.message}`));
    const apiJson = async (p, url, init = {}) => {
        const r = await p.request.fetch(`/api/v1${url}`, init);
        const text = await r.text();
        if (!r.ok()) throw new Error(`${init.method ?? 'GET'} /api/v1${url} answered ${r.status()}: ${text.slice(0, 300)}`);
        return text ? JSON.parse(text) : null;
    };
    const signIn = async (p, who) => {
        await p.goto('/login');
        await p.locator('#login').waitFor();
        await p.fill('#login', who.login);
        await p.fill('#password', who.password);
        await p.click('button[type=submit]');
        await p.getByTestId('welcome').waitFor();
    };
    const logins = marketLogins(path.join(artifacts, 'server.log'));
    let query = null; // from, to of the dashboard as the page chose them
    let model = null;

    /** Compares every index cell on the page with the API's answer for the page's own query. */
    const checkIndex = async (by) => {
        await page.locator('[data-testid=mk-index-chart][data-drawn=true]').waitFor({ timeout: 20_000 });
        const params = new URL(page.url()).searchParams;
        const from = await page.inputValue('#mk-from');
        const to = await page.inputValue('#mk-to');
        const frequency = params.get('frequency') ?? 'month';
        const method = params.get('method') ?? 'chain';
        const a = await apiJson(page, `/market/index?${new URLSearchParams({ from, to, by, frequency, method })}`);
        assert(a.all_items.points.length > 0, `GET /market/index ${from}..${to} has no periods: the demo market is empty`);
        const paths = await page.locator('[data-testid=mk-index-chart] svg path').count();
        assert(paths >= 1 + a.sub_indices.length, `index chart has ${paths} SVG paths for ${1 + a.sub_indices.length} lines`);
        const cells = await page.locator('[data-testid^=mk-idx-]').evaluateAll((els) => els.map((e) => [e.dataset.testid, e.textContent.trim(), e.querySelector('[data-suppressed]') !== null]));
        const shown = new Map(cells.map(([id, text, sup]) => [id, { text, sup }]));
        const series = [['all', a.all_items.points], ...a.sub_indices.map((s) => [s.group, s.points])];
        let compared = 0;
        for (const [key, points] of series) {
            for (const p of points) {
                const cell = shown.get(`mk-idx-${key}-${p.period}`);
                assert(cell, `no cell for ${key} ${p.period} on the page`);
                if (p.suppressed || p.value === null) assert(cell.sup && cell.text !== '0', `${key} ${p.period} is suppressed in the API but the page shows "${cell.text}"`);
                else assert(cell.text === idx(p.value), `${key} ${p.period}: page "${cell.text}", API ${p.value}`);
                compared += 1;
            }
        }
        assert(compared === cells.length, `page shows ${cells.length} index cells, the API answered ${compared}`);
        const base = a.all_items.points[0];
        assert(base.value === 100, `base period ${a.base_period} of the all-items index is ${base.value}, not 100`);
        return { from, to, a };
    };

    let coverage = null; // GET /market/coverage: how far the demo data reaches
    await step('market (laptop): the dashboard opens on the 12 months ending with the latest published month; every value equals GET /market/index', async () => {
        await signIn(page, login);
        await page.locator('[data-nav=market]').click();
        await page.getByTestId('market-dashboard').waitFor();
        coverage = await apiJson(page, '/market/coverage');
        assert(coverage.published_through, `GET /market/coverage has no published month: ${JSON.stringify(coverage)}`);
        const { from, to } = await checkIndex('type');
        // The range comes from the data, not from the calendar, and the page says so.
        assert(to === coverage.published_through && from === addMonths(to, -11), `dashboard shows ${from}..${to}; the latest published month is ${coverage.published_through}`);
        const note = page.getByTestId('mk-range-note');
        assert((await note.getAttribute('data-to')) === to && (await note.innerText()).includes(coverage.published_through), `range note reads "${await note.innerText()}"`);
        const last = await page.getByTestId(`mk-idx-all-${to}`).innerText();
        assert(last !== 'suppressed' && last !== '', `the latest month ${to} reads "${last}" on the dashboard`);
        query = { from, to };
        await shot(page, 'market-dashboard');
    }, { page });

    await step('market (laptop): sub-indices by brand tier, turnover and top models equal the API', async () => {
        assert(query, 'the dashboard did not load');
        await page.selectOption('#mk-by', 'tier');
        await page.waitForURL(/by=tier/);
        const { a } = await checkIndex('tier');
        assert(a.sub_indices.length >= 2, `by=tier answered ${a.sub_indices.length} sub-indices`);
        const t = await apiJson(page, `/market/turnover?${new URLSearchParams({ ...query, by: 'type', frequency: 'total' })}`);
        await page.locator('[data-testid=mk-turnover-chart] svg').waitFor();
        for (const c of t.cells) {
            const row = page.locator(`[data-testid=mk-turnover-table] tr[data-group="${c.group}"]`);
            const text = await row.innerText();
            if (c.suppressed) assert(/suppressed/.test(text), `turnover of ${c.group} is suppressed in the API; row reads "${text}"`);
            else assert(text.includes(yuan(c.turnover)), `turnover of ${c.group}: row "${text}", API ${c.turnover}`);
        }
        // Turnover by series (62, NU2, 222 ...): every row equals GET /market/turnover?by=series.
        await page.getByTestId('mk-turnover-by').selectOption('series');
        await page.waitForURL(/tby=series/);
        await page.locator('[data-testid=mk-turnover-table] tr[data-group]').first().waitFor();
        const ts = await apiJson(page, `/market/turnover?${new URLSearchParams({ ...query, by: 'series', frequency: 'total' })}`);
        assert(ts.by === 'series' && ts.cells.length > 3, `by=series answered ${ts.cells.length} cells`);
        for (const c of ts.cells) {
            const text = await page.locator(`[data-testid=mk-turnover-table] tr[data-group="${c.group}"]`).innerText();
            if (c.suppressed) assert(/suppressed/.test(text), `series ${c.group} is suppressed in the API; row reads "${text}"`);
            else assert(text.includes(yuan(c.turnover)), `series ${c.group}: row "${text}", API ${c.turnover}`);
        }
        await shot(page, 'market-turnover-series');
        await page.getByTestId('mk-turnover-by').selectOption('type');
        await page.waitForURL(/tby=type/);
        const m = await apiJson(page, `/market/models?${new URLSearchParams({ ...query, limit: '10' })}`);
        assert(m.top_by_turnover.length > 0, 'GET /market/models has no published model');
        const firstRow = await page.locator('[data-testid=mk-top-models] tbody tr').first().innerText();
        const top = m.top_by_turnover[0];
        assert(firstRow.includes(top.canonical) && firstRow.includes(yuan(top.turnover)), `first top model row "${firstRow}", API ${top.canonical} ${top.turnover}`);
        // The model page draws a price history only for a bearing with a published (>= 5 shops) tier: open the
        // first top model that has one (a large bearing may lead by turnover with few shops per tier).
        const d = await apiJson(page, `/market/dispersion?${new URLSearchParams({ ...query, limit: '1000' })}`);
        model = m.top_by_turnover.find((x) => d.items.some((i) => i.canonical === x.canonical));
        assert(model, `none of the top ${m.top_by_turnover.length} models has a published price dispersion`);
        await shot(page, 'market-dashboard-tier');
    }, { page });

    await step('market (laptop): the model page of the top model shows its price history, shops, equivalents and outliers', async () => {
        assert(model, 'no model to open');
        await page.getByTestId(`mk-model-link-${model.canonical}`).first().click();
        await page.getByTestId('market-model').waitFor();
        await page.locator('[data-testid=mk-model-chart][data-drawn=true]').waitFor({ timeout: 30_000 });
        const shops = await page.getByTestId('mk-model-shops').innerText();
        assert(shops === `≥ ${model.shops_at_least}`, `shops "${shops}", API ${model.shops_at_least}`);
        const d = await apiJson(page, `/market/dispersion?${new URLSearchParams({ ...query, limit: '1000' })}`);
        const items = d.items.filter((x) => x.canonical === model.canonical);
        const rows = await page.locator('[data-testid=mk-model-dispersion] tbody tr').evaluateAll((els) => els.map((e) => [e.dataset.tier, e.children[2].textContent]));
        assert(rows.length === items.length, `dispersion rows ${rows.length}, API ${items.length} tiers of ${model.canonical}`);
        for (const x of items) {
            const r = rows.find(([tier]) => tier === x.brand_tier);
            assert(r && r[1] === yuan(x.median), `median of ${model.canonical} ${x.brand_tier}: page ${r?.[1]}, API ${x.median}`);
        }
        const b = await apiJson(page, `/bearings/${encodeURIComponent(model.canonical)}`);
        if ((b.equivalents ?? []).length) {
            const eq = await page.getByTestId('mk-model-equivalents').innerText();
            assert(eq.includes(b.equivalents[0].designation), `equivalents "${eq}" lack ${b.equivalents[0].designation}`);
        }
        await page.getByTestId('mk-model-outliers').waitFor();
        await shot(page, 'market-model');
    }, { page });

    const phone = await newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', baseURL: base });
    const mobile = phone.pages()[0] ?? (await phone.newPage());
    mobile.on('pageerror', (e) => pageErrors.push(`market phone: ${e.message}`));
    await step('market (phone 390x844, Chinese): dashboard and model page fit the screen', async () => {
        await signIn(mobile, login);
        const nav = await mobile.locator('[data-nav=market]').innerText();
        assert(nav === '市场', `market link reads "${nav}"`);
        await mobile.goto('/market');
        await mobile.locator('[data-testid=mk-index-chart][data-drawn=true]').waitFor({ timeout: 20_000 });
        await mobile.locator('[data-testid=mk-top-models]').waitFor();
        await noHorizontalOverflow(mobile);
        await shot(mobile, 'market-phone-dashboard');
        assert(model, 'no model to open');
        await mobile.goto(`/market/models/${encodeURIComponent(model.canonical)}`);
        await mobile.locator('[data-testid=mk-model-chart][data-drawn=true]').waitFor({ timeout: 30_000 });
        await noHorizontalOverflow(mobile);
        await shot(mobile, 'market-phone-model');
    }, { page: mobile });

    await step('market (analyst): the review queue lists unread designations and resolves one through the type-ahead', async () => {
        assert(logins.analyst, 'server.log has no "Market analyst login" line: the demo did not seed the market');
        const ctx = await newContext({ viewport: { width: 1366, height: 800 }, locale: 'en-GB', baseURL: base });
        const p = ctx.pages()[0] ?? (await ctx.newPage());
        p.on('pageerror', (e) => pageErrors.push(`market analyst: ${e.message}`));
        await signIn(p, logins.analyst);
        await p.goto('/market/review');
        const before = await apiJson(p, '/market/review');
        assert(before.queue.length > 0, 'GET /market/review is empty: nothing to resolve');
        await p.getByTestId('mk-review-table').waitFor();
        const shown = await p.locator('[data-testid=mk-review-table] tbody tr').count();
        assert(shown === Math.min(50, before.queue.length), `review table has ${shown} rows, API ${before.queue.length} (50 shown at first)`);
        const raws = await p.locator('[data-testid=mk-review-table] tbody tr').evaluateAll((els) => els.map((e) => e.dataset.raw));
        assert(raws.every((r, i) => r === before.queue[i].raw), `review rows differ from the API's order: ${raws.slice(0, 3).join(', ')}`);
        const entry = before.queue[0];
        const target = (/^\s*(\d{3,5})/.exec(entry.raw) ?? [null, '6205'])[1];
        await p.getByTestId('mk-rv-input-0').fill(target);
        await p.locator('#mk-rv-list-0 option').first().waitFor({ state: 'attached' });
        await shot(p, 'market-review');
        await p.getByTestId('mk-rv-resolve-0').click();
        const notice = p.getByTestId('mk-rv-notice');
        await notice.locator('.alert').waitFor();
        const text = await notice.innerText();
        assert(text.includes(entry.raw) && text.includes(target), `resolve notice "${text}"`);
        const after = await apiJson(p, '/market/review');
        assert(!after.queue.some((e) => e.key === entry.key), `"${entry.raw}" is still in the queue after resolving`);
    }, { page });

    await step('market (shop): CSV import shows the accepted count and the refused line; a one-shop month reads "suppressed"', async () => {
        assert(logins.shop, 'server.log has no "Market shop login" line: the demo did not seed the market');
        const shopCtx = await newContext({ viewport: { width: 1366, height: 800 }, locale: 'en-GB', baseURL: base });
        const p = shopCtx.pages()[0] ?? (await shopCtx.newPage());
        p.on('pageerror', (e) => pageErrors.push(`market shop: ${e.message}`));
        await signIn(p, logins.shop);
        await p.goto('/market/import');
        // A month a year before the demo market starts, so only this shop sold in it.
        assert(coverage?.first_month, 'GET /market/coverage did not answer in the first step');
        const lone = addMonths(coverage.first_month, -12);
        const csv = ['time,designation,brand,quantity,unit_price,channel,region', `${lone}-04,6205-2RS C3,SKF,4,38.50,offline,山东`, `${lone}-05,6305,ZWZ,2,not-a-price,offline,山东`, `${lone}-06,6206,,10,9.80,online,河北`].join('\n');
        await p.fill('#mk-imp-text', csv);
        await p.getByTestId('mk-imp-send').click();
        await p.locator('[data-testid=mk-import-report], .mk-page .alert.error').first().waitFor({ timeout: 20_000 });
        const failed = p.locator('.mk-page .alert.error');
        if (await failed.count()) assert(false, `POST /api/v1/market/transactions (text/csv) failed; the page reads "${(await failed.innerText()).replace(/\s+/g, ' ')}"`);
        const inserted = await p.getByTestId('mk-imp-inserted').innerText();
        const rejected = await p.getByTestId('mk-imp-rejected').innerText();
        assert(inserted === '2' && rejected === '1', `import shows inserted ${inserted}, refused ${rejected}; expected 2 and 1`);
        const err = await p.getByTestId('mk-import-errors').innerText();
        assert(/\b3\b/.test(err) && /unit_price/.test(err), `refused lines table "${err}" does not name line 3, unit_price`);
        await shot(p, 'market-import');
        // Only this shop sold in that month: the API suppresses the cells, the page must not print 0.
        const t = await apiJson(p, `/market/turnover?from=${lone}&to=${lone}&by=type&frequency=total`);
        assert(t.cells.length > 0 && t.cells.every((c) => c.suppressed), `turnover of ${lone} not suppressed by the API: ${JSON.stringify(t.cells).slice(0, 200)}`);
        await p.goto(`/market?from=${lone}&to=${lone}&tby=type`);
        await p.locator('[data-testid=mk-turnover-table]').waitFor();
        const table = await p.getByTestId('mk-turnover-table').innerText();
        assert(/suppressed/.test(table) && !/\t0\t|\t0$/m.test(table), `turnover table of a one-shop month reads "${table}"`);
        const ix = await apiJson(p, `/market/index?from=${lone}&to=${lone}&by=type`);
        const cell = await p.getByTestId(`mk-idx-all-${lone}`).innerText();
        assert(ix.all_items.points[0].suppressed && cell === 'suppressed', `index ${lone}: API suppressed=${ix.all_items.points[0].suppressed}, page "${cell}"`);
        await p.getByTestId('mk-index-all-suppressed').waitFor();
        await shot(p, 'market-suppressed');
    }, { page });

    await step('market (laptop): the forecast page shows for each type the MAPE, RMSE, parameters and forecast as GET /market/forecast', async () => {
        await page.goto('/market/forecast');
        await page.getByTestId('market-forecast').waitFor();
        await page.locator('[data-testid=mk-fc-note], [data-testid=mk-fc-body] .alert').first().waitFor({ timeout: 30_000 });
        const failed = page.locator('[data-testid=mk-fc-body] .alert.error');
        if (await failed.count()) assert(false, `GET /market/forecast failed; the page reads "${(await failed.innerText()).replace(/\s+/g, ' ')}"`);
        const firstFrom = await page.inputValue('#mk-fc-from');
        const firstTo = await page.inputValue('#mk-fc-to');
        assert(firstTo === coverage?.published_through && firstFrom === addMonths(firstTo, -29), `forecast opens on ${firstFrom}..${firstTo}; the latest published month is ${coverage?.published_through}`);
        assert((await page.getByTestId('mk-range-note').getAttribute('data-to')) === firstTo, 'the forecast page does not say which months it shows');
        const check = async () => {
            const from = await page.inputValue('#mk-fc-from');
            const to = await page.inputValue('#mk-fc-to');
            const horizon = await page.inputValue('#mk-fc-horizon');
            const holdout = await page.inputValue('#mk-fc-holdout');
            const a = await apiJson(page, `/market/forecast?${new URLSearchParams({ from, to, horizon, holdout })}`);
            const fitted = a.types.filter((t) => !t.suppressed && t.forecast);
            assert(fitted.length > 0, `GET /market/forecast ${from}..${to} has no published type`);
            for (const t of a.types) {
                const card = page.locator(`[data-testid=mk-fc-body] section[data-type="${t.type}"]`);
                assert((await card.count()) === 1, `no card for type ${t.type}`);
                if (t.suppressed) {
                    assert((await card.locator('[data-suppressed]').count()) === 1, `${t.type} is suppressed in the API but its card shows no "suppressed"`);
                    continue;
                }
                if (!t.forecast) continue;
                const mape = await card.getByTestId('mk-fc-mape').innerText();
                const rmse = await card.getByTestId('mk-fc-rmse').innerText();
                const params = await card.getByTestId('mk-fc-params').innerText();
                assert(mape === `${t.holdout.mape_percent.toFixed(2)} %`, `${t.type} MAPE: page "${mape}", API ${t.holdout.mape_percent}`);
                assert(rmse === t.holdout.rmse.toFixed(2), `${t.type} RMSE: page "${rmse}", API ${t.holdout.rmse}`);
                const p3 = [t.params.alpha, t.params.beta, t.params.gamma].map((x) => x.toFixed(3)).join(', ');
                assert(params === p3, `${t.type} parameters: page "${params}", API ${p3}`);
                const values = await card.locator('[data-testid=mk-fc-table] tbody tr').evaluateAll((els) => els.map((e) => [e.children[0].textContent, e.children[1].textContent]));
                assert(values.length === t.forecast.length && values.length === Number(horizon), `${t.type}: ${values.length} forecast rows, API ${t.forecast.length}, horizon ${horizon}`);
                t.forecast.forEach((f, i) => assert(values[i][0] === f.period && values[i][1] === Number(f.quantity).toLocaleString('en-US'), `${t.type} ${f.period}: page ${values[i]}, API ${f.quantity}`));
            }
            await page.locator('[data-testid=mk-fc-chart][data-drawn=true]').first().waitFor({ timeout: 20_000 });
            const lines = await page.locator('[data-testid=mk-fc-chart]').first().locator('svg path').count();
            assert(lines >= 2, `forecast chart has ${lines} SVG paths; history and forecast lines expected`);
            return a;
        };
        await check();
        await shot(page, 'market-forecast');
        await page.selectOption('#mk-fc-horizon', '12');
        await page.waitForURL(/horizon=12/);
        await page.locator('[data-testid=mk-fc-note]').waitFor({ timeout: 30_000 });
        await check();
        await shot(page, 'market-forecast-12');
    }, { page });

    const offerPrice = (p) => (p === null ? '—' : `${p >= 0 ? '+' : ''}${(p * 100).toFixed(1)}%`);
    await step('market (analyst): offer aggregates by bearing and by type equal GET /market/offers/summary, suppressed cells read "suppressed"', async () => {
        assert(logins.analyst, 'server.log has no "Market analyst login" line');
        const ctx = await newContext({ viewport: { width: 1366, height: 800 }, locale: 'en-GB', baseURL: base });
        const p = ctx.pages()[0] ?? (await ctx.newPage());
        p.on('pageerror', (e) => pageErrors.push(`market offers analyst: ${e.message}`));
        await signIn(p, logins.analyst);
        await p.goto('/market/offers');
        await p.getByTestId('mk-of-shops-only').waitFor();
        const compare = async (by) => {
            await p.locator('[data-testid=mk-of-summary], [data-testid=mk-of-summary-empty], [data-testid=mk-of-market-body] .alert').first().waitFor({ timeout: 30_000 });
            const from = await p.inputValue('#mk-of-from');
            const to = await p.inputValue('#mk-of-to');
            const a = await apiJson(p, `/market/offers/summary?${new URLSearchParams({ from, to, by, limit: '50' })}`);
            const published = a.cells.filter((c) => !c.suppressed);
            assert(published.length > 0, `GET /market/offers/summary ${from}..${to} by ${by} has no published cell: the demo posted no offers`);
            const rows = await p.locator('[data-testid=mk-of-summary] tbody tr').evaluateAll((els) => els.map((e) => ({ id: e.dataset.cell, sup: e.dataset.suppressed === 'true', text: e.innerText })));
            assert(rows.length === a.cells.length, `page lists ${rows.length} cells, API ${a.cells.length}`);
            a.cells.forEach((c, i) => {
                const id = `${by === 'model' ? c.canonical : c.bearing_type}-${c.brand_tier}`;
                assert(rows[i].id === id, `row ${i} is ${rows[i].id}, API ${id}`);
                if (c.suppressed) {
                    assert(rows[i].sup && /suppressed/.test(rows[i].text) && !/\b0\b/.test(rows[i].text.replace(id, '')), `${id} suppressed in the API, row reads "${rows[i].text}"`);
                    return;
                }
                for (const part of [yuan(c.q1), yuan(c.median), yuan(c.q3), Number(c.shops).toLocaleString('en-US')]) {
                    assert(rows[i].text.includes(part), `${id}: row "${rows[i].text}" lacks ${part}`);
                }
                if (!c.premium_suppressed) assert(rows[i].text.includes(offerPrice(c.premium)), `${id}: row "${rows[i].text}" lacks premium ${offerPrice(c.premium)}`);
                if (by === 'model' && !c.transactions_suppressed) assert(rows[i].text.includes(yuan(c.transaction_median)), `${id}: row lacks the sale median ${c.transaction_median}`);
            });
            return a;
        };
        const byModel = await compare('model');
        await shot(p, 'market-offers-models');
        await p.selectOption('#mk-of-by', 'type');
        await p.waitForURL(/by=type/);
        await compare('type');
        await shot(p, 'market-offers-types');
        // One bearing asked for: its cells of every tier, the suppressed ones shown as such.
        const first = byModel.cells.find((c) => !c.suppressed);
        await p.goto(`/market/offers?${new URLSearchParams({ from: byModel.from, to: byModel.to, by: 'model', canonical: first.canonical })}`);
        await p.getByTestId('mk-of-summary').waitFor({ timeout: 30_000 });
        const one = await apiJson(p, `/market/offers/summary?${new URLSearchParams({ from: byModel.from, to: byModel.to, by: 'model', canonical: first.canonical })}`);
        const n = await p.locator('[data-testid=mk-of-summary] tbody tr').count();
        assert(n === one.cells.length, `${first.canonical}: page ${n} cells, API ${one.cells.length}`);
        const sup = await p.locator('[data-testid=mk-of-summary] tbody tr[data-suppressed=true]').count();
        assert(sup === one.cells.filter((c) => c.suppressed).length, `${first.canonical}: page ${sup} suppressed cells, API ${one.cells.filter((c) => c.suppressed).length}`);
        await shot(p, 'market-offers-one-bearing');
    }, { page });

    await step('market (shop): the offers page lists the own offers as the API, posts a CSV (one refused line) and withdraws an offer', async () => {
        assert(logins.shop, 'server.log has no "Market shop login" line');
        const ctx = await newContext({ viewport: { width: 1366, height: 800 }, locale: 'en-GB', baseURL: base });
        const p = ctx.pages()[0] ?? (await ctx.newPage());
        p.on('pageerror', (e) => pageErrors.push(`market offers shop: ${e.message}`));
        p.on('dialog', (d) => d.accept());
        await signIn(p, logins.shop);
        await p.goto('/market/offers');
        await p.locator('[data-testid=mk-of-own], [data-testid=mk-of-own-empty]').first().waitFor({ timeout: 20_000 });
        const own = await apiJson(p, '/market/offers?limit=200');
        assert(own.offers.length > 0, 'GET /market/offers: the demo shop has no offers');
        const ids = await p.locator('[data-testid=mk-of-own] tbody tr').evaluateAll((els) => els.map((e) => Number(e.dataset.offerId)));
        assert(ids.length === own.offers.length && ids.every((id, i) => id === own.offers[i].id), `own offers on the page ${ids.join(',')} differ from the API`);
        for (const o of own.offers) {
            const price = await p.getByTestId(`mk-of-price-${o.id}`).innerText();
            assert(price === yuan(o.unit_price), `offer ${o.id}: page ${price}, API ${o.unit_price}`);
        }
        // Valid from the first of this month (the server's) to the end of the next.
        const month = (await apiJson(p, '/market/coverage')).offers_published_through;
        assert(month, 'GET /market/coverage names no month with standing offers');
        const next = addMonths(month, 1);
        const endOfNext = new Date(Date.UTC(Number(next.slice(0, 4)), Number(next.slice(5, 7)), 0)).toISOString().slice(0, 10);
        const csv = ['designation,brand,unit_price,quantity,min_order,channel,valid_from,valid_until', `6205-2RS,SKF,45.80,120,10,offline,${month}-01,${endOfNext}`, `6206,NSK,forty,10,1,offline,${month}-01,`].join('\n');
        await p.fill('#mk-of-text', csv);
        await p.getByTestId('mk-of-send').click();
        await p.locator('[data-testid=mk-of-result] [data-testid=mk-import-report], [data-testid=mk-of-result] .alert').first().waitFor({ timeout: 20_000 });
        const inserted = await p.locator('[data-testid=mk-of-result] [data-testid=mk-imp-inserted]').innerText();
        const rejected = await p.locator('[data-testid=mk-of-result] [data-testid=mk-imp-rejected]').innerText();
        assert(inserted === '1' && rejected === '1', `offer import shows inserted ${inserted}, refused ${rejected}; expected 1 and 1`);
        const err = await p.locator('[data-testid=mk-of-result] [data-testid=mk-import-errors]').innerText();
        assert(/\b3\b/.test(err) && /unit_price/.test(err), `refused offer lines "${err}" do not name line 3, unit_price`);
        const after = await apiJson(p, '/market/offers?limit=200');
        const posted = after.offers.find((o) => o.unit_price === '45.80' && o.designation === '6205-2RS');
        assert(posted && posted.status !== 'withdrawn', 'the posted offer is not in GET /market/offers');
        await p.getByTestId(`mk-of-withdraw-${posted.id}`).waitFor();
        await shot(p, 'market-offers-shop');
        await p.getByTestId(`mk-of-withdraw-${posted.id}`).click();
        await p.locator(`[data-offer-id="${posted.id}"]`).waitFor({ state: 'detached', timeout: 20_000 });
        const withdrawn = await apiJson(p, '/market/offers?include_withdrawn=true&limit=200');
        assert(withdrawn.offers.find((o) => o.id === posted.id)?.status === 'withdrawn', `offer ${posted.id} is not withdrawn in the API`);
    }, { page });

    await step('market (phone 390x844, Chinese): forecast and offers pages fit the screen', async () => {
        await mobile.goto('/market/forecast');
        await mobile.locator('[data-testid=mk-fc-chart][data-drawn=true]').first().waitFor({ timeout: 30_000 });
        const tab = await mobile.getByTestId('mk-tab-forecast').innerText();
        assert(tab === '需求预测', `forecast tab reads "${tab}"`);
        await noHorizontalOverflow(mobile);
        await shot(mobile, 'market-phone-forecast');
        await mobile.goto('/market/offers');
        await mobile.locator('[data-testid=mk-of-summary], [data-testid=mk-of-summary-empty]').first().waitFor({ timeout: 30_000 });
        await noHorizontalOverflow(mobile);
        await shot(mobile, 'market-phone-offers');
    }, { page: mobile });
}
