// Offers: a shop's own offers (asking prices) with CSV posting and withdrawal, and the market's offer aggregates
// per bearing or bearing type and brand tier (GET /api/v1/market/offers/summary): shops quoting, quartiles of the
// asking price and the premium over the median sale price. A cell from fewer than min_shops shops reads
// "suppressed", never 0; every number is the server's.
import { h } from '../dom';
import { ApiError } from '../api';
import { tCode } from '../i18n';
import { marketApi, type Coverage, type Offer, type OfferCell, type OfferGrouping, type OfferSummaryAnswer, type Range } from '../market-api';
import { count, dataRange, marketTabs, rangeNote, suppressedCell, withDataRange, yuan } from '../market-common';
import { tm, type MarketKey } from '../market-i18n';
import { navigate } from '../router';
import { state } from '../state';
import { errorBox, loading } from '../widgets';
import { report } from './market-import';

export interface OffersQuery {
    from: string;
    to: string;
    by: OfferGrouping;
    canonical: string;
    withdrawn: boolean;
}

/** Default months: four, ending with the latest month in which offers of enough shops stand (offers stand into the
 *  present, so this is usually the current month). */
export const offersMonths = 4;

export function offersQuery(search: string, range: Range): OffersQuery {
    const p = new URLSearchParams(search);
    return {
        from: range.from,
        to: range.to,
        by: p.get('by') === 'type' ? 'type' : 'model',
        canonical: (p.get('canonical') ?? '').slice(0, 100),
        withdrawn: p.get('withdrawn') === '1',
    };
}

function searchOf(q: OffersQuery): string {
    const p = new URLSearchParams({ from: q.from, to: q.to, by: q.by });
    if (q.canonical) p.set('canonical', q.canonical);
    if (q.withdrawn) p.set('withdrawn', '1');
    return p.toString();
}

const typeName = (code: string | null) => (code ? tCode('type', code) : '—');
const tierName = (tier: string) => tm(`tier.${tier}` as MarketKey);
const day = (iso: string) => iso.slice(0, 10);

function problem(e: unknown): HTMLElement {
    if (e instanceof ApiError) return errorBox(e.message, e.field ? `${e.code} · ${e.field}` : e.code);
    return errorBox(String(e));
}

function ownTable(offers: Offer[], reload: () => void): HTMLElement {
    if (offers.length === 0) return h('p', { class: 'muted', 'data-testid': 'mk-of-own-empty' }, tm('mk.of.own.none'));
    const withdraw = (o: Offer, button: HTMLButtonElement) => {
        if (!window.confirm(tm('mk.of.withdraw.confirm', { id: o.id, d: o.designation }))) return;
        button.disabled = true;
        marketApi
            .withdrawOffer(o.id)
            .then(reload)
            .catch((e) => {
                button.disabled = false;
                button.after(problem(e));
            });
    };
    return h(
        'div',
        { class: 'table-wrap' },
        h(
            'table',
            { class: 'grid mk-table', 'data-testid': 'mk-of-own' },
            h(
                'thead',
                null,
                h(
                    'tr',
                    null,
                    ...(['mk.of.designation', 'mk.of.brand', 'mk.of.price', 'mk.of.quantity', 'mk.of.minOrder', 'mk.of.channel', 'mk.of.valid', 'mk.of.status'] as MarketKey[]).map((k) => h('th', null, tm(k))),
                    h('th', null, ''),
                ),
            ),
            h(
                'tbody',
                null,
                ...offers.map((o) => {
                    const button = h('button', { type: 'button', class: 'btn', 'data-testid': `mk-of-withdraw-${o.id}` }, tm('mk.of.withdraw'));
                    button.addEventListener('click', () => withdraw(o, button));
                    return h(
                        'tr',
                        { 'data-offer-id': String(o.id), 'data-status': o.status },
                        h('th', { scope: 'row' }, h('code', null, o.designation), o.waiting_review ? h('span', { class: 'muted small' }, ` (${tm('mk.of.waiting')})`) : o.canonical && o.canonical !== o.designation ? h('span', { class: 'muted small' }, ` → ${o.canonical}`) : null),
                        h('td', null, o.brand || '—', h('br'), h('span', { class: 'muted small' }, tierName(o.brand_tier))),
                        h('td', { class: 'num', 'data-testid': `mk-of-price-${o.id}` }, yuan(o.unit_price)),
                        h('td', { class: 'num' }, count(o.quantity)),
                        h('td', { class: 'num' }, count(o.min_order)),
                        h('td', null, o.channel),
                        h('td', null, day(o.valid_from), h('br'), `– ${day(o.valid_until)}`),
                        h('td', { 'data-testid': `mk-of-status-${o.id}` }, tm(`mk.of.status.${o.status}` as MarketKey)),
                        h('td', null, o.status === 'standing' || o.status === 'upcoming' ? button : null),
                    );
                }),
            ),
        ),
    );
}

