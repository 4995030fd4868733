import './assessment.css';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { downloadFile } from '../export/download.js';
import { ASSESSMENT_QUERY, type AssessmentRow } from '../graphql/events.js';
import { OWN_UNIT_QUERY } from '../graphql/queries.js';
import { Header } from '../panels/Header.js';
import { useApiErrorText } from '../session/access.js';
import { useSession } from '../session/SessionGate.js';
import { AssessmentChart } from './AssessmentChart.js';
import { AssessmentTable } from './AssessmentTable.js';
import { mayViewAssessment } from './access.js';
import { assessmentCsv } from './csv.js';
import { latestFinishedQuarter, recentQuarters } from './quarters.js';

type Grouping = 'DEPARTMENT' | 'STREET';
const NO_ROWS: AssessmentRow[] = [];

/** Quarter, grouping and export controls above the ranking. */
function Controls(props: {
  quarter: string;
  onQuarter: (quarter: string) => void;
  grouping: Grouping;
  onGrouping: (grouping: Grouping) => void;
  onExport: (() => void) | null;
}) {
  const { t } = useTranslation('assessment');
  const quarters = useMemo(() => recentQuarters(new Date()), []);
  const latest = latestFinishedQuarter(new Date()).id;
  return (
    <section className="assessment-controls" aria-label={t('page.controls')}>
      <label>
        {t('page.quarter')}
        <select value={props.quarter} onChange={(event) => props.onQuarter(event.target.value)} data-testid="quarter">
          {quarters.map((quarter, index) => (
            <option key={quarter.id} value={quarter.id}>
              {t('page.quarterOption', { year: quarter.year, quarter: quarter.quarter })}
              {index === 0 && t('page.current')}
              {quarter.id === latest && t('page.latest')}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="segmented" aria-label={t('page.grouping')}>
        {(['DEPARTMENT', 'STREET'] as const).map((grouping) => (
          <button
            key={grouping}
            type="button"
            aria-pressed={props.grouping === grouping}
            onClick={() => props.onGrouping(grouping)}
          >
            {t(grouping === 'DEPARTMENT' ? 'page.byDepartment' : 'page.byStreet')}
          </button>
        ))}
      </fieldset>
      <button type="button" className="export" disabled={!props.onExport} onClick={props.onExport ?? undefined}>
        {t('page.export')}
      </button>
    </section>
  );
}

/** Renders the ranking of the user's unit for one quarter and grouping: table, chart and CSV export. */
function Ranking({ orgUnit }: { orgUnit: string }) {
  const { t } = useTranslation('assessment');
  const errorText = useApiErrorText();
  const [quarter, setQuarter] = useState(() => latestFinishedQuarter(new Date()).id);
  const [grouping, setGrouping] = useState<Grouping>('DEPARTMENT');
  const [exported, setExported] = useState<number | null>(null);
  const [unit] = useQuery({ query: OWN_UNIT_QUERY, variables: { code: orgUnit } });
  const [result] = useQuery({
    query: ASSESSMENT_QUERY,
    variables: { orgUnit, quarter, grouping },
    requestPolicy: 'cache-and-network',
  });
  const rows = result.data?.assessment.rows ?? NO_ROWS;
  // Department names follow the UI language; street names are the units' own names from the API.
  const nameOf = useCallback(
    (row: AssessmentRow) =>
      grouping === 'DEPARTMENT' ? t(`session:user.department.${row.key}`, { defaultValue: row.name }) : row.name,
    [grouping, t],
  );

  const exportCsv = useCallback(() => {
    const csv = assessmentCsv(quarter, rows, nameOf, t);
    downloadFile(
      `lianfang-assessment-${orgUnit}-${quarter}-${grouping.toLowerCase()}.csv`,
      csv,
      'text/csv;charset=utf-8',
    );
    setExported(rows.length);
  }, [quarter, rows, nameOf, t, orgUnit, grouping]);

  const error = result.error?.graphQLErrors[0] ?? (result.error ? { message: result.error.message } : null);
  return (
    <>
      <p className="muted" data-testid="assessment-scope">
        {t('page.scope', { name: unit.data?.orgUnit?.name ?? orgUnit })}
      </p>
      <Controls
        quarter={quarter}
        onQuarter={(next) => {
          setQuarter(next);
          setExported(null);
        }}
        grouping={grouping}
        onGrouping={(next) => {
          setGrouping(next);
          setExported(null);
        }}
        onExport={rows.length > 0 ? exportCsv : null}
      />
      {exported !== null && (
        <p className="notice info" role="status">
          {t('page.exported', { count: exported })}
        </p>
      )}
      {result.fetching && !result.data && <p className="muted">{t('page.loading')}</p>}
      {error && (
        <p className="notice error" role="alert">
          {t('page.failed', { detail: errorText(error) })}
        </p>
      )}
      {result.data && rows.length === 0 && <p className="notice info">{t('page.empty')}</p>}
      {rows.length > 0 && (
        <div className="assessment-results">
          <AssessmentTable rows={rows} nameOf={nameOf} />
          <AssessmentChart rows={rows} nameOf={nameOf} />
        </div>
      )}
      <p className="muted">{t('page.ranking')}</p>
      <p className="muted" data-testid="assessment-footnote">
        {t('page.footnote')}
      </p>
    </>
  );
}

/**
 * Renders the assessment view (考核统计) at /assessment: per quarter, the tasks of the user's unit ranked by
 * department or by street. Only command staff and analysts of the governance centres are offered it; others see a notice.
 */
export function AssessmentPage() {
  const { t } = useTranslation('assessment');
  const { session } = useSession();
  const allowed = mayViewAssessment(session.user);

  useEffect(() => {
    document.title = t('page.title');
  }, [t]);

  return (
    <div className="app single-page">
      <Header page="assessment" />
      <main className="page-main">
        <h2>{t('page.heading')}</h2>
        {allowed ? (
          <Ranking orgUnit={session.user.orgUnit} />
        ) : (
          <p className="notice error" role="alert" data-testid="assessment-denied">
            {t('page.denied')}
          </p>
        )}
      </main>
    </div>
  );
}
