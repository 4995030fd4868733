import { useTranslation } from 'react-i18next';
import type { AssessmentRow } from '../graphql/events.js';
import { formatMinutes, formatRate } from './format.js';

/** Renders the ranked rows with every figure of the API, with the rate and the handling time formatted for reading. */
export function AssessmentTable({ rows, nameOf }: { rows: AssessmentRow[]; nameOf: (row: AssessmentRow) => string }) {
  const { t } = useTranslation('assessment');
  return (
    <table className="assessment-table" aria-label={t('page.table')} data-testid="assessment-table">
      <thead>
        <tr>
          <th scope="col">{t('column.rank')}</th>
          <th scope="col">{t('column.name')}</th>
          <th scope="col">{t('column.received')}</th>
          <th scope="col">{t('column.onTime')}</th>
          <th scope="col">{t('column.overdue')}</th>
          <th scope="col">{t('column.open')}</th>
          <th scope="col">{t('column.handedOn')}</th>
          <th scope="col">{t('column.onTimeRate')}</th>
          <th scope="col">{t('column.averageHandling')}</th>
          <th scope="col">{t('column.reopened')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-key={row.key}>
            <td>{row.rank}</td>
            <th scope="row">{nameOf(row)}</th>
            <td>{row.received}</td>
            <td>{row.onTime}</td>
            <td>{row.overdue}</td>
            <td>{row.open}</td>
            <td>{row.handedOn}</td>
            <td>{formatRate(row.onTimeRate)}</td>
            <td>{formatMinutes(row.averageHandlingMinutes, t)}</td>
            <td>{row.reopened}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
