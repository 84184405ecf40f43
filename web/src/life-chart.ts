// L10h against radial load, drawn with the parts of ECharts it needs only (tree-shaken).
import * as echarts from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, ScatterChart, GridComponent, TooltipComponent, SVGRenderer]);

export interface CurvePoint {
    fr: number;
    l10h: number;
}

export function renderLifeChart(
    container: HTMLElement,
    points: CurvePoint[],
    current: CurvePoint | null,
    labels: { x: string; y: string },
): () => void {
    const chart = echarts.init(container, undefined, { renderer: 'svg' });
    chart.setOption({
        animation: false,
        grid: { left: 64, right: 18, top: 16, bottom: 44 },
        tooltip: {
            trigger: 'axis',
            valueFormatter: (v: unknown) => (typeof v === 'number' ? Math.round(v).toLocaleString('en-US') : String(v)),
        },
        xAxis: {
            type: 'value',
            name: labels.x,
            nameLocation: 'middle',
            nameGap: 28,
            axisLabel: { formatter: (v: number) => v.toLocaleString('en-US') },
        },
        yAxis: {
            type: 'log',
            name: labels.y,
            nameLocation: 'middle',
            nameGap: 50,
            axisLabel: { formatter: (v: number) => (v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : String(v)) },
        },
        series: [
            {
                type: 'line',
                name: 'L10h',
                data: points.map((p) => [p.fr, p.l10h]),
                showSymbol: false,
                smooth: true,
                lineStyle: { color: '#1f4e79', width: 2 },
            },
            ...(current
                ? [{ type: 'scatter', name: 'Fr', data: [[current.fr, current.l10h]], symbolSize: 10, itemStyle: { color: '#c0562a' } }]
                : []),
        ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
        window.removeEventListener('resize', resize);
        chart.dispose();
    };
}
