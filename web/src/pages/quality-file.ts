// A firm's own quality credit file: the grade of today with the computation item by item (points, the entries used,
// veto items), every entry the authority holds (public or not, corrections pointing at what they correct), an
// objection form on each entry, and the firm's objections with their deadlines and outcome.
import { h } from '../dom';
import { ApiError } from '../api';
import { message } from '../spc-common';
import { errorBox, loading } from '../widgets';
import { qualityApi, type CreditFile, type Entry, type Objection } from '../quality-api';
import { detailText, gradeBadge, gridTable, kindText, qualityTabs, windowText } from '../quality-common';
import { ruleLabel, tq, tqCode } from '../quality-i18n';

export function ratingCard(file: CreditFile): HTMLElement {
    const r = file.rating;
    return h(
        'article',
        { class: 'card qc-rating', 'data-testid': 'qc-rating' },
        h('div', { class: 'qc-rating-head' }, gradeBadge(r.grade, 'qc-grade-now'), h('span', { 'data-testid': 'qc-score' }, tq('qc.gradeLine', { grade: r.grade, score: r.score, band: r.score_grade, on: r.on }))),
        h('h2', null, tq('qc.why')),
        gridTable(
            ['qc.item', 'qc.points', 'qc.computation', 'qc.used'],
            r.items.map((i) =>
                h(
                    'tr',
                    { 'data-testid': `qc-item-${i.id}` },
                    h('td', null, ruleLabel(i)),
                    h('td', { class: 'num' }, `${i.points} / ${i.max}`),
                    h('td', { class: 'wrap' }, h('code', null, i.computation)),
                    h('td', null, i.entries.length ? i.entries.map((id) => `#${id}`).join(', ') : '—'),
                ),
            ),
            'qc-items',
            'qc.noEntries',
        ),
        h('h3', null, tq('qc.vetoes')),
        r.vetoes.length
            ? h(
                  'ul',
                  { 'data-testid': 'qc-vetoes' },
                  r.vetoes.map((v) =>
                      h('li', null, `${ruleLabel(v)}: ${tq('qc.vetoCap', { cap: v.cap })}`, v.entries.length ? ` (#${v.entries.join(', #')})` : ''),
                  ),
              )
            : h('p', { class: 'muted', 'data-testid': 'qc-vetoes' }, tq('qc.noVetoes')),
    );
}

function stateText(e: Entry): string {
    if (e.followed_by && e.followed_by.length) return tq('qc.state.replaced', { ids: e.followed_by.map((i) => `#${i}`).join(', ') });
    if (e.kind === 'withdrawal' || e.kind === 'repair') return tq('qc.state.pointsAt', { id: `#${e.corrects}` });
    if (e.corrects) return `${tq('qc.state.effective')} · ${tq('qc.state.pointsAt', { id: `#${e.corrects}` })}`;
    return e.effective ? tq('qc.state.effective') : tq('qc.state.past');
}

export function objectionRows(list: Objection[], withFirm: boolean): HTMLElement[] {
    return list.map((o) =>
        h(
            'tr',
            { 'data-testid': `qc-objection-${o.id}`, 'data-status': o.status, class: o.overdue ? 'qc-overdue' : '' },
            h('td', null, `#${o.id}`),
            withFirm ? h('td', { class: 'wrap' }, o.firm_name_zh ?? String(o.firm_id)) : null,
            h('td', { class: 'wrap' }, `#${o.entry_id}`, o.entry ? h('div', { class: 'small muted' }, `${kindText(o.entry)} · ${o.entry.date}`) : null),
            h('td', null, o.filed_on),
            h('td', null, h('span', { 'data-testid': `qc-deadline-${o.id}` }, o.deadline), o.overdue ? h('span', { class: 'badge qc-overdue-badge', 'data-testid': `qc-overdue-${o.id}` }, tq('qc.overdue')) : null),
            h('td', null, h('span', { class: `badge qc-status-${o.status}`, 'data-testid': `qc-status-${o.id}` }, tqCode('status', o.status)), o.decided_on ? h('div', { class: 'small muted' }, o.decided_on) : null),
            h('td', { class: 'wrap qc-text' }, o.grounds, o.decision_reasons ? h('div', { class: 'small' }, `${tq('qc.reasons')}: ${o.decision_reasons}`) : null),
        ),
    );
}

