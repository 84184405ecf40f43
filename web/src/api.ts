// Thin client of the Yandian JSON API (/api/v1). The session is an HttpOnly cookie, so every call
// only needs credentials 'same-origin'. Errors come back as ApiError carrying the server's code, message and field.

export interface User {
    id: number | string;
    login: string;
    display_name: string;
    role: string;
    disabled?: boolean;
    created_at?: string;
}

export interface Organisation {
    id: number | string;
    name: string;
    kind: string;
    /** Short name accepted wherever the organisation is written (MQTT topics, Modbus maps, CLI); null when none. */
    code?: string | null;
}

export interface Session {
    user: User;
    organisation: Organisation;
    expires_at: string;
}

export interface Health {
    status: string;
    version: string;
}

export interface Token {
    id: number | string;
    name: string;
    prefix: string;
    created_at: string;
    revoked_at: string | null;
    last_used_at: string | null;
}

export interface Equivalent {
    system: string;
    designation: string;
    verified?: boolean;
}

/** One prefix or suffix of a designation as the parser read it. */
export interface SuffixPart {
    code: string;
    kind?: string;
    canonical?: string | null;
    meaning?: string;
    position?: number;
}

export interface PublishedRating {
    brand: string;
    C_kN: number | null;
    C0_kN: number | null;
    source?: string;
}

export interface Bearing {
    input: string;
    canonical: string;
    type: string | null;
    series: string | null;
    d: number | null;
    D: number | null;
    B: number | null;
    T: number | null;
    r_min: number | null;
    seal: string | null;
    clearance: string | null;
    precision: string | null;
    cage: string | null;
    suffixes: Array<string | SuffixPart> | null;
    C_kN: number | null;
    C0_kN: number | null;
    estimated: boolean | null;
    equivalents: Equivalent[] | null;
    warnings: string[] | null;
    C_width?: number | null;
    rating_brand?: string | null;
    rating_source?: string | null;
    published_ratings?: PublishedRating[] | null;
    dimensions_source?: string | null;
    [extra: string]: unknown;
}

export interface BearingHit {
    designation: string;
    type: string | null;
    d: number | null;
    D: number | null;
    B: number | null;
    T?: number | null;
}

export interface SizeGroup {
    type: string;
    bearings: BearingHit[];
}

export interface SizeResult {
    query: unknown;
    groups: SizeGroup[];
}

/** The life answer: the contract's flat fields, or the same values nested under load/life. */
export interface LifeRaw {
    P_N?: number;
    L10_million_revolutions?: number;
    L10h?: number | null;
    X?: number | null;
    Y?: number | null;
    e?: number | null;
    load?: { P_N?: number; X?: number; Y?: number; e?: number | null; basis?: string; factors_estimated?: boolean };
    life?: { L10_mrev?: number; L10h?: number; Lnm_h?: number; a_iso?: number; p?: number };
    defect_frequencies?: {
        shaft_hz: number;
        FTF_hz: number;
        BPFO_hz: number;
        BPFI_hz: number;
        BSF_hz: number;
        geometry?: { Z?: number; Dw?: number; Dpw?: number; estimated?: boolean };
    } | null;
    warnings?: string[];
    [extra: string]: unknown;
}

export interface Life {
    P_N: number | null;
    X: number | null;
    Y: number | null;
    e: number | null;
    L10: number | null;
    L10h: number | null;
    Lnm_h: number | null;
    a_iso: number | null;
    basis: string | null;
    factorsEstimated: boolean;
    defects: LifeRaw['defect_frequencies'];
}

const pick = (...values: Array<number | null | undefined>): number | null => {
    for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) return v;
    return null;
};

export function normaliseLife(raw: LifeRaw): Life {
    return {
        P_N: pick(raw.P_N, raw.load?.P_N),
        X: pick(raw.X, raw.load?.X),
        Y: pick(raw.Y, raw.load?.Y),
        e: pick(raw.e, raw.load?.e),
        L10: pick(raw.L10_million_revolutions, raw.life?.L10_mrev),
        L10h: pick(raw.L10h, raw.life?.L10h),
        Lnm_h: pick(raw.life?.Lnm_h),
        a_iso: pick(raw.life?.a_iso),
        basis: raw.load?.basis ?? null,
        factorsEstimated: raw.load?.factors_estimated === true,
        defects: raw.defect_frequencies ?? null,
    };
}

export class ApiError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
        readonly field: string | null,
    ) {
        super(message);
    }
}

type Listener = () => void;
let unauthorisedListener: Listener | null = null;

/** Called whenever a request that needed a session answers 401 (the session expired or was revoked). */
export function onUnauthorised(listener: Listener): void {
    unauthorisedListener = listener;
}

export async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json' }, signal };
    if (body instanceof Blob) {
        // A file sent as it is (a vibration record): the server recognises it by content.
        init.body = body;
        (init.headers as Record<string, string>)['Content-Type'] = 'application/octet-stream';
    } else if (body !== undefined) {
        init.body = JSON.stringify(body);
        (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    }
    let response: Response;
    try {
        response = await fetch(`/api/v1${path}`, init);
    } catch (e) {
        if (e instanceof DOMException && e.name === 'AbortError') throw e;
        throw new ApiError(0, 'network', String(e instanceof Error ? e.message : e), null);
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let data: unknown = null;
    if (text) {
        try {
            data = JSON.parse(text);
        } catch {
            data = null;
        }
    }
    if (!response.ok) {
        const err = (data as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
        const error = new ApiError(
            response.status,
            err?.code ?? `http_${response.status}`,
            err?.message ?? (text.slice(0, 200) || response.statusText),
            err?.field ?? null,
        );
        if (response.status === 401 && path !== '/session' && unauthorisedListener) unauthorisedListener();
        throw error;
    }
    return data as T;
}

const seg = (s: string) => encodeURIComponent(s);

export const api = {
    login: (login: string, password: string) => request<Session>('POST', '/session', { login, password }),
    session: () => request<Session>('GET', '/session'),
    logout: () => request<void>('DELETE', '/session'),
    health: () => request<Health>('GET', '/health'),
    users: () => request<{ users: User[] }>('GET', '/users'),
    createUser: (u: { login: string; password: string; role: string; display_name: string }) =>
        request<User>('POST', '/users', u),
    tokens: () => request<{ tokens: Token[] }>('GET', '/tokens'),
    createToken: (name: string) => request<{ token: Token; secret: string }>('POST', '/tokens', { name }),
    revokeToken: (id: Token['id']) => request<void>('DELETE', `/tokens/${seg(String(id))}`),
    typeahead: (q: string, signal?: AbortSignal) =>
        request<{ results: BearingHit[] }>('GET', `/bearings?q=${encodeURIComponent(q)}`, undefined, signal),
    bySize: (size: string, signal?: AbortSignal) =>
        request<SizeResult>('GET', `/bearings?size=${encodeURIComponent(size)}`, undefined, signal),
    bearing: (designation: string) => request<Bearing>('GET', `/bearings/${seg(designation)}`),
    life: (designation: string, fr: number, fa: number, rpm: number, aIso?: number) => {
        const params = new URLSearchParams({ fr: String(fr), fa: String(fa), rpm: String(rpm) });
        if (aIso !== undefined) params.set('a_iso', String(aIso));
        return request<LifeRaw>('GET', `/bearings/${seg(designation)}/life?${params}`).then(normaliseLife);
    },
};
