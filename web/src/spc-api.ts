// Client of the shop-floor SPC part of the API: lines, characteristics, charts, capability, events,
// alarms and customer grants (docs/openapi.yaml). Numbers come as the server computed them; nothing is recomputed here.
import { request } from './api';

export interface Line {
    id: number;
    plant_id: number;
    code: string;
    name: string;
}

export interface Limits {
    center: number;
    sigma: number;
    source: string | null;
    reason: string | null;
    at: string | null;
}

export interface Characteristic {
    id: number;
    org_id: number;
    line_id: number;
    code: string;
    part_number: string;
    feature: string;
    nominal: number | null;
    lsl: number | null;
    usl: number | null;
    unit: string;
    resolution: number | null;
    subgroup_size: number;
    chart_type: string;
    rules: string;
    phase1_subgroups: number;
    limits: Limits | null;
    granted_by_grant: number | null;
    created_at: string;
}

export interface ChartPoint {
    index: number;
    /** null for a moving range that does not exist (at a left-out point). */
    value: number;
    center: number;
    lcl: number;
    ucl: number;
    violations: number[];
    /** Plotted but left out of the statistics (all its values marked by their source or excluded). */
    left_out?: boolean;
}

/** A stored value with its mark (GET /characteristics/{id}/measurements, and the chart's left_out list). */
export interface Measurement {
    seq: number;
    time: string;
    value: number;
    size?: number;
    subgroup: string | null;
    part: string | null;
    operator: string | null;
    gauge: string | null;
    /** The source's mark (AQDEF K0002): 0 valid; 129 invalid, 255 placeholder, 256 delete on import, 290 implausible. */
    attributes: number;
    excluded_reason: string | null;
    counts: boolean;
    reason?: string;
    /** Chart left_out list only: the (absolute) point the value belongs to. */
    point?: number;
}

export interface ChartSeries {
    type: string;
    center: number | null;
    lcl: number | null;
    ucl: number | null;
    sigma: number | null;
    points: ChartPoint[];
}

export interface ChartView extends ChartSeries {
    secondary?: ChartSeries | null;
    first_point: number;
    times: string[];
    limits_established: boolean;
    characteristic: Characteristic;
    /** The values of these points left out of the statistics, with their point and reason. */
    left_out?: Measurement[];
}

/** A confidence interval as [lower, upper]. */
export type Interval = [number, number];

export interface Capability {
    n: number;
    mean: number;
    sigma_within: number;
    sigma_overall: number;
    cp: number | null;
    cpk: number | null;
    cpm: number | null;
    pp: number | null;
    ppk: number | null;
    ci: {
        confidence: number;
        cp: Interval | null;
        cpk: Interval | null;
        cpm: Interval | null;
        pp: Interval | null;
        ppk: Interval | null;
    };
    ppm: { observed: number; expected_within: number; expected_overall: number };
    normality: { ad: number; p: number } | null;
    /** How many of the last values were left out (marked or excluded). */
    left_out?: number;
}

export interface SpcEvent {
    id: number;
    kind: string;
    at: string;
    characteristic_id: number | null;
    point: number | null;
    rules: string | null;
    value: number | null;
    message: string;
    user_id: number | null;
    cause: string | null;
    action: string | null;
    ref_event_id: number | null;
}

export interface Alarm extends SpcEvent {
    acknowledgement: SpcEvent | null;
}

export interface Grant {
    id: number;
    org_id: number;
    grantee_org_id: number;
    line_id: number | null;
    characteristic_id: number | null;
    state: 'active' | 'expired' | 'revoked';  // by the server's clock
    expires_at: string;
    created_at: string;
    revoked_at: string | null;
}

/** The `measurements` event of the live stream. */
export interface MeasurementsEvent {
    characteristic_id: number;
    first_seq: number;
    count: number;
}

const id = (n: number) => encodeURIComponent(String(n));

function absoluteIndices(v: ChartView): ChartView {
    const first = Number.isInteger(v.first_point) ? v.first_point : 0;
    const shift = (s: ChartSeries): ChartSeries => ({ ...s, points: s.points.map((p) => ({ ...p, index: p.index + first })) });
    return { ...v, ...shift(v), secondary: v.secondary ? shift(v.secondary) : null };
}

