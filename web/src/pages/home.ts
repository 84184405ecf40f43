import { api, ApiError, type Health } from '../api';
import { dateTime, h } from '../dom';
import { t, tCode } from '../i18n';
import { state } from '../state';
import { errorBox, loading, row } from '../widgets';
import { roleTiles } from './home-tiles';
import { tq } from '../quality-i18n';

let health: Health | null = null;

export function homePage(): HTMLElement {
    const session = state.session!;
    const serverBody = h('div', { 'data-testid': 'server-health' });

    const showHealth = (hl: Health) => {
        serverBody.replaceChildren(
            h(
                'dl',
                { class: 'facts' },
                row(t('home.status'), h('span', { class: hl.status === 'ok' ? 'badge ok' : 'badge warn' }, hl.status), 'health-status'),
                row(t('home.version'), hl.version, 'health-version'),
            ),
        );
    };
    if (health) showHealth(health);
    else serverBody.appendChild(loading());
    // Always refresh: the server may have been restarted or upgraded.
    api.health().then(
        (hl) => {
            health = hl;
            showHealth(hl);
        },
        (e: unknown) => serverBody.replaceChildren(errorBox(e instanceof ApiError && e.status === 0 ? t('common.network') : String((e as Error).message))),
    );

    const tiles = roleTiles(session.organisation.kind);
    return h(
        'section',
        { class: 'page home' },
        h('h1', { 'data-testid': 'welcome' }, t('home.welcome', { name: session.user.display_name || session.user.login })),
        tiles.length ? h('h2', { class: 'section-title' }, t('home.glance')) : null,
        tiles.length ? h('div', { class: 'cards tiles', 'data-testid': 'home-tiles' }, tiles) : null,
        h(
            'div',
            { class: 'cards' },
            h(
                'article',
                { class: 'card' },
                h('h2', null, t('home.you')),
                h(
                    'dl',
                    { class: 'facts' },
                    row(t('account.user.name'), session.user.display_name || '—', 'user-name'),
                    row(t('home.login'), h('code', null, session.user.login), 'user-login'),
                    row(t('home.role'), tCode('role', session.user.role), 'user-role'),
                    row(t('home.expires'), dateTime(session.expires_at)),
                ),
            ),
            h(
                'article',
                { class: 'card' },
                h('h2', null, t('home.org')),
                h('dl', { class: 'facts' }, row(t('home.org'), session.organisation.name, 'org-name'), row(t('home.kind'), tCode('kind', session.organisation.kind), 'org-kind')),
            ),
            h('article', { class: 'card' }, h('h2', null, t('home.server')), serverBody),
        ),
        h('h2', { class: 'section-title' }, t('home.modules')),
        h(
            'div',
            { class: 'cards modules' },
            h('a', { class: 'card module', href: '/spc', 'data-link': true }, h('h3', null, t('nav.spc')), h('p', null, t('home.spc.text'))),
            h('a', { class: 'card module', href: '/market', 'data-link': true }, h('h3', null, t('nav.market')), h('p', null, t('home.market.text'))),
            h('a', { class: 'card module', href: '/monitor', 'data-link': true }, h('h3', null, t('nav.monitor')), h('p', null, t('home.monitor.text'))),
            h('a', { class: 'card module', href: '/bearings', 'data-link': true }, h('h3', null, t('nav.bearings')), h('p', null, t('home.bearings.text'))),
            h('a', { class: 'card module', href: '/quality', 'data-link': true, 'data-testid': 'module-quality' }, h('h3', null, tq('qc.nav')), h('p', null, tq('qc.home.text'))),
            h('a', { class: 'card module', href: '/account', 'data-link': true }, h('h3', null, t('nav.account')), h('p', null, t('home.account.text'))),
        ),
    );
}
