// The public quality credit pages (no login): the list published today, searchable by grade, town, product and
// name or credit code, with CSV and JSON export; the blacklist; a firm's public page with its published entries and
// their publication windows. What is shown is what the server publishes today; nothing is filtered here.
import { h } from '../dom';
import { message } from '../spc-common';
import { errorBox, loading, row } from '../widgets';
import { publicCsvHref, publicQueryString, qualityApi, type PublicEntry, type PublicQuery } from '../quality-api';
import { detailText, gradeBadge, gridTable, kindText, qualityTabs, windowText } from '../quality-common';
import { tq } from '../quality-i18n';
import { navigate } from '../router';

const GRADES = ['AAA', 'AA', 'A', 'B', 'C', 'D'];

export function qualityPublicPage(search: string): HTMLElement {
    const params = new URLSearchParams(search);
    const query: PublicQuery = {
        grade: params.get('grade') ?? '',
        town: params.get('town') ?? '',
        product: params.get('product') ?? '',
        q: params.get('q') ?? '',
    };
    const body = h('div', null, loading());
    const onLine = h('p', { class: 'muted small', 'data-testid': 'qc-on' });

    const grade = h('select', { id: 'qc-grade', 'data-testid': 'qc-grade' }, h('option', { value: '' }, tq('qc.allGrades')), GRADES.map((g) => h('option', { value: g }, g)));
    grade.value = query.grade ?? '';
    const text = h('input', { id: 'qc-q', 'data-testid': 'qc-q', value: query.q, maxlength: 100 });
    const town = h('input', { id: 'qc-town', 'data-testid': 'qc-town', value: query.town, maxlength: 50 });
    const product = h('input', { id: 'qc-product', 'data-testid': 'qc-product', value: query.product, maxlength: 50 });
    const field = (label: string, input: HTMLElement & { id: string }) => h('div', { class: 'field' }, h('label', { for: input.id }, label), input);
    const form = h(
        'form',
        {
            class: 'qc-search',
            'data-testid': 'qc-search',
            onsubmit: (ev: Event) => {
                ev.preventDefault();
                navigate('/quality' + publicQueryString({ grade: grade.value, q: text.value.trim(), town: town.value.trim(), product: product.value.trim() }));
            },
        },
        field(tq('qc.q'), text),
        field(tq('qc.grade'), grade),
        field(tq('qc.town'), town),
        field(tq('qc.product'), product),
        h('div', { class: 'field' }, h('button', { type: 'submit', class: 'btn-primary' }, tq('qc.search'))),
    );

    void qualityApi.publicList(query).then(
        (list) => {
            onLine.textContent = tq('qc.on', { on: list.on, rules: list.rules_version });
            body.replaceChildren(
                gridTable(
                    ['qc.firm', 'qc.code', 'qc.grade', 'qc.score', 'qc.town', 'qc.entries'],
                    list.firms.map((f) =>
                        h(
                            'tr',
                            { 'data-testid': `qc-firm-${f.firm_id}`, 'data-code': f.credit_code ?? '' },
                            h(
                                'td',
                                { class: 'wrap' },
                                h('a', { href: `/quality/firms/${f.credit_code ?? f.firm_id}`, 'data-link': true }, f.name_zh),
                                f.name_en ? h('div', { class: 'small muted' }, f.name_en) : null,
                                f.blacklisted ? h('span', { class: 'badge qc-black' }, tq('qc.blacklisted')) : null,
                            ),
                            h('td', null, h('code', null, f.credit_code ?? '—')),
                            h('td', null, gradeBadge(f.grade)),
                            h('td', { class: 'num' }, String(f.score)),
                            h('td', null, f.town || '—'),
                            h('td', { class: 'num' }, String(f.entries.length)),
                        ),
                    ),
                    'qc-list',
                    'qc.none',
                ),
                h(
                    'p',
                    { class: 'small' },
                    h('a', { href: publicCsvHref(query), 'data-testid': 'qc-csv', download: `quality-credit-${list.on}.csv` }, tq('qc.csv')),
                    ' · ',
                    h('a', { href: `/api/v1/public/quality${publicQueryString(query)}`, 'data-testid': 'qc-json' }, tq('qc.json')),
                ),
            );
        },
        (e) => body.replaceChildren(errorBox(message(e))),
    );

    return h(
        'section',
        { class: 'page qc-page' },
        qualityTabs('public'),
        h('h1', { 'data-testid': 'qc-title' }, tq('qc.public.title')),
        h('p', { class: 'muted' }, tq('qc.public.text')),
        onLine,
        form,
        body,
    );
}

