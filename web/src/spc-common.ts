// Pieces shared by the SPC pages: the tab bar, the live indicator, the state of a characteristic's tile,
// and small formatters. The state rules are those of the line overview:
//   red   — an open (unacknowledged) alarm, or the last value outside the specification;
//   amber — Cpk below 1.33, or a rule violation in the window shown that has been acknowledged;
//   green — in control and capable;  grey — no values yet.
import { ApiError } from './api';
import { h, num } from './dom';
import { t } from './i18n';
import type { Capability, Characteristic, ChartView, SpcEvent } from './spc-api';
import { onLiveStatus, onLeave } from './spc-live';
import { ts, type SpcKey } from './spc-i18n';

export const kCapableCpk = 1.33;

export type TileState = 'green' | 'amber' | 'red' | 'grey';

export interface StateInput {
    characteristic: Characteristic;
    chart: ChartView | null;
    capability: Capability | null;
    events: SpcEvent[];
    /** The number of newest events asked for: when that many came back, older open alarms may exist. */
    eventsLimit?: number;
}

export interface StateOutcome {
    state: TileState;
    reasons: string[];
    openAlarms: number;
    lastValue: number | null;
}

/** Alarms among the events that no acknowledgement refers to. */
export function openAlarms(events: SpcEvent[]): SpcEvent[] {
    const acked = new Set(events.filter((e) => e.kind === 'acknowledgement' && e.ref_event_id !== null).map((e) => e.ref_event_id));
    return events.filter((e) => e.kind === 'alarm' && !acked.has(e.id));
}

export function outOfSpec(c: Characteristic, value: number | null): boolean {
    if (value === null || !Number.isFinite(value)) return false;
    return (c.lsl !== null && value < c.lsl) || (c.usl !== null && value > c.usl);
}

export function tileState(input: StateInput): StateOutcome {
    const { characteristic: c, chart, capability, events } = input;
    const points = chart?.points ?? [];
    // The last point that counts: a value left out of the statistics (marked or excluded) raises nothing.
    const counted = points.filter((p) => !p.left_out);
    const last = counted.length ? counted[counted.length - 1].value : null;
    const open = openAlarms(events).length;
    const reasons: string[] = [];
    if (last === null && open === 0) return { state: 'grey', reasons: [ts('spc.tile.noData')], openAlarms: 0, lastValue: null };
    let state: TileState = 'green';
    const capped = input.eventsLimit !== undefined && events.length >= input.eventsLimit;
    if (open > 0) reasons.push(ts('spc.reason.openAlarm', { n: capped ? `${open}+` : open }));
    if (outOfSpec(c, last)) reasons.push(ts('spc.reason.outOfSpec'));
    if (reasons.length) state = 'red';
    else {
        if (capability?.cpk !== null && capability?.cpk !== undefined && capability.cpk < kCapableCpk) reasons.push(ts('spc.reason.lowCpk'));
        const firstShown = points.length ? points[0].index : Number.POSITIVE_INFINITY;
        const ackedInWindow = events.some((e) => e.kind === 'alarm' && e.point !== null && e.point >= firstShown);
        if (ackedInWindow) reasons.push(ts('spc.reason.acked'));
        if (reasons.length) state = 'amber';
    }
    if (chart && !chart.limits_established) reasons.push(ts('spc.reason.phase1'));
    return { state, reasons, openAlarms: open, lastValue: last };
}

export function stateBadge(state: TileState, testid?: string): HTMLElement {
    return h('span', { class: `spc-state ${state}`, 'data-testid': testid ?? null, 'data-state': state }, ts(`spc.state.${state}` as SpcKey));
}

export function cpkClass(cpk: number | null | undefined): string {
    if (cpk === null || cpk === undefined || !Number.isFinite(cpk)) return '';
    return cpk >= kCapableCpk ? 'good' : cpk >= 1 ? 'fair' : 'poor';
}

export function message(e: unknown): string {
    if (e instanceof ApiError) return e.status === 0 ? t('common.network') : e.message + (e.field ? ` (${e.field})` : '');
    return e instanceof Error ? e.message : String(e);
}

/** "part feature" as a characteristic is named on the shop floor. */
export function charName(c: Pick<Characteristic, 'part_number' | 'feature'>): string {
    return [c.part_number, c.feature].filter((s) => s && s.length).join(' · ');
}

export function specText(c: Characteristic): string {
    const unit = c.unit ? ` ${c.unit}` : '';
    if (c.lsl !== null && c.usl !== null) return `${num(c.lsl, 6)} … ${num(c.usl, 6)}${unit}`;
    if (c.usl !== null) return `≤ ${num(c.usl, 6)}${unit}`;
    if (c.lsl !== null) return `≥ ${num(c.lsl, 6)}${unit}`;
    return '—';
}

