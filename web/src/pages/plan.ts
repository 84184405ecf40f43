// Plan progress (GET /api/v1/plan/progress): every target of the plans with baseline, target range, latest actual,
// required, achieved and still-needed growth, status and the reasons a figure cannot be judged; then the enterprise
// tables as groups and the enterprise targets the caller may see (the office and the association all, a firm its
// own). Figures are shown as the server computed them.
import { request } from '../api';
import { h } from '../dom';
import { lang } from '../i18n';
import { tp, type PlanKey } from '../plan-i18n';
import { message } from '../spc-common';
import { errorBox, loading } from '../widgets';

interface Progress {
    status: string;
    reasons: string[];
    required_cagr_low: number | null;
    required_cagr_high: number | null;
    achieved_cagr: number | null;
    needed_cagr_low: number | null;
    needed_cagr_high: number | null;
    latest_actual: { year: number; value: number } | null;
    baseline_year: number | null;
    baseline_value: number | null;
    target_year: number | null;
    target_low: number | null;
    target_high: number | null;
}

interface Target extends Progress {
    id: number;
    key: string;
    plan: string;
    indicator_zh: string;
    indicator_en: string;
    unit: string;
    value_text: string;
    rank?: number | null;
    group?: string;
}

interface Group extends Progress {
    group: string;
    table_zh: string;
    members: number;
}

interface ProgressAnswer {
    targets: Target[];
    enterprise_groups: Group[];
    enterprises: Target[];
}

