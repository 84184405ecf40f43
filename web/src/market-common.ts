// Pieces shared by the market pages: the tabs, the default range (taken from the data, not from the calendar: the
// months ending with the latest month that has published figures), money and suppressed-cell formatting.
import { h } from './dom';
import { t } from './i18n';
import { marketApi, type Coverage, type Range } from './market-api';
import { tm, type MarketKey } from './market-i18n';
import { errorBox, loading } from './widgets';

export type MarketTab = 'dashboard' | 'forecast' | 'offers' | 'review' | 'import';

export function marketTabs(current: MarketTab | null): HTMLElement {
    const tab = (id: MarketTab, path: string, key: MarketKey) =>
        h('a', { href: path, 'data-link': true, class: id === current ? 'active' : '', 'aria-current': id === current ? 'page' : null, 'data-testid': `mk-tab-${id}` }, tm(key));
    return h(
        'nav',
        { class: 'spc-tabs', 'aria-label': t('nav.market') },
        tab('dashboard', '/market', 'mk.tab.dashboard'),
        tab('forecast', '/market/forecast', 'mk.tab.forecast'),
        tab('offers', '/market/offers', 'mk.tab.offers'),
        tab('review', '/market/review', 'mk.tab.review'),
        tab('import', '/market/import', 'mk.tab.import'),
    );
}

export const isMonth = (s: string | null | undefined): s is string => !!s && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

/** The `months` months ending with `to` ("2026-11", 12 -> 2025-12 .. 2026-11). */
export function rangeEnding(to: string, months: number): Range {
    const [y, m] = to.split('-').map(Number);
    const first = y * 12 + (m - 1) - (months - 1);
    return { from: `${Math.floor(first / 12)}-${String((first % 12) + 1).padStart(2, '0')}`, to };
}

/** The range a market page shows: the URL's when it names one, else the `months` months ending with the latest
 *  month the data publishes (`through` picks which coverage field that is); null when the store has none yet. */
export function dataRange(search: string, coverage: Coverage | null, months: number, through: (c: Coverage) => string | null = (c) => c.published_through): Range | null {
    const p = new URLSearchParams(search);
    const from = p.get('from');
    const to = p.get('to');
    if (isMonth(from) && isMonth(to)) return { from, to };
    const last = coverage ? through(coverage) : null;
    if (!last) return null;
    const r = rangeEnding(last, months);
    return { from: isMonth(from) ? from : r.from, to: isMonth(to) ? to : r.to };
}

/** A page whose range comes from the data: asks the server how far the published figures reach (unless the URL names
 *  the range), then builds the page. `build` gets null when the store has no published month yet. */
export function withDataRange(search: string, build: (coverage: Coverage | null) => HTMLElement): HTMLElement {
    const p = new URLSearchParams(search);
    if (isMonth(p.get('from')) && isMonth(p.get('to'))) return build(null);
    const holder = h('div', { class: 'mk-holder', 'data-testid': 'mk-range-loading' }, loading());
    marketApi
        .coverage()
        .then((c) => {
            if (holder.isConnected) holder.replaceWith(build(c)); // else the user has left the page
        })
        .catch((e) => holder.replaceChildren(errorBox(e instanceof Error ? e.message : String(e))));
    return holder;
}

/** What range the page shows and why: the latest month with published figures when the range came from the data. */
export function rangeNote(range: Range | null, coverage: Coverage | null, through: string | null = coverage?.published_through ?? null): HTMLElement {
    if (!range) return h('p', { class: 'muted small', 'data-testid': 'mk-range-note' }, tm('mk.range.none', { k: coverage?.min_shops ?? 5 }));
    const text = coverage && through ? tm('mk.range.data', { from: range.from, to: range.to, last: through }) : tm('mk.range.chosen', { from: range.from, to: range.to });
    return h('p', { class: 'muted small mk-range-note', 'data-testid': 'mk-range-note', 'data-from': range.from, 'data-to': range.to }, text);
}

/** A suppressed cell: the word, with the reason on hover, never a 0. */
export function suppressedCell(minShops: number): HTMLElement {
    return h('span', { class: 'mk-suppressed', title: tm('mk.suppressed.title', { k: minShops }), 'data-suppressed': 'true' }, tm('mk.suppressed'));
}

/** Yuan as the server wrote it ("11820638.28"), grouped in thousands for reading; digits unchanged. */
export function yuan(text: string | null | undefined): string {
    if (text === null || text === undefined || text === '') return '—';
    const [int, frac] = text.split('.');
    const neg = int.startsWith('-');
    const digits = neg ? int.slice(1) : int;
    const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return `${neg ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/** Integers grouped in thousands. */
export function count(n: number | null | undefined): string {
    if (n === null || n === undefined || !Number.isFinite(n)) return '—';
    return n.toLocaleString('en-US');
}
