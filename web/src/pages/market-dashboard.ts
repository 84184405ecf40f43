// Market dashboard: the Yandian bearing price index (base period = 100) with sub-indices by type, brand tier or
// size class; month or week, chained or GEKS; turnover and volume by type, tier or region; top and fastest-moving
// models. Every number is the server's; a suppressed cell (fewer than min_shops shops) reads "suppressed".
import { h, clear } from '../dom';
import { ApiError } from '../api';
import { tCode } from '../i18n';
import { marketApi, type Dimension, type Frequency, type IndexAnswer, type Method, type ModelsAnswer, type ModelRow, type Range, type TurnoverAnswer } from '../market-api';
import { count, dataRange, marketTabs, rangeNote, suppressedCell, withDataRange, yuan } from '../market-common';
import { groupName, tm, type MarketKey } from '../market-i18n';
import { navigate } from '../router';
import { onLeave } from '../spc-live';
import { errorBox, loading } from '../widgets';

type Charts = typeof import('../market-charts');
let chartsModule: Promise<Charts> | null = null;
export const loadMarketCharts = () => (chartsModule ??= import('../market-charts'));

export interface DashboardQuery {
    from: string;
    to: string;
    by: Dimension;
    frequency: Frequency;
    method: Method;
    turnoverBy: Dimension;
}

/** The dashboard's months: the URL's, else the 12 months ending with the latest published one. */
export const dashboardMonths = 12;

export function dashboardQuery(search: string, range: Range): DashboardQuery {
    const p = new URLSearchParams(search);
    const pick = <T extends string>(v: string | null, allowed: readonly T[], fallback: T): T => (allowed.includes(v as T) ? (v as T) : fallback);
    return {
        from: range.from,
        to: range.to,
        by: pick(p.get('by'), ['type', 'tier', 'size'] as const, 'type'),
        frequency: pick(p.get('frequency'), ['month', 'week'] as const, 'month'),
        method: pick(p.get('method'), ['chain', 'geks'] as const, 'chain'),
        turnoverBy: pick(p.get('tby'), ['type', 'tier', 'series', 'region'] as const, 'type'),
    };
}

function queryString(q: DashboardQuery): string {
    return new URLSearchParams({ from: q.from, to: q.to, by: q.by, frequency: q.frequency, method: q.method, tby: q.turnoverBy }).toString();
}

const typeName = (code: string) => tCode('type', code);

function select(id: string, label: MarketKey, value: string, options: Array<[string, MarketKey]>): HTMLElement {
    return h(
        'label',
        { class: 'field' },
        h('span', null, tm(label)),
        h('select', { id, name: id, 'data-testid': id }, ...options.map(([v, k]) => h('option', { value: v, selected: v === value }, tm(k)))),
    );
}

function controls(q: DashboardQuery): HTMLElement {
    const form = h(
        'form',
        { class: 'mk-controls', 'data-testid': 'mk-controls' },
        h('label', { class: 'field' }, h('span', null, tm('mk.from')), h('input', { type: 'month', id: 'mk-from', value: q.from, required: true })),
        h('label', { class: 'field' }, h('span', null, tm('mk.to')), h('input', { type: 'month', id: 'mk-to', value: q.to, required: true })),
        select('mk-by', 'mk.by', q.by, [['type', 'mk.by.type'], ['tier', 'mk.by.tier'], ['size', 'mk.by.size']]),
        select('mk-frequency', 'mk.frequency', q.frequency, [['month', 'mk.freq.month'], ['week', 'mk.freq.week']]),
        select('mk-method', 'mk.method', q.method, [['chain', 'mk.method.chain'], ['geks', 'mk.method.geks']]),
        h('button', { type: 'submit', class: 'btn-primary', 'data-testid': 'mk-show' }, tm('mk.show')),
    );
    const value = (id: string) => (form.querySelector(`#${id}`) as HTMLInputElement | HTMLSelectElement).value;
    form.addEventListener('submit', (e) => {
        e.preventDefault();
        const next: DashboardQuery = { ...q, from: value('mk-from'), to: value('mk-to'), by: value('mk-by') as Dimension, frequency: value('mk-frequency') as Frequency, method: value('mk-method') as Method };
        navigate(`/market?${queryString(next)}`);
    });
    // A changed selector shows at once; the month fields wait for the button.
    for (const id of ['mk-by', 'mk-frequency', 'mk-method']) form.querySelector(`#${id}`)!.addEventListener('change', () => form.requestSubmit());
    return form;
}

