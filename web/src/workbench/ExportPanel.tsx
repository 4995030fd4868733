import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatShanghaiTime } from '../time.js';
import { downloadText } from './download.js';
import { type ExportFailure, type ExportOutcome, exportFileName, resultRows, toCsv, toGeoJson } from './export.js';
import type { RecordedRun } from './fetcher.js';
import { Message, type PanelMessage } from './Message.js';

export interface ExportPanelProps {
  /** The last operation run in the editor, or null before the first run. */
  run: RecordedRun | null;
}

/** Why a run cannot be exported, before looking at its body: no run yet, or a request that failed. */
function runFailure(run: RecordedRun | null): ExportFailure | 'requestFailed' | null {
  if (!run) return 'noResult';
  if (run.body === undefined) return 'requestFailed';
  return null;
}

/** Exports the last run's result as CSV or GeoJSON and shows how many rows it contains. */
export function ExportPanel({ run }: ExportPanelProps) {
  const { t, i18n } = useTranslation('workbench');
  const [message, setMessage] = useState<PanelMessage | null>(null);
  const [shownRun, setShownRun] = useState(run);

  // A new run replaces the outcome of the previous export.
  if (run !== shownRun) {
    setShownRun(run);
    setMessage(null);
  }

  const fail = (reason: ExportFailure | 'requestFailed') =>
    setMessage({ kind: 'error', text: t(`export.errors.${reason}`) });

  const download = <T,>(convert: (body: unknown) => ExportOutcome<T>, save: (value: T) => string) => {
    const failure = runFailure(run);
    if (failure || !run) {
      fail(failure ?? 'noResult');
      return;
    }
    const outcome = convert(run.body);
    if (!outcome.ok) {
      fail(outcome.reason);
      return;
    }
    try {
      const done = save(outcome.value);
      setMessage({ kind: 'info', text: done });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      setMessage({ kind: 'error', text: t('export.errors.failed', { detail }) });
    }
  };

  const exportCsv = () =>
    download(toCsv, (file) => {
      const name = exportFileName(
        t('export.fileName'),
        run?.operationName ?? null,
        run?.receivedAt ?? new Date(),
        'csv',
      );
      downloadText(name, file.text, 'text/csv;charset=utf-8');
      return t('export.csvDone', { count: file.rowCount });
    });

  const exportGeoJson = () =>
    download(toGeoJson, (file) => {
      const name = exportFileName(
        t('export.fileName'),
        run?.operationName ?? null,
        run?.receivedAt ?? new Date(),
        'geojson',
      );
      downloadText(name, `${JSON.stringify(file.featureCollection)}\n`, 'application/geo+json');
      const count = file.featureCollection.features.length;
      return file.skipped > 0
        ? t('export.geojsonSkipped', { count, skipped: file.skipped })
        : t('export.geojsonDone', { count });
    });

  return (
    <section className="workbench-section" data-testid="export">
      <h2>{t('export.heading')}</h2>
      <RunSummary run={run} language={i18n.language} />
      <div className="export-buttons">
        <button type="button" onClick={exportCsv}>
          {t('export.csv')}
        </button>
        <button type="button" onClick={exportGeoJson}>
          {t('export.geojson')}
        </button>
      </div>
      <Message message={message} testId="export-message" />
      <p className="muted hint">{t('export.hint')}</p>
    </section>
  );
}

/** Names the last run and how many rows its first list holds. */
function RunSummary({ run, language }: { run: RecordedRun | null; language: string }) {
  const { t } = useTranslation('workbench');
  if (!run) return <p className="muted">{t('export.noResult')}</p>;
  const operation = run.operationName ?? t('export.anonymous');
  const rows = runFailure(run) ? null : resultRows(run.body);
  return (
    <div data-testid="export-summary">
      <p>{t('export.lastResult', { operation, time: formatShanghaiTime(run.receivedAt, language) })}</p>
      {rows?.ok && <p>{t('export.rows', { count: rows.value.rows.length, path: rows.value.path })}</p>}
    </div>
  );
}
