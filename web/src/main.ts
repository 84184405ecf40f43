import './style.css';
import { api, ApiError, onUnauthorised } from './api';
import { clear, h } from './dom';
import { onLangChange, t, type Key } from './i18n';
import { langToggle } from './widgets';
import { href, isPublic, navigate, onNavigate, parse, type Route } from './router';
import { state } from './state';
import { loginPage } from './pages/login';
import { homePage } from './pages/home';
import { bearingsPage } from './pages/bearings';
import { accountPage, forgetSecret } from './pages/account';
import { leavePage } from './spc-live';
import { spcOverviewPage } from './pages/spc-overview';
import { spcCharacteristicPage } from './pages/spc-characteristic';
import { spcAlarmsPage } from './pages/spc-alarms';
import { spcGrantsPage } from './pages/spc-grants';
import { spcSetupPage } from './pages/spc-setup';
import { marketDashboardPage } from './pages/market-dashboard';
import { marketModelPage } from './pages/market-model';
import { marketReviewPage } from './pages/market-review';
import { marketImportPage } from './pages/market-import';
import { marketOffersPage } from './pages/market-offers';
import { marketForecastPage } from './pages/market-forecast';
import { furnacesPage } from './pages/furnace';
import { monitorAssetPage, monitorAssetsPage } from './pages/monitor';
import { monitorRecordPage } from './pages/monitor-record';
import { planPage } from './pages/plan';
import { qualityBlacklistPage, qualityFirmPage, qualityPublicPage } from './pages/quality-public';
import { qualityFilePage } from './pages/quality-file';
import { qualityOfficePage } from './pages/quality-office';
import { tq } from './quality-i18n';

const app = document.getElementById('app') as HTMLElement;
let lastRoute: Route['name'] | null = null;
let afterLogin = '/';

function navLink(route: Route, key: Key | (() => string), current: Route, id: string): HTMLElement {
    const active = route.name === current.name || (route.name === 'spc' && current.name.startsWith('spc-')) ||
        (route.name === 'market' && current.name.startsWith('market-')) ||
        (route.name === 'monitor' && current.name.startsWith('monitor-')) ||
        (route.name === 'quality' && current.name.startsWith('quality-'));
    return h(
        'a',
        { href: href(route), 'data-link': true, 'data-nav': id, class: active ? 'active' : '', 'aria-current': active ? 'page' : null },
        typeof key === 'function' ? key() : t(key),
    );
}

async function logout(): Promise<void> {
    try {
        await api.logout();
    } catch (e) {
        // the session is gone either way once the server forgets it or it expired
        if (!(e instanceof ApiError) || e.status !== 401) console.warn('logout failed', e);
    }
    state.session = null;
    afterLogin = '/';
    navigate('/login');
}

function shell(route: Route, page: HTMLElement): HTMLElement {
    const session = state.session;
    const header = h(
        'header',
        { class: 'topbar' },
        h(
            'div',
            { class: 'topbar-inner' },
            h(
                'a',
                { href: '/', 'data-link': true, class: 'brand' },
                h('img', { src: '/favicon.svg', alt: '', width: 26, height: 26 }),
                h('span', { class: 'brand-name' }, t('app.name')),
            ),
            h(
                'nav',
                { class: 'mainnav', 'aria-label': t('nav.menu') },
                navLink({ name: 'home' }, 'nav.home', route, 'home'),
                navLink({ name: 'bearings', designation: null, size: null }, 'nav.bearings', route, 'bearings'),
                navLink({ name: 'spc' }, 'nav.spc', route, 'spc'),
                navLink({ name: 'market', search: '' }, 'nav.market', route, 'market'),
                navLink({ name: 'monitor' }, 'nav.monitor', route, 'monitor'),
                navLink({ name: 'plan', search: '' }, 'nav.plan', route, 'plan'),
                navLink({ name: 'quality', search: '' }, () => tq('qc.nav'), route, 'quality'),
                navLink({ name: 'account' }, 'nav.account', route, 'account'),
            ),
            h(
                'div',
                { class: 'topbar-tools' },
                session ? h('span', { class: 'whoami', title: session.user.login }, session.user.display_name || session.user.login) : null,
                langToggle(),
                h('button', { type: 'button', class: 'btn-quiet', 'data-testid': 'logout', onclick: () => void logout() }, t('nav.logout')),
            ),
        ),
    );
    return h('div', { class: 'layout' }, header, h('main', { class: 'content', id: 'main' }, page));
}

// The frame of the public pages for a visitor without a session: the brand, the public quality pages, the language
// switch and a way to log in.
function publicShell(route: Route, page: HTMLElement): HTMLElement {
    const header = h(
        'header',
        { class: 'topbar' },
        h(
            'div',
            { class: 'topbar-inner' },
            h(
                'a',
                { href: '/quality', 'data-link': true, class: 'brand' },
                h('img', { src: '/favicon.svg', alt: '', width: 26, height: 26 }),
                h('span', { class: 'brand-name' }, t('app.name')),
            ),
            h('nav', { class: 'mainnav', 'aria-label': t('nav.menu') }, navLink({ name: 'quality', search: '' }, () => tq('qc.nav'), route, 'quality')),
            h(
                'div',
                { class: 'topbar-tools' },
                langToggle(),
                h('a', { href: '/login', 'data-link': true, class: 'btn-quiet', 'data-testid': 'public-login' }, tq('qc.login')),
            ),
        ),
    );
    return h('div', { class: 'layout' }, header, h('main', { class: 'content', id: 'main' }, page));
}

