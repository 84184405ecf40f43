// Characteristic view: the control chart (Xbar-R/S or I-MR) with limits, zones, spec lines and violation
// markers, zoom and a points/time-range selector; the histogram with the spec limits and a fitted normal
// curve; the capability panel (Cp, Cpk, Pp, Ppk with their intervals, ppm, normality, values left out); the event
// log. Values left out of the statistics (marked by their source or excluded by an engineer) are grey points with
// their reason, listed under the chart; an engineer leaves a value out or takes it back here. Attribute
// characteristics (p, np, c, u) show their chart without histogram and capability.
// Refreshes when the live stream reports points, alarms, acknowledgements, limits or exclusions of this characteristic.
import { dateTime, h, num } from '../dom';
import { spcApi, type Capability, type Characteristic, type ChartKind, type ChartView, type Interval, type Measurement, type SpcEvent } from '../spc-api';
import type { ChartHandle } from '../spc-charts';
import { charName, cpkClass, throttle, digitsFor, liveIndicator, message, specText, stateBadge, tileState } from '../spc-common';
import { ruleText, ts, type SpcKey } from '../spc-i18n';
import { listen, onLeave } from '../spc-live';
import { errorBox, loading, row } from '../widgets';

const kPointChoices = [25, 50, 100, 200, 500, 1000];
const kRangePoints = 5000;
const kEvents = 200;
const isAttribute = (chartType: string) => ['p', 'np', 'c', 'u'].includes(chartType);
const kRanges: Array<{ key: SpcKey; ms: number | null }> = [
    { key: 'spc.char.range.all', ms: null },
    { key: 'spc.char.range.1h', ms: 3600e3 },
    { key: 'spc.char.range.8h', ms: 8 * 3600e3 },
    { key: 'spc.char.range.24h', ms: 24 * 3600e3 },
    { key: 'spc.char.range.7d', ms: 7 * 24 * 3600e3 },
];

type Charts = typeof import('../spc-charts');
let chartsModule: Promise<Charts> | null = null;
const loadCharts = () => (chartsModule ??= import('../spc-charts'));

function ciText(ci: Interval | null | undefined): string {
    if (!ci || ci.length !== 2) return '';
    return `[${num(ci[0], 2)}, ${num(ci[1], 2)}]`;
}

