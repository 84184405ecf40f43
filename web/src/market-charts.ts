// Charts of the market pages, drawn with the parts of ECharts they need only (loaded with the market pages):
// index lines (base = 100, suppressed periods left as gaps), grouped bars for turnover and volume, and the monthly
// median price of one model with its quartile band.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, SVGRenderer]);

const palette = ['#1f4e79', '#b3261e', '#2e7d4f', '#a86b00', '#7a3ea1', '#00796b', '#5d4037', '#c2185b', '#455a64', '#6d8f00'];

export interface ChartHandle {
    dispose(): void;
    option(): unknown;
}

function mount(container: HTMLElement, option: Record<string, unknown>): ChartHandle {
    const chart = echarts.init(container, undefined, { renderer: 'svg' });
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return {
        dispose: () => {
            window.removeEventListener('resize', resize);
            chart.dispose();
        },
        option: () => chart.getOption(),
    };
}

const narrow = (container: HTMLElement) => (container.clientWidth || window.innerWidth) < 560;

export interface LineSeries {
    name: string;
    values: Array<number | null>; // null: suppressed or missing, drawn as a gap
    bold?: boolean;
}

export function renderIndexChart(container: HTMLElement, periods: string[], series: LineSeries[], base: number, suppressedLabel: string): ChartHandle {
    const small = narrow(container);
    return mount(container, {
        color: palette,
        animation: false,
        tooltip: {
            trigger: 'axis',
            valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : suppressedLabel),
        },
        legend: { type: 'scroll', top: 0, textStyle: { fontSize: small ? 10 : 12 } },
        grid: { left: 44, right: 16, top: small ? 56 : 40, bottom: 28 },
        xAxis: { type: 'category', data: periods, boundaryGap: false, axisLabel: { fontSize: 11, hideOverlap: true } },
        yAxis: { type: 'value', scale: true, axisLabel: { fontSize: 11 } },
        series: series.map((s, i) => ({
            type: 'line',
            name: s.name,
            data: s.values,
            connectNulls: false,
            showSymbol: periods.length <= 24,
            symbolSize: 5,
            lineStyle: { width: s.bold ? 3 : 1.5 },
            z: s.bold ? 5 : 2,
            markLine:
                i === 0
                    ? { silent: true, symbol: 'none', lineStyle: { color: '#888', type: 'dashed' }, label: { formatter: String(base), fontSize: 10, position: 'insideEndTop' }, data: [{ yAxis: base }] }
                    : undefined,
        })),
    });
}

export interface BarGroup {
    name: string;
    turnover: number | null;
    quantity: number | null;
}

/** Turnover (left axis) and volume (right axis) per group; suppressed groups are labelled, not drawn as 0. */
export function renderTurnoverBars(container: HTMLElement, groups: BarGroup[], labels: { turnover: string; quantity: string; suppressed: string }): ChartHandle {
    const small = narrow(container);
    const names = groups.map((g) => g.name);
    const bar = (name: string, key: 'turnover' | 'quantity', yAxisIndex: number) => ({
        type: 'bar',
        name,
        yAxisIndex,
        data: groups.map((g) => (g[key] === null ? { value: null, label: { show: true, formatter: labels.suppressed, position: 'insideBottom', color: '#666' } } : g[key])),
    });
    return mount(container, {
        color: [palette[0], palette[3]],
        animation: false,
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US') : labels.suppressed) },
        legend: { top: 0 },
        grid: { left: small ? 8 : 16, right: small ? 8 : 16, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: small || names.length > 5 ? 30 : 0, fontSize: 11, width: 110, overflow: 'truncate' } },
        yAxis: [
            { type: 'value', name: small ? '' : labels.turnover, axisLabel: { fontSize: 10, formatter: (v: number) => (v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : String(v)) } },
            { type: 'value', name: small ? '' : labels.quantity, splitLine: { show: false }, axisLabel: { fontSize: 10, formatter: (v: number) => (v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : String(v)) } },
        ],
        series: [bar(labels.turnover, 'turnover', 0), bar(labels.quantity, 'quantity', 1)],
    });
}

export interface PriceBand {
    name: string;
    median: Array<number | null>;
    q1: Array<number | null>;
    q3: Array<number | null>;
}

/** Median price per month of each brand tier of one model, with the Q1 and Q3 lines dotted. */
export function renderPriceHistory(container: HTMLElement, months: string[], bands: PriceBand[], suppressedLabel: string): ChartHandle {
    const series: unknown[] = [];
    bands.forEach((b, i) => {
        const color = palette[i % palette.length];
        series.push({ type: 'line', name: b.name, data: b.median, connectNulls: false, symbolSize: 5, lineStyle: { width: 2, color }, itemStyle: { color } });
        for (const [tag, data] of [['Q1', b.q1], ['Q3', b.q3]] as const) {
            series.push({ type: 'line', name: `${b.name} ${tag}`, data, connectNulls: false, showSymbol: false, lineStyle: { width: 1, type: 'dotted', color }, itemStyle: { color }, tooltip: { show: true } });
        }
    });
    return mount(container, {
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : suppressedLabel) },
        legend: { type: 'scroll', top: 0, data: bands.map((b) => b.name) },
        grid: { left: 48, right: 16, top: 40, bottom: 28 },
        xAxis: { type: 'category', data: months, axisLabel: { fontSize: 11, hideOverlap: true } },
        yAxis: { type: 'value', scale: true, axisLabel: { fontSize: 11 } },
        series,
    });
}

export interface ForecastLabels {
    history: string;
    forecast: string;
}

/** Monthly volume of one bearing type: the history as a solid line, the forecast continuing it dashed. */
export function renderForecast(
    container: HTMLElement,
    history: Array<{ period: string; quantity: number }>,
    forecast: Array<{ period: string; quantity: number }>,
    labels: ForecastLabels,
): ChartHandle {
    const periods = [...history.map((p) => p.period), ...forecast.map((p) => p.period)];
    const past: Array<number | null> = [...history.map((p) => p.quantity), ...forecast.map(() => null)];
    // The forecast line starts at the last observed month so the two lines join.
    const ahead: Array<number | null> = periods.map(() => null);
    if (history.length > 0) ahead[history.length - 1] = history[history.length - 1].quantity;
    forecast.forEach((p, i) => (ahead[history.length + i] = p.quantity));
    return mount(container, {
        color: [palette[0], palette[1]],
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US') : '—') },
        legend: { top: 0 },
        grid: { left: 56, right: 16, top: 36, bottom: 28 },
        xAxis: { type: 'category', data: periods, boundaryGap: false, axisLabel: { fontSize: 11, hideOverlap: true } },
        yAxis: { type: 'value', scale: true, axisLabel: { fontSize: 11, formatter: (v: number) => (v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : String(v)) } },
        series: [
            { type: 'line', name: labels.history, data: past, connectNulls: false, showSymbol: false, lineStyle: { width: 2 } },
            { type: 'line', name: labels.forecast, data: ahead, connectNulls: false, symbolSize: 6, lineStyle: { width: 2, type: 'dashed' } },
        ],
    });
}
