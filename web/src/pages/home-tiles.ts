// The home page's "at a glance" tiles, by the kind of the organisation signed in: a plant sees its lines, open
// alarms, capability and monitored positions; a shop its offers, the market's latest index and its review queue; the
// industry office and the association the plan's targets by status, the enterprise library and the index; a lender
// its live consents. Each tile asks the API for its own figure (the same numbers the module's page shows) and links
// to that page; a tile whose figure cannot be read says so and the others still show.
import { request } from '../api';
import { h } from '../dom';
import { t, type Key } from '../i18n';
import { marketApi } from '../market-api';
import { rangeEnding } from '../market-common';
import { monitorApi } from '../monitor-api';
import { dashboardMonths } from './market-dashboard';
import { spcApi } from '../spc-api';
import { message } from '../spc-common';

interface Figure {
    value: string;
    note?: string;
    level?: 'ok' | 'warn' | 'bad';
}

function tile(name: string, title: Key, href: string | null, load: () => Promise<Figure>): HTMLElement {
    const value = h('div', { class: 'tile-value' }, '…');
    const note = h('div', { class: 'tile-note muted small' });
    const box = h(href ? 'a' : 'div', { class: 'card tile', 'data-testid': `tile-${name}`, ...(href ? { href, 'data-link': true } : {}) }, h('h3', null, t(title)), value, note);
    load().then(
        (f) => {
            value.textContent = f.value;
            box.setAttribute('data-value', f.value);
            if (f.level) box.classList.add(`tile-${f.level}`);
            note.textContent = f.note ?? '';
        },
        (e: unknown) => {
            value.textContent = '—';
            note.textContent = message(e);
            box.setAttribute('data-error', 'true');
        },
    );
    return box;
}

// Capability is read for at most this many characteristics: the tile is a glance, the SPC page has the rest.
const kCapabilityCharacteristics = 24;

function plantTiles(): HTMLElement[] {
    return [
        tile('lines', 'home.tile.lines', '/spc', async () => {
            const [{ lines }, { characteristics }] = await Promise.all([spcApi.lines(), spcApi.characteristics()]);
            return { value: String(lines.length), note: t('home.tile.characteristics', { n: characteristics.length }) };
        }),
        tile('alarms', 'home.tile.alarms', '/spc/alarms', async () => {
            const { alarms } = await spcApi.alarms('open');
            return { value: String(alarms.length), level: alarms.length ? 'warn' : 'ok' };
        }),
        tile('capability', 'home.tile.capability', '/spc', async () => {
            const { characteristics } = await spcApi.characteristics();
            const shown = characteristics.slice(0, kCapabilityCharacteristics);
            const caps = await Promise.all(shown.map((c) => spcApi.capability(c.id, 125 * Math.max(1, c.subgroup_size)).then((cap) => ({ c, cpk: cap.cpk }), () => ({ c, cpk: null }))));
            const known = caps.filter((x): x is { c: (typeof shown)[number]; cpk: number } => x.cpk !== null);
            if (!known.length) return { value: '—', note: t('home.tile.noCapability') };
            const capable = known.filter((x) => x.cpk >= 1.33).length;
            const worst = known.reduce((a, b) => (b.cpk < a.cpk ? b : a));
            return {
                value: `${capable} / ${known.length}`,
                note: t('home.tile.worst', { name: `${worst.c.code} ${worst.c.feature}`, cpk: worst.cpk.toFixed(2) }),
                level: capable === known.length ? 'ok' : 'warn',
            };
        }),
        tile('monitor', 'home.tile.monitor', '/monitor', async () => {
            const { assets } = await monitorApi.assets();
            return { value: String(assets.length) };
        }),
    ];
}

function indexTile(): HTMLElement {
    return tile('index', 'home.tile.index', '/market', async () => {
        const coverage = await marketApi.coverage();
        if (!coverage.published_through) return { value: '—', note: t('home.tile.noIndex') };
        // The market page's default view: the chained monthly index over its months up to the latest published.
        const answer = await marketApi.index(rangeEnding(coverage.published_through, dashboardMonths), 'all', 'month', 'chain');
        const points = answer.all_items.points.filter((p) => p.value !== null);
        const last = points[points.length - 1];
        if (!last || last.value === null) return { value: '—', note: t('home.tile.noIndex') };
        return { value: last.value.toFixed(1), note: t('home.tile.indexNote', { period: last.period, base: answer.base_period }) };
    });
}

function shopTiles(): HTMLElement[] {
    return [
        tile('offers', 'home.tile.offers', '/market/offers', async () => {
            const { total } = await marketApi.ownOffers(false, 0);
            return { value: String(total) };
        }),
        indexTile(),
        tile('review', 'home.tile.review', '/market/review', async () => {
            const { queue } = await marketApi.review();
            return { value: String(queue.length), level: queue.length ? 'warn' : 'ok' };
        }),
    ];
}

interface ProgressAnswer {
    targets: Array<{ status: string }>;
    enterprises: Array<{ status: string }>;
}

function officeTiles(): HTMLElement[] {
    return [
        tile('plan', 'home.tile.plan', '/plan', async () => {
            const { targets } = await request<ProgressAnswer>('GET', '/plan/progress');
            const count = (s: string) => targets.filter((x) => x.status === s).length;
            const off = count('off_track');
            return {
                value: `${count('on_track')} / ${targets.length}`,
                note: t('home.tile.planNote', { risk: count('at_risk'), off, none: count('no_actual') + count('not_computable') }),
                // Green only when every target with a latest figure is on track, and there is at least one.
                level: off ? 'bad' : count('at_risk') ? 'warn' : count('on_track') ? 'ok' : undefined,
            };
        }),
        tile('firms', 'home.tile.firms', null, async () => {
            const { firms } = await request<{ firms: unknown[] }>('GET', '/firms');
            return { value: String(firms.length) };
        }),
        indexTile(),
    ];
}

function lenderTiles(): HTMLElement[] {
    return [
        tile('consents', 'home.tile.consents', null, async () => {
            const { consents } = await request<{ consents: Array<{ live: boolean }> }>('GET', '/credit/consents');
            return { value: String(consents.filter((c) => c.live).length) };
        }),
        indexTile(),
    ];
}

/** The tiles of an organisation kind; empty for a kind with nothing to glance at yet. */
export function roleTiles(kind: string): HTMLElement[] {
    switch (kind) {
        case 'manufacturer':
            return plantTiles();
        case 'merchant':
            return shopTiles();
        case 'authority':
        case 'association':
            return officeTiles();
        case 'lender':
            return lenderTiles();
        default:
            return [];
    }
}