function capabilityPanel(cap: Capability): HTMLElement {
    const pct = Math.round((cap.ci?.confidence ?? 0.95) * 100);
    const idx = (name: string, value: number | null, ci: Interval | null | undefined, testid: string) =>
        h(
            'tr',
            null,
            h('th', { scope: 'row' }, name),
            h('td', { class: `num cap-value ${name.startsWith('Cpk') || name.startsWith('Ppk') ? cpkClass(value) : ''}`, 'data-testid': testid }, num(value, 2)),
            h('td', { class: 'num muted', 'data-testid': `${testid}-ci` }, ciText(ci)),
        );
    const normal = cap.normality;
    return h(
        'div',
        { class: 'cap' },
        h(
            'div',
            { class: 'table-wrap' },
            h(
                'table',
                { class: 'grid compact cap-table' },
                h('thead', null, h('tr', null, h('th', null, ts('spc.cap.index')), h('th', { class: 'num' }, ts('spc.cap.value')), h('th', { class: 'num' }, ts('spc.cap.ci', { p: pct })))),
                h(
                    'tbody',
                    null,
                    h('tr', { class: 'cap-group' }, h('td', { colspan: 3 }, ts('spc.cap.within'))),
                    idx('Cp', cap.cp, cap.ci?.cp, 'cap-cp'),
                    idx('Cpk', cap.cpk, cap.ci?.cpk, 'cap-cpk'),
                    h('tr', { class: 'cap-group' }, h('td', { colspan: 3 }, ts('spc.cap.overall'))),
                    idx('Pp', cap.pp, cap.ci?.pp, 'cap-pp'),
                    idx('Ppk', cap.ppk, cap.ci?.ppk, 'cap-ppk'),
                    cap.cpm !== null ? idx('Cpm', cap.cpm, cap.ci?.cpm, 'cap-cpm') : null,
                ),
            ),
        ),
        h(
            'dl',
            { class: 'facts cap-facts' },
            row(ts('spc.cap.n'), String(cap.n), 'cap-n'),
            row(ts('spc.cap.leftOut'), h('span', { title: ts('spc.cap.leftOut.note', { n: cap.left_out ?? 0 }) }, String(cap.left_out ?? 0)), 'cap-left-out'),
            row(ts('spc.cap.mean'), num(cap.mean, 5)),
            row(ts('spc.cap.sigmaWithin'), num(cap.sigma_within, 6)),
            row(ts('spc.cap.sigmaOverall'), num(cap.sigma_overall, 6)),
            row(
                ts('spc.cap.ppm'),
                h(
                    'span',
                    { 'data-testid': 'cap-ppm' },
                    `${num(cap.ppm.observed, 0)} ${ts('spc.cap.ppm.observed')} · ${num(cap.ppm.expected_within, 1)} ${ts('spc.cap.ppm.within')} · ${num(cap.ppm.expected_overall, 1)} ${ts('spc.cap.ppm.overall')}`,
                ),
            ),
            normal
                ? row(
                      ts('spc.cap.normality'),
                      h('span', null, `AD ${num(normal.ad, 3)}, p ${normal.p < 0.001 ? '< 0.001' : num(normal.p, 3)}`, normal.p < 0.05 ? h('span', { class: 'badge warn', title: ts('spc.cap.notNormal') }, 'p < 0.05') : null),
                  )
                : null,
        ),
    );
}

/** The values of the chart's points left out of the statistics, with a take-back button for an engineer's exclusion. */
function leftOutList(values: Measurement[], digits: number, unit: string, canEdit: boolean, takeBack: (seq: number) => void): HTMLElement {
    if (!values.length) return h('div', { 'data-testid': 'left-out', 'data-count': '0' });
    return h(
        'div',
        { class: 'left-out', 'data-testid': 'left-out', 'data-count': String(values.length) },
        h('p', { class: 'muted small' }, ts('spc.char.leftOut.note', { n: values.length })),
        h(
            'div',
            { class: 'table-wrap' },
            h(
                'table',
                { class: 'grid compact' },
                h('thead', null, h('tr', null, h('th', null, ts('spc.char.point')), h('th', null, ts('spc.char.leftOut.seq')), h('th', { class: 'num' }, ts('spc.char.value')), h('th', null, ts('spc.char.leftOut.reason')), h('th', null, ''))),
                h(
                    'tbody',
                    null,
                    values.map((m) =>
                        h(
                            'tr',
                            { 'data-seq': m.seq },
                            h('td', { class: 'num' }, String(m.point ?? '')),
                            h('td', { class: 'num' }, String(m.seq)),
                            h('td', { class: 'num' }, `${num(m.value, digits)} ${unit}`),
                            h('td', { class: 'wrap' }, m.reason ?? ''),
                            h('td', null, canEdit && m.excluded_reason ? h('button', { type: 'button', class: 'btn-small', onclick: () => takeBack(m.seq) }, ts('spc.char.leftOut.takeBack')) : ''),
                        ),
                    ),
                ),
            ),
        ),
    );
}

function eventKind(kind: string): string {
    const key = `spc.events.kind.${kind}` as SpcKey;
    try {
        const text = ts(key);
        return text === key ? kind : text;
    } catch {
        return kind;
    }
}