function notFound(): HTMLElement {
    return h(
        'section',
        { class: 'page' },
        h('h1', null, t('notfound.title')),
        h('p', null, h('a', { href: '/', 'data-link': true }, t('notfound.back'))),
    );
}

function render(): void {
    const route = parse(location);
    if (!state.session && route.name !== 'login' && !isPublic(route)) {
        afterLogin = location.pathname + location.search;
        navigate('/login', true);
        return;
    }
    if (state.session && route.name === 'login') {
        navigate(afterLogin || '/', true);
        return;
    }
    if (lastRoute === 'account' && route.name !== 'account') forgetSecret();
    lastRoute = route.name;

    leavePage();
    clear(app);
    let titleKey: Key;
    let title: string | null = null;
    const frame = (r: Route, page: HTMLElement) => (state.session ? shell(r, page) : publicShell(r, page));
    switch (route.name) {
        case 'login':
            app.appendChild(
                loginPage(() => {
                    const target = afterLogin && afterLogin !== '/login' ? afterLogin : '/';
                    afterLogin = '/';
                    navigate(target, true);
                }),
            );
            titleKey = 'login.title';
            break;
        case 'home':
            app.appendChild(shell(route, homePage()));
            titleKey = 'nav.home';
            break;
        case 'bearings':
            app.appendChild(shell(route, bearingsPage(route)));
            titleKey = 'nav.bearings';
            break;
        case 'account':
            app.appendChild(shell(route, accountPage()));
            titleKey = 'nav.account';
            break;
        case 'spc':
            app.appendChild(shell(route, spcOverviewPage()));
            titleKey = 'nav.spc';
            break;
        case 'spc-char':
            app.appendChild(shell(route, spcCharacteristicPage(route)));
            titleKey = 'nav.spc';
            break;
        case 'spc-alarms':
            app.appendChild(shell(route, spcAlarmsPage(route)));
            titleKey = 'nav.spc';
            break;
        case 'spc-grants':
            app.appendChild(shell(route, spcGrantsPage()));
            titleKey = 'nav.spc';
            break;
        case 'spc-setup':
            app.appendChild(shell(route, spcSetupPage()));
            titleKey = 'nav.spc';
            break;
        case 'market':
            app.appendChild(shell(route, marketDashboardPage(route.search)));
            titleKey = 'nav.market';
            break;
        case 'market-model':
            app.appendChild(shell(route, marketModelPage(route.designation, route.search)));
            titleKey = 'nav.market';
            break;
        case 'market-review':
            app.appendChild(shell(route, marketReviewPage()));
            titleKey = 'nav.market';
            break;
        case 'market-import':
            app.appendChild(shell(route, marketImportPage()));
            titleKey = 'nav.market';
            break;
        case 'market-offers':
            app.appendChild(shell(route, marketOffersPage(route.search)));
            titleKey = 'nav.market';
            break;
        case 'market-forecast':
            app.appendChild(shell(route, marketForecastPage(route.search)));
            titleKey = 'nav.market';
            break;
        case 'monitor':
            app.appendChild(shell(route, monitorAssetsPage()));
            titleKey = 'nav.monitor';
            break;
        case 'monitor-asset':
            app.appendChild(shell(route, monitorAssetPage(route.id)));
            titleKey = 'nav.monitor';
            break;
        case 'plan':
            app.appendChild(shell(route, planPage(route.search)));
            titleKey = 'nav.plan';
            break;
        case 'monitor-record':
            app.appendChild(shell(route, monitorRecordPage(route.id, route.record)));
            titleKey = 'nav.monitor';
            break;
        case 'monitor-furnaces':
            app.appendChild(shell(route, furnacesPage()));
            titleKey = 'nav.monitor';
            break;
        case 'quality':
            app.appendChild(frame(route, qualityPublicPage(route.search)));
            titleKey = 'nav.home';
            title = tq('qc.public.title');
            break;
        case 'quality-blacklist':
            app.appendChild(frame(route, qualityBlacklistPage()));
            titleKey = 'nav.home';
            title = tq('qc.blacklist.title');
            break;
        case 'quality-firm':
            app.appendChild(frame(route, qualityFirmPage(route.ref)));
            titleKey = 'nav.home';
            title = tq('qc.nav');
            break;
        case 'quality-file':
            app.appendChild(shell(route, qualityFilePage()));
            titleKey = 'nav.home';
            title = tq('qc.file.title');
            break;
        case 'quality-office':
            app.appendChild(shell(route, qualityOfficePage()));
            titleKey = 'nav.home';
            title = tq('qc.office.title');
            break;
        case 'notfound':
            app.appendChild(shell(route, notFound()));
            titleKey = 'notfound.title';
            break;
    }
    document.title = `${title ?? t(titleKey)} · ${t('app.name')}`;
}

async function start(): Promise<void> {
    app.appendChild(h('p', { class: 'boot' }, t('common.loading')));
    try {
        state.session = await api.session();
    } catch (e) {
        state.session = null;
        if (!(e instanceof ApiError) || e.status !== 401) console.warn('session check failed', e);
    }
    onNavigate(render);
    onLangChange(render);
    onUnauthorised(() => {
        if (!state.session) return;
        state.session = null;
        afterLogin = location.pathname + location.search;
        navigate('/login', true);
    });
    render();
}

void start();
