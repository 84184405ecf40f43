// Browser steps of condition monitoring: a monitored bearing position added on the page, a record file sent through
// the page's file input (the shipped example of a 6205 with an outer-race defect), the verdict, evidence, trend and
// alarm shown as the server computed them, and the same page in Chinese.
import path from 'node:path';

export async function monitorSteps({ step, assert, shot, newContext, noHorizontalOverflow, base, login, repo, pageErrors }) {
    const laptop = await newContext({ viewport: { width: 1366, height: 800 }, locale: 'en-GB', baseURL: base });
    const page = laptop.pages()[0] ?? (await laptop.newPage());
    page.on('pageerror', (e) => pageErrors.push(`monitor: ${e.message}`));
    const apiJson = async (method, url) => {
        const r = await page.request.fetch(`/api/v1${url}`, { method });
        const text = await r.text();
        if (!r.ok()) throw new Error(`${method} ${url} answered ${r.status()}: ${text.slice(0, 300)}`);
        return JSON.parse(text);
    };
    let assetId = null;
    const seen = async (locator, what, state = 'visible') => {
        try {
            await locator.waitFor({ state });
        } catch {
            throw new Error(`not shown: ${what}`);
        }
    };

    await step('monitor: a bearing position is added on the page', async () => {
        await page.goto('/login');
        await page.locator('#login').waitFor();
        await page.fill('#login', login.login);
        await page.fill('#password', login.password);
        await page.click('button[type=submit]');
        await page.getByTestId('welcome').waitFor();
        await page.click('nav.mainnav a[data-nav=monitor]');
        await page.waitForURL(/\/monitor$/);
        await page.getByTestId('monitor-assets').waitFor();
        await page.fill('#monitor-name', 'BT grinder spindle DE');
        await page.fill('#monitor-machine', 'BT grinder');
        await page.fill('#monitor-bearing', '6205');
        await page.fill('#monitor-rpm', '1750');
        await page.getByTestId('monitor-asset-form').locator('button[type=submit]').click();
        await page.getByTestId('monitor-status').getByText('BT grinder spindle DE').waitFor();
        const { assets } = await apiJson('GET', '/monitor/assets');
        const created = assets.find((a) => a.name === 'BT grinder spindle DE');
        assert(created && created.bearing === '6205' && created.nominal_rpm === 1750, `asset stored: ${JSON.stringify(assets)}`);
        assetId = created.id;
        await page.getByTestId(`monitor-asset-${assetId}`).waitFor();
        // A bearing the catalogue does not know is refused by the server, and the page says why.
        await page.fill('#monitor-name', 'BT unknown');
        await page.fill('#monitor-machine', 'BT grinder');
        await page.fill('#monitor-bearing', 'ZZZ-1');
        await page.getByTestId('monitor-asset-form').locator('button[type=submit]').click();
        await page.getByTestId('monitor-assets-page').locator('.alert.error').getByText("bearing 'ZZZ-1'").waitFor();
    }, { critical: true, page });

    await step('monitor: a record sent through the page is diagnosed, stored, trended and raises its alarm', async () => {
        await page.goto(`/monitor/assets/${assetId}`);
        await page.getByTestId('monitor-records').waitFor();
        await page.setInputFiles('#monitor-file', path.join(repo, 'examples', 'outer-race-6205.csv'));
        await page.fill('#monitor-measured', '2026-11-30');
        await page.getByTestId('monitor-record-form').locator('button[type=submit]').click();
        await page.getByTestId('monitor-record-status').locator('[data-fault=outer_race]').waitFor();
        const detail = await apiJson('GET', `/monitor/assets/${assetId}`);
        assert(detail.records.length === 1 && detail.records[0].fault === 'outer_race', `stored: ${JSON.stringify(detail.records)}`);
        const rec = detail.records[0];
        const row = page.getByTestId(`monitor-record-${rec.id}`);
        await row.waitFor();
        const shown = await row.innerText();
        assert(shown.includes(rec.velocity_rms_mm_s.toFixed(2)) && shown.includes('outer race'), `record row "${shown}"`);
        assert(detail.alarms.length === 1 && detail.alarms[0].kind === 'fault', `alarms: ${JSON.stringify(detail.alarms)}`);
        await page.getByTestId(`monitor-alarm-${detail.alarms[0].id}`).getByText('bearing fault found: outer_race').waitFor();
        // The evidence of the record just sent: the BPFO line the server found, at its frequency.
        const evidence = await page.getByTestId('monitor-evidence').innerText();
        assert(/BPFO\s+raw\s+104\.56\s+104\.50/.test(evidence), `evidence table: ${evidence.slice(0, 300)}`);
        await page.locator('[data-testid=monitor-trend][data-points="1"] svg').waitFor();
        // The same file again changes nothing.
        await page.setInputFiles('#monitor-file', path.join(repo, 'examples', 'outer-race-6205.csv'));
        await page.getByTestId('monitor-record-form').locator('button[type=submit]').click();
        await page.getByTestId('monitor-record-status').getByText('stored before').waitFor();
        assert((await apiJson('GET', `/monitor/assets/${assetId}`)).records.length === 1, 'stored once');
        await noHorizontalOverflow(page);
        await shot(page, 'monitor-asset');
    }, { page });

    await step("monitor: a record's page draws the envelope spectrum with the fault's lines, the waveform, spectrum and kurtogram", async () => {
        const detail = await apiJson('GET', `/monitor/assets/${assetId}`);
        const rec = detail.records[0];
        await page.getByTestId(`monitor-record-${rec.id}`).locator('a').click();
        await page.waitForURL(new RegExp(`/monitor/assets/${assetId}/records/${rec.id}$`));
        await page.locator('[data-testid=monitor-record-page] [data-drawn=true]').waitFor();
        const full = await apiJson('GET', `/monitor/assets/${assetId}/records/${rec.id}`);
        assert(full.plots && full.plots.envelopes.length === 3, `plots: ${JSON.stringify(full.plots).slice(0, 200)}`);
        const verdict = await page.getByTestId('record-verdict').getAttribute('data-fault');
        assert(verdict === 'outer_race', `verdict shown ${verdict}`);
        // The envelope chart opens on the evidence's analysis and the verdict's family, with its lines labelled.
        const envelope = page.getByTestId('record-envelope');
        assert((await envelope.getAttribute('data-method')) === full.diagnosis.evidence[0].method, 'analysis shown first');
        assert((await envelope.getAttribute('data-family')) === 'outer_race', 'family shown first');
        await seen(envelope.locator('svg text', { hasText: /^BPFO$/ }).first(), 'the BPFO label');
        await seen(envelope.locator('svg text', { hasText: /^2xBPFO$/ }).first(), 'the 2xBPFO label');
        const bpfo = full.plots.markers.find((m) => m.label === 'BPFO');
        const expected = full.diagnosis.defect_frequencies.BPFO_hz;
        assert(bpfo && Math.abs(bpfo.hz - expected) < 1e-3 * expected, `BPFO marker ${bpfo?.hz} vs ${expected}`);
        // Another family: its lines and sidebands replace the outer race's.
        await page.selectOption('#record-family', 'inner_race');
        await seen(envelope.locator('svg text', { hasText: /^BPFI$/ }).first(), 'the BPFI label');
        await seen(envelope.locator('svg text', { hasText: /^BPFI-fr$/ }).first(), 'the BPFI-fr label');
        assert((await envelope.locator('svg text', { hasText: /^BPFO$/ }).count()) === 0, 'BPFO still marked for the inner race');
        await page.selectOption('#record-method', 'drs+sk');
        assert((await envelope.getAttribute('data-method')) === 'drs+sk', 'the analysis follows the choice');
        const band = await page.getByTestId('record-band').innerText();
        const [low, high] = full.plots.envelopes[2].band_hz;
        assert(band.includes(`${low}`) && band.includes(`${high}`), `band "${band}" vs ${low}-${high}`);
        await seen(page.locator('[data-testid=record-waveform] svg path').first(), 'the waveform', 'attached');
        await seen(page.locator('[data-testid=record-spectrum] svg path').first(), 'the spectrum', 'attached');
        // The curves themselves: a path through ~1,500 waveform buckets and ~2,000 spectrum bins is long.
        const longest = (id) => page.$$eval(`[data-testid=${id}] svg path`, (ps) => Math.max(0, ...ps.map((p) => (p.getAttribute('d') ?? '').length)));
        for (const id of ['record-waveform', 'record-spectrum']) {
            const n = await longest(id);
            assert(n > 10000, `${id}: the longest path has ${n} characters`);
        }
        // One drawn cell per kurtogram band.
        const cells = await page.locator('[data-testid=record-kurtogram] svg path, [data-testid=record-kurtogram] svg rect').count();
        assert(cells >= full.plots.kurtogram.cells.length, `kurtogram drew ${cells} shapes for ${full.plots.kurtogram.cells.length} cells`);
        await page.selectOption('#record-family', 'outer_race');
        await page.selectOption('#record-method', full.diagnosis.evidence[0].method);
        await noHorizontalOverflow(page);
        await shot(page, 'monitor-record');
        await page.goto(`/monitor/assets/${assetId}`);
        await page.getByTestId('monitor-records').waitFor();
    }, { page });

    await step('monitor: the page in Chinese', async () => {
        await page.evaluate(() => localStorage.setItem('yandian.lang', 'zh-CN'));
        await page.reload();
        await page.getByTestId('monitor-asset-page').getByText('外圈故障').first().waitFor();
        await page.getByText('振动速度有效值', { exact: false }).first().waitFor();
        await shot(page, 'monitor-asset-zh');
        await page.evaluate(() => localStorage.removeItem('yandian.lang'));
    }, { page });
}