function eventLog(events: SpcEvent[], digits: number, ruleSet: string): HTMLElement {
    if (!events.length) return h('p', { class: 'muted' }, ts('spc.events.none'));
    const acked = new Set(events.filter((e) => e.kind === 'acknowledgement').map((e) => e.ref_event_id));
    return h(
        'div',
        { class: 'table-wrap events-scroll' },
        h(
            'table',
            { class: 'grid compact events' },
            h('thead', null, h('tr', null, h('th', null, ts('spc.events.at')), h('th', null, ts('spc.events.kind')), h('th', null, ts('spc.char.point')), h('th', null, ts('spc.char.rules')), h('th', { class: 'num' }, ts('spc.char.value')), h('th', null, ts('spc.events.detail')))),
            h(
                'tbody',
                null,
                events.map((e) =>
                    h(
                        'tr',
                        { class: `ev-${e.kind}${e.kind === 'alarm' && !acked.has(e.id) ? ' open' : ''}`, 'data-event': e.id },
                        h('td', { class: 'nowrap' }, dateTime(e.at)),
                        h('td', null, h('span', { class: `badge ev ${e.kind}` }, eventKind(e.kind))),
                        h('td', { class: 'num' }, e.point !== null ? String(e.point) : ''),
                        h('td', null, e.rules ? e.rules.split(',').map((r) => h('span', { class: 'rule', title: ruleText(r.trim(), ruleSet) }, r.trim() === 'spec' ? ts('spc.alarms.rule.spec') : r.trim())) : ''),
                        h('td', { class: 'num' }, e.value !== null ? num(e.value, digits) : ''),
                        h('td', { class: 'wrap' }, e.kind === 'acknowledgement' ? `${e.cause ?? ''} → ${e.action ?? ''}` : e.message),
                    ),
                ),
            ),
        ),
    );
}

