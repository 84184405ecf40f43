// The control chart (Xbar-R, Xbar-S or I-MR) and the histogram of a characteristic, drawn with the parts
// of ECharts they need only (tree-shaken, loaded with the characteristic page).
//
// Control chart: the primary series with its center line and control limits per point (they vary when the
// subgroup size varies), the 1σ and 2σ zones shaded as stacked bands around the center, the specification
// limits, points that break a run rule marked with their rule numbers, and the secondary chart (R, S or MR)
// below on the same point axis; both zoom together. Points left out of the statistics (values marked by their
// source or excluded by an engineer) are drawn as grey circles off the line, with their reason in the tooltip;
// the line and the secondary chart join the points that count.
import * as echarts from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomInsideComponent, DataZoomSliderComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartPoint, ChartSeries } from './spc-api';

echarts.use([LineChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, DataZoomInsideComponent, DataZoomSliderComponent, SVGRenderer]);

const colors = {
    value: '#1f4e79',
    center: '#2e7d4f',
    limit: '#b3261e',
    spec: '#7a3ea1',
    zone1: 'rgba(46, 125, 79, 0.10)',
    zone2: 'rgba(168, 107, 0, 0.12)',
    violation: '#b3261e',
    leftOut: '#9aa3ad',
};

export interface ControlChartInput {
    primary: ChartPoint[];
    secondary: ChartPoint[] | null;
    secondaryName: string; // R, S or MR
    primaryName: string; // X̄ or X
    times: string[]; // per primary point, ISO
    spec: { lsl: number | null; usl: number | null; nominal: number | null };
    digits: number;
    labels: { value: string; violation: string; rules: string; time: string; point: string; leftOut?: string };
    ruleText: (rule: number) => string;
    /** Why each left-out point (by index) is left out. */
    leftOutReasons?: Map<number, string>;
}

export interface ChartHandle {
    update(input: ControlChartInput): void;
    dispose(): void;
    /** The option as set, for tests and debugging. */
    option(): unknown;
}

function fmt(v: number | null | undefined, digits: number): string {
    if (v === null || v === undefined || !Number.isFinite(v)) return '—';
    return Number(v.toFixed(digits)).toString();
}

