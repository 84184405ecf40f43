// The trend chart of a monitored bearing position (r.m.s. velocity per record with the ISO 20816-3 zone boundaries of
// the asset's class, and kurtosis on a second axis) and the charts of one record. Only the ECharts parts they need
// are loaded, with the page.
import * as echarts from 'echarts/core';
import { CustomChart, LineChart } from 'echarts/charts';
import {
    DataZoomComponent,
    GridComponent,
    LegendComponent,
    MarkAreaComponent,
    MarkLineComponent,
    TooltipComponent,
    VisualMapComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { RecordPlots } from './monitor-api';

echarts.use([
    LineChart,
    CustomChart,
    GridComponent,
    TooltipComponent,
    LegendComponent,
    MarkLineComponent,
    MarkAreaComponent,
    DataZoomComponent,
    VisualMapComponent,
    SVGRenderer,
]);

export interface TrendPoint {
    at: string;
    velocity: number;
    kurtosis: number;
}

export interface TrendLabels {
    velocity: string;
    kurtosis: string;
}

export function renderTrendChart(container: HTMLElement, points: TrendPoint[], limits: Record<string, number> | null,
    labels: TrendLabels): { dispose(): void } {
    const chart = echarts.init(container, undefined, { renderer: 'svg' });
    const boundaries = limits
        ? Object.entries(limits).map(([name, value]) => ({ name, yAxis: value, label: { formatter: `${name} ${value}` } }))
        : [];
    chart.setOption({
        animation: false,
        grid: { left: 48, right: 48, top: 36, bottom: 40 },
        tooltip: { trigger: 'axis' },
        legend: { data: [labels.velocity, labels.kurtosis], top: 0 },
        xAxis: { type: 'category', data: points.map((p) => p.at.slice(0, 16).replace('T', ' ')) },
        yAxis: [
            { type: 'value', name: 'mm/s', max: (v: { max: number }) => Math.max(v.max, limits ? limits['C/D'] * 1.1 : v.max) },
            { type: 'value', name: labels.kurtosis, splitLine: { show: false } },
        ],
        series: [
            {
                name: labels.velocity,
                type: 'line',
                data: points.map((p) => Number(p.velocity.toFixed(3))),
                symbolSize: 7,
                itemStyle: { color: '#1f4e79' },
                markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#b3261e' }, data: boundaries },
            },
            {
                name: labels.kurtosis,
                type: 'line',
                yAxisIndex: 1,
                data: points.map((p) => Number(p.kurtosis.toFixed(2))),
                itemStyle: { color: '#a86b00' },
                lineStyle: { type: 'dotted' },
            },
        ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return {
        dispose: () => {
            window.removeEventListener('resize', resize);
            chart.dispose();
        },
    };
}

// ---- one record: waveform, spectrum, envelope spectrum with the defect lines marked, kurtogram ----------------------

type Handle = { dispose(): void };

function mount(container: HTMLElement, option: echarts.EChartsCoreOption): Handle {
    const chart = echarts.init(container, undefined, { renderer: 'svg' });
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return {
        dispose: () => {
            window.removeEventListener('resize', resize);
            chart.dispose();
        },
    };
}

const zoom = [
    { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
    { type: 'slider', xAxisIndex: 0, filterMode: 'none', height: 18, bottom: 6 },
];

/** Min and max of each time bucket, drawn as two lines: every impact's peak stays visible. */
export function renderWaveform(container: HTMLElement, plots: RecordPlots, unit: string): Handle {
    const { dt, min, max } = plots.waveform;
    const t = (i: number) => Number((i * dt).toFixed(6));
    const line = (name: string, values: number[]) => ({
        name,
        type: 'line',
        showSymbol: false,
        lineStyle: { width: 1, color: '#1f4e79' },
        data: values.map((v, i) => [t(i), v]),
    });
    return mount(container, {
        animation: false,
        grid: { left: 56, right: 24, top: 24, bottom: 56 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'value', name: 's', min: 0, max: Number(plots.duration_s.toFixed(3)) },
        yAxis: { type: 'value', name: unit },
        dataZoom: zoom,
        series: [line('max', max), line('min', min)],
    });
}

/** Welch density in dB re 1 unit²/Hz, with the band the kurtogram chose shaded. */
export function renderSpectrum(container: HTMLElement, plots: RecordPlots, unit: string, bandLabel: string): Handle {
    const { df, density } = plots.spectrum;
    const data = density.map((v, k) => [Number((k * df).toFixed(2)), v > 0 ? Number((10 * Math.log10(v)).toFixed(2)) : null]);
    const best = plots.kurtogram.best;
    return mount(container, {
        animation: false,
        grid: { left: 56, right: 24, top: 24, bottom: 56 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'value', name: 'Hz', min: 0, max: plots.fs / 2 },
        yAxis: { type: 'value', name: `dB (${unit}²/Hz)`, scale: true },
        dataZoom: zoom,
        series: [
            {
                type: 'line',
                showSymbol: false,
                lineStyle: { width: 1, color: '#1f4e79' },
                data,
                markArea: {
                    silent: true,
                    itemStyle: { color: 'rgba(168,107,0,0.12)' },
                    label: { position: 'insideTop', color: '#a86b00' },
                    data: [[{ name: bandLabel, xAxis: best[1] }, { xAxis: best[2] }]],
                },
            },
        ],
    });
}

export interface Marker {
    label: string;
    hz: number;
    kind: 'line' | 'sideband' | 'shaft';
}

/** Squared-envelope spectrum of one analysis, the lines of one fault family and the shaft orders marked. */
export function renderEnvelope(container: HTMLElement, hz: number[], magnitude: number[], markers: Marker[]): Handle {
    const top = hz.length ? hz[hz.length - 1] : 1;
    const style = { line: { color: '#b3261e', type: 'solid' }, sideband: { color: '#b3261e', type: 'dotted' }, shaft: { color: '#777', type: 'dashed' } };
    return mount(container, {
        animation: false,
        grid: { left: 56, right: 24, top: 36, bottom: 56 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'value', name: 'Hz', min: 0, max: Number(top.toFixed(1)) },
        yAxis: { type: 'value' },
        dataZoom: zoom,
        series: [
            {
                type: 'line',
                showSymbol: false,
                lineStyle: { width: 1, color: '#1f4e79' },
                data: hz.map((f, k) => [f, magnitude[k]]),
                markLine: {
                    symbol: 'none',
                    silent: true,
                    data: markers
                        .filter((m) => m.hz <= top)
                        .map((m) => ({
                            xAxis: m.hz,
                            lineStyle: { width: 1, ...style[m.kind] },
                            label: { formatter: m.label, color: style[m.kind].color, fontSize: 10, rotate: m.kind === 'line' ? 0 : 90 },
                        })),
                },
            },
        ],
    });
}

/** The fast kurtogram: one row per level, each band a cell coloured by its spectral kurtosis; the best cell outlined. */
export function renderKurtogram(container: HTMLElement, plots: RecordPlots, skLabel: string): Handle {
    const cells = plots.kurtogram.cells;
    const levels = [...new Set(cells.map((c) => c[0]))].sort((a, b) => a - b);
    const row = (level: number) => levels.indexOf(level);
    const best = plots.kurtogram.best;
    const maxSk = Math.max(0.001, ...cells.map((c) => c[3]));
    return mount(container, {
        animation: false,
        grid: { left: 56, right: 80, top: 24, bottom: 40 },
        tooltip: {
            formatter: (p: { value: number[] }) =>
                `level ${p.value[0]}<br>${p.value[1]}–${p.value[2]} Hz<br>${skLabel} ${p.value[3]}`,
        },
        xAxis: { type: 'value', name: 'Hz', min: 0, max: plots.fs / 2 },
        yAxis: { type: 'category', name: 'level', inverse: true, data: levels.map(String) },
        visualMap: { min: 0, max: maxSk, dimension: 3, orient: 'vertical', right: 4, top: 'center', calculable: false, text: [skLabel, ''], inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] } },
        series: [
            {
                type: 'custom',
                encode: { x: [1, 2], y: 0 },
                data: cells.map((c) => [...c]),
                renderItem: (_params: unknown, api: {
                    value(i: number): number;
                    coord(v: [number, number]): [number, number];
                    size(v: [number, number]): [number, number];
                    visual(k: string): string;
                }) => {
                    const level = api.value(0);
                    const [x0, y] = api.coord([api.value(1), row(level)]);
                    const [x1] = api.coord([api.value(2), row(level)]);
                    const height = api.size([0, 1])[1];
                    const isBest = level === best[0] && api.value(1) === best[1];
                    return {
                        type: 'rect',
                        shape: { x: x0, y: y - height / 2, width: Math.max(1, x1 - x0), height },
                        style: { fill: api.visual('color'), stroke: isBest ? '#b3261e' : 'rgba(255,255,255,0.6)', lineWidth: isBest ? 2 : 0.5 },
                    };
                },
            },
        ],
    });
}
