// The trend chart of a monitored bearing position: r.m.s. velocity per record with the ISO 20816-3 zone boundaries of
// the asset's class, and kurtosis on a second axis. Only the ECharts parts it needs are loaded, with the page.
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, SVGRenderer]);

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