export function qualityBlacklistPage(): HTMLElement {
    const body = h('div', null, loading());
    const onLine = h('p', { class: 'muted small', 'data-testid': 'qc-on' });
    void qualityApi.publicBlacklist().then(
        (b) => {
            onLine.textContent = b.on;
            body.replaceChildren(
                gridTable(
                    ['qc.firm', 'qc.code', 'qc.listedOn', 'qc.decisionNo', 'qc.grounds', 'qc.expires'],
                    b.blacklist.map((l) =>
                        h(
                            'tr',
                            { 'data-testid': `qc-listed-${l.firm_id}` },
                            h('td', { class: 'wrap' }, h('a', { href: `/quality/firms/${l.credit_code ?? l.firm_id}`, 'data-link': true }, l.name_zh)),
                            h('td', null, h('code', null, l.credit_code ?? '—')),
                            h('td', null, l.listed_on),
                            h('td', null, l.decision_no),
                            h('td', { class: 'wrap' }, l.grounds),
                            h('td', null, l.expires_on),
                        ),
                    ),
                    'qc-blacklist',
                    'qc.blacklist.none',
                ),
                h('p', { class: 'small' }, h('a', { href: '/api/v1/public/quality/blacklist?format=csv', download: `quality-blacklist-${b.on}.csv` }, tq('qc.csv'))),
            );
        },
        (e) => body.replaceChildren(errorBox(message(e))),
    );
    return h(
        'section',
        { class: 'page qc-page' },
        qualityTabs('blacklist'),
        h('h1', { 'data-testid': 'qc-title' }, tq('qc.blacklist.title')),
        h('p', { class: 'muted' }, tq('qc.blacklist.text')),
        onLine,
        body,
    );
}

export function publicEntryRows(entries: PublicEntry[]): HTMLElement[] {
    return entries.map((e) =>
        h(
            'tr',
            { 'data-testid': `qc-entry-${e.id}`, class: e.under_objection ? 'qc-objected' : '' },
            h('td', null, e.date),
            h('td', null, kindText(e)),
            h('td', { class: 'wrap' }, detailText(e), e.under_objection ? h('span', { class: 'badge warn', 'data-testid': `qc-objected-${e.id}` }, tq('qc.underObjection')) : null),
            h('td', null, windowText(e)),
        ),
    );
}

export function qualityFirmPage(ref: string): HTMLElement {
    const body = h('div', null, loading());
    void qualityApi.publicFirm(ref).then(
        (f) => {
            body.replaceChildren(
                h('h1', { 'data-testid': 'qc-firm-name' }, f.name_zh),
                h('p', { class: 'muted' }, f.name_en || ''),
                h(
                    'article',
                    { class: 'card' },
                    h(
                        'dl',
                        { class: 'facts' },
                        row(tq('qc.code'), h('code', null, f.credit_code ?? '—'), 'qc-code'),
                        row(tq('qc.grade'), h('span', null, gradeBadge(f.grade, 'qc-grade-now'), ' ', h('span', { class: 'muted' }, `${tq('qc.score')} ${f.score}/100`)), 'qc-grade-row'),
                        row(tq('qc.town'), f.town || '—'),
                        f.blacklisted ? row(tq('qc.blacklist.title'), h('span', { class: 'badge qc-black' }, tq('qc.blacklisted'))) : [],
                    ),
                    h('p', { class: 'muted small' }, tq('qc.on', { on: f.on, rules: f.rules_version })),
                ),
                h('h2', null, tq('qc.entries')),
                gridTable(['qc.date', 'qc.kind', 'qc.detail', 'qc.window'], publicEntryRows(f.entries), 'qc-public-entries', 'qc.noEntries'),
            );
        },
        (e) => body.replaceChildren(errorBox(message(e))),
    );
    return h(
        'section',
        { class: 'page qc-page' },
        qualityTabs('public'),
        h('p', null, h('a', { href: '/quality', 'data-link': true }, tq('qc.back'))),
        body,
    );
}
