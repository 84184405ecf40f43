#!/usr/bin/env node
// Development stand-in for `yandian demo`, used only to work on the front end while the server is not
// at hand: `YANDIAN_BINARY=tests/browser/dev/mock-yandian.mjs node tests/browser/run.mjs`.
// The browser test proper (scripts/browser-test.sh) always drives the real binary.
// Catalogue values below are illustrative fixtures, not reference data.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const listen = args[args.indexOf('--listen') + 1] ?? '127.0.0.1:0';
const [host, port] = listen.split(':');
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

const org = { id: 1, name: 'Linqing Demo Bearing Co.', kind: 'manufacturer' };
const users = [{ id: 1, login: 'demo', display_name: 'Demo Engineer', role: 'admin', disabled: false, created_at: new Date().toISOString() }];
const passwords = { demo: 'demo-yandian' };
const sessions = new Map();
const tokens = [];
const bearings = [
    { designation: '6205', type: 'deep_groove_ball', d: 25, D: 52, B: 15, T: null, r_min: 1, C_kN: 14.8, C0_kN: 7.8 },
    { designation: '6206', type: 'deep_groove_ball', d: 30, D: 62, B: 16, T: null, r_min: 1, C_kN: 20.3, C0_kN: 11.2 },
    { designation: '6204', type: 'deep_groove_ball', d: 20, D: 47, B: 14, T: null, r_min: 1, C_kN: 13.5, C0_kN: 6.55 },
    { designation: '7205 B', type: 'angular_contact_ball', d: 25, D: 52, B: 15, T: null, r_min: 1, C_kN: 15.6, C0_kN: 10 },
    { designation: '2205', type: 'self_aligning_ball', d: 25, D: 52, B: 18, T: null, r_min: 1, C_kN: 12.1, C0_kN: 3.4 },
    { designation: 'NU205', type: 'cylindrical_roller', d: 25, D: 52, B: 15, T: null, r_min: 1, C_kN: 28.6, C0_kN: 27 },
    { designation: '22205', type: 'spherical_roller', d: 25, D: 52, B: 18, T: null, r_min: 1, C_kN: 49, C0_kN: 44 },
    { designation: '30205', type: 'tapered_roller', d: 25, D: 52, B: 15, T: 16.25, r_min: 1, C_kN: 32.5, C0_kN: 33.5 },
    { designation: '51105', type: 'thrust_ball', d: 25, D: 42, B: null, T: 11, r_min: 0.6, C_kN: 15.9, C0_kN: 30.5 },
    { designation: 'NK25/20', type: 'needle_roller', d: 25, D: 33, B: 20, T: null, r_min: null, C_kN: 21, C0_kN: 30 },
    { designation: '61805', type: 'deep_groove_ball', d: 25, D: 37, B: 7, T: null, r_min: 0.3, C_kN: 4.36, C0_kN: 2.6 },
];

function send(res, status, body, headers = {}) {
    const data = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(data);
}
const fail = (res, status, code, message, field) => send(res, status, { error: { code, message, field: field ?? null } });

const secrets = new Map();
function sessionOf(req) {
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    if (bearer) {
        const tok = secrets.get(bearer[1]);
        return tok && !tok.revoked_at ? users[0] : undefined;
    }
    const m = /(?:^|;\s*)ydn_session=([^;]+)/.exec(req.headers.cookie ?? '');
    return m ? sessions.get(m[1]) : undefined;
}
function sessionBody(user) {
    return { user: { id: user.id, login: user.login, display_name: user.display_name, role: user.role }, organisation: org, expires_at: new Date(Date.now() + 8 * 3600e3).toISOString() };
}
function parseBearing(input) {
    const up = input.toUpperCase().replace(/\s+/g, '');
    const m = /^(6205|6206|6204|7205B?|2205|NU205|22205|30205|51105|NK25\/20|61805)(.*)$/.exec(up);
    if (!m) return { error: `cannot read '${input}' at position 1: unknown basic designation` };
    const base = bearings.find((b) => b.designation.replace(/\s/g, '') === m[1] || b.designation.replace(/\s/g, '') === m[1] + 'B');
    const rest = m[2].replace(/^[-/]/, '');
    const seal = /2RS|DDU|LLU|2RSH/.test(rest) ? '2RS' : /ZZ|2Z/.test(rest) ? '2Z' : null;
    const clearance = /C3/.test(rest) ? 'C3' : null;
    return {
        input,
        canonical: [base.designation + (seal ? `-${seal}` : ''), clearance].filter(Boolean).join(' '),
        type: base.type,
        series: base.designation.slice(0, 2),
        d: base.d, D: base.D, B: base.B, T: base.T, r_min: base.r_min,
        seal, clearance, precision: null, cage: null, suffixes: [],
        C_kN: base.C_kN, C0_kN: base.C0_kN, estimated: false,
        equivalents: [{ system: 'SKF', designation: base.designation }, { system: 'GB-old', designation: '180' + base.designation.slice(1) }],
        warnings: [],
    };
}

