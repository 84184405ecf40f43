// Heat-treatment furnaces of the organisation: per furnace its zones with the current temperature against the
// running load's set point, the soak of that load per zone (state, credited time, excursions), and the CQI-9 status
// (last TUS and SAT, verdict, next due, overdue). Refreshed as the zones' values arrive on the live stream.
import { dateTime, h, num } from '../dom';
import { furnaceApi, type Cqi9, type Due, type FurnaceView, type SoakState } from '../furnace-api';
import { tf, type FurKey } from '../furnace-i18n';
import { message, throttle } from '../spc-common';
import { listen, onLeave } from '../spc-live';
import { errorBox, loading } from '../widgets';

function table(head: FurKey[], rows: HTMLElement[], testid: string): HTMLElement {
    return h(
        'div',
        { class: 'table-wrap' },
        h('table', { class: 'grid', 'data-testid': testid }, h('thead', null, h('tr', null, head.map((k) => h('th', null, tf(k))))), h('tbody', null, rows)),
    );
}

const stateBadge = (s: SoakState) =>
    h('span', { class: `soak soak-${s}`, 'data-soak': s }, tf(`fur.state.${s}`));

const verdict = (pass: boolean) => h('span', { class: pass ? 'ok' : 'bad', 'data-pass': String(pass) }, tf(pass ? 'fur.pass' : 'fur.fail'));

function dueCell(d: Due): HTMLElement {
    if (!d.next_due) return h('td', { class: 'bad', 'data-overdue': 'true' }, tf('fur.dueNow'));
    return h(
        'td',
        { class: d.overdue ? 'bad' : '', 'data-overdue': String(d.overdue) },
        d.next_due,
        ' · ',
        d.overdue ? tf('fur.overdue') : tf('fur.inDays', { n: d.days_left ?? 0 }),
    );
}

function cqi9Table(c: Cqi9, id: number): HTMLElement {
    const tus = c.tus.last;
    const sat = c.sat.last;
    return table(
        ['fur.test', 'fur.last', 'fur.result', 'fur.nextDue'],
        [
            h(
                'tr',
                { 'data-testid': `furnace-${id}-tus` },
                h('th', null, 'TUS'),
                h('td', null, tus ? tus.surveyed_on : tf('fur.noRecord')),
                h('td', null, tus ? [verdict(tus.pass), ' ', tf('fur.tusFigures', { over: num(tus.max_over, 1), under: num(tus.max_under, 1), tol: num(tus.tolerance, 1) })] : '—'),
                dueCell(c.tus.due),
            ),
            h(
                'tr',
                { 'data-testid': `furnace-${id}-sat` },
                h('th', null, 'SAT'),
                h('td', null, sat ? sat.tested_on : tf('fur.noRecord')),
                h('td', null, sat ? [verdict(sat.pass), ' ', tf('fur.satFigures', { diff: num(sat.difference, 1), tol: num(sat.tolerance, 1) })] : '—'),
                dueCell(c.sat.due),
            ),
        ],
        `furnace-${id}-cqi9`,
    );
}

