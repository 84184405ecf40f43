// Client of the furnace part of the API (docs/openapi.yaml: /api/v1/furnaces...). Soak and CQI-9 verdicts come as
// the server computed them (monitor/furnace.hpp); nothing is recomputed here.
import { request } from './api';

export interface Furnace {
    id: number;
    name: string;
    kind: string;
    tus_tolerance: number;
    tus_interval_months: number;
    sat_tolerance: number;
    sat_interval_months: number;
}

export interface Zone {
    id: number;
    name: string;
    characteristic_id: number;
}

export interface Recipe {
    id: number;
    code: string;
    set_point: number;
    tolerance: number;
    soak_minutes: number;
    soak_rule: 'restart' | 'accumulate';
}

export type SoakState = 'waiting' | 'soaking' | 'interrupted' | 'complete';

export interface ZoneSoak {
    zone: string;
    characteristic_id: number;
    latest: number | null;
    latest_at: string | null;
    state: SoakState;
    entered_band_at: string | null;
    in_band_minutes: number;
    credited_minutes: number;
    required_minutes: number;
    completed_at: string | null;
    excursions: { left_at: string; returned_at: string | null; extreme: number; data_gap: boolean }[];
}

export interface LoadStatus {
    load: { id: number; label: string; started_at: string; ended_at: string | null };
    recipe: Recipe;
    state: SoakState;
    zones: ZoneSoak[];
}

export interface Due {
    next_due: string | null;
    overdue: boolean;
    days_left: number | null;
}

export interface Tus {
    surveyed_on: string;
    set_point: number;
    tolerance: number;
    max_over: number;
    max_under: number;
    pass: boolean;
}

export interface Sat {
    tested_on: string;
    control_reading: number;
    corrected_test: number;
    difference: number;
    tolerance: number;
    pass: boolean;
}

export interface Cqi9 {
    tus: { last: Tus | null; due: Due };
    sat: { last: Sat | null; due: Due };
}

export interface FurnaceView {
    furnace: Furnace;
    zones: Zone[];
    recipes: Recipe[];
    running_load: LoadStatus | null;
    cqi9: Cqi9;
}

export const furnaceApi = {
    furnaces: () => request<Furnace[]>('GET', '/furnaces'),
    furnace: (id: number) => request<FurnaceView>('GET', `/furnaces/${encodeURIComponent(String(id))}`),
};
