// Demand forecast per bearing type: the monthly volume sold (GET /api/v1/market/forecast), Holt-Winters with a
// 12-month season, drawn as history and forecast, with the error on the held-out months (MAPE, RMSE) and the
// smoothing parameters. Horizon and held-out months are chosen on the page. Every number is the server's; a type
// with a month from fewer than min_shops shops is suppressed.
import { h } from '../dom';
import { ApiError } from '../api';
import { tCode } from '../i18n';
import { marketApi, type ForecastAnswer, type ForecastType, type Range } from '../market-api';
import { count, dataRange, marketTabs, rangeNote, suppressedCell, withDataRange } from '../market-common';
import { loadMarketCharts } from './market-dashboard';
import { tm, type MarketKey } from '../market-i18n';
import { navigate } from '../router';
import { onLeave } from '../spc-live';
import { errorBox, loading } from '../widgets';

export interface ForecastQuery {
    from: string;
    to: string;
    horizon: number;
    holdout: number;
}

/** Default months: 30 ending with the latest published month (two seasons of 12 plus up to 6 held-out months). */
export const forecastMonths = 30;

export function forecastQuery(search: string, range: Range): ForecastQuery {
    const p = new URLSearchParams(search);
    const int = (v: string | null, lo: number, hi: number, fallback: number) => {
        const n = Number(v);
        return Number.isInteger(n) && n >= lo && n <= hi ? n : fallback;
    };
    return {
        from: range.from,
        to: range.to,
        horizon: int(p.get('horizon'), 1, 24, 6),
        holdout: int(p.get('holdout'), 1, 12, 3),
    };
}

const search = (q: ForecastQuery) => new URLSearchParams({ from: q.from, to: q.to, horizon: String(q.horizon), holdout: String(q.holdout) }).toString();

function numberSelect(id: string, label: MarketKey, value: number, options: number[]): HTMLElement {
    return h(
        'label',
        { class: 'field' },
        h('span', null, tm(label)),
        h('select', { id, name: id, 'data-testid': id }, ...options.map((v) => h('option', { value: String(v), selected: v === value }, String(v)))),
    );
}

function controls(q: ForecastQuery): HTMLElement {
    const form = h(
        'form',
        { class: 'mk-controls', 'data-testid': 'mk-fc-controls' },
        h('label', { class: 'field' }, h('span', null, tm('mk.from')), h('input', { type: 'month', id: 'mk-fc-from', value: q.from, required: true })),
        h('label', { class: 'field' }, h('span', null, tm('mk.to')), h('input', { type: 'month', id: 'mk-fc-to', value: q.to, required: true })),
        numberSelect('mk-fc-horizon', 'mk.fc.horizon', q.horizon, [1, 3, 6, 12, 18, 24]),
        numberSelect('mk-fc-holdout', 'mk.fc.holdout', q.holdout, [1, 2, 3, 6, 12]),
        h('button', { type: 'submit', class: 'btn-primary', 'data-testid': 'mk-fc-show' }, tm('mk.show')),
    );
    const value = (id: string) => (form.querySelector(`#${id}`) as HTMLInputElement | HTMLSelectElement).value;
    form.addEventListener('submit', (e) => {
        e.preventDefault();
        navigate(`/market/forecast?${search({ from: value('mk-fc-from'), to: value('mk-fc-to'), horizon: Number(value('mk-fc-horizon')), holdout: Number(value('mk-fc-holdout')) })}`);
    });
    for (const id of ['mk-fc-horizon', 'mk-fc-holdout']) form.querySelector(`#${id}`)!.addEventListener('change', () => form.requestSubmit());
    return form;
}

const typeName = (code: string) => tCode('type', code);

