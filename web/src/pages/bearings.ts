import { api, ApiError, type Bearing, type BearingHit, type Life, type SizeResult } from '../api';
import { big, h, num } from '../dom';
import { bearingSvg } from '../drawing';
import { t, tCode } from '../i18n';
import { href, navigate, type Route } from '../router';
import { errorBox, loading, row } from '../widgets';

type BearingsRoute = Extract<Route, { name: 'bearings' }>;

// Kept across re-renders (language switch, back/forward) so nothing is fetched twice.
const details = new Map<string, Bearing | ApiError>();
const sizes = new Map<string, SizeResult | ApiError>();
interface LifeInputs {
    fr: string;
    fa: string;
    rpm: string;
    aiso: string;
}
const lifeState = new Map<string, { inputs: LifeInputs; result: Life | null; error: string | null; curve: Array<{ fr: number; l10h: number }> | null }>();
let query = '';
let disposeChart: (() => void) | null = null;

const EXAMPLES = ['6205-2RSH/C3', '6205DDUC3', '180205', '7205 BECBP', 'NU205 ECP', '22205 E', '30205', '51105', '25x52x15'];
const SIZE_RE = /^\s*\d+(?:[.,]\d+)?\s*[x×*X]\s*\d+(?:[.,]\d+)?(?:\s*[x×*X]\s*\d+(?:[.,]\d+)?)?\s*$|内径|外径/;

export function isSizeQuery(text: string): boolean {
    return SIZE_RE.test(text);
}

function errorText(e: unknown): string {
    if (e instanceof ApiError) return e.status === 0 ? t('common.network') : e.message;
    return e instanceof Error ? e.message : String(e);
}

function dims(b: { d: number | null; D: number | null; B: number | null; T?: number | null }): string {
    const w = b.B ?? b.T ?? null;
    return `${num(b.d)} × ${num(b.D)} × ${num(w)}`;
}

export function bearingsPage(route: BearingsRoute): HTMLElement {
    disposeChart?.();
    disposeChart = null;
    if (route.designation) query = route.designation;
    else if (route.size) query = route.size;

    const page = h('section', { class: 'page bearings' }, h('h1', null, t('bearings.title')));
    page.appendChild(searchBox());
    if (route.size) page.appendChild(sizeResults(route.size));
    else if (route.designation) page.appendChild(detailCard(route.designation));
    else
        page.appendChild(
            h(
                'div',
                { class: 'examples' },
                EXAMPLES.map((ex) =>
                    h('a', { class: 'chip', href: href(isSizeQuery(ex) ? { name: 'bearings', designation: null, size: ex } : { name: 'bearings', designation: ex, size: null }), 'data-link': true }, ex),
                ),
            ),
        );
    return page;
}

// ---- search with type-ahead -------------------------------------------------------------