const plans = ['bearing', 'textile', 'farm_machinery'] as const;

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)} %`);
const range = (low: number | null, high: number | null) => (low === null ? '—' : high === null || high === low ? pct(low) : `${pct(low)} – ${pct(high)}`);
const num = (v: number | null) => (v === null ? '—' : v.toLocaleString(lang() === 'zh-CN' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 2 }));
const at = (year: number | null, value: string) => (year === null ? value : `${year}: ${value}`);

function statusBadge(status: string): HTMLElement {
    const level = status === 'on_track' ? 'ok' : status === 'at_risk' ? 'warn' : status === 'off_track' ? 'bad' : '';
    return h('span', { class: `badge ${level}`.trim(), 'data-status': status }, tp(`plan.status.${status}` as PlanKey));
}

function table(head: PlanKey[], rows: HTMLElement[], testid: string): HTMLElement {
    return h(
        'div',
        { class: 'table-wrap' },
        h('table', { class: 'grid', 'data-testid': testid }, h('thead', null, h('tr', null, head.map((k) => h('th', null, tp(k))))), h('tbody', null, rows)),
    );
}

function targetRow(t: Target, name: string): HTMLElement {
    const target = t.target_low === null ? t.value_text || '—' : t.target_high !== null && t.target_high !== t.target_low ? `${num(t.target_low)}–${num(t.target_high)}` : num(t.target_low);
    return h(
        'tr',
        { 'data-testid': `plan-target-${t.key || t.id}`, 'data-status': t.status },
        h('td', null, name),
        h('td', null, t.unit),
        h('td', { class: 'num nowrap' }, t.baseline_value === null ? '—' : at(t.baseline_year, num(t.baseline_value))),
        h('td', { class: 'num nowrap' }, at(t.target_year, target)),
        h('td', { class: 'num nowrap' }, t.latest_actual ? at(t.latest_actual.year, num(t.latest_actual.value)) : '—'),
        h('td', { class: 'num nowrap', 'data-testid': 'required' }, range(t.required_cagr_low, t.required_cagr_high)),
        h('td', { class: 'num nowrap' }, pct(t.achieved_cagr)),
        h('td', { class: 'num nowrap' }, range(t.needed_cagr_low, t.needed_cagr_high)),
        h('td', null, statusBadge(t.status)),
        h('td', { class: 'small muted notes' }, t.reasons.join('; ')),
    );
}

const indicatorName = (t: Target) => (lang() === 'zh-CN' ? t.indicator_zh : t.indicator_en || t.indicator_zh);

export function planPage(search: string): HTMLElement {
    const chosen = new URLSearchParams(search).get('plan');
    const plan = (plans as readonly string[]).includes(chosen ?? '') ? chosen : null;
    const body = h('div', null, loading());
    const tabs = h(
        'nav',
        { class: 'spc-tabs', 'data-testid': 'plan-tabs' },
        [null, ...plans].map((p) =>
            h('a', { href: p ? `/plan?plan=${p}` : '/plan', 'data-link': true, class: p === plan ? 'active' : '', 'aria-current': p === plan ? 'page' : null, 'data-testid': `plan-tab-${p ?? 'all'}` }, tp(p ? (`plan.${p}` as PlanKey) : 'plan.all')),
        ),
    );
    void (async () => {
        try {
            const a = await request<ProgressAnswer>('GET', `/plan/progress${plan ? `?plan=${plan}` : ''}`);
            const count = (s: string) => a.targets.filter((t) => t.status === s).length;
            const parts: HTMLElement[] = [
                h('p', { 'data-testid': 'plan-summary' }, tp('plan.summary', { n: a.targets.length, on: count('on_track'), risk: count('at_risk'), off: count('off_track'), none: count('no_actual') + count('not_computable') })),
                a.targets.length
                    ? table(['plan.indicator', 'plan.unit', 'plan.baseline', 'plan.target', 'plan.latest', 'plan.required', 'plan.achieved', 'plan.needed', 'plan.status', 'plan.why'], a.targets.map((t) => targetRow(t, indicatorName(t))), 'plan-targets')
                    : h('p', { class: 'muted' }, tp('plan.none')),
            ];
            if (a.enterprise_groups.length) {
                parts.push(
                    h('h2', { class: 'section-title' }, tp('plan.groups')),
                    table(
                        ['plan.group', 'plan.members', 'plan.baseline', 'plan.target', 'plan.latest', 'plan.required', 'plan.achieved', 'plan.needed', 'plan.status', 'plan.why'],
                        a.enterprise_groups.map((g) =>
                            h(
                                'tr',
                                { 'data-testid': `plan-group-${g.group}`, 'data-status': g.status },
                                h('td', null, g.table_zh),
                                h('td', { class: 'num' }, String(g.members)),
                                h('td', { class: 'num nowrap' }, g.baseline_value === null ? '—' : at(g.baseline_year, num(g.baseline_value))),
                                h('td', { class: 'num nowrap' }, at(g.target_year, g.target_high !== null && g.target_high !== g.target_low ? `${num(g.target_low)}–${num(g.target_high)}` : num(g.target_low))),
                                h('td', { class: 'num nowrap' }, g.latest_actual ? at(g.latest_actual.year, num(g.latest_actual.value)) : '—'),
                                h('td', { class: 'num nowrap', 'data-testid': 'required' }, range(g.required_cagr_low, g.required_cagr_high)),
                                h('td', { class: 'num nowrap' }, pct(g.achieved_cagr)),
                                h('td', { class: 'num nowrap' }, range(g.needed_cagr_low, g.needed_cagr_high)),
                                h('td', null, statusBadge(g.status)),
                                h('td', { class: 'small muted notes' }, g.reasons.join('; ')),
                            ),
                        ),
                        'plan-groups',
                    ),
                );
            }
            parts.push(h('h2', { class: 'section-title' }, tp('plan.enterprises')));
            parts.push(
                a.enterprises.length
                    ? table(['plan.indicator', 'plan.unit', 'plan.baseline', 'plan.target', 'plan.latest', 'plan.required', 'plan.achieved', 'plan.needed', 'plan.status', 'plan.why'], a.enterprises.map((t) => targetRow(t, `${t.rank ? `${t.rank}. ` : ''}${indicatorName(t)}`)), 'plan-enterprises')
                    : h('p', { class: 'muted', 'data-testid': 'plan-enterprises' }, tp('plan.noEnterprises')),
            );
            body.replaceChildren(...parts);
        } catch (e) {
            body.replaceChildren(errorBox(message(e)));
        }
    })();
    return h('section', { class: 'page plan', 'data-testid': 'plan-page' }, h('h1', null, tp('plan.title')), h('p', { class: 'muted' }, tp('plan.text')), tabs, body);
}