function timeLabel(iso: string | undefined): string {
    if (!iso) return '';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function limitLines(points: ChartPoint[], gridIndex: number, prefix: string) {
    const line = (name: string, key: 'ucl' | 'center' | 'lcl', color: string, dashed: boolean) => ({
        type: 'line',
        name: `${prefix}${name}`,
        xAxisIndex: gridIndex,
        yAxisIndex: gridIndex,
        data: points.map((p) => p[key]),
        step: 'middle',
        showSymbol: false,
        silent: true,
        lineStyle: { color, width: 1.4, type: dashed ? 'dashed' : 'solid' },
        itemStyle: { color },
        z: 3,
    });
    return [line('UCL', 'ucl', colors.limit, true), line('CL', 'center', colors.center, false), line('LCL', 'lcl', colors.limit, true)];
}

/** The 1σ and 2σ zones as bands stacked on center − 2σ, per point (σ = (UCL − CL) / 3 of that point). */
function zoneBands(points: ChartPoint[]) {
    const s = points.map((p) => (p.ucl - p.center) / 3);
    const band = (name: string, data: number[], color: string | null) => ({
        type: 'line',
        name,
        data,
        stack: 'zones',
        stackStrategy: 'all',
        step: 'middle',
        showSymbol: false,
        silent: true,
        lineStyle: { width: 0, opacity: 0 },
        areaStyle: color ? { color, opacity: 1 } : undefined,
        tooltip: { show: false },
        z: 1,
    });
    return [
        band('zone-base', points.map((p, i) => p.center - 2 * s[i]), null),
        band('zone-2σ-low', s, colors.zone2),
        band('zone-1σ', s.map((x) => 2 * x), colors.zone1),
        band('zone-2σ-high', s, colors.zone2),
    ];
}

function buildOption(input: ControlChartInput, zoom: { start: number; end: number } | null, width: number, height: number) {
    const { primary, secondary } = input;
    // Points are numbered as the server numbers them in events and alarm messages (from 0).
    const categories = primary.map((p) => String(p.index));
    const hasSecondary = !!secondary && secondary.length > 0;
    const specLsl = input.spec.lsl;
    const specUsl = input.spec.usl;
    const violationData = primary.map((p) => (p.violations.length ? p.value : null));
    const leftOutName = input.labels.leftOut ?? 'left out';
    const anyLeftOut = primary.some((p) => p.left_out);
    const specSeries = (name: string, v: number | null) =>
        v === null
            ? []
            : [
                  {
                      type: 'line',
                      name,
                      data: primary.map(() => v),
                      showSymbol: false,
                      silent: true,
                      lineStyle: { color: colors.spec, width: 1.6, type: [8, 4] },
                      itemStyle: { color: colors.spec },
                      endLabel: { show: true, formatter: `${name} ${fmt(v, input.digits)}`, color: colors.spec, fontSize: 11 },
                      z: 3,
                  },
              ];
    // On a phone the legend takes two rows.
    const primaryTop = width > 0 && width < 560 ? 58 : 34;
    const series: unknown[] = [
        ...zoneBands(primary),
        ...limitLines(primary, 0, ''),
        ...specSeries('LSL', specLsl),
        ...specSeries('USL', specUsl),
        {
            type: 'line',
            name: input.primaryName,
            data: primary.map((p) => (p.left_out ? null : p.value)),
            connectNulls: true,
            symbol: 'circle',
            symbolSize: primary.length > 150 ? 3 : 5,
            showSymbol: primary.length <= 400, // thousands of SVG dots slow the page; violations keep their markers
            lineStyle: { color: colors.value, width: 1.5 },
            itemStyle: { color: colors.value },
            z: 5,
        },
        ...(anyLeftOut
            ? [
                  {
                      type: 'scatter',
                      name: leftOutName,
                      data: primary.map((p) => (p.left_out ? p.value : null)),
                      symbol: 'circle',
                      symbolSize: 9,
                      itemStyle: { color: '#fff', borderColor: colors.leftOut, borderWidth: 2 },
                      z: 6,
                  },
              ]
            : []),
        {
            type: 'scatter',
            name: input.labels.violation,
            data: violationData,
            symbol: 'diamond',
            symbolSize: 12,
            itemStyle: { color: colors.violation, borderColor: '#fff', borderWidth: 1 },
            z: 6,
        },
    ];
    // Layout in pixels: legend, primary chart, its point labels, secondary chart, zoom slider.
    const H = height > 0 ? height : 480;
    const slider = 40;
    const labels = 26;
    const secondaryHeight = hasSecondary ? Math.round(H * 0.2) : 0;
    const primaryHeight = H - primaryTop - slider - labels - (hasSecondary ? secondaryHeight + 14 : 0);
    const grids: unknown[] = [{ left: 62, right: 72, top: primaryTop, height: primaryHeight, containLabel: false }];
    const xAxes: unknown[] = [{ type: 'category', data: categories, gridIndex: 0, boundaryGap: false, axisLabel: { hideOverlap: true } }];
    const yAxes: unknown[] = [
        { type: 'value', gridIndex: 0, scale: true, axisLabel: { formatter: (v: number) => fmt(v, input.digits) }, splitLine: { lineStyle: { color: '#eef1f5' } } },
    ];
    if (hasSecondary) {
        const sec = secondary!;
        // The secondary points are aligned on the primary ones by index (MR has none at the first point).
        const pad = <T,>(values: T[]) => {
            const at = new Map(sec.map((p, i) => [p.index, values[i]]));
            return primary.map((p) => (at.has(p.index) ? at.get(p.index)! : null));
        };
        grids.push({ left: 62, right: 72, top: primaryTop + primaryHeight + labels + 4, height: secondaryHeight });
        xAxes.push({ type: 'category', data: categories, gridIndex: 1, boundaryGap: false, axisLabel: { show: false } });
        yAxes.push({ type: 'value', gridIndex: 1, min: 0, splitNumber: 3, axisLabel: { formatter: (v: number) => fmt(v, input.digits) }, splitLine: { lineStyle: { color: '#eef1f5' } } });
        const secLine = (name: string, key: 'ucl' | 'center' | 'lcl', color: string, dashed: boolean) => ({
            type: 'line',
            name: `${input.secondaryName} ${name}`,
            xAxisIndex: 1,
            yAxisIndex: 1,
            data: pad(sec.map((p) => p[key])),
            step: 'middle',
            showSymbol: false,
            silent: true,
            lineStyle: { color, width: 1.2, type: dashed ? 'dashed' : 'solid' },
            itemStyle: { color },
        });
        series.push(
            secLine('UCL', 'ucl', colors.limit, true),
            secLine('CL', 'center', colors.center, false),
            ...(sec.some((p) => p.lcl > 0) ? [secLine('LCL', 'lcl', colors.limit, true)] : []),
            {
                type: 'line',
                name: input.secondaryName,
                xAxisIndex: 1,
                yAxisIndex: 1,
                data: pad(sec.map((p) => p.value)),
                connectNulls: true,
                symbol: 'circle',
                symbolSize: primary.length > 150 ? 2 : 4,
                lineStyle: { color: colors.value, width: 1.2 },
                itemStyle: { color: colors.value },
            },
            {
                type: 'scatter',
                name: `${input.secondaryName} ${input.labels.violation}`,
                xAxisIndex: 1,
                yAxisIndex: 1,
                data: pad(sec.map((p) => (p.violations.length ? p.value : null))),
                symbol: 'diamond',
                symbolSize: 10,
                itemStyle: { color: colors.violation },
            },
        );
    }
    const axisIndices = hasSecondary ? [0, 1] : [0];
    const legendNames = [input.primaryName, 'UCL', 'CL', 'LCL', ...(specLsl !== null ? ['LSL'] : []), ...(specUsl !== null ? ['USL'] : []), input.labels.violation, ...(anyLeftOut ? [leftOutName] : [])];
    return {
        animation: false,
        legend: { data: legendNames, top: 0, left: 'center', itemWidth: 18, itemHeight: 10, textStyle: { fontSize: 12 } },
        tooltip: {
            trigger: 'axis',
            axisPointer: { type: 'line', link: [{ xAxisIndex: 'all' }] },
            confine: true,
            formatter: (params: unknown) => {
                const list = Array.isArray(params) ? params : [params];
                const first = list[0] as { dataIndex?: number } | undefined;
                const i = first?.dataIndex ?? 0;
                const p = primary[i];
                if (!p) return '';
                const esc = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);
                const rows = [
                    `<strong>${esc(input.labels.point)} ${p.index}</strong> <span style="color:#5d6b7a">${esc(timeLabel(input.times[i]))}</span>`,
                    `${esc(input.primaryName)}: <strong>${fmt(p.value, input.digits)}</strong>`,
                    `UCL ${fmt(p.ucl, input.digits)} · CL ${fmt(p.center, input.digits)} · LCL ${fmt(p.lcl, input.digits)}`,
                ];
                if (p.left_out) {
                    const why = input.leftOutReasons?.get(p.index) ?? '';
                    rows.push(`<span style="color:#5d6b7a" data-left-out="${p.index}"><strong>${esc(leftOutName)}</strong>${why ? `: ${esc(why)}` : ''}</span>`);
                }
                const s = hasSecondary ? secondary!.find((x) => x.index === p.index) : undefined;
                if (s && s.value !== null) rows.push(`${esc(input.secondaryName)}: ${fmt(s.value, input.digits)} (UCL ${fmt(s.ucl, input.digits)})`);
                const rules = [...p.violations, ...(s?.violations ?? [])];
                if (rules.length) {
                    rows.push(`<span style="color:${colors.violation}"><strong>${esc(input.labels.rules)} ${[...new Set(rules)].join(', ')}</strong></span>`);
                    for (const r of new Set(rules)) rows.push(`<span style="color:${colors.violation}">${r}: ${esc(input.ruleText(r))}</span>`);
                }
                return rows.join('<br>');
            },
        },
        grid: grids,
        xAxis: xAxes,
        yAxis: yAxes,
        dataZoom: [
            { type: 'inside', xAxisIndex: axisIndices, start: zoom?.start ?? 0, end: zoom?.end ?? 100 },
            { type: 'slider', xAxisIndex: axisIndices, bottom: 6, height: 20, start: zoom?.start ?? 0, end: zoom?.end ?? 100, labelFormatter: (_: number, v: string) => v },
        ],
        series,
    };
}