function searchBox(): HTMLElement {
    const listId = 'bearing-suggestions';
    const input = h('input', {
        id: 'bearing-search',
        type: 'search',
        role: 'combobox',
        'aria-autocomplete': 'list',
        'aria-expanded': 'false',
        'aria-controls': listId,
        autocomplete: 'off',
        spellcheck: 'false',
        autocapitalize: 'characters',
        placeholder: t('bearings.placeholder'),
        value: query,
        'data-testid': 'bearing-search',
    });
    const list = h('ul', { id: listId, role: 'listbox', class: 'suggestions', hidden: true, 'data-testid': 'suggestions' });
    let items: BearingHit[] = [];
    let active = -1;
    let timer: number | undefined;
    let controller: AbortController | null = null;

    const close = () => {
        list.hidden = true;
        input.setAttribute('aria-expanded', 'false');
        input.removeAttribute('aria-activedescendant');
        active = -1;
    };
    const choose = (designation: string) => {
        close();
        query = designation;
        navigate(href({ name: 'bearings', designation, size: null }));
    };
    const submit = () => {
        const text = input.value.trim();
        if (!text) return;
        close();
        query = text;
        navigate(href(isSizeQuery(text) ? { name: 'bearings', designation: null, size: text } : { name: 'bearings', designation: text, size: null }));
    };
    const highlight = (index: number) => {
        active = index;
        Array.from(list.children).forEach((li, i) => li.setAttribute('aria-selected', i === index ? 'true' : 'false'));
        if (index >= 0) input.setAttribute('aria-activedescendant', `${listId}-${index}`);
        else input.removeAttribute('aria-activedescendant');
    };
    const show = (hits: BearingHit[], empty: string | null) => {
        items = hits;
        list.replaceChildren(
            ...hits.map((hit, i) =>
                h(
                    'li',
                    {
                        id: `${listId}-${i}`,
                        role: 'option',
                        'aria-selected': 'false',
                        'data-designation': hit.designation,
                        onmousedown: (e: Event) => {
                            e.preventDefault();
                            choose(hit.designation);
                        },
                    },
                    h('span', { class: 'sg-des' }, hit.designation),
                    h('span', { class: 'sg-type' }, tCode('type', hit.type)),
                    h('span', { class: 'sg-dims' }, dims(hit)),
                ),
            ),
        );
        if (hits.length === 0 && empty) list.appendChild(h('li', { class: 'sg-empty', role: 'presentation' }, empty));
        list.hidden = hits.length === 0 && !empty;
        input.setAttribute('aria-expanded', list.hidden ? 'false' : 'true');
        highlight(-1);
    };

    input.addEventListener('input', () => {
        query = input.value;
        window.clearTimeout(timer);
        controller?.abort();
        const text = input.value.trim();
        if (!text || isSizeQuery(text)) {
            close();
            return;
        }
        timer = window.setTimeout(async () => {
            controller = new AbortController();
            try {
                const { results } = await api.typeahead(text, controller.signal);
                if (input.value.trim() === text) show(results ?? [], t('bearings.noResults', { q: text }));
            } catch (e) {
                if (e instanceof DOMException && e.name === 'AbortError') return;
                if (input.value.trim() === text) show([], errorText(e));
            }
        }, 120);
    });
    input.addEventListener('keydown', (e: KeyboardEvent) => {
        if (e.key === 'ArrowDown' && items.length) {
            e.preventDefault();
            if (list.hidden) show(items, null);
            highlight((active + 1) % items.length);
        } else if (e.key === 'ArrowUp' && items.length) {
            e.preventDefault();
            highlight(active <= 0 ? items.length - 1 : active - 1);
        } else if (e.key === 'Enter') {
            e.preventDefault();
            if (!list.hidden && active >= 0 && items[active]) choose(items[active].designation);
            else submit();
        } else if (e.key === 'Escape') {
            close();
        }
    });
    input.addEventListener('blur', () => window.setTimeout(close, 100));

    return h(
        'form',
        {
            class: 'search',
            role: 'search',
            onsubmit: (e: Event) => {
                e.preventDefault();
                submit();
            },
        },
        h('label', { for: 'bearing-search' }, t('bearings.search')),
        h('div', { class: 'search-row' }, h('div', { class: 'combo' }, input, list), h('button', { type: 'submit', class: 'btn-primary' }, t('bearings.go'))),
        h('p', { class: 'muted small' }, t('bearings.hint')),
    );
}

// ---- size search ---------------------------------------------------------------------------