export function spcCharacteristicPage(route: { id: number; last: number | null }): HTMLElement {
    const id = route.id;
    let points = route.last && route.last > 0 ? Math.min(route.last, 5000) : 100;
    let rangeMs: number | null = null;
    let characteristic: Characteristic | null = null;
    let view: ChartView | null = null;
    let control: ChartHandle | null = null;
    let histogram: (ChartHandle & { updateHistogram(i: unknown): void }) | null = null;
    // Counts redraws so a watcher can tell a new drawing from the last one (a count, not a clock read).
    let renders = 0;
    let left = false;

    const title = h('h1', { 'data-testid': 'char-title' }, ts('spc.char.chart'));
    const facts = h('div', { class: 'char-facts' });
    const notice = h('div', { class: 'char-notice' });
    const chartBox = h('div', { class: 'spc-chart', 'data-testid': 'control-chart', role: 'figure' });
    const chartMsg = h('div');
    const leftOutBox = h('div', { class: 'left-out-box' });
    const histBox = h('div', { class: 'spc-hist', 'data-testid': 'histogram' });
    const histNote = h('p', { class: 'muted small' });
    const capBody = h('div', { 'data-testid': 'capability' }, loading());
    const capNote = h('span', { class: 'muted small' });
    const eventsBody = h('div', { 'data-testid': 'events' }, loading());
    const stateSlot = h('span');

    const pointsSelect = h(
        'select',
        {
            id: 'spc-points',
            'data-testid': 'points-select',
            onchange: () => {
                points = Number(pointsSelect.value);
                history.replaceState(null, '', `/spc/characteristics/${id}?last=${points}`);
                void refresh();
            },
        },
        [...new Set([...kPointChoices, points])].sort((a, b) => a - b).map((n) => h('option', { value: String(n), selected: n === points }, String(n))),
    );
    let kind: ChartKind = 'shewhart';
    const chartKindSelect = h(
        'select',
        {
            id: 'spc-kind',
            'data-testid': 'kind-select',
            onchange: () => {
                kind = chartKindSelect.value as ChartKind;
                // The series change meaning (EWMA statistic, CUSUM sums in sigma units): a new chart, not an update.
                control?.dispose();
                control = null;
                void refresh();
            },
        },
        (['shewhart', 'ewma', 'cusum'] as ChartKind[]).map((k) => h('option', { value: k, selected: k === kind }, ts(`spc.char.kind.${k}`))),
    );
    const chartKindLabel = h('label', { for: 'spc-kind' }, ts('spc.char.kind'), chartKindSelect);
    const rangeSelect = h(
        'select',
        {
            id: 'spc-range',
            'data-testid': 'range-select',
            onchange: () => {
                rangeMs = kRanges[Number(rangeSelect.value)].ms;
                // A time range reads up to kRangePoints points and shows those inside it; the count applies otherwise.
                pointsSelect.disabled = rangeMs !== null;
                void refresh();
            },
        },
        kRanges.map((r, i) => h('option', { value: String(i) }, ts(r.key))),
    );

    /** The points of the chart answer inside the chosen time range, with their times. The range ends at the latest
     *  value, not at the browser's "now": a line that stopped yesterday still shows its last hour. */
    const visible = () => {
        if (!view) return null;
        const pts = view.points;
        let from = 0;
        if (rangeMs !== null && view.times.length === pts.length) {
            const since = new Date(view.times[view.times.length - 1]).getTime() - rangeMs;
            from = pts.length;
            for (let i = 0; i < pts.length; i++) {
                if (new Date(view.times[i]).getTime() >= since) {
                    from = i;
                    break;
                }
            }
        }
        const primary = pts.slice(from);
        const firstIndex = primary.length ? primary[0].index : Number.POSITIVE_INFINITY;
        const secondary = view.secondary ? view.secondary.points.filter((p) => p.index >= firstIndex) : null;
        return { primary, secondary, times: view.times.slice(from) };
    };

    const draw = () => {
        if (!view || !characteristic || left) return;
        const c = characteristic;
        const vis = visible()!;
        const digits = digitsFor(c);
        const last = vis.primary[vis.primary.length - 1];
        chartBox.setAttribute('data-points', String(vis.primary.length));
        chartBox.setAttribute('data-left-out', String(vis.primary.filter((p) => p.left_out).length));
        chartBox.setAttribute('data-violations', String(vis.primary.filter((p) => p.violations.length).length));
        if (last) {
            chartBox.setAttribute('aria-label', `${charName(c)}: ${vis.primary.length} ${ts('spc.char.points')}, ${ts('spc.tile.last')} ${num(last.value, digits)} ${c.unit}, UCL ${num(last.ucl, digits)}, CL ${num(last.center, digits)}, LCL ${num(last.lcl, digits)}`);
            chartBox.setAttribute('data-ucl', String(last.ucl));
            chartBox.setAttribute('data-center', String(last.center));
            chartBox.setAttribute('data-lcl', String(last.lcl));
            chartBox.setAttribute('data-last', String(last.value));
        }
        if (!vis.primary.length) {
            chartMsg.replaceChildren(h('p', { class: 'muted' }, ts('spc.char.noPoints')));
        } else chartMsg.replaceChildren();
        const reasons = new Map<number, string>();
        for (const m of view.left_out ?? []) {
            if (m.point === undefined) continue;
            const text = `${m.seq}: ${m.reason ?? ''}`;
            reasons.set(m.point, reasons.has(m.point) ? `${reasons.get(m.point)}; ${text}` : text);
        }
        void loadCharts().then((charts) => {
            if (left || !view) return;
            const names = charts.seriesNames(view.type, view.secondary);
            const input = {
                primary: vis.primary,
                secondary: vis.secondary,
                primaryName: names.primary,
                secondaryName: names.secondary,
                times: vis.times,
                // CUSUM sums are in sigma units: the specification lines would not mean anything on them.
                spec: kind === 'cusum' ? { lsl: null, usl: null, nominal: null } : { lsl: c.lsl, usl: c.usl, nominal: c.nominal },
                digits,
                labels: { value: ts('spc.char.value'), violation: ts('spc.char.violation'), rules: ts('spc.char.rules'), time: ts('spc.char.time'), point: ts('spc.char.point'), leftOut: ts('spc.char.leftOut') },
                ruleText: (r: number) => ruleText(r, c.rules),
                leftOutReasons: reasons,
            };
            if (control) control.update(input);
            else control = charts.renderControlChart(chartBox, input);
            // The histogram shows the points that count only.
            const hist = { values: vis.primary.filter((p) => !p.left_out).map((p) => p.value), spec: input.spec, digits, labels: { count: ts('spc.char.count'), normal: ts('spc.char.normal') } };
            if (hist.values.length >= 2 && !isAttribute(c.chart_type) && kind === 'shewhart') {
                if (histogram) histogram.updateHistogram(hist);
                else histogram = charts.renderHistogram(histBox, hist);
            }
            chartBox.setAttribute('data-rendered', String(++renders));
        });
        histNote.textContent = c.subgroup_size > 1 ? ts('spc.char.histogram.means', { n: c.subgroup_size }) : ts('spc.char.histogram.individual');
    };

    const showHeader = (c: Characteristic, v: ChartView | null, events: SpcEvent[], cap: Capability | null) => {
        title.textContent = charName(c);
        const st = tileState({ characteristic: c, chart: v, capability: cap, events, eventsLimit: kEvents });
        stateSlot.replaceChildren(stateBadge(st.state, 'char-state'));
        facts.replaceChildren(
            h(
                'dl',
                { class: 'facts inline-facts' },
                row(ts('spc.char.spec'), specText(c), 'char-spec'),
                row(ts('spc.char.nominal'), c.nominal !== null ? `${num(c.nominal, 6)} ${c.unit}` : '—'),
                row(ts('spc.char.chartType'), v ? v.type.toUpperCase() : c.chart_type.toUpperCase()),
                row(ts('spc.char.subgroup'), String(c.subgroup_size)),
                row(ts('spc.char.ruleSet'), c.rules),
            ),
            c.granted_by_grant !== null ? h('span', { class: 'badge shared', 'data-testid': 'char-shared' }, ts('spc.shared', { org: c.org_id })) : '',
        );
        if (isAttribute(c.chart_type)) notice.replaceChildren(h('p', { class: 'muted small', 'data-testid': 'char-attribute' }, ts('spc.char.attribute', { type: c.chart_type })));
        else notice.replaceChildren();
        if (v && !v.limits_established) notice.appendChild(h('div', { class: 'alert warn' }, ts('spc.char.phase1', { n: c.phase1_subgroups })));
        else if (c.limits && c.limits.source && c.limits.source !== 'computed')
            notice.appendChild(h('p', { class: 'muted small' }, ts('spc.char.frozen', { source: c.limits.source, reason: c.limits.reason ?? '', at: dateTime(c.limits.at) })));
        if (st.reasons.length) notice.appendChild(h('p', { class: 'muted small', 'data-testid': 'char-reasons' }, st.reasons.join(' · ')));
    };

    let inFlight = false;
    let again = false;
    const refresh = async () => {
        if (inFlight) {
            again = true;
            return;
        }
        inFlight = true;
        try {
            const c = characteristic ?? (await spcApi.characteristic(id));
            characteristic = c;
            const loadPoints = rangeMs !== null ? kRangePoints : points;
            const [chart, cap, events] = await Promise.allSettled([
                spcApi.chart(id, loadPoints, undefined, isAttribute(c.chart_type) ? 'shewhart' : kind),
                spcApi.capability(id, loadPoints * Math.max(1, c.subgroup_size)),
                spcApi.events(id, kEvents),
            ]);
            if (left) return;
            if (chart.status === 'fulfilled') {
                view = chart.value;
                characteristic = chart.value.characteristic ? { ...c, ...chart.value.characteristic, granted_by_grant: c.granted_by_grant } : c;
                draw();
                const ch = characteristic;
                leftOutBox.replaceChildren(
                    leftOutList(view.left_out ?? [], digitsFor(ch), ch.unit, ch.granted_by_grant === null, (seq) => {
                        spcApi.include(id, seq).then(() => void refresh()).catch((err) => { recordMsg.textContent = message(err); });
                    }),
                );
            } else {
                view = null;
                chartMsg.replaceChildren(h('p', { class: 'muted', 'data-testid': 'chart-unavailable' }, message(chart.reason)));
            }
            attributeCards.forEach((card) => { card.hidden = isAttribute(characteristic!.chart_type); });
            chartKindLabel.hidden = isAttribute(characteristic.chart_type);
            if (cap.status === 'fulfilled') {
                capBody.replaceChildren(capabilityPanel(cap.value));
                capNote.textContent = ts('spc.cap.last', { n: cap.value.n }) + (cap.value.left_out ? ` · ${ts('spc.cap.leftOut.note', { n: cap.value.left_out })}` : '');
            } else {
                capBody.replaceChildren(h('p', { class: 'muted' }, ts('spc.cap.unavailable'), ': ', message(cap.reason)));
                capNote.textContent = '';
            }
            const evs = events.status === 'fulfilled' ? events.value.events : [];
            eventsBody.replaceChildren(events.status === 'fulfilled' ? eventLog(evs, digitsFor(characteristic), characteristic.rules) : errorBox(message(events.reason)));
            showHeader(characteristic, view, evs, cap.status === 'fulfilled' ? cap.value : null);
            showRecord(characteristic);
        } catch (e) {
            if (!left) chartMsg.replaceChildren(errorBox(message(e)));
        } finally {
            inFlight = false;
            if (again && !left) {
                again = false;
                void refresh();
            }
        }
    };

    // Shop-floor records for the plant's own engineers: a tool change or note, and frozen limits.
    const recordMsg = h('p', { class: 'muted small', 'data-testid': 'record-msg' });
    const kindSelect = h('select', { id: 'spc-record-kind', 'data-testid': 'record-kind' },
        h('option', { value: 'tool_change' }, eventKind('tool_change')),
        h('option', { value: 'note' }, eventKind('note'))) as HTMLSelectElement;
    const messageInput = h('input', { id: 'spc-record-message', 'data-testid': 'record-message', maxlength: '2000', required: true }) as HTMLInputElement;
    const centerInput = h('input', { id: 'spc-freeze-center', type: 'number', step: 'any', required: true, 'data-testid': 'freeze-center' }) as HTMLInputElement;
    const sigmaInput = h('input', { id: 'spc-freeze-sigma', type: 'number', step: 'any', min: '0', required: true, 'data-testid': 'freeze-sigma' }) as HTMLInputElement;
    const reasonInput = h('input', { id: 'spc-freeze-reason', required: true, 'data-testid': 'freeze-reason' }) as HTMLInputElement;
    const recordForm = h('form', { class: 'record-form', 'data-testid': 'record-form' },
        h('label', { for: 'spc-record-kind' }, ts('spc.record.kind'), kindSelect),
        h('label', { for: 'spc-record-message' }, ts('spc.record.message'), messageInput),
        h('button', { type: 'submit', class: 'btn-primary' }, ts('spc.record.submit'))) as HTMLFormElement;
    recordForm.addEventListener('submit', (e) => {
        e.preventDefault();
        spcApi.recordEvent(id, kindSelect.value as 'tool_change' | 'note', messageInput.value.trim())
            .then(() => { messageInput.value = ''; recordMsg.textContent = ts('spc.record.done'); void refresh(); })
            .catch((err) => { recordMsg.textContent = message(err); });
    });
    const freezeForm = h('form', { class: 'record-form', 'data-testid': 'freeze-form' },
        h('label', { for: 'spc-freeze-center' }, ts('spc.record.center'), centerInput),
        h('label', { for: 'spc-freeze-sigma' }, ts('spc.record.sigma'), sigmaInput),
        h('label', { for: 'spc-freeze-reason' }, ts('spc.record.reason'), reasonInput),
        h('button', { type: 'submit', class: 'btn-primary' }, ts('spc.record.freezeSubmit'))) as HTMLFormElement;
    freezeForm.addEventListener('submit', (e) => {
        e.preventDefault();
        spcApi.freezeLimits(id, Number(centerInput.value), Number(sigmaInput.value), reasonInput.value.trim())
            .then(() => { characteristic = null; recordMsg.textContent = ts('spc.record.done'); void refresh(); })
            .catch((err) => { recordMsg.textContent = message(err); });
    });
    const excludeSeq = h('input', { id: 'spc-exclude-seq', type: 'number', min: '0', step: '1', required: true, 'data-testid': 'exclude-seq' }) as HTMLInputElement;
    const excludeReason = h('input', { id: 'spc-exclude-reason', required: true, maxlength: '500', 'data-testid': 'exclude-reason' }) as HTMLInputElement;
    const excludeForm = h('form', { class: 'record-form', 'data-testid': 'exclude-form' },
        h('label', { for: 'spc-exclude-seq' }, ts('spc.record.excludeSeq'), excludeSeq),
        h('label', { for: 'spc-exclude-reason' }, ts('spc.record.reason'), excludeReason),
        h('button', { type: 'submit', class: 'btn-primary' }, ts('spc.record.excludeSubmit'))) as HTMLFormElement;
    excludeForm.addEventListener('submit', (e) => {
        e.preventDefault();
        spcApi.exclude(id, Number(excludeSeq.value), excludeReason.value.trim())
            .then(() => { excludeSeq.value = ''; excludeReason.value = ''; recordMsg.textContent = ts('spc.record.done'); void refresh(); })
            .catch((err) => { recordMsg.textContent = message(err); });
    });
    const recordCard = h('article', { class: 'card', 'data-testid': 'record-card', hidden: true },
        h('h2', null, ts('spc.record.title')), recordForm, h('h3', null, ts('spc.record.freeze')), freezeForm,
        h('h3', null, ts('spc.record.exclude')), excludeForm, recordMsg);
    const showRecord = (c: Characteristic) => {
        recordCard.hidden = c.granted_by_grant !== null;
        if (!centerInput.value && c.limits) {
            centerInput.value = String(c.limits.center);
            sigmaInput.value = String(c.limits.sigma);
        }
    };

    const histCard = h('article', { class: 'card' }, h('h2', null, ts('spc.char.histogram')), histNote, histBox);
    const capCard = h('article', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', null, ts('spc.cap.title')), capNote), capBody);
    const attributeCards = [histCard, capCard];

    const soon = throttle(() => void refresh(), 800);
    const stop = listen((m) => {
        if (m.characteristicId === id) soon();
    });
    onLeave(() => {
        left = true;
        stop();
        soon.cancel();
        control?.dispose();
        histogram?.dispose();
    });
    void refresh();

    return h(
        'section',
        { class: 'page spc spc-char', 'data-characteristic': id },
        h('p', { class: 'crumbs' }, h('a', { href: '/spc', 'data-link': true }, ts('spc.char.back'))),
        h('div', { class: 'spc-head' }, title, stateSlot, liveIndicator()),
        facts,
        notice,
        h(
            'article',
            { class: 'card chart-card' },
            h(
                'div',
                { class: 'chart-tools' },
                h('h2', null, ts('spc.char.chart')),
                h('label', { for: 'spc-points' }, ts('spc.char.points'), pointsSelect),
                h('label', { for: 'spc-range' }, ts('spc.char.range'), rangeSelect),
                chartKindLabel,
            ),
            chartMsg,
            chartBox,
            leftOutBox,
        ),
        h(
            'div',
            { class: 'cards char-cards' },
            histCard,
            capCard,
        ),
        h(
            'article',
            { class: 'card' },
            h('div', { class: 'card-head' }, h('h2', null, ts('spc.events.title')), h('a', { href: `/spc/alarms?c=${id}`, 'data-link': true, 'data-testid': 'char-alarms' }, ts('spc.char.alarms'))),
            eventsBody,
        ),
        recordCard,
    );
}
