// Client of the bearing market part of the API (docs/openapi.yaml, /api/v1/market): a shop's import and own rows,
// the review queue, and the published aggregates. A cell built from fewer than min_shops shops comes back with
// value null and suppressed true; it is shown as suppressed, never as 0. Numbers are shown as the server sent them.
import { ApiError, request } from './api';

export type Dimension = 'type' | 'tier' | 'size' | 'series' | 'region' | 'channel' | 'all';
export type Frequency = 'month' | 'week';
export type Method = 'chain' | 'geks';

export interface IndexPoint {
    period: string;
    suppressed: boolean;
    value: number | null;
    matched_items?: number;
    new_items?: number;
    vanished_items?: number;
    carried_forward?: boolean;
}

export interface IndexAnswer {
    from: string;
    to: string;
    frequency: Frequency;
    method: Method;
    formula: string;
    by: Dimension;
    base_period: string;
    base: number;
    min_shops: number;
    transactions: number;
    geks_window?: number;
    all_items: { points: IndexPoint[] };
    sub_indices: Array<{ group: string; points: IndexPoint[] }>;
}

export interface TurnoverCell {
    group: string;
    period?: string;
    suppressed: boolean;
    turnover: string | null; // yuan, decimal text
    quantity: number | null;
    transactions: number | null;
    shops_at_least?: number;
}

export interface TurnoverAnswer {
    from: string;
    to: string;
    by: Dimension;
    frequency: Frequency | 'total';
    min_shops: number;
    cells: TurnoverCell[];
}

export interface ModelRow {
    canonical: string;
    turnover: string;
    quantity: number;
    shops_at_least: number;
    quantity_first_half?: number;
    quantity_second_half?: number;
    growth?: number;
}

export interface ModelsAnswer {
    from: string;
    to: string;
    halves: [string, string];
    min_shops: number;
    models_suppressed: number;
    top_by_turnover: ModelRow[];
    fastest_moving: ModelRow[];
    new_models: ModelRow[];
}

export interface DispersionItem {
    canonical: string;
    brand_tier: string;
    transactions: number;
    mean: string;
    q1: string;
    median: string;
    q3: string;
    cv: number;
    iqr_over_median: number;
}

export interface DispersionAnswer {
    from: string;
    to: string;
    min_shops: number;
    items_suppressed: number;
    items: DispersionItem[];
}

export interface OutlierItem {
    canonical: string;
    brand_tier: string;
    transactions: number;
    median_price: string;
    counterfeit_risk_rows: number;
    overpriced_rows: number;
}

export interface OwnOutlier {
    time: string;
    canonical: string;
    brand_tier: string;
    unit_price: string;
    z: number;
    flag: string;
}

export interface OutliersAnswer {
    from: string;
    to: string;
    method: string;
    threshold: number;
    min_shops: number;
    items_suppressed: number;
    items: OutlierItem[];
    own_flagged?: OwnOutlier[];
}

export interface ReviewEntry {
    raw: string;
    key: string;
    rows: number;
    first_time?: string | null;
    offers?: number;
    shops_at_least?: number;
    reason: string;
}

export interface ReviewAnswer {
    scope: 'own' | 'market';
    queue: ReviewEntry[];
}

export interface ResolveAnswer {
    raw: string;
    key: string;
    canonical: string;
    bearing_type: string;
    size_class: string;
    rows_renormalised: number;
}

export interface ImportAnswer {
    rows: number;
    inserted: number;
    duplicates: number;
    waiting_review: number;
    rejected: number;
    errors: Array<{ line: number; field: string; message: string }>;
}

export interface Offer {
    id: number;
    designation: string;
    brand: string;
    unit_price: string;
    quantity: number;
    min_order: number;
    channel: string;
    valid_from: string;
    valid_until: string;
    canonical: string | null;
    bearing_type: string | null;
    size_class: string | null;
    normalised_brand: string;
    brand_tier: string;
    waiting_review: boolean;
    posted_at: string;
    withdrawn_at: string | null;
    status: 'standing' | 'upcoming' | 'expired' | 'withdrawn';
}

export interface OwnOffersAnswer {
    shop_org_id: number;
    total: number;
    offers: Offer[];
    next_after_id?: number;
}

export type OfferGrouping = 'model' | 'type';

export interface OfferCell {
    canonical?: string;
    bearing_type: string;
    brand_tier: string;
    suppressed: boolean;
    shops: number | null;
    offers: number | null;
    quantity_available: number | null;
    models?: number;
    q1: string | null;
    median: string | null;
    q3: string | null;
    transaction_median?: string | null;
    transactions_suppressed?: boolean;
    premium: number | null;
    premium_suppressed?: boolean;
    premium_shops?: number | null;
}

