// Condition monitoring: the organisation's monitored bearing positions (a list and a form to add one), and one
// position's page: the trend of its records with the ISO 20816-3 zone boundaries, the alarms, the evidence of the
// latest record and a form to send a record file (diagnosed and stored by the server).
import { h } from '../dom';
import { state } from '../state';
import { monitorApi, type Asset, type AssetDetail, type MonitorRecord } from '../monitor-api';
import { tf } from '../furnace-i18n';
import { faultText, tm, type MonKey } from '../monitor-i18n';
import { message } from '../spc-common';
import { onLeave } from '../spc-live';
import { errorBox, loading } from '../widgets';

type Charts = typeof import('../monitor-charts');
let chartsModule: Promise<Charts> | null = null;
const loadCharts = () => (chartsModule ??= import('../monitor-charts'));

const canEdit = () => {
    const role = state.session?.user.role;
    return role === 'admin' || role === 'engineer';
};

function field(label: MonKey, input: HTMLElement & { id: string }, grow = false): HTMLElement {
    return h('div', { class: grow ? 'field grow' : 'field' }, h('label', { for: input.id }, tm(label)), input);
}

function input(id: string, attrs: Record<string, string | number | boolean> = {}): HTMLInputElement {
    return h('input', { id, 'data-testid': id, ...attrs });
}

export function table(head: MonKey[], rows: HTMLElement[], testid: string, empty: MonKey): HTMLElement {
    if (!rows.length) return h('p', { class: 'muted', 'data-testid': testid }, tm(empty));
    return h(
        'div',
        { class: 'table-wrap' },
        h('table', { class: 'grid', 'data-testid': testid }, h('thead', null, h('tr', null, head.map((k) => h('th', null, tm(k))))), h('tbody', null, rows)),
    );
}

export const zoneBadge = (zone: string) => h('span', { class: `zone zone-${zone}`, 'data-zone': zone }, zone);

export function monitorAssetsPage(): HTMLElement {
    const status = h('div', { role: 'status', 'data-testid': 'monitor-status' });
    const body = h('div', null, loading());
    const load = async () => {
        try {
            const { assets } = await monitorApi.assets();
            body.replaceChildren(
                table(
                    ['mon.name', 'mon.machine', 'mon.position', 'mon.bearing', 'mon.group', 'mon.mounting'],
                    assets.map((a: Asset) =>
                        h(
                            'tr',
                            { 'data-testid': `monitor-asset-${a.id}` },
                            h('td', null, h('a', { href: `/monitor/assets/${a.id}`, 'data-link': true }, a.name)),
                            h('td', null, a.machine),
                            h('td', null, a.position),
                            h('td', null, h('code', null, a.bearing)),
                            h('td', { class: 'num' }, a.machine_group),
                            h('td', null, tm(a.mounting === 'flexible' ? 'mon.mounting.flexible' : 'mon.mounting.rigid')),
                        ),
                    ),
                    'monitor-assets',
                    'mon.none',
                ),
            );
        } catch (e) {
            body.replaceChildren(errorBox(message(e)));
        }
    };

    const name = input('monitor-name', { required: true, maxlength: 200, placeholder: 'grinder 3 spindle DE' });
    const machine = input('monitor-machine', { required: true, maxlength: 200 });
    const position = input('monitor-position', { required: true, maxlength: 200, value: 'DE' });
    const bearing = input('monitor-bearing', { required: true, maxlength: 64, placeholder: '6205' });
    const group = h('select', { id: 'monitor-group', 'data-testid': 'monitor-group' }, h('option', { value: '2' }, '2'), h('option', { value: '1' }, '1'));
    const mounting = h(
        'select',
        { id: 'monitor-mounting', 'data-testid': 'monitor-mounting' },
        h('option', { value: 'rigid' }, tm('mon.mounting.rigid')),
        h('option', { value: 'flexible' }, tm('mon.mounting.flexible')),
    );
    const rpm = input('monitor-rpm', { type: 'number', min: 1, step: 'any', inputmode: 'decimal' });
    const formError = h('div');
    const form = h(
        'form',
        {
            class: 'grant-form',
            'data-testid': 'monitor-asset-form',
            onsubmit: async (event: Event) => {
                event.preventDefault();
                formError.replaceChildren();
                status.replaceChildren();
                try {
                    const a = await monitorApi.createAsset({
                        name: name.value.trim(),
                        machine: machine.value.trim(),
                        position: position.value.trim(),
                        bearing: bearing.value.trim(),
                        machine_group: group.value,
                        mounting: mounting.value,
                        nominal_rpm: rpm.value.trim() === '' ? undefined : Number(rpm.value),
                    });
                    status.replaceChildren(h('div', { class: 'alert ok' }, tm('mon.added', { what: a.name })));
                    form.reset();
                    position.value = 'DE';
                    await load();
                } catch (e) {
                    formError.replaceChildren(errorBox(message(e)));
                }
            },
        },
        field('mon.name', name, true),
        field('mon.machine', machine),
        field('mon.position', position),
        field('mon.bearing', bearing),
        field('mon.group', group),
        field('mon.mounting', mounting),
        field('mon.nominalRpm', rpm),
        h('div', { class: 'field' }, h('button', { type: 'submit', class: 'btn-primary' }, tm('mon.add'))),
    );
    void load();
    return h(
        'section',
        { class: 'page monitor', 'data-testid': 'monitor-assets-page' },
        h('h1', null, tm('mon.title')),
        h('p', { class: 'muted' }, tm('mon.text')),
        h('p', null, h('a', { href: '/monitor/furnaces', 'data-link': true, 'data-testid': 'furnaces-link' }, tf('fur.link'), ' →')),
        status,
        h('article', { class: 'card' }, h('h2', { class: 'section-title' }, tm('mon.assets')), canEdit() ? h('div', null, form, formError) : h('p', { class: 'muted small' }, tm('mon.readOnly')), body),
    );
}

