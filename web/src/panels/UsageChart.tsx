import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { UsageMonth } from '../graphql/address.js';
import { useEChart } from '../useEChart.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const USAGE_COLOUR = '#3182ce';
const BASELINE_COLOUR = '#e53e3e';

/**
 * Draws 12 months of electricity use as bars against the baseline (the median of the same household type) as a
 * line, with the same figures in a table below for screen readers and for copying.
 */
export function UsageChart({ months }: { months: UsageMonth[] }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 44, right: 8, top: 44, bottom: 24 },
      legend: { top: 0, textStyle: { fontSize: 11 } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: months.map((month) => month.month.slice(2)) },
      yAxis: { type: 'value', name: 'kWh', nameTextStyle: { fontSize: 10 } },
      series: [
        {
          name: t('address.usage'),
          type: 'bar',
          data: months.map((month) => month.electricityKwh),
          itemStyle: { color: USAGE_COLOUR },
        },
        {
          name: t('address.baseline'),
          type: 'line',
          data: months.map((month) => month.baselineKwh),
          itemStyle: { color: BASELINE_COLOUR },
          lineStyle: { color: BASELINE_COLOUR },
        },
      ],
    }),
    [months, t],
  );
  const element = useEChart(option);

  return (
    <figure className="usage-chart">
      <div ref={element} className="chart" data-testid="usage-chart" />
      <details>
        <summary>{t('address.usageTable')}</summary>
        <table data-testid="usage-table">
          <thead>
            <tr>
              <th>{t('address.month')}</th>
              <th>{t('address.usage')}</th>
              <th>{t('address.baseline')}</th>
              <th>{t('address.ratio')}</th>
            </tr>
          </thead>
          <tbody>
            {months.map((month) => (
              <tr key={month.month}>
                <td>{month.month}</td>
                <td>{month.electricityKwh}</td>
                <td>{month.baselineKwh}</td>
                <td>{month.ratio ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