/** Digits of the characteristic's resolution (or 4 decimals), one more for subgroup means. */
export function digitsFor(c: Characteristic): number {
    const extra = c.subgroup_size > 1 ? 1 : 0; // a mean carries one digit more than a reading
    if (c.resolution && c.resolution > 0) return Math.min(8, Math.max(0, Math.round(-Math.log10(c.resolution))) + extra);
    return 4 + extra;
}

type Tab = 'overview' | 'alarms' | 'grants' | 'setup';

export function spcTabs(current: Tab): HTMLElement {
    const tab = (id: Tab, path: string, key: SpcKey) =>
        h('a', { href: path, 'data-link': true, class: id === current ? 'active' : '', 'aria-current': id === current ? 'page' : null, 'data-testid': `spc-tab-${id}` }, ts(key));
    return h(
        'nav',
        { class: 'spc-tabs', 'aria-label': t('nav.spc') },
        tab('overview', '/spc', 'spc.tab.overview'),
        tab('alarms', '/spc/alarms', 'spc.tab.alarms'),
        tab('grants', '/spc/grants', 'spc.tab.grants'),
        tab('setup', '/spc/setup', 'spc.tab.setup'),
    );
}

/** A dot and word showing whether the live stream is connected; follows it until the page is left. */
export function liveIndicator(): HTMLElement {
    const el = h('span', { class: 'live-dot', 'data-testid': 'live-status', role: 'status' });
    const stop = onLiveStatus((up) => {
        el.className = up ? 'live-dot on' : 'live-dot';
        el.textContent = up ? ts('spc.overview.live') : ts('spc.overview.offline');
        el.setAttribute('data-live', up ? 'on' : 'off');
    });
    onLeave(stop);
    return el;
}

/** Runs fn at most once per `ms`, the last call winning (for bursts of live events). */
export function debounce(fn: () => void, ms: number): { (): void; cancel(): void } {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const call = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
            timer = null;
            fn();
        }, ms);
    };
    call.cancel = () => {
        if (timer) clearTimeout(timer);
        timer = null;
    };
    return call;
}

/** Runs fn after a short pause, then at most once per `ms` while calls keep coming (live events of a busy line). */
export function throttle(fn: () => void, ms: number): { (): void; cancel(): void } {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const call = () => {
        if (timer) return;
        const wait = Math.max(150, last + ms - performance.now());
        timer = setTimeout(() => {
            timer = null;
            last = performance.now();
            fn();
        }, wait);
    };
    call.cancel = () => {
        if (timer) clearTimeout(timer);
        timer = null;
    };
    return call;
}

/** A small SVG line of the last values with the spec limits as a band, for the tiles. */
export function sparkline(values: number[], c: Characteristic, limits: { lcl: number; ucl: number } | null): SVGSVGElement {
    const ns = 'http://www.w3.org/2000/svg';
    const w = 160;
    const hgt = 36;
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
    svg.setAttribute('class', 'spark');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('preserveAspectRatio', 'none');
    if (values.length < 2) return svg;
    const all = [...values];
    if (limits) all.push(limits.lcl, limits.ucl);
    let lo = Math.min(...all);
    let hi = Math.max(...all);
    if (hi - lo < 1e-12) {
        lo -= 1;
        hi += 1;
    }
    const pad = (hi - lo) * 0.08;
    lo -= pad;
    hi += pad;
    const y = (v: number) => hgt - ((v - lo) / (hi - lo)) * hgt;
    const x = (i: number) => (i / (values.length - 1)) * w;
    if (limits) {
        for (const v of [limits.lcl, limits.ucl]) {
            const l = document.createElementNS(ns, 'line');
            l.setAttribute('x1', '0');
            l.setAttribute('x2', String(w));
            l.setAttribute('y1', y(v).toFixed(1));
            l.setAttribute('y2', y(v).toFixed(1));
            l.setAttribute('class', 'spark-limit');
            svg.appendChild(l);
        }
    }
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' '));
    line.setAttribute('class', 'spark-line');
    svg.appendChild(line);
    values.forEach((v, i) => {
        if (!outOfSpec(c, v) && !(limits && (v > limits.ucl || v < limits.lcl))) return;
        const dot = document.createElementNS(ns, 'circle');
        dot.setAttribute('cx', x(i).toFixed(1));
        dot.setAttribute('cy', y(v).toFixed(1));
        dot.setAttribute('r', '2.5');
        dot.setAttribute('class', 'spark-bad');
        svg.appendChild(dot);
    });
    return svg;
}