function typeCard(a: ForecastAnswer, t: ForecastType, handles: Array<{ dispose(): void }>): HTMLElement {
    const card = h('section', { class: 'card mk-card', 'data-testid': `mk-fc-${t.type}`, 'data-type': t.type }, h('h2', null, typeName(t.type), ' ', h('code', { class: 'muted small' }, t.type)));
    if (t.suppressed) {
        card.appendChild(h('p', null, suppressedCell(a.min_shops)));
        return card;
    }
    if (!t.forecast || !t.history) {
        card.appendChild(h('p', { class: 'alert warn', 'data-testid': 'mk-fc-error' }, tm('mk.fc.failed', { error: t.error ?? '' })));
        return card;
    }
    const fact = (key: MarketKey, value: string, id: string) => [h('dt', null, tm(key)), h('dd', { 'data-testid': `mk-fc-${id}` }, value)];
    card.appendChild(
        h(
            'dl',
            { class: 'facts inline-facts' },
            t.holdout ? fact('mk.fc.mape', `${t.holdout.mape_percent.toFixed(2)} %`, 'mape') : null,
            t.holdout ? fact('mk.fc.rmse', t.holdout.rmse.toFixed(2), 'rmse') : null,
            t.params ? fact('mk.fc.params', `${t.params.alpha.toFixed(3)}, ${t.params.beta.toFixed(3)}, ${t.params.gamma.toFixed(3)}`, 'params') : null,
        ),
    );
    const chartBox = h('div', { class: 'mk-chart', 'data-testid': 'mk-fc-chart', role: 'img', 'aria-label': `${tm('mk.fc.title')}: ${typeName(t.type)}` });
    card.appendChild(chartBox);
    const forecast = t.forecast;
    card.appendChild(
        h(
            'details',
            { class: 'mk-details' },
            h('summary', null, tm('mk.fc.table')),
            h(
                'div',
                { class: 'table-wrap' },
                h(
                    'table',
                    { class: 'grid mk-table', 'data-testid': 'mk-fc-table' },
                    h('thead', null, h('tr', null, h('th', null, tm('mk.period')), h('th', null, tm('mk.fc.forecast')))),
                    h('tbody', null, ...forecast.map((p) => h('tr', null, h('th', { scope: 'row' }, p.period), h('td', { class: 'num', 'data-testid': `mk-fc-value-${p.period}` }, count(p.quantity))))),
                ),
            ),
        ),
    );
    const history = t.history;
    void loadMarketCharts().then((charts) => {
        if (!chartBox.isConnected) return;
        handles.push(charts.renderForecast(chartBox, history, forecast, { history: tm('mk.fc.history'), forecast: tm('mk.fc.forecast') }));
        chartBox.setAttribute('data-drawn', 'true');
    });
    return card;
}

export function marketForecastPage(searchText: string): HTMLElement {
    return withDataRange(searchText, (coverage) => {
        const range = dataRange(searchText, coverage, forecastMonths);
        if (!range) return h('section', { class: 'page page-wide mk-page', 'data-testid': 'market-forecast' }, marketTabs('forecast'), h('h1', null, tm('mk.fc.title')), rangeNote(null, coverage));
        return forecastPage(forecastQuery(searchText, range), rangeNote(range, coverage));
    });
}

function forecastPage(q: ForecastQuery, note: HTMLElement): HTMLElement {
    const handles: Array<{ dispose(): void }> = [];
    onLeave(() => handles.splice(0).forEach((c) => c.dispose()));
    const body = h('div', { class: 'mk-forecast', 'data-testid': 'mk-fc-body' }, loading());
    marketApi
        .forecast(q, q.horizon, q.holdout)
        .then((a) => {
            const note = h('p', { class: 'muted small', 'data-testid': 'mk-fc-note' }, tm('mk.fc.note', { model: a.model, from: a.from, to: a.to, k: a.min_shops }));
            if (a.types.length === 0) {
                body.replaceChildren(note, h('p', { class: 'muted' }, tm('mk.empty')));
                return;
            }
            body.replaceChildren(note, ...a.types.map((t) => typeCard(a, t, handles)));
        })
        .catch((e) => {
            const box = e instanceof ApiError ? errorBox(e.message, e.field ? `${e.code} · ${e.field}` : e.code) : errorBox(String(e));
            body.replaceChildren(box);
            if (e instanceof ApiError && e.field === 'from') body.appendChild(h('p', { class: 'muted' }, tm('mk.fc.needs')));
        });
    return h(
        'section',
        { class: 'page page-wide mk-page', 'data-testid': 'market-forecast' },
        marketTabs('forecast'),
        h('h1', null, tm('mk.fc.title')),
        controls(q),
        note,
        body,
    );
}
