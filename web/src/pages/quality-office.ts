// The authority's and the association's objection queue: open objections with their deadlines (overdue ones marked),
// the objected entry, the firm's grounds and evidence, and the decision — upheld (carried out at once by a correcting
// entry: a failed sampling corrected to passed, or the entry withdrawn) or rejected with reasons. Decided objections
// follow below.
import { h } from '../dom';
import { message } from '../spc-common';
import { state } from '../state';
import { errorBox, loading } from '../widgets';
import { qualityApi, type Objection } from '../quality-api';
import { gridTable, qualityTabs } from '../quality-common';
import { objectionRows } from './quality-file';
import { tq, tqCode } from '../quality-i18n';

export function qualityOfficePage(): HTMLElement {
    const kind = state.session?.organisation.kind;
    if (kind !== 'authority' && kind !== 'association') {
        return h('section', { class: 'page qc-page' }, qualityTabs('office'), h('p', { class: 'alert warn' }, tq('qc.notKeeper')));
    }
    const status = h('div', { role: 'status', 'data-testid': 'qc-status' });
    const openBody = h('div', null, loading());
    const doneBody = h('div');

    const decideForm = (o: Objection): HTMLElement => {
        const reasons = h('textarea', { id: `qc-reasons-${o.id}`, 'data-testid': `qc-reasons-${o.id}`, rows: 2, maxlength: 2000 });
        const correctable = o.entry?.kind === 'sampling_inspection' && o.entry.outcome === 'fail';
        const remedy = h(
            'select',
            { id: `qc-remedy-${o.id}`, 'data-testid': `qc-remedy-${o.id}` },
            correctable ? h('option', { value: 'pass' }, tq('qc.remedy.pass')) : null,
            h('option', { value: 'withdraw' }, tq('qc.remedy.withdraw')),
        );
        const error = h('div');
        const decide = async (decision: 'upheld' | 'rejected') => {
            error.replaceChildren();
            const body: { status: 'upheld' | 'rejected'; reasons: string; correction?: Record<string, unknown> } = { status: decision, reasons: reasons.value.trim() };
            if (decision === 'upheld' && remedy.value === 'pass' && o.entry) {
                body.correction = { date: o.entry.date, outcome: 'pass', fields: o.entry.fields };
            }
            try {
                const d = await qualityApi.decide(o.id, body);
                status.replaceChildren(
                    h('div', { class: 'alert ok', 'data-testid': 'qc-decided' }, tq('qc.decidedMsg', { id: d.id, status: tqCode('status', d.status), grade: d.rating?.grade ?? '—', score: d.rating?.score ?? '—' })),
                );
                void load();
            } catch (e) {
                error.replaceChildren(errorBox(message(e)));
            }
        };
        return h(
            'div',
            { class: 'qc-decide', 'data-testid': `qc-decide-${o.id}` },
            h('label', { for: reasons.id }, tq('qc.decisionReasons')),
            reasons,
            h('label', { for: remedy.id }, tq('qc.remedy')),
            remedy,
            error,
            h(
                'div',
                { class: 'form-buttons' },
                h('button', { type: 'button', class: 'btn-primary', 'data-testid': `qc-uphold-${o.id}`, onclick: () => void decide('upheld') }, tq('qc.uphold')),
                h('button', { type: 'button', class: 'btn', 'data-testid': `qc-reject-${o.id}`, onclick: () => void decide('rejected') }, tq('qc.reject')),
            ),
        );
    };

    const load = async () => {
        try {
            const { objections } = await qualityApi.objections(false);
            const open = objections.filter((o) => o.status === 'open');
            const done = objections.filter((o) => o.status !== 'open').reverse();
            openBody.replaceChildren(
                open.length
                    ? h(
                          'div',
                          { class: 'qc-queue', 'data-testid': 'qc-queue' },
                          open.map((o) =>
                              h(
                                  'article',
                                  { class: `card qc-case${o.overdue ? ' qc-overdue' : ''}`, 'data-testid': `qc-case-${o.id}` },
                                  gridTable(['qc.objections', 'qc.firm', 'qc.entry', 'qc.filedOn', 'qc.deadline', 'qc.state', 'qc.groundsLabel'], objectionRows([o], true), `qc-case-table-${o.id}`, 'qc.office.none'),
                                  decideForm(o),
                              ),
                          ),
                      )
                    : h('p', { class: 'muted', 'data-testid': 'qc-queue' }, tq('qc.office.none')),
            );
            doneBody.replaceChildren(
                h('h2', null, tq('qc.office.decided')),
                gridTable(['qc.objections', 'qc.firm', 'qc.entry', 'qc.filedOn', 'qc.deadline', 'qc.state', 'qc.groundsLabel'], objectionRows(done, true), 'qc-decided-list', 'qc.noObjections'),
            );
        } catch (e) {
            openBody.replaceChildren(errorBox(message(e)));
        }
    };
    void load();
    return h(
        'section',
        { class: 'page qc-page' },
        qualityTabs('office'),
        h('h1', { 'data-testid': 'qc-title' }, tq('qc.office.title')),
        h('p', { class: 'muted' }, tq('qc.office.text')),
        status,
        openBody,
        doneBody,
    );
}