function furnaceCard(v: FurnaceView): HTMLElement {
    const f = v.furnace;
    const load = v.running_load;
    const soakOf = new Map((load?.zones ?? []).map((z) => [z.zone, z]));
    const setPoint = load?.recipe.set_point ?? null;
    const zoneRows = v.zones.map((z) => {
        const s = soakOf.get(z.name);
        const latest = s?.latest ?? null;
        const deviation = latest !== null && setPoint !== null ? latest - setPoint : null;
        const outside = deviation !== null && load ? Math.abs(deviation) > load.recipe.tolerance : false;
        return h(
            'tr',
            { 'data-testid': `furnace-zone-${z.id}` },
            h('td', null, h('a', { href: `/spc/characteristics/${z.characteristic_id}`, 'data-link': true }, z.name)),
            h('td', { class: 'num', 'data-testid': `furnace-zone-${z.id}-current` }, latest === null ? tf('fur.noReading') : num(latest, 1)),
            h('td', { class: 'num' }, setPoint === null ? '—' : `${num(setPoint, 1)} ± ${num(load!.recipe.tolerance, 1)}`),
            h('td', { class: outside ? 'num bad' : 'num' }, deviation === null ? '—' : `${deviation >= 0 ? '+' : ''}${num(deviation, 1)}`),
            h('td', null, s?.latest_at ? dateTime(s.latest_at) : '—'),
            h('td', null, s ? stateBadge(s.state) : '—'),
            h('td', { class: 'num' }, s ? tf('fur.credited', { credited: num(s.credited_minutes, 1), required: num(s.required_minutes, 0) }) : '—'),
            h('td', { class: 'num' }, s ? String(s.excursions.length) : '—'),
            h('td', null, s?.completed_at ? dateTime(s.completed_at) : '—'),
        );
    });
    const loadLine = load
        ? h(
              'p',
              { 'data-testid': `furnace-${f.id}-load`, 'data-soak': load.state },
              h('strong', null, load.load.label),
              ` · ${tf('fur.recipe')} `,
              h('code', null, load.recipe.code),
              ` (${num(load.recipe.set_point, 1)} ± ${num(load.recipe.tolerance, 1)} °C, ${num(load.recipe.soak_minutes, 0)} min, ${tf(load.recipe.soak_rule === 'accumulate' ? 'fur.rule.accumulate' : 'fur.rule.restart')}) · ${dateTime(load.load.started_at)} · `,
              stateBadge(load.state),
          )
        : h('p', { class: 'muted', 'data-testid': `furnace-${f.id}-load` }, tf('fur.noLoad'));
    return h(
        'article',
        { class: 'card', 'data-testid': `furnace-${f.id}` },
        h('h2', null, f.name, ' ', h('span', { class: 'muted small' }, f.kind)),
        h('h3', null, tf('fur.load')),
        loadLine,
        h('h3', null, tf('fur.zones')),
        table(['fur.zone', 'fur.current', 'fur.setPoint', 'fur.deviation', 'fur.at', 'fur.soak', 'fur.creditedHead', 'fur.excursions', 'fur.completed'], zoneRows, `furnace-${f.id}-zones`),
        h('h3', null, tf('fur.cqi9')),
        cqi9Table(v.cqi9, f.id),
    );
}

export function furnacesPage(): HTMLElement {
    const body = h('div', { 'data-testid': 'furnaces' }, loading());
    let left = false;
    let zoneCharacteristics = new Set<number>();
    let loads = 0; // marks each redraw for scripts watching the page; not a time
    const load = async () => {
        try {
            const furnaces = await furnaceApi.furnaces();
            const views = await Promise.all(furnaces.map((f) => furnaceApi.furnace(f.id)));
            if (left) return;
            zoneCharacteristics = new Set(views.flatMap((v) => v.zones.map((z) => z.characteristic_id)));
            body.replaceChildren(...(views.length ? views.map(furnaceCard) : [h('p', { class: 'muted' }, tf('fur.none'))]));
            body.setAttribute('data-loaded', String(++loads));
        } catch (e) {
            if (!left) body.replaceChildren(errorBox(message(e)));
        }
    };
    const soon = throttle(() => void load(), 1000);
    const stop = listen((m) => {
        if (m.kind === 'measurements' && m.characteristicId !== null && zoneCharacteristics.has(m.characteristicId)) soon();
    });
    onLeave(() => {
        left = true;
        stop();
        soon.cancel();
    });
    void load();
    return h(
        'section',
        { class: 'page furnaces' },
        h('p', { class: 'crumbs' }, h('a', { href: '/monitor', 'data-link': true }, tf('fur.back'))),
        h('h1', null, tf('fur.title')),
        h('p', { class: 'muted' }, tf('fur.text')),
        body,
    );
}