export interface OfferSummaryAnswer {
    from: string;
    to: string;
    by: OfferGrouping;
    min_shops: number;
    method: string;
    offers_waiting_review: number;
    cells_suppressed: number;
    canonical?: string;
    cells: OfferCell[];
}

export interface ForecastPoint {
    period: string;
    quantity: number;
}

export interface ForecastType {
    type: string;
    suppressed: boolean;
    history?: ForecastPoint[];
    forecast: ForecastPoint[] | null;
    params?: { alpha: number; beta: number; gamma: number };
    holdout?: { months: number; mape_percent: number; rmse: number };
    error?: string;
}

export interface ForecastAnswer {
    from: string;
    to: string;
    model: string;
    horizon: number;
    min_shops: number;
    types: ForecastType[];
}

export interface Range {
    from: string; // YYYY-MM
    to: string;
}

/** How far the market data reaches (GET /market/coverage): months with any row, the latest month whose market-wide
 *  figures are published (rows from at least min_shops shops), and the latest month in which offers of at least
 *  min_shops shops stand (not later than the server's current month). Null when there is none. */
export interface Coverage {
    first_month: string | null;
    last_month: string | null;
    published_through: string | null;
    offers_published_through: string | null;
    min_shops: number;
}

const q = (params: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') p.set(k, String(v));
    return p.toString();
};

/** POST of CSV text: the shared request() sends JSON only. Errors come back as ApiError like every other call. */
async function postCsv(text: string, path = '/api/v1/market/transactions'): Promise<ImportAnswer> {
    let response: Response;
    try {
        response = await fetch(path, {
            method: 'POST',
            credentials: 'same-origin',
            headers: { Accept: 'application/json', 'Content-Type': 'text/csv; charset=utf-8' },
            body: text,
        });
    } catch (e) {
        throw new ApiError(0, 'network', String(e instanceof Error ? e.message : e), null);
    }
    const body = await response.text();
    let data: unknown = null;
    try {
        data = body ? JSON.parse(body) : null;
    } catch {
        data = null;
    }
    if (!response.ok) {
        const err = (data as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
        throw new ApiError(response.status, err?.code ?? `http_${response.status}`, err?.message ?? body.slice(0, 200), err?.field ?? null);
    }
    return data as ImportAnswer;
}

export const marketApi = {
    coverage: () => request<Coverage>('GET', '/market/coverage'),
    index: (r: Range, by: Dimension, frequency: Frequency, method: Method) =>
        request<IndexAnswer>('GET', `/market/index?${q({ from: r.from, to: r.to, by, frequency, method })}`),
    turnover: (r: Range, by: Dimension, frequency: Frequency | 'total') =>
        request<TurnoverAnswer>('GET', `/market/turnover?${q({ from: r.from, to: r.to, by, frequency })}`),
    models: (r: Range, limit: number) => request<ModelsAnswer>('GET', `/market/models?${q({ from: r.from, to: r.to, limit })}`),
    dispersion: (r: Range, limit: number) =>
        request<DispersionAnswer>('GET', `/market/dispersion?${q({ from: r.from, to: r.to, limit })}`),
    outliers: (r: Range) => request<OutliersAnswer>('GET', `/market/outliers?${q({ from: r.from, to: r.to })}`),
    review: () => request<ReviewAnswer>('GET', '/market/review'),
    resolve: (raw: string, canonical: string) => request<ResolveAnswer>('POST', '/market/review/resolve', { raw, canonical }),
    importCsv: (text: string) => postCsv(text),
    forecast: (r: Range, horizon: number, holdout: number) =>
        request<ForecastAnswer>('GET', `/market/forecast?${q({ from: r.from, to: r.to, horizon, holdout })}`),
    ownOffers: (includeWithdrawn: boolean, afterId = 0) =>
        request<OwnOffersAnswer>('GET', `/market/offers?${q({ include_withdrawn: includeWithdrawn ? 'true' : undefined, after_id: afterId || undefined, limit: 200 })}`),
    importOffersCsv: (text: string) => postCsv(text, '/api/v1/market/offers'),
    withdrawOffer: (id: number) => request<Offer>('POST', `/market/offers/${id}/withdraw`, {}),
    offerSummary: (r: Range, by: OfferGrouping, canonical?: string) =>
        request<OfferSummaryAnswer>('GET', `/market/offers/summary?${q({ from: r.from, to: r.to, by, canonical, limit: 50 })}`),
};

/** Months from `from` to `to` inclusive, "YYYY-MM". */
export function monthsBetween(from: string, to: string): string[] {
    const [fy, fm] = from.split('-').map(Number);
    const [ty, tm] = to.split('-').map(Number);
    const out: string[] = [];
    for (let y = fy, m = fm; y < ty || (y === ty && m <= tm); m === 12 ? ((m = 1), (y += 1)) : (m += 1)) {
        out.push(`${y}-${String(m).padStart(2, '0')}`);
        if (out.length > 240) break;
    }
    return out;
}
