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
    suffixes: string[] | null;
    C_kN: number | null;
    C0_kN: number | null;
    estimated: boolean | null;
    equivalents: Equivalent[] | null;
    warnings: string[] | null;
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

export interface Life {
    P_N: number;
    L10_million_revolutions: number;
    L10h: number | null;
    X: number | null;
    Y: number | null;
    e: number | null;
    [extra: string]: unknown;
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

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json' }, signal };
    if (body !== undefined) {
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
        return request<Life>('GET', `/bearings/${seg(designation)}/life?${params}`);
    },
};