function sizeResults(size: string): HTMLElement {
    const box = h('div', { class: 'size-results', 'data-testid': 'size-results' });
    const paint = (r: SizeResult | ApiError) => {
        if (r instanceof ApiError) {
            box.replaceChildren(errorBox(errorText(r), r.field ? `${r.field}` : null));
            return;
        }
        const groups = r.groups ?? [];
        box.replaceChildren(
            h('h2', null, t('bearings.size.title', { size })),
            groups.length === 0 ? h('p', { class: 'muted' }, t('bearings.size.none')) : '',
            ...groups.map((g) =>
                h(
                    'article',
                    { class: 'card' },
                    h('h3', null, tCode('type', g.type)),
                    h(
                        'div',
                        { class: 'table-wrap' },
                        h(
                            'table',
                            { class: 'grid' },
                            h('thead', null, h('tr', null, h('th', null, t('bearings.designation')), h('th', { class: 'num' }, 'd'), h('th', { class: 'num' }, 'D'), h('th', { class: 'num' }, 'B'), h('th', { class: 'num' }, 'T'))),
                            h(
                                'tbody',
                                null,
                                g.bearings.map((b) =>
                                    h(
                                        'tr',
                                        null,
                                        h('td', null, h('a', { href: href({ name: 'bearings', designation: b.designation, size: null }), 'data-link': true }, b.designation)),
                                        h('td', { class: 'num' }, num(b.d)),
                                        h('td', { class: 'num' }, num(b.D)),
                                        h('td', { class: 'num' }, num(b.B)),
                                        h('td', { class: 'num' }, num(b.T ?? null)),
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        );
    };
    const cached = sizes.get(size);
    if (cached) paint(cached);
    else {
        box.appendChild(loading());
        api.bySize(size).then(
            (r) => {
                sizes.set(size, r);
                paint(r);
            },
            (e: unknown) => {
                if (e instanceof ApiError && e.status >= 400 && e.status < 500) sizes.set(size, e);
                paint(e instanceof ApiError ? e : new ApiError(0, 'network', errorText(e), null));
            },
        );
    }
    return box;
}

// ---- detail card ---------------------------------------------------------------------------

function detailCard(designation: string): HTMLElement {
    const box = h('div', { class: 'detail', 'data-testid': 'bearing-detail' });
    const paint = (b: Bearing | ApiError) => {
        if (b instanceof ApiError) {
            const title = b.status === 400 ? t('bearings.notUnderstood') : t('common.error');
            box.replaceChildren(
                h(
                    'div',
                    { class: 'alert error', role: 'alert', 'data-testid': 'bearing-error' },
                    h('strong', null, `${title}: `),
                    h('code', null, designation),
                    h('div', null, b.status === 0 ? t('common.network') : b.message),
                    b.field ? h('div', { class: 'small' }, b.field) : null,
                ),
            );
            return;
        }
        box.replaceChildren(renderBearing(b));
    };
    const cached = details.get(designation);
    if (cached) paint(cached);
    else {
        box.appendChild(loading());
        api.bearing(designation).then(
            (b) => {
                details.set(designation, b);
                paint(b);
            },
            (e: unknown) => {
                const err = e instanceof ApiError ? e : new ApiError(0, 'network', errorText(e), null);
                if (err.status >= 400 && err.status < 500 && err.status !== 401) details.set(designation, err);
                paint(err);
            },
        );
    }
    return box;
}

/** Housing of a housed unit (UCP, UCF, UCFL): main dimensions in mm as the NSK unit tables letter them. */
interface Housing {
    unit: string | null;
    H: number | null;
    L: number | null;
    J: number | null;
    A: number | null;
    N: number | null;
    bolt: string | null;
    source?: string | null;
}

/** The fields of the bearing answer that only some types carry. */
type BearingDetail = Bearing & { basic?: string | null; S?: number | null; housing?: Housing | null };

const HOUSING_LETTERS = ['H', 'L', 'J', 'A', 'N'] as const;

/** The housing style of a unit designation: P pillow block, F square flange, FL oval flange. */
function housingStyle(unit: string): 'P' | 'F' | 'FL' | null {
    const m = /^UC(FL|F|P)\d/.exec(unit.toUpperCase());
    return m ? (m[1] as 'P' | 'F' | 'FL') : null;
}

function housingTable(housing: Housing, fallbackUnit: string): HTMLElement {
    const unit = housing.unit ?? fallbackUnit;
    const style = housingStyle(unit);
    const meaning = (letter: string): string => {
        if (!style) return '';
        const key = `housing.${style}.${letter}` as Parameters<typeof t>[0];
        const text = t(key);
        return text === key ? '' : text;
    };
    const rows = HOUSING_LETTERS.filter((letter) => housing[letter] !== null && housing[letter] !== undefined).map((letter) =>
        h('tr', null, h('th', { scope: 'row' }, letter), h('td', { class: 'num', 'data-testid': `housing-${letter}` }, num(housing[letter])), h('td', { class: 'muted small' }, meaning(letter))),
    );
    if (housing.bolt) rows.push(h('tr', null, h('th', { scope: 'row' }, t('bearings.housing.bolt')), h('td', { class: 'num', 'data-testid': 'housing-bolt' }, housing.bolt), h('td', null, '')));
    return h(
        'article',
        { class: 'card housing', 'data-testid': 'housing' },
        h('h2', null, `${t('bearings.housing')} `, h('code', null, unit), h('span', { class: 'unit' }, ' mm')),
        h(
            'div',
            { class: 'table-wrap' },
            h(
                'table',
                { class: 'grid compact housing-table', style: 'width: auto; min-width: min(100%, 22rem)' },
                h('thead', null, h('tr', null, h('th', null, t('bearings.housing.dim')), h('th', { class: 'num' }, 'mm'), h('th', null, t('bearings.housing.meaning')))),
                h('tbody', null, rows),
            ),
        ),
        housing.source ? h('p', { class: 'muted small' }, `${t('bearings.source')}: ${housing.source}`) : null,
    );
}

function has(v: number | null | undefined): v is number {
    return v !== null && v !== undefined && Number.isFinite(v);
}

function renderBearing(bearing: Bearing): HTMLElement {
    const b = bearing as BearingDetail;
    const type = b.type ?? '';
    const isTapered = type.includes('taper');
    const isInsert = type === 'insert_ball' || type === 'housed_unit';
    const basic = (b.basic ?? b.canonical ?? '').toUpperCase();
    const noInner = type === 'needle_roller' && /^RNA/.test(basic);
    const facts = h(
        'dl',
        { class: 'facts' },
        row(t('bearings.type'), tCode('type', b.type), 'bearing-type'),
        b.series ? row(t('bearings.series'), b.series) : [],
        b.input && b.input !== b.canonical ? row(t('bearings.input'), h('code', null, b.input)) : [],
    );
    const dimsList = h(
        'dl',
        { class: 'facts dims-list' },
        row(noInner ? t('bearings.Fw') : t('bearings.d'), withUnit(b.d), 'dim-d'),
        row(t('bearings.D'), isInsert && !has(b.D) ? `— (${t('bearings.D.unlisted')})` : withUnit(b.D), 'dim-D'),
        // tapered: the total width T first, then the cone and cup widths (T, B, C of ISO 355 and the inch tables)
        isTapered ? row(t('bearings.T'), withUnit(b.T), 'dim-T') : [],
        has(b.B) || isTapered ? row(isTapered ? t('bearings.B.cone') : isInsert ? t('bearings.B.inner') : t('bearings.B'), withUnit(b.B), 'dim-B') : [],
        isTapered ? row(t('bearings.C.cup'), withUnit(b.C_width), 'dim-C') : [],
        !isTapered && has(b.T) ? row(t('bearings.T'), withUnit(b.T), 'dim-T') : [],
        isInsert || has(b.S) ? row(t('bearings.S'), withUnit(b.S), 'dim-S') : [],
        row(t('bearings.r'), withUnit(b.r_min), 'dim-r'),
    );
    const dimsNote = b.dimensions_source ? h('p', { class: 'muted small' }, `${t('bearings.source')}: ${b.dimensions_source}`) : null;
    const variant = h(
        'dl',
        { class: 'facts variant' },
        row(t('bearings.seal'), b.seal ?? '—'),
        row(t('bearings.clearance'), b.clearance ?? '—'),
        row(t('bearings.precision'), b.precision ?? '—'),
        row(t('bearings.cage'), b.cage ?? '—'),
        b.suffixes && b.suffixes.length ? row(t('bearings.suffixes'), suffixList(b)) : [],
    );
    const ratingNote = b.estimated
        ? t('bearings.estimated')
        : [t('bearings.published'), b.rating_brand, b.rating_source].filter(Boolean).join(' · ');
    const ratings = h(
        'dl',
        { class: 'facts' },
        row(t('bearings.C'), b.C_kN === null ? '—' : `${num(b.C_kN, 2)} kN`, 'rating-C'),
        row(t('bearings.C0'), b.C0_kN === null ? '—' : `${num(b.C0_kN, 2)} kN`, 'rating-C0'),
    );

    let figure: HTMLElement;
    const width = has(b.B) || has(b.T);
    if (has(b.d) && width && (has(b.D) || isInsert)) {
        figure = h('figure', { class: 'drawing', 'data-testid': 'bearing-drawing' });
        figure.appendChild(
            bearingSvg({
                designation: b.canonical,
                type: b.type,
                d: b.d,
                D: has(b.D) ? b.D : null,
                B: has(b.B) ? b.B : null,
                T: has(b.T) ? b.T : null,
                C: has(b.C_width) ? b.C_width : null,
                S: has(b.S) ? b.S : null,
                r_min: has(b.r_min) ? b.r_min : null,
                seal: b.seal,
                noInnerRing: noInner,
            }),
        );
        const notes = [t('bearings.drawing.schematic')];
        if (isInsert && !has(b.D)) notes.push(t('bearings.drawing.noD'));
        if (noInner) notes.push(t('bearings.drawing.noInner'));
        if (isTapered && has(b.B) && has(b.T) && b.B > b.T) notes.push(t('bearings.drawing.coneWider'));
        figure.appendChild(h('figcaption', { class: 'muted small', 'data-testid': 'drawing-caption' }, `${t('bearings.drawing')} · ${notes.join(' ')}`));
    } else {
        const partial = has(b.d) || has(b.D) || width;
        figure = h('figure', { class: 'drawing empty' }, h('p', { class: 'muted' }, partial ? t('bearings.drawing.incomplete') : t('bearings.drawing.none')));
    }

    const equivalents = b.equivalents ?? [];
    const eqTable = equivalents.length
        ? h(
              'div',
              { class: 'table-wrap' },
              h(
                  'table',
                  { class: 'grid', 'data-testid': 'equivalents' },
                  h('thead', null, h('tr', null, h('th', null, t('bearings.system')), h('th', null, t('bearings.designation')), h('th', null, t('bearings.basis')))),
                  h(
                      'tbody',
                      null,
                      equivalents.map((e) =>
                          h(
                              'tr',
                              null,
                              h('td', null, e.system),
                              h('td', null, h('a', { href: href({ name: 'bearings', designation: e.designation, size: null }), 'data-link': true }, e.designation)),
                              h('td', null, e.verified === undefined ? '' : e.verified ? h('span', { class: 'badge ok' }, t('bearings.verified')) : h('span', { class: 'badge' }, t('bearings.byRule'))),
                          ),
                      ),
                  ),
              ),
          )
        : h('p', { class: 'muted' }, t('bearings.noEquivalents'));

    return h(
        'div',
        { class: 'bearing' },
        h(
            'article',
            { class: 'card bearing-head' },
            h('div', { class: 'canonical', 'data-testid': 'bearing-canonical' }, b.canonical),
            h('div', { class: 'muted' }, t('bearings.canonical')),
            b.warnings && b.warnings.length
                ? h('div', { class: 'alert warn', 'data-testid': 'bearing-warnings' }, h('strong', null, t('bearings.warnings')), h('ul', null, b.warnings.map((w) => h('li', null, w))))
                : null,
            h(
                'div',
                { class: 'bearing-grid' },
                h(
                    'div',
                    { class: 'bearing-facts' },
                    facts,
                    h('h3', null, t('bearings.dimensions'), h('span', { class: 'unit' }, ' mm')),
                    dimsList,
                    dimsNote,
                    h('h3', null, t('bearings.ratings')),
                    ratings,
                    b.C_kN !== null ? h('p', { class: `small ${b.estimated ? 'estimated' : 'muted'}`, 'data-testid': 'rating-source' }, ratingNote) : null,
                    publishedRatings(b),
                    variant,
                ),
                figure,
            ),
        ),
        b.housing ? housingTable(b.housing, b.canonical) : null,
        h('article', { class: 'card' }, h('h2', null, t('bearings.equivalents')), eqTable),
        lifeCalculator(b, isTapered),
    );
}

function suffixList(b: Bearing): HTMLElement {
    return h(
        'ul',
        { class: 'suffixes' },
        (b.suffixes ?? []).map((part) =>
            typeof part === 'string'
                ? h('li', null, h('code', null, part))
                : h('li', null, h('code', null, part.code), part.meaning ? h('span', { class: 'muted' }, ` ${part.meaning}`) : null),
        ),
    );
}

function publishedRatings(b: Bearing): HTMLElement | null {
    const list = b.published_ratings ?? [];
    if (list.length === 0) return null;
    return h(
        'div',
        { class: 'table-wrap published' },
        h(
            'table',
            { class: 'grid compact', 'data-testid': 'published-ratings' },
            h('thead', null, h('tr', null, h('th', null, t('bearings.brand')), h('th', { class: 'num' }, 'C (kN)'), h('th', { class: 'num' }, 'C0 (kN)'), h('th', null, t('bearings.source')))),
            h(
                'tbody',
                null,
                list.map((r) => h('tr', null, h('td', null, r.brand), h('td', { class: 'num' }, num(r.C_kN, 2)), h('td', { class: 'num' }, num(r.C0_kN, 2)), h('td', { class: 'wrap small' }, r.source ?? ''))),
            ),
        ),
    );
}

function withUnit(v: number | null | undefined): string {
    return v === null || v === undefined ? '—' : `${num(v)}`;
}

// ---- life calculator -----------------------------------------------------------------------

function lifeCalculator(b: Bearing, _isTapered: boolean): HTMLElement {
    const key = b.canonical;
    let st = lifeState.get(key);
    if (!st) {
        const fr = b.C_kN ? Math.round((b.C_kN * 1000) / 10 / 10) * 10 : 1000;
        st = { inputs: { fr: String(fr), fa: '0', rpm: '1500', aiso: '1' }, result: null, error: null, curve: null };
        lifeState.set(key, st);
    }
    const state = st;
    const field = (id: keyof LifeInputs, label: string, attrs: Record<string, unknown>) => {
        const input = h('input', { id: `life-${id}`, name: id, type: 'number', inputmode: 'decimal', value: state.inputs[id], required: true, ...attrs });
        input.addEventListener('input', () => (state.inputs[id] = input.value));
        return h('div', { class: 'field' }, h('label', { for: `life-${id}` }, label), input);
    };
    const out = h('div', { class: 'life-out', 'data-testid': 'life-result', 'aria-live': 'polite' });
    const chartBox = h('div', { class: 'life-chart', 'data-testid': 'life-chart' });

    const paint = () => {
        disposeChart?.();
        disposeChart = null;
        if (state.error) {
            out.replaceChildren(errorBox(state.error));
            chartBox.replaceChildren();
            return;
        }
        const r = state.result;
        if (!r) {
            out.replaceChildren();
            chartBox.replaceChildren();
            return;
        }
        const df = r.defects;
        out.replaceChildren(
            h(
                'dl',
                { class: 'facts life-facts' },
                row(t('life.P'), r.P_N === null ? '—' : `${big(r.P_N)} N`, 'life-P'),
                row('X / Y / e', `${num(r.X)} / ${num(r.Y)} / ${num(r.e)}`, 'life-XYe'),
                row(t('life.L10'), r.L10 === null ? '—' : `${big(r.L10)} ${t('life.mrev')}`, 'life-L10'),
                row(t('life.L10h'), r.L10h === null ? '—' : `${big(r.L10h)} ${t('life.hours')}`, 'life-L10h'),
                r.Lnm_h !== null && r.a_iso !== null && r.a_iso !== 1 ? row(`Lnm (a_ISO ${num(r.a_iso)})`, `${big(r.Lnm_h)} ${t('life.hours')}`, 'life-Lnm') : [],
            ),
            r.basis || r.factorsEstimated ? h('p', { class: 'muted small' }, [r.basis, r.factorsEstimated ? t('life.factorsEstimated') : null].filter(Boolean).join(' · ')) : '',
            df
                ? h(
                      'div',
                      { class: 'defects' },
                      h('h3', null, t('life.defects'), h('span', { class: 'unit' }, ` (${num(df.shaft_hz, 3)} Hz)`)),
                      h(
                          'dl',
                          { class: 'facts', 'data-testid': 'defect-frequencies' },
                          row('BPFO', `${num(df.BPFO_hz, 2)} Hz`),
                          row('BPFI', `${num(df.BPFI_hz, 2)} Hz`),
                          row('BSF', `${num(df.BSF_hz, 2)} Hz`),
                          row('FTF', `${num(df.FTF_hz, 2)} Hz`),
                      ),
                      df.geometry
                          ? h('p', { class: 'muted small' }, `Z ${num(df.geometry.Z ?? null)} · Dw ${num(df.geometry.Dw ?? null)} mm · Dpw ${num(df.geometry.Dpw ?? null)} mm${df.geometry.estimated ? ` · ${t('life.geometryEstimated')}` : ''}`)
                          : null,
                  )
                : '',
        );
        if (state.curve && state.curve.length > 1) {
            const plot = h('div', { class: 'life-plot' });
            chartBox.replaceChildren(h('h3', null, t('life.chart')), plot);
            const curve = state.curve;
            const current = r.L10h !== null ? { fr: Number(state.inputs.fr), l10h: r.L10h } : null;
            // ECharts is loaded only when a chart is drawn.
            import('../life-chart').then(({ renderLifeChart }) => {
                if (!plot.isConnected) return;
                disposeChart = renderLifeChart(plot, curve, current, { x: t('life.chart.x'), y: t('life.chart.y') });
            });
        } else {
            chartBox.replaceChildren();
        }
    };

    const submit = h('button', { type: 'submit', class: 'btn-primary' }, t('life.compute'));
    const form = h(
        'form',
        {
            class: 'life-form',
            'data-testid': 'life-form',
            onsubmit: async (event: Event) => {
                event.preventDefault();
                const fr = Number(state.inputs.fr);
                const fa = Number(state.inputs.fa || '0');
                const rpm = Number(state.inputs.rpm);
                const aiso = state.inputs.aiso.trim() === '' ? undefined : Number(state.inputs.aiso);
                submit.disabled = true;
                try {
                    state.result = await api.life(b.canonical, fr, fa, rpm, aiso);
                    state.error = null;
                    state.curve = null;
                    if (fr > 0 && state.result.L10h !== null) {
                        // A few points around the chosen load, computed by the server.
                        const loads = [0.25, 0.4, 0.6, 0.8, 1, 1.25, 1.6, 2, 2.5].map((m) => Math.round(fr * m));
                        const lives = await Promise.all(loads.map((l) => api.life(b.canonical, l, fa, rpm, aiso).then((x) => x.L10h, () => null)));
                        state.curve = loads.flatMap((l, i) => (lives[i] !== null && Number.isFinite(lives[i]) ? [{ fr: l, l10h: lives[i] as number }] : []));
                    }
                } catch (e) {
                    state.result = null;
                    state.curve = null;
                    state.error = e instanceof ApiError && e.field ? `${errorText(e)} (${e.field})` : errorText(e);
                } finally {
                    submit.disabled = false;
                }
                paint();
            },
        },
        h(
            'div',
            { class: 'life-fields' },
            field('fr', t('life.fr'), { min: 0, step: 'any' }),
            field('fa', t('life.fa'), { min: 0, step: 'any' }),
            field('rpm', t('life.rpm'), { min: 0, step: 'any' }),
            field('aiso', t('life.aiso'), { min: 0, step: 'any' }),
        ),
        submit,
    );
    paint();
    return h('article', { class: 'card life' }, h('h2', null, t('life.title')), form, out, chartBox);
}
