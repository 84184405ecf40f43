// Browser steps of the furnace page: the demo's pit furnace with its two zones (fed by the demo line's simulation),
// the running load's soak per zone and the CQI-9 status as the server computed them; a zone's characteristic drawn
// as EWMA and CUSUM against its target (the recipe's set point as nominal); the page in Chinese.

export async function furnaceSteps({ step, assert, shot, newContext, noHorizontalOverflow, base, login, pageErrors }) {
    const laptop = await newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB', baseURL: base });
    const page = laptop.pages()[0] ?? (await laptop.newPage());
    page.on('pageerror', (e) => pageErrors.push(`furnace: ${e.message}`));
    const apiJson = async (url) => {
        const r = await page.request.fetch(`/api/v1${url}`);
        const text = await r.text();
        if (!r.ok()) throw new Error(`GET ${url} answered ${r.status()}: ${text.slice(0, 300)}`);
        return JSON.parse(text);
    };
    let view = null;

    await step('furnace: zones, the running load\'s soak and the CQI-9 status of the demo furnace', async () => {
        await page.goto('/login');
        await page.locator('#login').waitFor();
        await page.fill('#login', login.login);
        await page.fill('#password', login.password);
        await page.click('button[type=submit]');
        await page.getByTestId('welcome').waitFor();
        await page.click('nav.mainnav a[data-nav=monitor]');
        await page.getByTestId('furnaces-link').click();
        await page.waitForURL(/\/monitor\/furnaces$/);
        const furnaces = await apiJson('/furnaces');
        assert(furnaces.length === 1 && furnaces[0].name === 'Pit furnace 1', `furnaces: ${JSON.stringify(furnaces)}`);
        const id = furnaces[0].id;
        await page.getByTestId(`furnace-${id}`).waitFor();
        view = await apiJson(`/furnaces/${id}`);
        assert(view.zones.length === 2, `zones: ${JSON.stringify(view.zones)}`);
        assert(view.running_load && view.running_load.recipe.code === 'GCr15-harden', `load: ${JSON.stringify(view.running_load)}`);
        // Each zone's current temperature as the server read it from the zone's characteristic (live values may
        // arrive between the two reads, so the page's value is checked against a fresh read when it differs).
        for (const z of view.zones) {
            const cell = page.getByTestId(`furnace-zone-${z.id}-current`);
            await cell.waitFor();
            const shown = Number((await cell.innerText()).replace(',', ''));
            assert(Number.isFinite(shown) && shown > 800 && shown < 900, `zone ${z.name} shows "${shown}"`);
        }
        // The load's soak state on the page is the server's (it restarted after the door opening 30 minutes ago).
        const loadLine = page.getByTestId(`furnace-${id}-load`);
        const state = await loadLine.getAttribute('data-soak');
        const fresh = await apiJson(`/furnaces/${id}`);
        assert(['waiting', 'soaking', 'interrupted', 'complete'].includes(state) &&
               (state === view.running_load.state || state === fresh.running_load.state), `soak "${state}" vs ${fresh.running_load.state}`);
        // CQI-9: the TUS passed two months ago (due in four); both SATs were four months ago, quarterly: overdue.
        assert(view.cqi9.tus.last.pass === true && view.cqi9.tus.due.overdue === false, `tus: ${JSON.stringify(view.cqi9.tus)}`);
        assert(view.cqi9.sat.due.overdue === true, `sat: ${JSON.stringify(view.cqi9.sat)}`);
        await page.getByTestId(`furnace-${id}-tus`).locator('[data-overdue=false]').waitFor();
        await page.getByTestId(`furnace-${id}-sat`).locator('[data-overdue=true]').getByText('overdue').waitFor();
        await page.getByTestId(`furnace-${id}-tus`).locator('[data-pass=true]').waitFor();
        await noHorizontalOverflow(page);
        await shot(page, 'furnace');
    }, { page });

    await step('furnace: a zone\'s live chart as EWMA and CUSUM against the set point', async () => {
        const zone = view.zones[0];
        await page.getByTestId(`furnace-zone-${zone.id}`).locator('a').click();
        await page.waitForURL(new RegExp(`/spc/characteristics/${zone.characteristic_id}`));
        await page.locator('[data-testid=control-chart][data-points]').waitFor();
        await page.selectOption('#spc-kind', 'ewma');
        const ewma = page.locator('[data-testid=control-chart][data-center="850"]');
        await ewma.waitFor();
        const chart = await apiJson(`/characteristics/${zone.characteristic_id}/chart?last=100&kind=ewma`);
        assert(chart.type === 'ewma' && chart.target === 850, `ewma chart: type ${chart.type}, target ${chart.target}`);
        await page.locator('[data-testid=control-chart] svg, [data-testid=control-chart] canvas').first().waitFor();
        await shot(page, 'furnace-zone-ewma');
        await page.selectOption('#spc-kind', 'cusum');
        await page.locator('[data-testid=control-chart][data-center="0"]').waitFor();
        const cusum = await apiJson(`/characteristics/${zone.characteristic_id}/chart?last=100&kind=cusum`);
        assert(cusum.type === 'cusum' && cusum.secondary && cusum.secondary.type === 'cusum-lower', `cusum chart: ${cusum.type}`);
        await shot(page, 'furnace-zone-cusum');
    }, { page });

    await step('furnace: the page in Chinese', async () => {
        await page.evaluate(() => localStorage.setItem('yandian.lang', 'zh-CN'));
        await page.goto('/monitor/furnaces');
        await page.getByText('热处理炉', { exact: true }).first().waitFor();
        await page.getByText('已逾期').first().waitFor();
        await noHorizontalOverflow(page);
        await shot(page, 'furnace-zh');
        await page.evaluate(() => localStorage.removeItem('yandian.lang'));
    }, { page });
}