function problem(e: unknown): HTMLElement {
    if (e instanceof ApiError) return errorBox(e.message, e.field ? `${e.code} · ${e.field}` : e.code);
    return errorBox(String(e));
}

function indexSection(q: DashboardQuery, handles: Array<{ dispose(): void }>): HTMLElement {
    const section = h('section', { class: 'card mk-card', 'data-testid': 'mk-index' }, h('h2', null, tm('mk.index.title', { base: '…' })), loading());
    marketApi
        .index(q, q.by, q.frequency, q.method)
        .then(async (a: IndexAnswer) => {
            clear(section);
            section.appendChild(h('h2', null, tm('mk.index.title', { base: a.base_period })));
            const series = [{ key: 'all', name: tm('mk.index.all'), points: a.all_items.points }, ...a.sub_indices.map((s) => ({ key: s.group, name: groupName(a.by, s.group, typeName), points: s.points }))];
            const periods = a.all_items.points.map((p) => p.period);
            if (periods.length === 0) {
                section.appendChild(h('p', { class: 'muted' }, tm('mk.empty')));
                return;
            }
            const published = series.some((s) => s.points.some((p) => !p.suppressed && p.value !== null));
            const chartBox = h('div', { class: 'mk-chart', 'data-testid': 'mk-index-chart', role: 'img', 'aria-label': tm('mk.index.title', { base: a.base_period }) });
            section.appendChild(published ? chartBox : h('p', { class: 'alert warn', 'data-testid': 'mk-index-all-suppressed' }, tm('mk.allSuppressed', { k: a.min_shops })));
            section.appendChild(
                h('p', { class: 'muted small' }, tm('mk.index.note', { formula: a.formula, method: tm(a.method === 'geks' ? 'mk.method.geks' : 'mk.method.chain'), n: count(a.transactions), k: a.min_shops })),
            );
            const table = h(
                'table',
                { class: 'grid mk-table', 'data-testid': 'mk-index-table' },
                h('thead', null, h('tr', null, h('th', null, tm('mk.period')), ...series.map((s) => h('th', { scope: 'col' }, s.name)))),
                h(
                    'tbody',
                    null,
                    ...periods.map((period, i) =>
                        h(
                            'tr',
                            null,
                            h('th', { scope: 'row' }, period),
                            ...series.map((s) => {
                                const p = s.points[i];
                                return h(
                                    'td',
                                    { class: 'num', 'data-testid': `mk-idx-${s.key}-${period}` },
                                    !p || p.suppressed || p.value === null ? suppressedCell(a.min_shops) : p.value.toFixed(2),
                                );
                            }),
                        ),
                    ),
                ),
            );
            section.appendChild(h('details', { class: 'mk-details', open: periods.length <= 13 }, h('summary', null, tm('mk.index.table')), h('div', { class: 'table-wrap' }, table)));
            if (!published) return;
            const charts = await loadMarketCharts();
            if (!chartBox.isConnected) return;
            handles.push(
                charts.renderIndexChart(
                    chartBox,
                    periods,
                    series.map((s, i) => ({ name: s.name, bold: i === 0, values: s.points.map((p) => (p.suppressed ? null : p.value)) })),
                    a.base,
                    tm('mk.suppressed'),
                ),
            );
            chartBox.setAttribute('data-drawn', 'true');
        })
        .catch((e) => section.replaceChildren(h('h2', null, tm('mk.index.title', { base: q.from })), problem(e)));
    return section;
}