export function renderControlChart(container: HTMLElement, input: ControlChartInput): ChartHandle {
    const chart = echarts.init(container, undefined, { renderer: 'svg' });
    let current: ReturnType<typeof buildOption> | null = null;
    const set = (inp: ControlChartInput) => {
        // Keep the zoom the user chose; when it reached the newest point, keep following new points.
        let zoom: { start: number; end: number } | null = null;
        if (current) {
            const dz = (chart.getOption() as { dataZoom?: Array<{ start?: number; end?: number }> }).dataZoom?.[0];
            if (dz && typeof dz.start === 'number' && typeof dz.end === 'number' && !(dz.start === 0 && dz.end === 100)) {
                const span = dz.end - dz.start;
                zoom = dz.end >= 99.9 ? { start: Math.max(0, 100 - span), end: 100 } : { start: dz.start, end: dz.end };
            }
        }
        current = buildOption(inp, zoom, container.clientWidth, container.clientHeight);
        chart.setOption(current as echarts.EChartsCoreOption, { notMerge: true });
    };
    set(input);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return {
        update: set,
        option: () => current,
        dispose: () => {
            window.removeEventListener('resize', resize);
            chart.dispose();
        },
    };
}

export interface HistogramInput {
    values: number[];
    spec: { lsl: number | null; usl: number | null; nominal: number | null };
    digits: number;
    labels: { count: string; normal: string };
}

