// Pieces shared by the market pages: the tabs, the default range (the last 12 complete months), money and
// suppressed-cell formatting.
import { h } from './dom';
import { t } from './i18n';
import { tm, type MarketKey } from './market-i18n';

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

const ym = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

/** The last 12 complete months before today. */
export function defaultRange(now = new Date()): { from: string; to: string } {
    const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 12, 1));
    return { from: ym(first), to: ym(last) };
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