function turnoverSection(q: DashboardQuery, handles: Array<{ dispose(): void }>): HTMLElement {
    const section = h('section', { class: 'card mk-card', 'data-testid': 'mk-turnover' });
    const by = h(
        'select',
        { 'data-testid': 'mk-turnover-by', 'aria-label': tm('mk.turnover.by') },
        ...(['type', 'tier', 'series', 'region'] as const).map((d) => h('option', { value: d, selected: d === q.turnoverBy }, tm(`mk.by.${d}` as MarketKey))),
    );
    by.addEventListener('change', () => navigate(`/market?${queryString({ ...q, turnoverBy: by.value as Dimension })}`));
    const head = h('div', { class: 'mk-head' }, h('h2', null, tm('mk.turnover.title')), h('label', { class: 'mk-inline' }, tm('mk.turnover.by'), ' ', by));
    section.append(head, loading());
    marketApi
        .turnover(q, q.turnoverBy, 'total')
        .then(async (a: TurnoverAnswer) => {
            section.replaceChildren(head);
            if (a.cells.length === 0) {
                section.appendChild(h('p', { class: 'muted' }, tm('mk.empty')));
                return;
            }
            const cells = [...a.cells].sort((x, y) => Number(y.turnover ?? -1) - Number(x.turnover ?? -1));
            const name = (g: string) => groupName(a.by, g, typeName);
            const published = cells.some((c) => !c.suppressed);
            const chartBox = h('div', { class: 'mk-chart mk-chart-bars', 'data-testid': 'mk-turnover-chart' });
            section.appendChild(published ? chartBox : h('p', { class: 'alert warn' }, tm('mk.allSuppressed', { k: a.min_shops })));
            section.appendChild(
                h(
                    'div',
                    { class: 'table-wrap' },
                    h(
                        'table',
                        { class: 'grid mk-table', 'data-testid': 'mk-turnover-table' },
                        h('thead', null, h('tr', null, h('th', null, tm('mk.group')), h('th', null, tm('mk.turnover')), h('th', null, tm('mk.quantity')), h('th', null, tm('mk.transactions')))),
                        h(
                            'tbody',
                            null,
                            ...cells.map((c) =>
                                h(
                                    'tr',
                                    { 'data-group': c.group },
                                    h('th', { scope: 'row' }, name(c.group)),
                                    ...(c.suppressed
                                        ? [h('td', { colspan: 3 }, suppressedCell(a.min_shops))]
                                        : [h('td', { class: 'num' }, yuan(c.turnover)), h('td', { class: 'num' }, count(c.quantity)), h('td', { class: 'num' }, count(c.transactions))]),
                                ),
                            ),
                        ),
                    ),
                ),
            );
            if (!published) return;
            const charts = await loadMarketCharts();
            if (!chartBox.isConnected) return;
            handles.push(
                charts.renderTurnoverBars(
                    chartBox,
                    cells.map((c) => ({ name: name(c.group), turnover: c.suppressed || c.turnover === null ? null : Number(c.turnover), quantity: c.suppressed ? null : c.quantity })),
                    { turnover: tm('mk.turnover'), quantity: tm('mk.quantity'), suppressed: tm('mk.suppressed') },
                ),
            );
        })
        .catch((e) => section.replaceChildren(head, problem(e)));
    return section;
}

function modelLink(designation: string, q: DashboardQuery): HTMLElement {
    const p = new URLSearchParams({ from: q.from, to: q.to });
    return h('a', { href: `/market/models/${encodeURIComponent(designation)}?${p}`, 'data-link': true, 'data-testid': `mk-model-link-${designation}` }, designation);
}

