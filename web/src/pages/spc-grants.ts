// Customer access: an administrator of the manufacturer grants a customer organisation (by id) read access
// to a line or a characteristic until a date; grants are listed with their state and the number of reads
// made through them, and can be revoked. Grants received from suppliers are listed too.
import { dateTime, h } from '../dom';
import { state } from '../state';
import { spcApi, type Characteristic, type Grant, type Line } from '../spc-api';
import { message, spcTabs } from '../spc-common';
import { ts } from '../spc-i18n';
import { errorBox, loading } from '../widgets';

function isoDate(d: Date): string {
    return d.toISOString().slice(0, 10);
}

export function spcGrantsPage(): HTMLElement {
    const session = state.session!;
    const own = Number(session.organisation.id);
    const isAdmin = session.user.role === 'admin';
    const givenBody = h('div', { 'data-testid': 'grants-given' }, loading());
    const givenTitle = h('h2', { class: 'section-title' }, ts('spc.grants.given'));
    const receivedBody = h('div', { 'data-testid': 'grants-received' });
    const status = h('div', { role: 'status' });
    let lines: Line[] = [];
    let characteristics: Characteristic[] = [];

    const scopeText = (g: Grant) => {
        if (g.line_id !== null) {
            const l = lines.find((x) => x.id === g.line_id);
            return ts('spc.grants.scope.line', { code: l ? l.code : `#${g.line_id}` });
        }
        const c = characteristics.find((x) => x.id === g.characteristic_id);
        return c ? ts('spc.grants.scope.char', { part: c.part_number, feature: c.feature }) : `#${g.characteristic_id}`;
    };

    const grantState = (g: Grant) => {
        if (g.revoked_at) return h('span', { class: 'badge muted' }, ts('spc.grants.revoked', { at: dateTime(g.revoked_at) }));
        // The server says whether a grant has expired, by its own clock, not the browser's.
        if (g.state === 'expired') return h('span', { class: 'badge warn' }, ts('spc.grants.expired'));
        return h('span', { class: 'badge ok' }, ts('spc.grants.active'));
    };

    const table = (grants: Grant[], given: boolean) => {
        if (!grants.length) return h('p', { class: 'muted' }, ts('spc.grants.none'));
        return h(
            'div',
            { class: 'table-wrap' },
            h(
                'table',
                { class: 'grid' },
                h(
                    'thead',
                    null,
                    h(
                        'tr',
                        null,
                        h('th', null, ts('spc.grants.org')),
                        h('th', null, ts('spc.grants.scope')),
                        h('th', null, ts('spc.grants.expires')),
                        h('th', null, ts('spc.grants.state')),
                        given ? h('th', { class: 'num' }, ts('spc.grants.access')) : null,
                        given ? h('th', { 'aria-label': ts('spc.grants.revoke') }) : null,
                    ),
                ),
                h(
                    'tbody',
                    null,
                    grants.map((g) => {
                        const reads = h('td', { class: 'num', 'data-testid': `grant-reads-${g.id}` }, '…');
                        if (given) {
                            spcApi.grantAccess(g.id).then(
                                (a) => (reads.textContent = String(a.accesses)),
                                () => (reads.textContent = '—'),
                            );
                        }
                        let revoke: HTMLButtonElement | null = null;
                        if (given && isAdmin && !g.revoked_at) {
                            const button = h('button', { type: 'button', class: 'btn-danger small', 'data-testid': `revoke-grant-${g.id}` }, ts('spc.grants.revoke'));
                            let armed = false;
                            button.addEventListener('click', async () => {
                                if (!armed) {
                                    armed = true;
                                    button.textContent = ts('spc.grants.revoke.again');
                                    return;
                                }
                                button.disabled = true;
                                try {
                                    await spcApi.revokeGrant(g.id);
                                } catch (e) {
                                    status.replaceChildren(errorBox(message(e)));
                                }
                                await load();
                            });
                            revoke = button;
                        }
                        return h(
                            'tr',
                            { class: g.revoked_at ? 'revoked' : '', 'data-testid': `grant-${g.id}` },
                            h('td', null, `#${given ? g.grantee_org_id : g.org_id}`),
                            h('td', null, scopeText(g)),
                            h('td', { class: 'nowrap' }, dateTime(g.expires_at)),
                            h('td', null, grantState(g)),
                            given ? reads : null,
                            given ? h('td', { class: 'actions' }, revoke) : null,
                        );
                    }),
                ),
            ),
        );
    };

    const load = async () => {
        try {
            const [gs, ls, cs] = await Promise.all([
                spcApi.grants(),
                spcApi.lines().catch(() => ({ lines: [] as Line[] })),
                spcApi.characteristics().catch(() => ({ characteristics: [] as Characteristic[] })),
            ]);
            lines = ls.lines;
            characteristics = cs.characteristics;
            fillScope();
            const given = gs.grants.filter((g) => g.org_id === own);
            const received = gs.grants.filter((g) => g.org_id !== own);
            givenBody.replaceChildren(table(given, true));
            // organisations that cannot grant see the grants they received only (unless they once gave some)
            const showGiven = canGrant || given.length > 0;
            givenTitle.hidden = !showGiven;
            givenBody.hidden = !showGiven;
            receivedBody.replaceChildren(received.length ? h('h2', { class: 'section-title' }, ts('spc.grants.received')) : '', received.length ? table(received, false) : '');
        } catch (e) {
            givenBody.replaceChildren(errorBox(message(e)));
        }
    };

    const grantee = h('input', { id: 'grant-org', type: 'number', min: 1, step: 1, required: true, inputmode: 'numeric', 'data-testid': 'grant-org' });
    const scope = h('select', { id: 'grant-scope', required: true, 'data-testid': 'grant-scope' });
    const expiry = h('input', { id: 'grant-expires', type: 'date', required: true, value: isoDate(new Date(Date.now() + 90 * 86400e3)), min: isoDate(new Date(Date.now() + 86400e3)), 'data-testid': 'grant-expires' });
    const formError = h('div');
    const fillScope = () => {
        const chosen = scope.value;
        scope.replaceChildren(
            ...lines.map((l) => h('option', { value: `line:${l.id}` }, ts('spc.grants.scope.line', { code: `${l.code}${l.name !== l.code ? ` ${l.name}` : ''}` }))),
            ...characteristics
                .filter((c) => c.granted_by_grant === null)
                .map((c) => h('option', { value: `char:${c.id}` }, ts('spc.grants.scope.char', { part: c.part_number, feature: c.feature }) + ` (${c.code})`)),
        );
        if (chosen) scope.value = chosen;
    };
    const form = h(
        'form',
        {
            class: 'grant-form',
            'data-testid': 'grant-form',
            onsubmit: async (event: Event) => {
                event.preventDefault();
                formError.replaceChildren();
                status.replaceChildren();
                const org = Number(grantee.value);
                if (!Number.isInteger(org) || org <= 0) return grantee.focus();
                const [kind, idText] = scope.value.split(':');
                if (!idText) return scope.focus();
                if (!expiry.value) return expiry.focus();
                const body: { grantee_org_id: number; line_id?: number; characteristic_id?: number; expires_at: string } = {
                    grantee_org_id: org,
                    expires_at: `${expiry.value}T23:59:59.000Z`,
                };
                if (kind === 'line') body.line_id = Number(idText);
                else body.characteristic_id = Number(idText);
                try {
                    await spcApi.createGrant(body);
                    status.replaceChildren(h('div', { class: 'alert ok' }, ts('spc.grants.created.ok', { org })));
                    grantee.value = '';
                    await load();
                } catch (e) {
                    formError.replaceChildren(errorBox(message(e)));
                }
            },
        },
        h('div', { class: 'field' }, h('label', { for: grantee.id }, ts('spc.grants.grantee')), grantee),
        h('div', { class: 'field grow' }, h('label', { for: scope.id }, ts('spc.grants.scope')), scope),
        h('div', { class: 'field' }, h('label', { for: expiry.id }, ts('spc.grants.expires')), expiry),
        h('div', { class: 'field' }, h('button', { type: 'submit', class: 'btn-primary' }, ts('spc.grants.create'))),
    );

    const canGrant = isAdmin && session.organisation.kind === 'manufacturer';
    void load();
    return h(
        'section',
        { class: 'page spc' },
        h('div', { class: 'spc-head' }, h('h1', null, ts('spc.grants.title'))),
        spcTabs('grants'),
        h('p', { class: 'muted' }, ts('spc.grants.text')),
        canGrant ? h('article', { class: 'card' }, form, formError) : h('p', { class: 'muted small' }, ts('spc.grants.adminOnly')),
        status,
        givenTitle,
        givenBody,
        receivedBody,
    );
}