/** Histogram as a stepped area, bins by the square-root rule, with the normal curve of the sample's mean and
 * standard deviation scaled to counts, and the specification limits as vertical lines. */
function histogramOption(input: HistogramInput) {
    const v = input.values.filter((x) => Number.isFinite(x));
    const n = v.length;
    const mean = v.reduce((a, b) => a + b, 0) / Math.max(1, n);
    const sd = n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
    let lo = Math.min(...v);
    let hi = Math.max(...v);
    if (!(hi > lo)) {
        lo -= 1e-3;
        hi += 1e-3;
    }
    // Freedman–Diaconis bin width (2·IQR/n^⅓), robust to the outliers a process chart exists to show.
    const sorted = [...v].sort((x, y) => x - y);
    const q = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.round(p * (n - 1))))];
    const iqr = q(0.75) - q(0.25);
    const fd = iqr > 0 ? 2 * iqr / Math.cbrt(n) : 0;
    const bins = fd > 0 ? Math.max(5, Math.min(60, Math.ceil((hi - lo) / fd))) : Math.max(5, Math.min(30, Math.ceil(Math.sqrt(n))));
    const width = (hi - lo) / bins;
    const counts = new Array(bins).fill(0);
    for (const x of v) counts[Math.min(bins - 1, Math.floor((x - lo) / width))]++;
    const steps: Array<[number, number]> = counts.map((c, i) => [lo + i * width, c]);
    steps.push([hi, counts[bins - 1]]);
    const steps0: Array<[number, number]> = [[lo, 0], ...steps, [hi, 0]];
    const xs = [lo, hi, input.spec.lsl, input.spec.usl].filter((x): x is number => x !== null && Number.isFinite(x));
    let xmin = Math.min(...xs);
    let xmax = Math.max(...xs);
    if (sd > 0) {
        xmin = Math.min(xmin, mean - 3.5 * sd);
        xmax = Math.max(xmax, mean + 3.5 * sd);
    }
    const padX = (xmax - xmin) * 0.04;
    xmin -= padX;
    xmax += padX;
    const curve: Array<[number, number]> = [];
    if (sd > 0) {
        for (let i = 0; i <= 120; i++) {
            const x = xmin + ((xmax - xmin) * i) / 120;
            const pdf = Math.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI));
            curve.push([x, n * width * pdf]);
        }
    }
    const specLines = [
        ...(input.spec.lsl !== null ? [{ xAxis: input.spec.lsl, name: 'LSL', label: { formatter: `LSL ${fmt(input.spec.lsl, input.digits)}` } }] : []),
        ...(input.spec.usl !== null ? [{ xAxis: input.spec.usl, name: 'USL', label: { formatter: `USL ${fmt(input.spec.usl, input.digits)}` } }] : []),
    ];
    return {
        animation: false,
        grid: { left: 44, right: 16, top: 28, bottom: 30 },
        tooltip: { trigger: 'axis', valueFormatter: (x: unknown) => (typeof x === 'number' ? fmt(x, 2) : String(x)) },
        xAxis: { type: 'value', min: xmin, max: xmax, axisLabel: { formatter: (x: number) => fmt(x, input.digits), hideOverlap: true, showMinLabel: false, showMaxLabel: false }, splitLine: { show: false } },
        yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef1f5' } } },
        series: [
            {
                type: 'line',
                name: input.labels.count,
                data: steps0,
                step: 'end',
                showSymbol: false,
                lineStyle: { color: colors.value, width: 1 },
                areaStyle: { color: 'rgba(31, 78, 121, 0.35)' },
                markLine: {
                    silent: true,
                    symbol: 'none',
                    lineStyle: { color: colors.spec, type: 'dashed', width: 1.5 },
                    label: { position: 'end', color: colors.spec, fontSize: 11 },
                    data: specLines,
                },
            },
            ...(curve.length
                ? [{ type: 'line', name: input.labels.normal, data: curve, showSymbol: false, smooth: true, lineStyle: { color: colors.limit, width: 1.6 }, itemStyle: { color: colors.limit } }]
                : []),
        ],
    };
}