function ownSection(q: OffersQuery): HTMLElement {
    const section = h('section', { class: 'card mk-card', 'data-testid': 'mk-of-own-card' });
    const head = h('div', { class: 'mk-head' }, h('h2', null, tm('mk.of.own')));
    if (state.session && state.session.organisation.kind !== 'merchant') {
        section.append(head, h('p', { class: 'muted', 'data-testid': 'mk-of-shops-only' }, tm('mk.of.own.shopsOnly')));
        return section;
    }
    const withdrawn = h('input', { type: 'checkbox', id: 'mk-of-withdrawn', checked: q.withdrawn, 'data-testid': 'mk-of-withdrawn' });
    withdrawn.addEventListener('change', () => navigate(`/market/offers?${searchOf({ ...q, withdrawn: withdrawn.checked })}`));
    head.appendChild(h('label', { class: 'mk-inline', for: 'mk-of-withdrawn' }, withdrawn, ' ', tm('mk.of.withdrawn.show')));
    const list = h('div', { 'data-testid': 'mk-of-own-list' }, loading());
    const reload = () => {
        marketApi
            .ownOffers(q.withdrawn)
            .then((a) => list.replaceChildren(h('p', { class: 'muted small', 'data-testid': 'mk-of-total' }, tm('mk.of.total', { n: count(a.total) })), ownTable(a.offers, reload)))
            .catch((e) => list.replaceChildren(problem(e)));
    };
    reload();

    const file = h('input', { type: 'file', id: 'mk-of-file', accept: '.csv,text/csv', 'data-testid': 'mk-of-file' });
    const text = h('textarea', {
        id: 'mk-of-text',
        rows: 5,
        spellcheck: false,
        placeholder: 'designation,brand,unit_price,quantity,min_order,channel,valid_from,valid_until',
        'data-testid': 'mk-of-text',
    });
    const send = h('button', { type: 'submit', class: 'btn-primary', 'data-testid': 'mk-of-send' }, tm('mk.import.send'));
    const result = h('div', { 'aria-live': 'polite', 'data-testid': 'mk-of-result' });
    const form = h(
        'form',
        { class: 'mk-import' },
        h('h3', null, tm('mk.of.import')),
        h('p', { class: 'muted small' }, tm('mk.of.import.help')),
        h('label', { class: 'field', for: 'mk-of-file' }, h('span', null, tm('mk.import.file')), file),
        h('label', { class: 'field', for: 'mk-of-text' }, h('span', null, tm('mk.import.text')), text),
        h('div', null, send),
        result,
    );
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const chosen = file.files?.[0];
        const csv = chosen ? await chosen.text() : text.value;
        if (!csv.trim()) {
            result.replaceChildren(errorBox(tm('mk.import.empty')));
            return;
        }
        send.disabled = true;
        try {
            result.replaceChildren(report(await marketApi.importOffersCsv(csv)));
            reload();
        } catch (err) {
            result.replaceChildren(problem(err));
        } finally {
            send.disabled = false;
        }
    });
    section.append(head, list, h('details', { class: 'mk-details', open: true }, h('summary', null, tm('mk.of.import')), form));
    return section;
}

function premiumText(p: number | null): string {
    return p === null ? '—' : `${p >= 0 ? '+' : ''}${(p * 100).toFixed(1)}%`;
}

function summaryTable(a: OfferSummaryAnswer): HTMLElement {
    const model = a.by === 'model';
    const heads: MarketKey[] = [
        model ? 'mk.of.canonical' : 'mk.fc.type',
        'mk.of.tier',
        'mk.of.shops',
        'mk.of.offers',
        'mk.of.q1',
        'mk.of.median',
        'mk.of.q3',
        ...(model ? (['mk.of.txMedian'] as MarketKey[]) : []),
        'mk.of.premium',
    ];
    const row = (c: OfferCell) => {
        const name = model ? c.canonical ?? '' : c.bearing_type;
        const id = `${name}-${c.brand_tier}`;
        const first = h('th', { scope: 'row' }, model ? h('code', null, name) : typeName(c.bearing_type));
        if (c.suppressed) {
            return h('tr', { 'data-cell': id, 'data-suppressed': 'true' }, first, h('td', null, tierName(c.brand_tier)), h('td', { colspan: heads.length - 2, 'data-testid': `mk-of-cell-${id}` }, suppressedCell(a.min_shops)));
        }
        return h(
            'tr',
            { 'data-cell': id },
            first,
            h('td', null, tierName(c.brand_tier)),
            h('td', { class: 'num', 'data-testid': `mk-of-shops-${id}` }, count(c.shops)),
            h('td', { class: 'num' }, count(c.offers)),
            h('td', { class: 'num' }, yuan(c.q1)),
            h('td', { class: 'num', 'data-testid': `mk-of-median-${id}` }, yuan(c.median)),
            h('td', { class: 'num' }, yuan(c.q3)),
            model ? h('td', { class: 'num', 'data-testid': `mk-of-tx-${id}` }, c.transactions_suppressed ? suppressedCell(a.min_shops) : yuan(c.transaction_median)) : null,
            h('td', { class: 'num', 'data-testid': `mk-of-premium-${id}` }, c.premium_suppressed ? suppressedCell(a.min_shops) : premiumText(c.premium)),
        );
    };
    return h(
        'div',
        { class: 'table-wrap' },
        h(
            'table',
            { class: 'grid mk-table', 'data-testid': 'mk-of-summary' },
            h('thead', null, h('tr', null, ...heads.map((k) => h('th', null, tm(k))))),
            h('tbody', null, ...a.cells.map(row)),
        ),
    );
}

