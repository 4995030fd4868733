import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssessmentRow } from '../graphql/events.js';
import { useEChart } from '../useEChart.js';

// Only the parts this chart draws are registered, and ECharts loads nothing from the network.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const RATE_COLOUR = '#2f855a';
const OVERDUE_COLOUR = '#c53030';

/** Draws the on-time rate of each ranked row as a bar, with the overdue count beside it on a second axis. */
export function AssessmentChart({ rows, nameOf }: { rows: AssessmentRow[]; nameOf: (row: AssessmentRow) => string }) {
  const { t } = useTranslation('assessment');
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 48, right: 48, top: 36, bottom: 72 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: rows.map(nameOf), axisLabel: { interval: 0, rotate: rows.length > 8 ? 40 : 0 } },
      yAxis: [
        { type: 'value', name: '%', min: 0, max: 100 },
        { type: 'value', name: t('chart.overdue'), minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          name: t('chart.onTimeRate'),
          type: 'bar',
          data: rows.map((row) => Math.round(row.onTimeRate * 1000) / 10),
          itemStyle: { color: RATE_COLOUR },
          label: { show: rows.length <= 14, position: 'top', fontSize: 11 },
        },
        {
          name: t('chart.overdue'),
          type: 'bar',
          yAxisIndex: 1,
          data: rows.map((row) => row.overdue),
          itemStyle: { color: OVERDUE_COLOUR },
        },
      ],
    }),
    [rows, nameOf, t],
  );
  const element = useEChart(option);

  return (
    <div
      ref={element}
      className="assessment-chart"
      role="img"
      aria-label={t('page.chart')}
      data-testid="assessment-chart"
    />
  );
}