export interface Plant {
    id: number;
    name: string;
    created_at: string;
}

/** What a new characteristic needs (POST /characteristics); the server fills in the rest. */
export interface NewCharacteristic {
    line_id: number;
    code: string;
    feature: string;
    part_number?: string;
    nominal?: number;
    lsl?: number;
    usl?: number;
    unit?: string;
    subgroup_size?: number;
    chart_type?: string;
}

/** Which chart of a measured characteristic: its own (Xbar-R, Xbar-S, I-MR), or EWMA / CUSUM against the target. */
export type ChartKind = 'shewhart' | 'ewma' | 'cusum';

export const spcApi = {
    plants: () => request<{ plants: Plant[] }>('GET', '/plants'),
    createPlant: (name: string) => request<Plant>('POST', '/plants', { name }),
    createLine: (plant_id: number, code: string, name: string) => request<Line>('POST', '/lines', { plant_id, code, name }),
    createCharacteristic: (c: NewCharacteristic) => request<Characteristic>('POST', '/characteristics', c),
    lines: () => request<{ lines: Line[] }>('GET', '/lines'),
    characteristics: () => request<{ characteristics: Characteristic[] }>('GET', '/characteristics'),
    characteristic: (c: number) => request<Characteristic>('GET', `/characteristics/${id(c)}`),
    /** The chart of the last points; point indices are made absolute (first_point + index), as events number them. */
    /** kind 'ewma' or 'cusum': the time-weighted chart of the same points against the characteristic's target. */
    chart: (c: number, last: number, signal?: AbortSignal, kind: ChartKind = 'shewhart') =>
        request<ChartView>('GET', `/characteristics/${id(c)}/chart?last=${last}${kind === 'shewhart' ? '' : `&kind=${kind}`}`, undefined, signal).then(absoluteIndices),
    capability: (c: number, last: number, signal?: AbortSignal) =>
        request<Capability>('GET', `/characteristics/${id(c)}/capability?last=${last}`, undefined, signal),
    events: (c: number, limit = 100) => request<{ events: SpcEvent[] }>('GET', `/characteristics/${id(c)}/events?limit=${limit}`),
    recordEvent: (c: number, kind: 'tool_change' | 'note', message: string) =>
        request<SpcEvent>('POST', `/characteristics/${id(c)}/events`, { kind, message }),
    measurements: (c: number, last: number) =>
        request<{ characteristic_id: number; measurements: Measurement[] }>('GET', `/characteristics/${id(c)}/measurements?last=${last}`),
    /** Leave a stored value out of the statistics (an event), or take it back in. */
    exclude: (c: number, seq: number, reason: string) =>
        request<SpcEvent>('POST', `/characteristics/${id(c)}/measurements/${encodeURIComponent(String(seq))}/exclusion`, { reason }),
    include: (c: number, seq: number) =>
        request<SpcEvent>('DELETE', `/characteristics/${id(c)}/measurements/${encodeURIComponent(String(seq))}/exclusion`),
    freezeLimits: (c: number, center: number, sigma: number, reason: string) =>
        request<Characteristic>('POST', `/characteristics/${id(c)}/limits`, { center, sigma, reason }),
    alarms: (state: 'open' | 'all') => request<{ alarms: Alarm[] }>('GET', `/alarms?state=${state}&limit=500`),
    acknowledge: (alarm: number, cause: string, action: string) =>
        request<SpcEvent>('POST', `/alarms/${id(alarm)}/acknowledgement`, { cause, action }),
    grants: () => request<{ grants: Grant[] }>('GET', '/grants'),
    createGrant: (g: { grantee_org_id: number; line_id?: number; characteristic_id?: number; expires_at: string }) =>
        request<Grant>('POST', '/grants', g),
    revokeGrant: (g: number) => request<void>('DELETE', `/grants/${id(g)}`),
    grantAccess: (g: number) => request<{ grant_id: number; accesses: number }>('GET', `/grants/${id(g)}/access`),
};
