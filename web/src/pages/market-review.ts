// Review queue: raw designations the catalogue could not read, with their row counts; one is resolved to a
// canonical designation chosen with the catalogue type-ahead (GET /api/v1/bearings?q=), which renormalises the
// waiting rows and every later row written the same way.
import { h } from '../dom';
import { api, ApiError } from '../api';
import { marketApi, type ReviewAnswer, type ReviewEntry } from '../market-api';
import { count, marketTabs } from '../market-common';
import { tm } from '../market-i18n';
import { errorBox, loading } from '../widgets';

function problem(e: unknown): HTMLElement {
    if (e instanceof ApiError) return errorBox(e.message, e.field ? `${e.code} · ${e.field}` : e.code);
    return errorBox(String(e));
}

function resolveForm(entry: ReviewEntry, index: number, done: (message: string) => void): HTMLElement {
    const listId = `mk-rv-list-${index}`;
    const input = h('input', { type: 'text', list: listId, required: true, autocomplete: 'off', 'aria-label': `${tm('mk.review.canonical')}: ${entry.raw}`, placeholder: tm('mk.review.canonical'), 'data-testid': `mk-rv-input-${index}` });
    const list = h('datalist', { id: listId });
    const status = h('div', { class: 'mk-rv-status', role: 'status' });
    const button = h('button', { type: 'submit', class: 'btn-primary small', 'data-testid': `mk-rv-resolve-${index}` }, tm('mk.review.resolve'));
    let pending: AbortController | null = null;
    input.addEventListener('input', () => {
        const text = input.value.trim();
        pending?.abort();
        if (text.length < 2) return;
        pending = new AbortController();
        api.typeahead(text, pending.signal)
            .then((r) => list.replaceChildren(...r.results.slice(0, 12).map((hit) => h('option', { value: hit.designation }, hit.type ?? ''))))
            .catch(() => {});
    });
    const form = h('form', { class: 'mk-rv-form' }, input, list, button, status);
    form.addEventListener('submit', (e) => {
        e.preventDefault();
        button.disabled = true;
        status.replaceChildren();
        marketApi
            .resolve(entry.raw, input.value.trim())
            .then((r) => done(tm('mk.review.done', { raw: r.raw, canonical: r.canonical, n: r.rows_renormalised })))
            .catch((err) => {
                button.disabled = false;
                status.replaceChildren(problem(err));
            });
    });
    return form;
}

/** Rows shown at first and added by "show more"; the demo queue alone holds hundreds of spellings. */
const kPage = 50;

export function marketReviewPage(): HTMLElement {
    const body = h('div', null, loading());
    let shown = kPage;
    let filter = '';
    const notice = h('div', { role: 'status', 'data-testid': 'mk-rv-notice' });
    const load = () => {
        marketApi
            .review()
            .then((a: ReviewAnswer) => {
                if (a.queue.length === 0) {
                    body.replaceChildren(h('p', { class: 'muted', 'data-testid': 'mk-rv-empty' }, tm('mk.review.none')));
                    return;
                }
                const own = a.scope === 'own';
                const matching = filter ? a.queue.filter((e) => e.raw.toUpperCase().includes(filter.toUpperCase())) : a.queue;
                const visible = matching.slice(0, shown);
                const search = h('input', { type: 'search', value: filter, placeholder: tm('mk.review.filter'), 'aria-label': tm('mk.review.filter'), 'data-testid': 'mk-rv-filter' });
                search.addEventListener('change', () => {
                    filter = search.value.trim();
                    shown = kPage;
                    load();
                });
                const more =
                    matching.length > visible.length
                        ? h('button', { type: 'button', class: 'btn', 'data-testid': 'mk-rv-more', onclick: () => ((shown += kPage), load()) }, tm('mk.review.more', { n: visible.length, total: matching.length }))
                        : null;
                body.replaceChildren(
                    h('div', { class: 'mk-head' }, h('p', { class: 'muted small' }, tm('mk.review.count', { n: a.queue.length })), search),
                    h('p', { class: 'muted small' }, own ? tm('mk.review.scope.own') : tm('mk.review.scope.market', { k: 5 })),
                    h(
                        'div',
                        { class: 'table-wrap' },
                        h(
                            'table',
                            { class: 'grid mk-table mk-review', 'data-testid': 'mk-review-table' },
                            h(
                                'thead',
                                null,
                                h('tr', null, h('th', null, tm('mk.review.raw')), h('th', null, tm('mk.review.rows')), h('th', null, own ? tm('mk.review.first') : tm('mk.shops')), h('th', null, tm('mk.review.reason')), h('th', null, tm('mk.review.canonical'))),
                            ),
                            h(
                                'tbody',
                                null,
                                ...visible.map((entry, i) =>
                                    h(
                                        'tr',
                                        { 'data-raw': entry.raw },
                                        h('th', { scope: 'row' }, h('code', null, entry.raw)),
                                        h('td', { class: 'num', 'data-testid': 'mk-review-rows' }, count(entry.rows), entry.offers ? h('div', { class: 'muted' }, tm('mk.review.offers', { n: entry.offers })) : null),
                                        h('td', null, own ? (entry.first_time ?? '—') : entry.shops_at_least !== undefined ? `${entry.shops_at_least >= 5 ? '≥ ' : ''}${entry.shops_at_least}` : '—'),
                                        h('td', { class: 'small' }, entry.reason || '—'),
                                        h(
                                            'td',
                                            null,
                                            resolveForm(entry, i, (message) => {
                                                notice.replaceChildren(h('div', { class: 'alert ok' }, message));
                                                load();
                                            }),
                                        ),
                                    ),
                                ),
                            ),
                        ),
                    ),
                    ...(more ? [more] : []),
                );
            })
            .catch((e) => body.replaceChildren(problem(e)));
    };
    load();
    return h('section', { class: 'page page-wide mk-page', 'data-testid': 'market-review' }, marketTabs('review'), h('h1', null, tm('mk.review.title')), notice, body);
}