export function qualityFilePage(): HTMLElement {
    const status = h('div', { role: 'status', 'data-testid': 'qc-status' });
    const body = h('div', null, loading());

    const objectionForm = (entry: Entry, close: () => void): HTMLElement => {
        const grounds = h('textarea', { id: `qc-grounds-${entry.id}`, 'data-testid': 'qc-grounds', rows: 3, required: true, maxlength: 2000 });
        const evidence = h('input', { id: `qc-evidence-${entry.id}`, 'data-testid': 'qc-evidence', maxlength: 500 });
        const other = h('input', { id: `qc-other-${entry.id}`, type: 'checkbox', 'data-testid': 'qc-other-units' });
        const error = h('div');
        return h(
            'form',
            {
                class: 'qc-objection-form card',
                'data-testid': 'qc-objection-form',
                onsubmit: async (ev: Event) => {
                    ev.preventDefault();
                    try {
                        const o = await qualityApi.fileObjection({ entry: entry.id, grounds: grounds.value.trim(), evidence: evidence.value.trim() || undefined, other_units: other.checked });
                        status.replaceChildren(h('div', { class: 'alert ok', 'data-testid': 'qc-filed' }, tq('qc.filed', { id: o.id, deadline: o.deadline })));
                        void load();
                    } catch (e) {
                        error.replaceChildren(errorBox(message(e)));
                    }
                },
            },
            h('h3', null, tq('qc.objectTo', { id: entry.id })),
            h('label', { for: grounds.id }, tq('qc.groundsLabel')),
            grounds,
            h('label', { for: evidence.id }, tq('qc.evidence')),
            evidence,
            h('label', { class: 'qc-check' }, other, ' ', tq('qc.otherUnits')),
            error,
            h('div', { class: 'form-buttons' }, h('button', { type: 'submit', class: 'btn-primary', 'data-testid': 'qc-submit-objection' }, tq('qc.file')), h('button', { type: 'button', class: 'btn-quiet', onclick: close }, tq('qc.cancel'))),
        );
    };

    const load = async () => {
        let file: CreditFile;
        try {
            file = await qualityApi.ownFile();
        } catch (e) {
            body.replaceChildren(e instanceof ApiError && e.status === 404 ? h('p', { class: 'alert warn' }, tq('qc.notFirm')) : errorBox(message(e)));
            return;
        }
        const open = new Set(file.objections.filter((o) => o.status === 'open').map((o) => o.entry_id));
        const rows: HTMLElement[] = [];
        for (const e of [...file.entries].reverse()) {
            const formRow = h('tr', { class: 'qc-form-row', hidden: true }, h('td', { colspan: 6 }));
            const canObject = e.kind !== 'withdrawal' && e.kind !== 'repair' && !open.has(e.id) && !(e.followed_by && e.followed_by.length);
            const button = canObject
                ? h('button', {
                      type: 'button',
                      class: 'btn small',
                      'data-testid': `qc-object-${e.id}`,
                      onclick: () => {
                          formRow.hidden = false;
                          (formRow.firstChild as HTMLElement).replaceChildren(objectionForm(e, () => (formRow.hidden = true)));
                          (formRow.querySelector('textarea') as HTMLTextAreaElement | null)?.focus();
                      },
                  }, tq('qc.object'))
                : open.has(e.id)
                  ? h('span', { class: 'badge warn' }, tq('qc.underObjection'))
                  : null;
            rows.push(
                h(
                    'tr',
                    { 'data-testid': `qc-entry-${e.id}`, 'data-effective': String(!!e.effective), class: e.followed_by?.length ? 'qc-replaced' : '' },
                    h('td', null, `#${e.id}`, h('div', { class: 'small muted' }, e.date)),
                    h('td', null, kindText(e)),
                    h('td', { class: 'wrap' }, detailText(e), h('div', { class: 'small muted' }, `${tq('qc.source')}: ${e.source || '—'}`)),
                    h('td', null, windowText(e)),
                    h('td', { class: 'wrap', 'data-testid': `qc-state-${e.id}` }, stateText(e)),
                    h('td', null, button),
                ),
                formRow,
            );
        }
        body.replaceChildren(
            h('h1', { 'data-testid': 'qc-file-name' }, file.firm.name_zh),
            h('p', { class: 'muted' }, h('code', null, file.firm.credit_code ?? '—'), ' · ', tq('qc.file.text')),
            ratingCard(file),
            h('h2', null, tq('qc.objections')),
            gridTable(['qc.objections', 'qc.entry', 'qc.filedOn', 'qc.deadline', 'qc.state', 'qc.groundsLabel'], objectionRows(file.objections, false), 'qc-objections', 'qc.noObjections'),
            h('h2', null, tq('qc.allEntries')),
            gridTable(['qc.entry', 'qc.kind', 'qc.detail', 'qc.window', 'qc.state', 'qc.object'], rows, 'qc-entries', 'qc.noEntries'),
            h('h2', null, tq('qc.grades')),
            h(
                'p',
                { class: 'small muted', 'data-testid': 'qc-grades' },
                file.grades.slice(-8).map((g, i) => [i ? ' → ' : '', `${g.rated_on} ${g.grade} (${g.score})`]),
            ),
        );
    };
    void load();
    return h('section', { class: 'page qc-page' }, qualityTabs('file'), status, body);
}
