// Alarm inbox: open or all alarms of the organisation; an open alarm is acknowledged with its assignable
// cause and the corrective action (the server records who and when). Follows the live stream.
import { api, type User } from '../api';
import { dateTime, h, num } from '../dom';
import { href, navigate } from '../router';
import { spcApi, type Alarm, type Characteristic } from '../spc-api';
import { charName, digitsFor, liveIndicator, message, spcTabs, throttle } from '../spc-common';
import { ruleText, ts } from '../spc-i18n';
import { listen, onLeave } from '../spc-live';
import { errorBox, loading } from '../widgets';

const kPage = 30;

/** The alarms of one characteristic from its event log, each with the acknowledgement that refers to it. */
async function alarmsOf(characteristic: number, state: 'open' | 'all'): Promise<Alarm[]> {
    const { events } = await spcApi.events(characteristic, 1000);
    const acks = new Map(events.filter((e) => e.kind === 'acknowledgement' && e.ref_event_id !== null).map((e) => [e.ref_event_id, e]));
    return events
        .filter((e) => e.kind === 'alarm')
        .map((e) => ({ ...e, acknowledgement: acks.get(e.id) ?? null }))
        .filter((a) => state === 'all' || a.acknowledgement === null);
}

export function spcAlarmsPage(route: { state: 'open' | 'all'; characteristic: number | null }): HTMLElement {
    const state = route.state;
    const only = route.characteristic;
    const go = (s: 'open' | 'all', c: number | null) => navigate(href({ name: 'spc-alarms', state: s, characteristic: c }));
    const filterSelect = h('select', { id: 'alarm-filter', 'data-testid': 'alarm-filter', onchange: () => go(state, Number(filterSelect.value) || null) });
    const body = h('div', { 'data-testid': 'alarms' }, loading());
    const status = h('div', { role: 'status', 'data-testid': 'alarm-notice' });
    let characteristics = new Map<number, Characteristic>();
    let users = new Map<number, User>();
    let formOpen = false;
    let shown = kPage;
    let pending = false;

    const who = (id: number | null) => {
        if (id === null) return '—';
        const u = users.get(id);
        return u ? u.display_name || u.login : `#${id}`;
    };

    const ackForm = (alarm: Alarm, done: () => void, cancel: () => void) => {
        const cause = h('input', { id: `cause-${alarm.id}`, name: 'cause', required: true, maxlength: 500, placeholder: ts('spc.alarms.cause.placeholder'), 'data-testid': 'ack-cause' });
        const action = h('textarea', { id: `action-${alarm.id}`, name: 'action', required: true, maxlength: 2000, rows: 2, placeholder: ts('spc.alarms.action.placeholder'), 'data-testid': 'ack-action' });
        const error = h('div');
        const submit = h('button', { type: 'submit', class: 'btn-primary', 'data-testid': 'ack-submit' }, ts('spc.alarms.save'));
        const form = h(
            'form',
            {
                class: 'ack-form',
                'data-testid': `ack-form-${alarm.id}`,
                onsubmit: async (event: Event) => {
                    event.preventDefault();
                    error.replaceChildren();
                    const c = cause.value.trim();
                    const a = action.value.trim();
                    if (!c) return cause.focus();
                    if (!a) return action.focus();
                    submit.disabled = true;
                    try {
                        await spcApi.acknowledge(alarm.id, c, a);
                        status.replaceChildren(h('div', { class: 'alert ok' }, ts('spc.alarms.done', { id: alarm.id })));
                        done();
                    } catch (e) {
                        submit.disabled = false;
                        error.replaceChildren(errorBox(message(e)));
                    }
                },
            },
            h('label', { for: cause.id }, ts('spc.alarms.cause')),
            cause,
            h('label', { for: action.id }, ts('spc.alarms.action')),
            action,
            error,
            h('div', { class: 'form-buttons' }, submit, h('button', { type: 'button', class: 'btn-quiet', onclick: cancel }, ts('spc.alarms.cancel'))),
        );
        setTimeout(() => cause.focus(), 0);
        return form;
    };

    const alarmCard = (a: Alarm): HTMLElement => {
        const c = a.characteristic_id !== null ? characteristics.get(a.characteristic_id) : undefined;
        const rules = (a.rules ?? '').split(',').map((r) => r.trim()).filter(Boolean);
        const slot = h('div', { class: 'ack-slot' });
        const ack = a.acknowledgement;
        const button = h('button', { type: 'button', class: 'btn', 'data-testid': `ack-${a.id}` }, ts('spc.alarms.ack'));
        button.addEventListener('click', () => {
            formOpen = true;
            button.hidden = true;
            slot.replaceChildren(
                ackForm(
                    a,
                    () => {
                        formOpen = false;
                        void load();
                    },
                    () => {
                        formOpen = false;
                        slot.replaceChildren();
                        button.hidden = false;
                        if (pending) void load();
                    },
                ),
            );
        });
        return h(
            'li',
            { class: `alarm-item ${ack ? 'acked' : 'open'}`, 'data-testid': `alarm-${a.id}`, 'data-alarm': a.id },
            h(
                'div',
                { class: 'alarm-main' },
                h('span', { class: `spc-state ${ack ? 'amber' : 'red'}` }, ack ? ts('spc.alarms.ackedBadge') : ts('spc.alarms.openBadge')),
                h(
                    'div',
                    { class: 'alarm-text' },
                    h(
                        'div',
                        null,
                        c
                            ? h('a', { href: `/spc/characteristics/${c.id}`, 'data-link': true }, h('strong', null, charName(c)))
                            : h('strong', null, a.characteristic_id !== null ? `#${a.characteristic_id}` : '—'),
                        ' ',
                        rules.map((r) => h('span', { class: 'rule', title: ruleText(r, c?.rules) }, r === 'spec' ? ts('spc.alarms.rule.spec') : `${ts('spc.alarms.rules')} ${r}`)),
                    ),
                    h('div', { class: 'small muted' }, rules.map((r) => ruleText(r, c?.rules)).join('; ')),
                    h('div', { class: 'small' }, a.message),
                ),
                h(
                    'dl',
                    { class: 'alarm-facts small' },
                    h('dt', null, ts('spc.alarms.value')),
                    h('dd', { class: 'num' }, a.value !== null ? num(a.value, c ? digitsFor(c) : 6) : '—', c ? ` ${c.unit}` : ''),
                    h('dt', null, ts('spc.alarms.raised')),
                    h('dd', null, dateTime(a.at)),
                ),
                // a supplier's alarm seen through a grant is read-only
                ack || c?.granted_by_grant != null ? null : button,
            ),
            ack
                ? h(
                      'div',
                      { class: 'ack-done small', 'data-testid': `ack-info-${a.id}` },
                      h('div', null, ts('spc.alarms.acked', { who: who(ack.user_id), at: dateTime(ack.at) })),
                      h('div', null, h('strong', null, ts('spc.alarms.cause'), ': '), ack.cause ?? ''),
                      h('div', null, h('strong', null, ts('spc.alarms.action'), ': '), ack.action ?? ''),
                  )
                : null,
            slot,
        );
    };

    const load = async () => {
        if (formOpen) {
            pending = true; // do not pull the form from under the person typing
            return;
        }
        pending = false;
        try {
            const [alarms, cs, us] = await Promise.all([
                only !== null ? alarmsOf(only, state).then((list) => ({ alarms: list })) : spcApi.alarms(state),
                spcApi.characteristics().catch(() => ({ characteristics: [] as Characteristic[] })),
                api.users().catch(() => ({ users: [] as User[] })),
            ]);
            characteristics = new Map(cs.characteristics.map((c) => [c.id, c]));
            users = new Map(us.users.map((u) => [Number(u.id), u]));
            filterSelect.replaceChildren(
                h('option', { value: '' }, ts('spc.alarms.allChars')),
                ...cs.characteristics.map((c) => h('option', { value: String(c.id), selected: c.id === only }, `${charName(c)} (${c.code})`)),
            );
            if (!alarms.alarms.length) {
                body.replaceChildren(h('p', { class: 'muted', 'data-testid': 'alarms-empty' }, ts(state === 'open' ? 'spc.alarms.none.open' : 'spc.alarms.none.all')));
                return;
            }
            const list = alarms.alarms;
            const more = h(
                'button',
                {
                    type: 'button',
                    class: 'btn more',
                    'data-testid': 'alarms-more',
                    onclick: () => {
                        shown += kPage;
                        void load();
                    },
                },
                ts('spc.alarms.more', { n: Math.min(kPage, list.length - shown), left: list.length - shown }),
            );
            body.replaceChildren(
                h('p', { class: 'muted small', 'data-testid': 'alarms-count' }, ts('spc.alarms.count', { n: list.length })),
                h('ul', { class: 'alarm-list' }, list.slice(0, shown).map(alarmCard)),
                list.length > shown ? more : '',
            );
        } catch (e) {
            body.replaceChildren(errorBox(message(e)));
        }
    };

    const soon = throttle(() => void load(), 2000);
    const stop = listen((m) => {
        if ((m.kind === 'alarm' || m.kind === 'acknowledgement') && (only === null || m.characteristicId === only)) soon();
    });
    onLeave(() => {
        stop();
        soon.cancel();
    });
    void load();

    const filter = (value: 'open' | 'all', key: 'spc.alarms.open' | 'spc.alarms.all') =>
        h(
            'button',
            {
                type: 'button',
                class: value === state ? 'seg active' : 'seg',
                'aria-pressed': value === state ? 'true' : 'false',
                'data-testid': `alarms-${value}`,
                onclick: () => go(value, only),
            },
            ts(key),
        );

    return h(
        'section',
        { class: 'page spc' },
        h('div', { class: 'spc-head' }, h('h1', null, ts('spc.alarms.title')), liveIndicator()),
        spcTabs('alarms'),
        h(
            'div',
            { class: 'alarm-tools' },
            h('div', { class: 'segmented', role: 'group' }, filter('open', 'spc.alarms.open'), filter('all', 'spc.alarms.all')),
            h('label', { for: 'alarm-filter' }, ts('spc.alarms.characteristic'), filterSelect),
        ),
        status,
        body,
    );
}
