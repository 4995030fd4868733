import * as echarts from 'echarts/core';
import { type RefObject, useEffect, useRef } from 'react';

/**
 * Draws `option` with the ECharts canvas renderer in the element that gets the returned ref. The chart follows
 * window resizes and is disposed of when `option` changes or the component unmounts. The caller registers its chart
 * types and components with `echarts.use` and keeps `option` stable between renders with `useMemo`.
 */
export function useEChart(option: echarts.EChartsCoreOption): RefObject<HTMLDivElement | null> {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return element;
}
