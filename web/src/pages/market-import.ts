// Import of a shop's transactions: a CSV file or pasted text is POSTed as text/csv; the answer's counts (read,
// accepted, already stored, waiting for review, refused) and every refused line with its field are shown.
import { h } from '../dom';
import { ApiError } from '../api';
import { marketApi, type ImportAnswer } from '../market-api';
import { count, marketTabs } from '../market-common';
import { tm, type MarketKey } from '../market-i18n';
import { errorBox } from '../widgets';

/** The counts of an import answer and its refused lines (also used by the offers page). */
export function report(a: ImportAnswer): HTMLElement {
    const figure = (key: MarketKey, value: number, id: string) => [h('dt', null, tm(key)), h('dd', { 'data-testid': `mk-imp-${id}` }, count(value))];
    return h(
        'div',
        { class: 'mk-import-report', 'data-testid': 'mk-import-report' },
        h(
            'dl',
            { class: 'facts inline-facts' },
            figure('mk.import.rows', a.rows, 'rows'),
            figure('mk.import.inserted', a.inserted, 'inserted'),
            figure('mk.import.duplicates', a.duplicates, 'duplicates'),
            figure('mk.import.waiting', a.waiting_review, 'waiting'),
            figure('mk.import.rejected', a.rejected, 'rejected'),
        ),
        a.errors.length
            ? h(
                  'div',
                  { class: 'table-wrap' },
                  h('h2', null, tm('mk.import.errors')),
                  h(
                      'table',
                      { class: 'grid mk-table', 'data-testid': 'mk-import-errors' },
                      h('thead', null, h('tr', null, h('th', null, tm('mk.import.line')), h('th', null, tm('mk.import.field')), h('th', null, tm('mk.import.message')))),
                      h('tbody', null, ...a.errors.map((e) => h('tr', null, h('td', { class: 'num' }, String(e.line)), h('td', null, h('code', null, e.field)), h('td', null, e.message)))),
                  ),
              )
            : null,
    );
}

export function marketImportPage(): HTMLElement {
    const file = h('input', { type: 'file', id: 'mk-imp-file', accept: '.csv,text/csv', 'data-testid': 'mk-imp-file' });
    const text = h('textarea', { id: 'mk-imp-text', rows: 8, spellcheck: false, placeholder: 'time,designation,brand,quantity,unit_price,channel,region', 'data-testid': 'mk-imp-text' });
    const button = h('button', { type: 'submit', class: 'btn-primary', 'data-testid': 'mk-imp-send' }, tm('mk.import.send'));
    const result = h('div', { 'aria-live': 'polite' });
    const form = h(
        'form',
        { class: 'card mk-card mk-import' },
        h('p', { class: 'muted small' }, tm('mk.import.help')),
        h('label', { class: 'field', for: 'mk-imp-file' }, h('span', null, tm('mk.import.file')), file),
        h('label', { class: 'field', for: 'mk-imp-text' }, h('span', null, tm('mk.import.text')), text),
        h('div', null, button),
    );
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const chosen = file.files?.[0];
        const csv = chosen ? await chosen.text() : text.value;
        if (!csv.trim()) {
            result.replaceChildren(errorBox(tm('mk.import.empty')));
            return;
        }
        button.disabled = true;
        button.textContent = tm('mk.import.busy');
        try {
            result.replaceChildren(report(await marketApi.importCsv(csv)));
        } catch (err) {
            result.replaceChildren(err instanceof ApiError ? errorBox(err.message, err.field ? `${err.code} · ${err.field}` : err.code) : errorBox(String(err)));
        } finally {
            button.disabled = false;
            button.textContent = tm('mk.import.send');
        }
    });
    return h('section', { class: 'page page-wide mk-page', 'data-testid': 'market-import' }, marketTabs('import'), h('h1', null, tm('mk.import.title')), form, result);
}