export function evidenceTable(record: MonitorRecord | undefined, title: MonKey = 'mon.evidence'): HTMLElement | null {
    const evidence = record?.diagnosis?.evidence ?? [];
    if (!record || !evidence.length) return null;
    return h(
        'article',
        { class: 'card' },
        h('h2', { class: 'section-title' }, `${tm(title)}: ${faultText(record.fault)}`),
        table(
            ['mon.line', 'mon.method', 'mon.expected', 'mon.found', 'mon.order', 'mon.db'],
            evidence.map((e) =>
                h(
                    'tr',
                    null,
                    h('td', null, h('code', null, e.line)),
                    h('td', null, e.method),
                    h('td', { class: 'num' }, e.expected_hz.toFixed(2)),
                    h('td', { class: 'num' }, e.found_hz.toFixed(2)),
                    h('td', { class: 'num' }, e.order.toFixed(3)),
                    h('td', { class: 'num' }, e.prominence_db.toFixed(1)),
                ),
            ),
            'monitor-evidence',
            'mon.noRecords',
        ),
    );
}

export function monitorAssetPage(id: number): HTMLElement {
    const head = h('div', null, loading());
    const chartBox = h('div', { class: 'chart', 'data-testid': 'monitor-trend', style: 'height: 320px' });
    const records = h('div');
    const alarms = h('div');
    const evidence = h('div');
    const status = h('div', { role: 'status', 'data-testid': 'monitor-record-status' });
    const handles: Array<{ dispose(): void }> = [];
    onLeave(() => handles.splice(0).forEach((c) => c.dispose()));
    let latest: MonitorRecord | undefined;

    const draw = async (a: AssetDetail) => {
        head.replaceChildren(
            h('h1', null, a.name),
            h('p', { class: 'muted' }, `${a.machine} · ${a.position} · `, h('code', null, a.bearing), ` · ISO 20816-3 ${a.machine_group} ${tm(a.mounting === 'flexible' ? 'mon.mounting.flexible' : 'mon.mounting.rigid')}`),
        );
        records.replaceChildren(
            table(
                ['mon.measuredAt', 'mon.velocity', 'mon.zone', 'mon.kurtosis', 'mon.verdict', 'mon.confidence'],
                a.records.map((r) =>
                    h(
                        'tr',
                        { 'data-testid': `monitor-record-${r.id}` },
                        h('td', { class: 'nowrap' }, h('a', { href: `/monitor/assets/${a.id}/records/${r.id}`, 'data-link': true }, r.measured_at.slice(0, 16).replace('T', ' '))),
                        h('td', { class: 'num' }, r.velocity_rms_mm_s.toFixed(2)),
                        h('td', null, zoneBadge(r.zone)),
                        h('td', { class: 'num' }, r.kurtosis.toFixed(2)),
                        h('td', { 'data-fault': r.fault }, faultText(r.fault)),
                        h('td', { class: 'num' }, r.confidence.toFixed(2)),
                    ),
                ),
                'monitor-records',
                'mon.noRecords',
            ),
        );
        alarms.replaceChildren(
            table(
                ['mon.measuredAt', 'mon.kind', 'mon.message'],
                a.alarms.map((al) =>
                    h(
                        'tr',
                        { 'data-testid': `monitor-alarm-${al.id}`, 'data-kind': al.kind },
                        h('td', { class: 'nowrap' }, al.raised_at.slice(0, 16).replace('T', ' ')),
                        h('td', null, tm(`mon.alarm.${al.kind}` as MonKey)),
                        h('td', null, al.message),
                    ),
                ),
                'monitor-alarms',
                'mon.noAlarms',
            ),
        );
        evidence.replaceChildren(evidenceTable(latest) ?? h('span'));
        handles.splice(0).forEach((c) => c.dispose());
        if (a.records.length) {
            const charts = await loadCharts();
            handles.push(
                charts.renderTrendChart(
                    chartBox,
                    a.records.map((r) => ({ at: r.measured_at, velocity: r.velocity_rms_mm_s, kurtosis: r.kurtosis })),
                    a.zone_limits_mm_s,
                    { velocity: tm('mon.velocity'), kurtosis: tm('mon.kurtosis') },
                ),
            );
            chartBox.setAttribute('data-points', String(a.records.length));
        }
    };
    const load = async () => {
        try {
            await draw(await monitorApi.asset(id));
        } catch (e) {
            head.replaceChildren(errorBox(message(e)));
        }
    };

    const file = h('input', { id: 'monitor-file', 'data-testid': 'monitor-file', type: 'file', required: true, accept: '.mat,.wav,.flac,.csv,.txt' });
    const measured = input('monitor-measured', { type: 'date' });
    const formError = h('div');
    const form = h(
        'form',
        {
            class: 'grant-form',
            'data-testid': 'monitor-record-form',
            onsubmit: async (event: Event) => {
                event.preventDefault();
                formError.replaceChildren();
                status.replaceChildren();
                const chosen = file.files?.[0];
                if (!chosen) return;
                try {
                    const out = await monitorApi.addRecord(id, chosen, measured.value || null);
                    latest = out.record;
                    const lines = [out.stored ? tm('mon.stored', { verdict: faultText(out.record.fault), zone: out.record.zone }) : tm('mon.already')];
                    if (out.alarms.length) lines.push(tm('mon.raised', { n: out.alarms.length }));
                    status.replaceChildren(h('div', { class: out.alarms.length ? 'alert warn' : 'alert ok', 'data-fault': out.record.fault }, lines.join(' ')));
                    form.reset();
                    await load();
                } catch (e) {
                    formError.replaceChildren(errorBox(message(e)));
                }
            },
        },
        field('mon.file', file, true),
        field('mon.measuredDate', measured),
        h('div', { class: 'field' }, h('button', { type: 'submit', class: 'btn-primary' }, tm('mon.send'))),
    );
    void load();
    return h(
        'section',
        { class: 'page monitor', 'data-testid': 'monitor-asset-page' },
        h('p', null, h('a', { href: '/monitor', 'data-link': true }, tm('mon.back'))),
        head,
        status,
        canEdit() ? h('article', { class: 'card' }, h('h2', { class: 'section-title' }, tm('mon.upload')), form, formError) : null,
        h('article', { class: 'card' }, h('h2', { class: 'section-title' }, tm('mon.trend')), chartBox),
        evidence,
        h('article', { class: 'card' }, h('h2', { class: 'section-title' }, tm('mon.alarms')), alarms),
        h('article', { class: 'card' }, h('h2', { class: 'section-title' }, tm('mon.records')), records),
    );
}