export function renderHistogram(container: HTMLElement, input: HistogramInput): ChartHandle & { updateHistogram(i: HistogramInput): void } {
    const chart = echarts.init(container, undefined, { renderer: 'svg' });
    let current = histogramOption(input);
    chart.setOption(current as echarts.EChartsCoreOption);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return {
        update: () => undefined,
        updateHistogram: (i: HistogramInput) => {
            current = histogramOption(i);
            chart.setOption(current as echarts.EChartsCoreOption, { notMerge: true });
        },
        option: () => current,
        dispose: () => {
            window.removeEventListener('resize', resize);
            chart.dispose();
        },
    };
}

/** Both series of the chart answer, with the names the charts use. */
export function seriesNames(type: string, secondary: ChartSeries | null | undefined): { primary: string; secondary: string } {
    if (type === 'ewma') return { primary: 'EWMA', secondary: '' };
    if (type === 'cusum') return { primary: 'C+', secondary: 'C−' };
    const sec = secondary?.type?.toUpperCase() ?? (type.includes('-s') ? 'S' : type.includes('imr') ? 'MR' : 'R');
    if (['p', 'np', 'c', 'u'].includes(type)) return { primary: type, secondary: sec };
    const primary = type.startsWith('xbar') ? 'X̄' : 'X';
    return { primary, secondary: sec };
}
