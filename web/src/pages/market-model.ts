// Model page: the market of one canonical designation over a range — median price by month per brand tier (with
// Q1 and Q3), price dispersion, turnover and how many shops sell it, its equivalents from the catalogue, and the
// price outliers flagged for it. Months or tiers that are not published (fewer than min_shops shops) stay gaps.
import { h } from '../dom';
import { api, ApiError, type Bearing } from '../api';
import { tCode } from '../i18n';
import { marketApi, monthsBetween, type DispersionAnswer, type DispersionItem, type ModelsAnswer, type OutliersAnswer, type Range } from '../market-api';
import { count, dataRange, marketTabs, rangeNote, withDataRange, yuan } from '../market-common';
import { tm, type MarketKey } from '../market-i18n';
import { dashboardMonths, loadMarketCharts } from './market-dashboard';
import { onLeave } from '../spc-live';
import { errorBox, loading } from '../widgets';

const tierName = (tier: string) => tm(`tier.${tier}` as MarketKey);

function problem(e: unknown): HTMLElement {
    if (e instanceof ApiError) return errorBox(e.message, e.field ? `${e.code} · ${e.field}` : e.code);
    return errorBox(String(e));
}

function dispersionTable(items: DispersionItem[]): HTMLElement {
    return h(
        'div',
        { class: 'table-wrap' },
        h(
            'table',
            { class: 'grid mk-table', 'data-testid': 'mk-model-dispersion' },
            h(
                'thead',
                null,
                h('tr', null, ...(['mk.model.tier', 'mk.transactions', 'mk.model.median', 'mk.model.q1', 'mk.model.q3', 'mk.model.mean', 'mk.model.cv', 'mk.model.iqr'] as MarketKey[]).map((k) => h('th', null, tm(k)))),
            ),
            h(
                'tbody',
                null,
                ...items.map((x) =>
                    h(
                        'tr',
                        { 'data-tier': x.brand_tier },
                        h('th', { scope: 'row' }, tierName(x.brand_tier)),
                        h('td', { class: 'num' }, count(x.transactions)),
                        h('td', { class: 'num' }, yuan(x.median)),
                        h('td', { class: 'num' }, yuan(x.q1)),
                        h('td', { class: 'num' }, yuan(x.q3)),
                        h('td', { class: 'num' }, yuan(x.mean)),
                        h('td', { class: 'num' }, x.cv.toFixed(3)),
                        h('td', { class: 'num' }, x.iqr_over_median.toFixed(3)),
                    ),
                ),
            ),
        ),
    );
}

function catalogCard(b: Bearing | null, error: unknown): HTMLElement {
    const card = h('section', { class: 'card mk-card', 'data-testid': 'mk-model-catalog' }, h('h2', null, tm('mk.model.equivalents')));
    if (!b) {
        card.appendChild(problem(error));
        return card;
    }
    const dims = [b.d, b.D, b.B ?? b.T].map((v) => (v === null ? '?' : String(v))).join(' × ');
    card.appendChild(
        h(
            'p',
            null,
            h('a', { href: `/bearings?d=${encodeURIComponent(b.canonical)}`, 'data-link': true }, tm('mk.model.catalog')),
            ': ',
            h('strong', null, b.canonical),
            ` · ${tCode('type', b.type)} · ${dims} mm`,
        ),
    );
    const eq = b.equivalents ?? [];
    card.appendChild(
        eq.length === 0
            ? h('p', { class: 'muted' }, '—')
            : h('ul', { class: 'mk-equivalents', 'data-testid': 'mk-model-equivalents' }, ...eq.map((e) => h('li', null, h('span', { class: 'muted' }, e.system), ' ', h('code', null, e.designation)))),
    );
    return card;
}

function outliersCard(designation: string, o: OutliersAnswer | null, error: unknown): HTMLElement {
    const card = h('section', { class: 'card mk-card', 'data-testid': 'mk-model-outliers' }, h('h2', null, tm('mk.model.outliers')));
    if (!o) {
        card.appendChild(problem(error));
        return card;
    }
    const mine = o.items.filter((x) => x.canonical === designation);
    card.appendChild(
        mine.length === 0
            ? h('p', { class: 'muted' }, tm('mk.model.outliers.none'))
            : h(
                  'div',
                  { class: 'table-wrap' },
                  h(
                      'table',
                      { class: 'grid mk-table' },
                      h('thead', null, h('tr', null, h('th', null, tm('mk.model.tier')), h('th', null, tm('mk.model.median')), h('th', null, tm('mk.model.counterfeit')), h('th', null, tm('mk.model.overpriced')), h('th', null, tm('mk.transactions')))),
                      h(
                          'tbody',
                          null,
                          ...mine.map((x) =>
                              h(
                                  'tr',
                                  null,
                                  h('th', { scope: 'row' }, tierName(x.brand_tier)),
                                  h('td', { class: 'num' }, yuan(x.median_price)),
                                  h('td', { class: `num${x.counterfeit_risk_rows ? ' mk-flag' : ''}` }, count(x.counterfeit_risk_rows)),
                                  h('td', { class: `num${x.overpriced_rows ? ' mk-flag' : ''}` }, count(x.overpriced_rows)),
                                  h('td', { class: 'num' }, count(x.transactions)),
                              ),
                          ),
                      ),
                  ),
              ),
    );
    const own = (o.own_flagged ?? []).filter((x) => x.canonical === designation);
    if (own.length) {
        card.appendChild(h('h3', null, tm('mk.model.ownFlagged')));
        card.appendChild(h('ul', null, ...own.map((x) => h('li', null, `${x.time} · ${tierName(x.brand_tier)} · ${yuan(x.unit_price)} · z = ${x.z}`))));
    }
    return card;
}