function marketSection(q: OffersQuery): HTMLElement {
    const form = h(
        'form',
        { class: 'mk-controls', 'data-testid': 'mk-of-controls' },
        h('label', { class: 'field' }, h('span', null, tm('mk.from')), h('input', { type: 'month', id: 'mk-of-from', value: q.from, required: true })),
        h('label', { class: 'field' }, h('span', null, tm('mk.to')), h('input', { type: 'month', id: 'mk-of-to', value: q.to, required: true })),
        h(
            'label',
            { class: 'field' },
            h('span', null, tm('mk.of.by')),
            h('select', { id: 'mk-of-by', 'data-testid': 'mk-of-by' }, h('option', { value: 'model', selected: q.by === 'model' }, tm('mk.of.by.model')), h('option', { value: 'type', selected: q.by === 'type' }, tm('mk.of.by.type'))),
        ),
        h('label', { class: 'field' }, h('span', null, tm('mk.of.canonical')), h('input', { type: 'search', id: 'mk-of-canonical', value: q.canonical, placeholder: '6205-2RS', autocomplete: 'off', 'data-testid': 'mk-of-canonical' })),
        h('button', { type: 'submit', class: 'btn-primary', 'data-testid': 'mk-of-show' }, tm('mk.show')),
    );
    const value = (id: string) => (form.querySelector(`#${id}`) as HTMLInputElement | HTMLSelectElement).value;
    form.addEventListener('submit', (e) => {
        e.preventDefault();
        navigate(`/market/offers?${searchOf({ ...q, from: value('mk-of-from'), to: value('mk-of-to'), by: value('mk-of-by') as OfferGrouping, canonical: value('mk-of-canonical').trim() })}`);
    });
    form.querySelector('#mk-of-by')!.addEventListener('change', () => form.requestSubmit());
    const body = h('div', { 'data-testid': 'mk-of-market-body' }, loading());
    marketApi
        .offerSummary(q, q.by, q.by === 'model' && q.canonical ? q.canonical : undefined)
        .then((a) => {
            const parts: Array<HTMLElement | null> = [h('p', { class: 'muted small' }, tm('mk.of.note', { k: a.min_shops }))];
            if (a.cells.length === 0) parts.push(h('p', { class: 'muted', 'data-testid': 'mk-of-summary-empty' }, a.cells_suppressed > 0 ? tm('mk.allSuppressed', { k: a.min_shops }) : tm('mk.empty')));
            else parts.push(summaryTable(a));
            if (a.by === 'model' && a.cells_suppressed > 0 && !a.canonical) parts.push(h('p', { class: 'muted small', 'data-testid': 'mk-of-hidden' }, tm('mk.of.hidden', { n: a.cells_suppressed, k: a.min_shops })));
            if (a.offers_waiting_review > 0) parts.push(h('p', { class: 'muted small' }, tm('mk.of.waitingReview', { n: a.offers_waiting_review })));
            body.replaceChildren(...parts.filter((x): x is HTMLElement => x !== null));
        })
        .catch((e) => body.replaceChildren(problem(e)));
    return h('section', { class: 'card mk-card', 'data-testid': 'mk-of-market' }, h('h2', null, tm('mk.of.market')), form, body);
}

export function marketOffersPage(search: string): HTMLElement {
    return withDataRange(search, (coverage) => {
        const through = (c: Coverage) => c.offers_published_through ?? c.published_through;
        const range = dataRange(search, coverage, offersMonths, through);
        const page = (...parts: HTMLElement[]) => h('section', { class: 'page page-wide mk-page', 'data-testid': 'market-offers' }, marketTabs('offers'), h('h1', null, tm('mk.of.title')), ...parts);
        if (!range) return page(rangeNote(null, coverage));
        const q = offersQuery(search, range);
        return page(ownSection(q), rangeNote(range, coverage, coverage ? through(coverage) : null), marketSection(q));
    });
}
