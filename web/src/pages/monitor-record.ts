// One vibration record of a monitored position: its figures and verdict, the evidence, and the plots the server kept
// with it (monitor/plots.hpp): waveform, spectrum, the squared-envelope spectrum of each analysis with the chosen
// fault family's lines and sidebands and the shaft orders marked, and the kurtogram. Every chart zooms (wheel or the
// slider under it).
import { h } from '../dom';
import { monitorApi, type RecordDetail, type RecordPlots } from '../monitor-api';
import type { Marker } from '../monitor-charts';
import { faultText, tm, type MonKey } from '../monitor-i18n';
import { message } from '../spc-common';
import { onLeave } from '../spc-live';
import { errorBox, loading } from '../widgets';
import { evidenceTable, zoneBadge } from './monitor';

type Charts = typeof import('../monitor-charts');
let chartsModule: Promise<Charts> | null = null;
const loadCharts = () => (chartsModule ??= import('../monitor-charts'));

const families = ['outer_race', 'inner_race', 'ball', 'cage'] as const;
const methodKey = (m: string): MonKey => (m === 'cpw' ? 'mon.rec.cpw' : m === 'drs+sk' ? 'mon.rec.drs' : 'mon.rec.raw');

function markersOf(plots: RecordPlots, family: string): Marker[] {
    return plots.markers
        .filter((m) => m.family === family || m.family === 'shaft')
        .map((m) => ({
            label: m.label,
            hz: m.hz,
            kind: m.family === 'shaft' ? 'shaft' : /[+-](fr|FTF)$/.test(m.label) ? 'sideband' : 'line',
        }));
}

function facts(rows: Array<[MonKey, string | HTMLElement]>): HTMLElement {
    return h('dl', { class: 'facts', 'data-testid': 'record-facts' }, rows.map(([k, v]) => [h('dt', null, tm(k)), h('dd', null, v)]).flat());
}

export function monitorRecordPage(assetId: number, recordId: number): HTMLElement {
    const body = h('div', null, loading());
    const handles: Array<{ dispose(): void }> = [];
    onLeave(() => handles.splice(0).forEach((c) => c.dispose()));

    const chartBox = (testid: string, height = 280) => h('div', { class: 'chart', 'data-testid': testid, style: `height: ${height}px` });

    const draw = async (r: RecordDetail) => {
        const d = r.diagnosis;
        const head = h(
            'div',
            null,
            h('h1', null, `${tm('mon.rec.title')} ${r.name}`),
            facts([
                ['mon.measuredAt', r.measured_at.slice(0, 19).replace('T', ' ')],
                ['mon.verdict', h('strong', { 'data-testid': 'record-verdict', 'data-fault': r.fault }, faultText(r.fault))],
                ['mon.confidence', r.confidence.toFixed(2)],
                ['mon.zone', h('span', null, zoneBadge(r.zone), ` ${r.velocity_rms_mm_s.toFixed(2)} mm/s`)],
                ['mon.kurtosis', r.kurtosis.toFixed(2)],
                ['mon.rec.crest', r.crest_factor.toFixed(2)],
                ['mon.rec.speed', `${r.rpm.toFixed(1)} r/min (${r.rpm_source})`],
                ['mon.rec.rate', `${r.fs} Hz · ${r.samples} · ${r.channel} · ${r.unit}`],
            ]),
        );
        const parts: HTMLElement[] = [head];
        const evidence = evidenceTable(r, 'mon.rec.evidence');
        if (evidence) parts.push(evidence);
        const plots = r.plots;
        if (!plots) {
            parts.push(h('p', { class: 'muted', 'data-testid': 'record-no-plots' }, tm('mon.rec.noPlots')));
            body.replaceChildren(...parts);
            return;
        }

        // The analysis and family shown first: those of the evidence (the verdict, or the best candidate).
        const first = d.evidence[0];
        const fault = r.fault !== 'none' ? r.fault : 'outer_race';
        const method = h(
            'select',
            { id: 'record-method', 'data-testid': 'record-method' },
            plots.envelopes.map((e) => h('option', { value: e.method, selected: e.method === (first?.method ?? 'raw') }, tm(methodKey(e.method)))),
        );
        const family = h(
            'select',
            { id: 'record-family', 'data-testid': 'record-family' },
            families.map((f) => h('option', { value: f, selected: f === fault }, faultText(f))),
        );
        const band = h('p', { class: 'muted small', 'data-testid': 'record-band' });
        const envelopeBox = chartBox('record-envelope', 320);
        const waveBox = chartBox('record-waveform', 240);
        const spectrumBox = chartBox('record-spectrum', 260);
        const kurtogramBox = chartBox('record-kurtogram', 260);
        parts.push(
            h(
                'article',
                { class: 'card' },
                h('h2', { class: 'section-title' }, tm('mon.rec.envelope')),
                h('p', { class: 'muted small' }, tm('mon.rec.envelopeText')),
                h(
                    'div',
                    { class: 'grant-form' },
                    h('div', { class: 'field' }, h('label', { for: 'record-method' }, tm('mon.method')), method),
                    h('div', { class: 'field' }, h('label', { for: 'record-family' }, tm('mon.rec.family')), family),
                ),
                band,
                envelopeBox,
            ),
            h('article', { class: 'card' }, h('h2', { class: 'section-title' }, tm('mon.rec.waveform')), waveBox),
            h('article', { class: 'card' }, h('h2', { class: 'section-title' }, tm('mon.rec.spectrum')), spectrumBox),
            h('article', { class: 'card' }, h('h2', { class: 'section-title' }, tm('mon.rec.kurtogram')), h('p', { class: 'muted small' }, tm('mon.rec.kurtogramText')), kurtogramBox),
        );
        body.replaceChildren(...parts);

        const charts = await loadCharts();
        let envelope: { dispose(): void } | null = null;
        const drawEnvelope = () => {
            const e = plots.envelopes.find((x) => x.method === method.value) ?? plots.envelopes[0];
            if (!e) return;
            envelope?.dispose();
            envelope = charts.renderEnvelope(envelopeBox, e.hz, e.magnitude, markersOf(plots, family.value));
            band.textContent = tm('mon.rec.band', { low: e.band_hz[0], high: e.band_hz[1] });
            envelopeBox.setAttribute('data-method', e.method);
            envelopeBox.setAttribute('data-family', family.value);
        };
        method.addEventListener('change', drawEnvelope);
        family.addEventListener('change', drawEnvelope);
        drawEnvelope();
        handles.push({ dispose: () => envelope?.dispose() });
        handles.push(charts.renderWaveform(waveBox, plots, r.unit));
        handles.push(charts.renderSpectrum(spectrumBox, plots, r.unit, tm('mon.rec.bestBand')));
        handles.push(charts.renderKurtogram(kurtogramBox, plots, tm('mon.rec.sk')));
        body.setAttribute('data-drawn', 'true');
    };

    void (async () => {
        try {
            await draw(await monitorApi.record(assetId, recordId));
        } catch (e) {
            body.replaceChildren(errorBox(message(e)));
        }
    })();
    return h(
        'section',
        { class: 'page monitor', 'data-testid': 'monitor-record-page' },
        h('p', null, h('a', { href: `/monitor/assets/${assetId}`, 'data-link': true }, tm('mon.rec.back'))),
        body,
    );
}
