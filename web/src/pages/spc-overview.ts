// Line overview: every characteristic the organisation may see as a tile (part/feature, last value, Cpk,
// state green/amber/red), grouped by line, granted ones apart with a "shared by" badge. Tiles refresh
// when the live stream reports new points, alarms, acknowledgements or limits of their characteristic.
import { h, num } from '../dom';
import { spcApi, type Capability, type Characteristic, type ChartView, type Line, type SpcEvent } from '../spc-api';
import { charName, cpkClass, debounce, throttle, digitsFor, liveIndicator, message, sparkline, specText, spcTabs, stateBadge, tileState } from '../spc-common';
import { ts } from '../spc-i18n';
import { listen, onLeave, onLiveStatus, type LiveKind } from '../spc-live';
import { errorBox, loading } from '../widgets';

/** Points per tile: the Cpk of the tile is that of the last 100 subgroups, as on the characteristic page. */
const kTilePoints = 100;
const kSparkPoints = 30;
const kTileEvents = 200;
/** On a busy line the Cpk of a tile is read again at most this often; new points and alarms show at once. */
const kCapabilityAgeMs = 10_000;

interface TileData {
    chart: ChartView | null;
    capability: Capability | null;
    capabilityAt: number;
    events: SpcEvent[];
    eventsLimit: number;
}

/** Reads what the live events made stale: the chart always, the events after alarms, acknowledgements and
 * limit changes, the capability when older than kCapabilityAgeMs or after a limit change. */
async function tileData(c: Characteristic, prev: TileData | null, dirty: Set<LiveKind>): Promise<TileData> {
    const last = kTilePoints;
    const now = performance.now(); // an age, not a date
    const needCapability = !prev || dirty.has('limits') || now - prev.capabilityAt > kCapabilityAgeMs;
    const needEvents = !prev || dirty.has('alarm') || dirty.has('acknowledgement') || dirty.has('limits');
    const [chart, capability, events] = await Promise.allSettled([
        spcApi.chart(c.id, last),
        needCapability ? spcApi.capability(c.id, last * Math.max(1, c.subgroup_size)) : Promise.resolve(prev!.capability),
        needEvents ? spcApi.events(c.id, kTileEvents).then((r) => r.events) : Promise.resolve(prev!.events),
    ]);
    return {
        chart: chart.status === 'fulfilled' ? chart.value : null,
        capability: capability.status === 'fulfilled' ? capability.value : null,
        capabilityAt: needCapability ? now : prev!.capabilityAt,
        events: events.status === 'fulfilled' ? events.value : [],
        eventsLimit: kTileEvents,
    };
}

function tileBody(c: Characteristic, data: TileData): HTMLElement[] {
    const st = tileState({ characteristic: c, ...data });
    const digits = digitsFor(c);
    const points = data.chart?.points ?? [];
    const recent = points.slice(-kSparkPoints);
    const lastPoint = recent.length ? recent[recent.length - 1] : null;
    const cpk = data.capability?.cpk ?? null;
    const isMean = c.subgroup_size > 1;
    return [
        h(
            'div',
            { class: 'tile-head' },
            h('div', { class: 'tile-name' }, h('strong', null, charName(c)), h('code', { class: 'tile-code' }, c.code)),
            c.granted_by_grant !== null ? h('span', { class: 'badge shared', 'data-testid': `shared-${c.id}` }, ts('spc.shared', { org: c.org_id })) : null,
        ),
        h(
            'div',
            { class: 'tile-figures' },
            h(
                'div',
                { class: 'tile-last' },
                h('span', { class: 'tile-label' }, ts('spc.tile.last'), isMean ? ' x̄' : ''),
                h('span', { class: 'tile-value', 'data-testid': `tile-last-${c.id}` }, st.lastValue === null ? '—' : num(st.lastValue, digits)),
                h('span', { class: 'unit' }, c.unit),
            ),
            h(
                'div',
                { class: 'tile-cpk' },
                h('span', { class: 'tile-label' }, ts('spc.tile.cpk')),
                h('span', { class: `tile-value cpk ${cpkClass(cpk)}`, 'data-testid': `tile-cpk-${c.id}` }, num(cpk, 2)),
            ),
        ),
        sparkline(
            recent.filter((p) => !p.left_out).map((p) => p.value),
            c,
            lastPoint && data.chart?.limits_established ? { lcl: lastPoint.lcl, ucl: lastPoint.ucl } : null,
        ),
        h(
            'div',
            { class: 'tile-foot' },
            stateBadge(st.state, `tile-state-${c.id}`),
            h('span', { class: 'muted small' }, `${ts('spc.tile.spec')} ${specText(c)}`),
        ),
        st.reasons.length ? h('div', { class: 'tile-reasons small', 'data-testid': `tile-reasons-${c.id}` }, st.reasons.join(' · ')) : null,
    ].filter(Boolean) as HTMLElement[];
}

