// Pieces shared by the quality credit pages: the grade badge, an entry's kind and details in one line, its
// publication window, and the small navigation between the quality pages.
import { h } from './dom';
import { state } from './state';
import type { Entry, PublicEntry } from './quality-api';
import { tq, tqCode, type QcKey } from './quality-i18n';

export function gradeBadge(grade: string, testid?: string): HTMLElement {
    const tone = grade.startsWith('A') ? 'good' : grade === 'B' ? 'mid' : 'bad';
    return h('span', { class: `qc-grade qc-grade-${tone}`, 'data-grade': grade, 'data-testid': testid ?? null }, grade);
}

export function kindText(e: Pick<PublicEntry, 'kind' | 'subkind'>): string {
    const kind = tqCode('kind', e.kind);
    if (!e.subkind) return kind;
    return `${kind} · ${tqCode('sub', e.subkind)}`;
}

/** What the entry says: product and result of a sampling, decision number of a penalty, validity of a certificate. */
export function detailText(e: { kind: string; fields: Record<string, string>; outcome?: string; retest?: string; valid_until?: string | null }): string {
    const f = e.fields ?? {};
    const parts: string[] = [];
    if (f.product) parts.push(f.product);
    if (e.outcome) parts.push(tqCode('outcome', e.outcome));
    if (e.retest) parts.push(`re-test ${e.retest}`);
    if (f.items) parts.push(f.items);
    if (f.batch) parts.push(`${tq('qc.batch')} ${f.batch}`);
    if (f.authority) parts.push(f.authority);
    if (f.decision_no) parts.push(f.decision_no);
    if (f.amount_yuan) parts.push(`¥${f.amount_yuan}`);
    if (e.valid_until) parts.push(`→ ${e.valid_until}`);
    for (const [k, v] of Object.entries(f)) {
        if (!['product', 'items', 'batch', 'authority', 'decision_no', 'amount_yuan', 'report_no', 'finding'].includes(k)) parts.push(v);
    }
    if (f.finding) parts.push(f.finding);
    return parts.join(' · ') || '—';
}

export function windowText(e: Pick<Entry, 'published_from' | 'published_until'>): string {
    if (!e.published_from) return '—';
    return tq('qc.windowRange', { from: e.published_from, until: e.published_until ?? tq('qc.noEnd') });
}

/** Links between the quality pages; the logged-in ones only with a session. */
export function qualityTabs(current: 'public' | 'blacklist' | 'file' | 'office'): HTMLElement {
    const tabs: Array<[typeof current, string, QcKey]> = [
        ['public', '/quality', 'qc.publicNav'],
        ['blacklist', '/quality/blacklist', 'qc.blacklistNav'],
    ];
    const kind = state.session?.organisation.kind;
    if (state.session && kind !== 'authority' && kind !== 'association') tabs.push(['file', '/quality/file', 'qc.fileNav']);
    if (kind === 'authority' || kind === 'association') tabs.push(['office', '/quality/office', 'qc.officeNav']);
    return h(
        'nav',
        { class: 'qc-tabs', 'aria-label': tq('qc.nav') },
        tabs.map(([id, href, key]) =>
            h('a', { href, 'data-link': true, 'data-testid': `qc-tab-${id}`, class: id === current ? 'active' : '', 'aria-current': id === current ? 'page' : null }, tq(key)),
        ),
    );
}

export function gridTable(head: QcKey[], rows: HTMLElement[], testid: string, empty: QcKey): HTMLElement {
    if (!rows.length) return h('p', { class: 'muted', 'data-testid': testid }, tq(empty));
    return h(
        'div',
        { class: 'table-wrap' },
        h('table', { class: 'grid qc-table', 'data-testid': testid }, h('thead', null, h('tr', null, head.map((k) => h('th', null, tq(k))))), h('tbody', null, rows)),
    );
}