export function marketModelPage(designation: string, search: string): HTMLElement {
    return withDataRange(search, (coverage) => {
        const range = dataRange(search, coverage, dashboardMonths);
        if (!range) return h('section', { class: 'page page-wide mk-page', 'data-testid': 'market-model' }, marketTabs(null), h('h1', { 'data-testid': 'mk-model-title' }, tm('mk.model.title', { d: designation })), rangeNote(null, coverage));
        return modelPage(designation, range, rangeNote(range, coverage));
    });
}

function modelPage(designation: string, q: Range, note: HTMLElement): HTMLElement {
    const handles: Array<{ dispose(): void }> = [];
    onLeave(() => handles.splice(0).forEach((c) => c.dispose()));
    const back = h('a', { href: `/market?${new URLSearchParams({ from: q.from, to: q.to })}`, 'data-link': true, class: 'back' }, tm('mk.model.back'));
    const summary = h('section', { class: 'card mk-card', 'data-testid': 'mk-model-summary' }, loading());
    const history = h('section', { class: 'card mk-card', 'data-testid': 'mk-model-history' }, h('h2', null, tm('mk.model.history')), loading());
    const side = h('div', { class: 'mk-grid2' }, loading());
    const months = monthsBetween(q.from, q.to);

    void Promise.allSettled([
        marketApi.dispersion(q, 1000),
        marketApi.models(q, 500),
        api.bearing(designation),
        marketApi.outliers(q),
        Promise.all(months.map((m) => marketApi.dispersion({ from: m, to: m }, 1000))),
    ]).then(async ([disp, models, bearing, outliers, monthly]) => {
        const canonical = bearing.status === 'fulfilled' ? bearing.value.canonical : designation;
        // Range figures: dispersion per tier and the model's turnover and shops.
        const parts: HTMLElement[] = [h('h2', null, tm('mk.model.dispersion'))];
        if (disp.status === 'fulfilled') {
            const items = (disp.value as DispersionAnswer).items.filter((x) => x.canonical === canonical);
            parts.push(items.length ? dispersionTable(items) : h('p', { class: 'muted', 'data-testid': 'mk-model-unpublished' }, tm('mk.model.notPublished', { k: disp.value.min_shops })));
        } else parts.push(problem(disp.reason));
        parts.push(h('h2', null, tm('mk.model.volume')));
        if (models.status === 'fulfilled') {
            const m = (models.value as ModelsAnswer).top_by_turnover.find((x) => x.canonical === canonical);
            parts.push(
                m
                    ? h(
                          'dl',
                          { class: 'facts inline-facts', 'data-testid': 'mk-model-volume' },
                          h('dt', null, tm('mk.turnover')),
                          h('dd', null, yuan(m.turnover)),
                          h('dt', null, tm('mk.quantity')),
                          h('dd', null, count(m.quantity)),
                          h('dt', null, tm('mk.shops')),
                          h('dd', { 'data-testid': 'mk-model-shops' }, `≥ ${m.shops_at_least}`),
                      )
                    : h('p', { class: 'muted' }, tm('mk.model.notPublished', { k: models.value.min_shops })),
            );
        } else parts.push(problem(models.reason));
        summary.replaceChildren(...parts);
        side.replaceChildren(
            catalogCard(bearing.status === 'fulfilled' ? bearing.value : null, bearing.status === 'rejected' ? bearing.reason : null),
            outliersCard(canonical, outliers.status === 'fulfilled' ? outliers.value : null, outliers.status === 'rejected' ? outliers.reason : null),
        );
        // History: the median per month and tier, as published for each single month.
        if (monthly.status === 'rejected') {
            history.replaceChildren(h('h2', null, tm('mk.model.history')), problem(monthly.reason));
            return;
        }
        const perMonth = monthly.value.map((a) => a.items.filter((x) => x.canonical === canonical));
        const tiers = [...new Set(perMonth.flat().map((x) => x.brand_tier))].sort();
        if (tiers.length === 0) {
            history.replaceChildren(h('h2', null, tm('mk.model.history')), h('p', { class: 'muted' }, tm('mk.model.notPublished', { k: monthly.value[0]?.min_shops ?? 5 })));
            return;
        }
        const at = (i: number, tier: string, key: 'median' | 'q1' | 'q3') => {
            const x = perMonth[i].find((y) => y.brand_tier === tier);
            return x ? Number(x[key]) : null;
        };
        const chartBox = h('div', { class: 'mk-chart', 'data-testid': 'mk-model-chart' });
        history.replaceChildren(h('h2', null, tm('mk.model.history')), chartBox, h('p', { class: 'muted small' }, tm('mk.model.gaps', { k: monthly.value[0]?.min_shops ?? 5 })));
        const charts = await loadMarketCharts();
        if (!chartBox.isConnected) return;
        handles.push(
            charts.renderPriceHistory(
                chartBox,
                months,
                tiers.map((tier) => ({ name: tierName(tier), median: months.map((_, i) => at(i, tier, 'median')), q1: months.map((_, i) => at(i, tier, 'q1')), q3: months.map((_, i) => at(i, tier, 'q3')) })),
                tm('mk.suppressed'),
            ),
        );
        chartBox.setAttribute('data-drawn', 'true');
    });

    return h(
        'section',
        { class: 'page page-wide mk-page', 'data-testid': 'market-model' },
        marketTabs(null),
        back,
        h('h1', { 'data-testid': 'mk-model-title' }, tm('mk.model.title', { d: designation })),
        note,
        history,
        summary,
        side,
    );
}
