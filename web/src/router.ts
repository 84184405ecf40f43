// History routing. The server answers index.html for every non-/api path, so deep links work.

export type Route =
    | { name: 'login' }
    | { name: 'home' }
    | { name: 'bearings'; designation: string | null; size: string | null }
    | { name: 'account' }
    | { name: 'spc' }
    | { name: 'spc-char'; id: number; last: number | null }
    | { name: 'spc-alarms'; state: 'open' | 'all'; characteristic: number | null }
    | { name: 'spc-grants' }
    | { name: 'spc-setup' }
    | { name: 'market'; search: string }
    | { name: 'market-model'; designation: string; search: string }
    | { name: 'market-review' }
    | { name: 'market-import' }
    | { name: 'market-offers'; search: string }
    | { name: 'market-forecast'; search: string }
    | { name: 'monitor' }
    | { name: 'plan'; search: string }
    | { name: 'monitor-asset'; id: number }
    | { name: 'monitor-record'; id: number; record: number }
    | { name: 'monitor-furnaces' }
    | { name: 'quality'; search: string }
    | { name: 'quality-blacklist' }
    | { name: 'quality-firm'; ref: string }
    | { name: 'quality-file' }
    | { name: 'quality-office' }
    | { name: 'notfound'; path: string };

/** Pages anyone may read without logging in: the published quality credit list, the blacklist, a firm's page. */
export function isPublic(route: Route): boolean {
    return route.name === 'quality' || route.name === 'quality-blacklist' || route.name === 'quality-firm';
}

export function parse(location: Location | URL): Route {
    const path = location.pathname.replace(/\/+$/, '') || '/';
    const params = new URLSearchParams(location.search);
    switch (path) {
        case '/':
            return { name: 'home' };
        case '/login':
            return { name: 'login' };
        case '/bearings':
            return { name: 'bearings', designation: params.get('d'), size: params.get('size') };
        case '/account':
            return { name: 'account' };
        case '/spc':
            return { name: 'spc' };
        case '/spc/alarms':
        {
            const c = Number(params.get('c'));
            return { name: 'spc-alarms', state: params.get('state') === 'all' ? 'all' : 'open', characteristic: Number.isInteger(c) && c > 0 ? c : null };
        }
        case '/spc/grants':
            return { name: 'spc-grants' };
        case '/spc/setup':
            return { name: 'spc-setup' };
        case '/market':
            return { name: 'market', search: location.search };
        case '/market/review':
            return { name: 'market-review' };
        case '/market/import':
            return { name: 'market-import' };
        case '/market/offers':
            return { name: 'market-offers', search: location.search };
        case '/market/forecast':
            return { name: 'market-forecast', search: location.search };
        case '/monitor':
            return { name: 'monitor' };
        case '/plan':
            return { name: 'plan', search: location.search };
        case '/monitor/furnaces':
            return { name: 'monitor-furnaces' };
        case '/quality':
            return { name: 'quality', search: location.search };
        case '/quality/blacklist':
            return { name: 'quality-blacklist' };
        case '/quality/file':
            return { name: 'quality-file' };
        case '/quality/office':
            return { name: 'quality-office' };
        default: {
            const firm = /^\/quality\/firms\/([0-9A-Za-z]{1,18})$/.exec(path);
            if (firm) return { name: 'quality-firm', ref: firm[1] };
            const m = /^\/market\/models\/([^/]{1,200})$/.exec(path);
            if (m) {
                let designation = m[1];
                try {
                    designation = decodeURIComponent(m[1]);
                } catch {
                    // a malformed escape is shown as written
                }
                return { name: 'market-model', designation, search: location.search };
            }
            const asset = /^\/monitor\/assets\/(\d{1,15})$/.exec(path);
            if (asset) return { name: 'monitor-asset', id: Number(asset[1]) };
            const record = /^\/monitor\/assets\/(\d{1,15})\/records\/(\d{1,15})$/.exec(path);
            if (record) return { name: 'monitor-record', id: Number(record[1]), record: Number(record[2]) };
            const c = /^\/spc\/characteristics\/(\d{1,15})$/.exec(path);
            if (c) {
                const last = Number(params.get('last'));
                return { name: 'spc-char', id: Number(c[1]), last: Number.isInteger(last) && last > 0 ? last : null };
            }
            return { name: 'notfound', path };
        }
    }
}

export function href(route: Route): string {
    switch (route.name) {
        case 'home':
            return '/';
        case 'login':
            return '/login';
        case 'account':
            return '/account';
        case 'bearings': {
            const p = new URLSearchParams();
            if (route.designation) p.set('d', route.designation);
            if (route.size) p.set('size', route.size);
            const q = p.toString();
            return q ? `/bearings?${q}` : '/bearings';
        }
        case 'spc':
            return '/spc';
        case 'spc-char':
            return `/spc/characteristics/${route.id}` + (route.last ? `?last=${route.last}` : '');
        case 'spc-alarms':
        {
            const p = new URLSearchParams();
            if (route.state === 'all') p.set('state', 'all');
            if (route.characteristic) p.set('c', String(route.characteristic));
            const q = p.toString();
            return q ? `/spc/alarms?${q}` : '/spc/alarms';
        }
        case 'spc-grants':
            return '/spc/grants';
        case 'spc-setup':
            return '/spc/setup';
        case 'market':
            return '/market' + route.search;
        case 'market-model':
            return `/market/models/${encodeURIComponent(route.designation)}${route.search}`;
        case 'market-review':
            return '/market/review';
        case 'market-import':
            return '/market/import';
        case 'market-offers':
            return '/market/offers' + route.search;
        case 'market-forecast':
            return '/market/forecast' + route.search;
        case 'monitor':
            return '/monitor';
        case 'plan':
            return `/plan${route.search}`;
        case 'monitor-asset':
            return `/monitor/assets/${route.id}`;
        case 'monitor-record':
            return `/monitor/assets/${route.id}/records/${route.record}`;
        case 'monitor-furnaces':
            return '/monitor/furnaces';
        case 'quality':
            return '/quality' + route.search;
        case 'quality-blacklist':
            return '/quality/blacklist';
        case 'quality-firm':
            return `/quality/firms/${encodeURIComponent(route.ref)}`;
        case 'quality-file':
            return '/quality/file';
        case 'quality-office':
            return '/quality/office';
        case 'notfound':
            return route.path;
    }
}

let handler: (() => void) | null = null;

export function onNavigate(h: () => void): void {
    handler = h;
    window.addEventListener('popstate', () => handler?.());
    // Same-origin links marked data-link are routed without a reload.
    document.addEventListener('click', (event) => {
        const target = (event.target as Element | null)?.closest?.('a[data-link]') as HTMLAnchorElement | null;
        if (!target || event.defaultPrevented || event.button !== 0) return;
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(target.getAttribute('href') ?? '/');
    });
}

export function navigate(to: string, replace = false): void {
    const current = location.pathname + location.search;
    if (to !== current) {
        if (replace) history.replaceState(null, '', to);
        else history.pushState(null, '', to);
    }
    handler?.();
}
