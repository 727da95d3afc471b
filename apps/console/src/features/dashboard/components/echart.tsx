import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only the parts the dashboard draws: the whole of ECharts is several times this.
echarts.use([BarChart, FunnelChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export interface EChartProps {
  option: ChartOption;
  /** What the chart shows, said in words; its table below carries every figure. */
  ariaLabel: string;
  height: number;
  /** A click on a data item (a bar, a funnel layer), by its index in the series. */
  onItemClick?: (dataIndex: number) => void;
}

/** One ECharts instance in a box that follows its width. Loaded lazily (see chart.tsx). */
export default function EChart({ option, ariaLabel, height, onItemClick }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const instance = echarts.init(box.current!, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(box.current!);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // Bars that grow for a second are motion some readers asked the system to spare them.
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    chart.current?.setOption(still ? { ...option, animation: false } : option, true);
  }, [option]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onItemClick) return;
    const handler = (p: { dataIndex?: number }) => {
      if (typeof p.dataIndex === 'number') onItemClick(p.dataIndex);
    };
    instance.on('click', handler);
    return () => {
      instance.off('click', handler);
    };
  }, [onItemClick]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={ariaLabel}
      style={{ width: '100%', height, cursor: onItemClick ? 'pointer' : undefined }}
    />
  );
}