export function spcOverviewPage(): HTMLElement {
    const body = h('div', { 'data-testid': 'spc-overview' }, loading());
    const tiles = new Map<number, { el: HTMLElement; c: Characteristic; refresh: () => void; dirty: Set<LiveKind>; data: TileData | null }>();
    let generation = 0;
    // Counts tile redraws so a watcher can tell a new drawing from the last one (a count, not a clock read).
    let updates = 0;

    const renderTile = async (c: Characteristic, el: HTMLElement, gen: number) => {
        const tile = tiles.get(c.id);
        const dirty = new Set(tile?.dirty ?? []);
        tile?.dirty.clear();
        try {
            const data = await tileData(c, tile?.data ?? null, dirty);
            if (gen !== generation || !el.isConnected) return;
            if (tile) tile.data = data;
            el.replaceChildren(...tileBody(c, data));
            el.setAttribute('data-state', tileState({ characteristic: c, ...data }).state);
            el.setAttribute('data-updated', String(++updates));
        } catch (e) {
            el.replaceChildren(h('strong', null, charName(c)), errorBox(message(e)));
        }
    };

    const load = async () => {
        const gen = ++generation;
        let list: Characteristic[];
        let lines: Line[] = [];
        try {
            const [cs, ls] = await Promise.all([spcApi.characteristics(), spcApi.lines().catch(() => ({ lines: [] as Line[] }))]);
            list = cs.characteristics;
            lines = ls.lines;
        } catch (e) {
            body.replaceChildren(errorBox(message(e)));
            return;
        }
        if (gen !== generation) return;
        tiles.clear();
        if (list.length === 0) {
            body.replaceChildren(h('p', { class: 'muted' }, ts('spc.overview.none')));
            return;
        }
        const lineById = new Map(lines.map((l) => [l.id, l]));
        const own = list.filter((c) => c.granted_by_grant === null);
        const granted = list.filter((c) => c.granted_by_grant !== null);
        const groups: Array<{ title: string; items: Characteristic[]; testid: string }> = [];
        const byLine = new Map<number, Characteristic[]>();
        for (const c of own) byLine.set(c.line_id, [...(byLine.get(c.line_id) ?? []), c]);
        for (const [lineId, items] of byLine) {
            const l = lineById.get(lineId);
            const title = l ? `${l.name}${l.name !== l.code ? ` (${l.code})` : ''}` : ts('spc.line.unknown', { id: lineId });
            groups.push({ title, items, testid: `line-${lineId}` });
        }
        if (granted.length) groups.push({ title: ts('spc.overview.granted'), items: granted, testid: 'granted' });

        body.replaceChildren(
            ...groups.map((g) =>
                h(
                    'section',
                    { class: 'tile-group', 'data-testid': g.testid },
                    h('h2', { class: 'section-title' }, g.title),
                    h(
                        'div',
                        { class: 'tiles' },
                        g.items.map((c) => {
                            const el = h('a', { class: 'tile', href: `/spc/characteristics/${c.id}`, 'data-link': true, 'data-testid': `tile-${c.id}`, 'data-state': 'grey' }, h('strong', null, charName(c)), loading());
                            const refresh = throttle(() => void renderTile(c, el, generation), 1000);
                            tiles.set(c.id, { el, c, refresh, dirty: new Set(), data: null });
                            void renderTile(c, el, gen);
                            return el;
                        }),
                    ),
                ),
            ),
        );
    };

    const reloadAll = debounce(() => void load(), 400);
    const stopLive = listen((m) => {
        if (m.characteristicId === null) return;
        const tile = tiles.get(m.characteristicId);
        if (tile) {
            tile.dirty.add(m.kind);
            tile.refresh();
        } else reloadAll(); // a characteristic this page has not listed yet (new, or newly granted)
    });
    // After a reconnection the stream may have missed events: read everything again.
    let wasUp = false;
    const stopStatus = onLiveStatus((up) => {
        if (up && wasUp === false && tiles.size > 0) reloadAll();
        wasUp = up;
    });
    onLeave(() => {
        stopLive();
        stopStatus();
        reloadAll.cancel();
        for (const tile of tiles.values()) (tile.refresh as ReturnType<typeof throttle>).cancel();
        generation++;
    });
    void load();

    return h(
        'section',
        { class: 'page spc' },
        h('div', { class: 'spc-head' }, h('h1', null, ts('spc.overview.title')), liveIndicator()),
        spcTabs('overview'),
        body,
    );
}