function api(req, res, url) {
    const p = url.pathname.slice('/api/v1'.length);
    const s = sessionOf(req);
    const readBody = () => new Promise((resolve) => { let b = ''; req.on('data', (c) => (b += c)); req.on('end', () => { try { resolve(JSON.parse(b || '{}')); } catch { resolve(null); } }); });
    if (p === '/health') return send(res, 200, { status: 'ok', version: '0.1.0-mock' });
    if (p === '/session' && req.method === 'POST')
        return readBody().then((b) => {
            if (!b) return fail(res, 400, 'bad_json', 'malformed JSON');
            const user = users.find((u) => u.login === b.login);
            if (!user || passwords[b.login] !== b.password) return fail(res, 401, 'unauthenticated', 'wrong login or password');
            const id = crypto.randomBytes(16).toString('hex');
            sessions.set(id, user);
            send(res, 200, sessionBody(user), { 'Set-Cookie': `ydn_session=${id}; HttpOnly; SameSite=Strict; Path=/` });
        });
    if (!s) return fail(res, 401, 'unauthenticated', 'not logged in');
    if (p === '/session' && req.method === 'GET') return send(res, 200, sessionBody(s));
    if (p === '/session' && req.method === 'DELETE') {
        const m = /(?:^|;\s*)ydn_session=([^;]+)/.exec(req.headers.cookie ?? '');
        sessions.delete(m[1]);
        res.writeHead(204, { 'Set-Cookie': 'ydn_session=; Max-Age=0; Path=/' });
        return res.end();
    }
    if (p === '/users' && req.method === 'GET') return send(res, 200, { users });
    if (p === '/users' && req.method === 'POST')
        return readBody().then((b) => {
            const u = { id: users.length + 1, login: b.login, display_name: b.display_name, role: b.role, disabled: false, created_at: new Date().toISOString() };
            users.push(u);
            passwords[b.login] = b.password;
            send(res, 201, u);
        });
    if (p === '/tokens' && req.method === 'GET') return send(res, 200, { tokens });
    if (p === '/tokens' && req.method === 'POST')
        return readBody().then((b) => {
            const secret = 'ydn_' + crypto.randomBytes(20).toString('hex');
            const tok = { id: tokens.length + 1, name: b.name, prefix: secret.slice(0, 10), created_at: new Date().toISOString(), revoked_at: null, last_used_at: null };
            tokens.push(tok);
            secrets.set(secret, tok);
            send(res, 201, { token: tok, secret });
        });
    let m = /^\/tokens\/(\d+)$/.exec(p);
    if (m && req.method === 'DELETE') {
        const tok = tokens.find((t) => String(t.id) === m[1]);
        if (!tok) return fail(res, 404, 'not_found', 'no such token');
        tok.revoked_at = new Date().toISOString();
        res.writeHead(204);
        return res.end();
    }
    if (p === '/bearings') {
        const q = url.searchParams.get('q');
        const size = url.searchParams.get('size');
        if (q !== null) {
            const up = q.toUpperCase().replace(/\s+/g, '');
            return send(res, 200, { results: bearings.filter((b) => b.designation.replace(/\s/g, '').startsWith(up)).slice(0, 20).map(({ designation, type, d, D, B }) => ({ designation, type, d, D, B })) });
        }
        if (size !== null) {
            const nums = size.split(/[x*×]/i).map(Number);
            const hits = bearings.filter((b) => b.d === nums[0] && b.D === nums[1] && (nums[2] === undefined || b.B === nums[2] || b.T === nums[2]));
            const groups = [...new Set(hits.map((b) => b.type))].map((type) => ({ type, bearings: hits.filter((b) => b.type === type).map(({ designation, d, D, B, T }) => ({ designation, d, D, B, T })) }));
            return send(res, 200, { query: { d: nums[0], D: nums[1], B: nums[2] ?? null }, groups });
        }
    }
    m = /^\/bearings\/([^/]+)(\/life)?$/.exec(p);
    if (m) {
        const b = parseBearing(decodeURIComponent(m[1]));
        if (b.error) return fail(res, 400, 'invalid_designation', b.error, 'designation');
        if (!m[2]) return send(res, 200, b);
        const fr = Number(url.searchParams.get('fr')), fa = Number(url.searchParams.get('fa') ?? 0), rpm = Number(url.searchParams.get('rpm'));
        const P = fr + 1.5 * fa;
        const pExp = b.type.includes('ball') ? 3 : 10 / 3;
        const L10 = Math.pow((b.C_kN * 1000) / P, pExp);
        return send(res, 200, { P_N: P, L10_million_revolutions: L10, L10h: rpm > 0 ? (L10 * 1e6) / (60 * rpm) : null, X: 1, Y: fa ? 1.5 : 0, e: 0.22 });
    }
    return fail(res, 404, 'not_found', 'no such route');
}

const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith('/api/')) return api(req, res, url);
    let file = path.join(dist, path.normalize(url.pathname));
    if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dist, 'index.html');
    const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' }[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type });
    fs.createReadStream(file).pipe(res);
});
server.listen(Number(port), host, () => {
    console.log(`Yandian listening on http://${host}:${server.address().port}`);
    console.log('Demo login: demo / demo-yandian');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
