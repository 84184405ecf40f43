// Client of the condition-monitoring part of the API: monitored bearing positions (assets), their records and
// alarms (docs/openapi.yaml). Figures come as the server computed them; nothing is recomputed here.
import { request } from './api';

export interface Asset {
    id: number;
    name: string;
    machine: string;
    position: string;
    bearing: string;
    machine_group: string;
    mounting: string;
    nominal_rpm: number | null;
    created_at: string;
    created_by: string;
    /** ISO 20816-3 zone boundaries of the asset's machine group and mounting. */
    zone_limits_mm_s: { 'A/B': number; 'B/C': number; 'C/D': number } | null;
}

export interface MonitorRecord {
    id: number;
    asset_id: number;
    measured_at: string;
    name: string;
    format: string;
    channel: string;
    fs: number;
    rpm: number;
    rpm_source: string;
    unit: string;
    samples: number;
    rms: number;
    peak: number;
    crest_factor: number;
    kurtosis: number;
    velocity_rms_mm_s: number;
    zone: string;
    fault: string;
    confidence: number;
    diagnosis?: Diagnosis;
}

export interface MonitorAlarm {
    id: number;
    record_id: number;
    raised_at: string;
    kind: 'zone' | 'change' | 'fault';
    message: string;
    value: number;
    limit: number;
}

export interface Evidence {
    line: string;
    method: string;
    expected_hz: number;
    found_hz: number;
    order: number;
    prominence_db: number;
}

export interface Diagnosis {
    fault: string;
    confidence: number;
    evidence: Evidence[];
    defect_frequencies: Record<string, number>;
    severity: { zone: string; velocity_rms_mm_s: number; limits_mm_s: Record<string, number> };
}

/** Plots of a record as the server reduced them (monitor/plots.hpp). */
export interface RecordPlots {
    fs: number;
    duration_s: number;
    /** min and max of consecutive buckets of `dt` seconds */
    waveform: { dt: number; min: number[]; max: number[] };
    /** Welch density, unit^2/Hz, bins of `df` Hz from 0 */
    spectrum: { df: number; density: number[] };
    /** squared-envelope spectrum of each analysis: raw, cpw, drs+sk */
    envelopes: Array<{ method: string; band_hz: [number, number]; hz: number[]; magnitude: number[] }>;
    markers: Array<{ family: string; label: string; hz: number }>;
    /** cells [level, f_low, f_high, spectral kurtosis] */
    kurtogram: { cells: Array<[number, number, number, number]>; best: [number, number, number, number] };
}

export interface RecordDetail extends MonitorRecord {
    diagnosis: Diagnosis & { rpm: number; fs: number };
    plots: RecordPlots | null;
}

export interface AssetDetail extends Asset {
    records: MonitorRecord[];
    alarms: MonitorAlarm[];
}

export interface NewAsset {
    name: string;
    machine: string;
    position: string;
    bearing: string;
    machine_group?: string;
    mounting?: string;
    nominal_rpm?: number;
}

export const monitorApi = {
    assets: () => request<{ assets: Asset[] }>('GET', '/monitor/assets'),
    createAsset: (body: NewAsset) => request<Asset>('POST', '/monitor/assets', body),
    asset: (id: number) => request<AssetDetail>('GET', `/monitor/assets/${id}`),
    record: (id: number, record: number) => request<RecordDetail>('GET', `/monitor/assets/${id}/records/${record}`),
    addRecord: (id: number, file: File, measuredAt: string | null) => {
        const q = new URLSearchParams({ name: file.name });
        if (measuredAt) q.set('measured_at', measuredAt);
        return request<{ record: MonitorRecord; stored: boolean; alarms: MonitorAlarm[] }>(
            'POST', `/monitor/assets/${id}/records?${q.toString()}`, file);
    },
};
