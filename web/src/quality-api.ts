// Client of the quality credit part of the API (docs/openapi.yaml): the public list, blacklist and firm pages (no
// login), a firm's own file with its rating, objections, and the office's objection queue and decisions. Grades,
// scores and windows come as the server computed them; nothing is recomputed here.
import { request } from './api';

export interface PublicEntry {
    id: number;
    kind: string;
    subkind: string;
    date: string;
    published_from: string | null;
    published_until: string | null;
    under_objection: boolean;
    fields: Record<string, string>;
    outcome?: string;
    retest?: string;
    valid_until?: string;
}

export interface PublicFirm {
    firm_id: number;
    credit_code: string | null;
    name_zh: string;
    name_en: string;
    town: string;
    grade: string;
    score: number;
    blacklisted: boolean;
    entries: PublicEntry[];
}

export interface Listing {
    firm_id: number;
    credit_code: string | null;
    name_zh: string;
    listed_on: string;
    decision_no: string;
    grounds: string;
    expires_on: string;
}

export interface PublicList {
    on: string;
    rules_version: string;
    firms: PublicFirm[];
    blacklist: Listing[];
}

export interface PublicPage extends PublicFirm {
    on: string;
    rules_version: string;
    blacklist: Listing[];
}

export interface Entry {
    id: number;
    firm_id: number;
    kind: string;
    subkind: string;
    date: string;
    valid_until: string | null;
    outcome?: string;
    retest?: string;
    corrects: number | null;
    fields: Record<string, string>;
    source: string;
    entered_by: string;
    entered_at: string;
    published_from: string | null;
    published_until: string | null;
    retain_until: string | null;
    followed_by?: number[];
    effective?: boolean;
}

export interface RatingItem {
    id: string;
    label_zh: string;
    label_en: string;
    points: number;
    max: number;
    entries: number[];
    computation: string;
}

export interface Veto {
    id: string;
    label_zh: string;
    label_en: string;
    cap: string;
    entries: number[];
    blacklist_event?: number;
}

export interface Rating {
    rules_version: string;
    on: string;
    score: number;
    score_grade: string;
    grade: string;
    items: RatingItem[];
    vetoes: Veto[];
}

export interface Objection {
    id: number;
    firm_id: number;
    entry_id: number;
    filed_on: string;
    other_units: boolean;
    deadline: string;
    grounds: string;
    filed_by: string;
    status: 'open' | 'upheld' | 'rejected';
    decided_on: string | null;
    decision_reasons: string;
    decided_by: string;
    overdue: boolean;
    firm_name_zh?: string;
    firm_name_en?: string;
    entry?: Entry;
}

export interface CreditFile {
    on: string;
    firm: { firm_id: number; credit_code: string | null; name_zh: string; name_en: string; town: string };
    rating: Rating;
    entries: Entry[];
    objections: Objection[];
    grades: Array<{ rated_on: string; grade: string; score: number; rules_version: string; rated_by: string; rated_at: string }>;
}

export interface Decision extends Objection {
    correction: Entry | null;
    rating?: Rating;
}

export interface PublicQuery {
    grade?: string;
    town?: string;
    product?: string;
    q?: string;
}

const seg = (s: string) => encodeURIComponent(s);

export function publicQueryString(query: PublicQuery): string {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) p.set(k, v);
    const s = p.toString();
    return s ? `?${s}` : '';
}

export const qualityApi = {
    publicList: (query: PublicQuery) => request<PublicList>('GET', `/public/quality${publicQueryString(query)}`),
    publicBlacklist: () => request<{ on: string; blacklist: Listing[] }>('GET', '/public/quality/blacklist'),
    publicFirm: (ref: string) => request<PublicPage>('GET', `/public/quality/firms/${seg(ref)}`),
    ownFile: () => request<CreditFile>('GET', '/quality/file'),
    file: (ref: string) => request<CreditFile>('GET', `/quality/files/${seg(ref)}`),
    objections: (openOnly: boolean) => request<{ on: string; objections: Objection[] }>('GET', `/quality/objections${openOnly ? '?open=true' : ''}`),
    fileObjection: (body: { entry: number; grounds: string; evidence?: string; other_units?: boolean }) =>
        request<Objection>('POST', '/quality/objections', body),
    decide: (id: number, body: { status: 'upheld' | 'rejected'; reasons: string; correction?: Record<string, unknown> }) =>
        request<Decision>('POST', `/quality/objections/${id}/decision`, body),
};

/** Where the CSV export of the public list is (a plain link: the browser downloads it). */
export const publicCsvHref = (query: PublicQuery) => {
    const p = new URLSearchParams(publicQueryString(query).slice(1));
    p.set('format', 'csv');
    return `/api/v1/public/quality?${p.toString()}`;
};