function modelsTable(rows: ModelRow[], q: DashboardQuery, growth: boolean, testid: string): HTMLElement {
    if (rows.length === 0) return h('p', { class: 'muted' }, tm('mk.empty'));
    return h(
        'div',
        { class: 'table-wrap' },
        h(
            'table',
            { class: 'grid mk-table', 'data-testid': testid },
            h(
                'thead',
                null,
                h('tr', null, h('th', null, tm('mk.model')), growth ? h('th', null, tm('mk.models.growth')) : null, h('th', null, tm('mk.turnover')), h('th', null, tm('mk.quantity')), h('th', null, tm('mk.shops'))),
            ),
            h(
                'tbody',
                null,
                ...rows.map((m) =>
                    h(
                        'tr',
                        null,
                        h('th', { scope: 'row' }, modelLink(m.canonical, q)),
                        growth ? h('td', { class: 'num' }, m.growth === undefined ? '—' : `${m.growth >= 0 ? '+' : ''}${(m.growth * 100).toFixed(1)}%`) : null,
                        h('td', { class: 'num' }, yuan(m.turnover)),
                        h('td', { class: 'num' }, count(m.quantity)),
                        h('td', { class: 'num' }, `≥ ${m.shops_at_least}`),
                    ),
                ),
            ),
        ),
    );
}

function modelsSection(q: DashboardQuery): HTMLElement {
    const section = h('section', { class: 'mk-models', 'data-testid': 'mk-models' }, loading());
    marketApi
        .models(q, 10)
        .then((a: ModelsAnswer) => {
            const cards: HTMLElement[] = [
                h('div', { class: 'card mk-card' }, h('h2', null, tm('mk.models.top')), modelsTable(a.top_by_turnover, q, false, 'mk-top-models')),
                h(
                    'div',
                    { class: 'card mk-card' },
                    h('h2', null, tm('mk.models.fast')),
                    h('p', { class: 'muted small' }, tm('mk.models.halves', { a: a.halves[0], b: a.halves[1] })),
                    modelsTable(a.fastest_moving, q, true, 'mk-fast-models'),
                ),
            ];
            if (a.models_suppressed > 0) cards.push(h('p', { class: 'muted small mk-span' }, tm('mk.models.suppressed', { n: a.models_suppressed, k: a.min_shops })));
            section.replaceChildren(...cards);
        })
        .catch((e) => section.replaceChildren(problem(e)));
    return section;
}

function modelJump(q: DashboardQuery): HTMLElement {
    const input = h('input', { type: 'search', id: 'mk-model-input', placeholder: tm('mk.model.placeholder'), 'aria-label': tm('mk.model'), autocomplete: 'off' });
    const form = h('form', { class: 'mk-jump' }, input, h('button', { type: 'submit', class: 'btn' }, tm('mk.model.open')));
    form.addEventListener('submit', (e) => {
        e.preventDefault();
        const d = input.value.trim();
        if (d) navigate(`/market/models/${encodeURIComponent(d)}?${new URLSearchParams({ from: q.from, to: q.to })}`);
    });
    return form;
}

export function marketDashboardPage(search: string): HTMLElement {
    return withDataRange(search, (coverage) => {
        const range = dataRange(search, coverage, dashboardMonths);
        if (!range) {
            return h('section', { class: 'page page-wide mk-page', 'data-testid': 'market-dashboard' }, marketTabs('dashboard'), h('h1', null, tm('mk.title')), rangeNote(null, coverage));
        }
        const q = dashboardQuery(search, range);
        const handles: Array<{ dispose(): void }> = [];
        onLeave(() => handles.splice(0).forEach((c) => c.dispose()));
        return h(
            'section',
            { class: 'page page-wide mk-page', 'data-testid': 'market-dashboard' },
            marketTabs('dashboard'),
            h('div', { class: 'mk-head' }, h('h1', null, tm('mk.title')), modelJump(q)),
            controls(q),
            rangeNote(range, coverage),
            indexSection(q, handles),
            turnoverSection(q, handles),
            modelsSection(q),
        );
    });
}
