import { useTranslation } from 'react-i18next';
import type { ExportFormat, ExportState } from '../export/useExport.js';
import { MAX_EXPORT_INCIDENTS } from '../export/useExport.js';

export interface ExportPanelProps {
  state: ExportState;
  onExport(format: ExportFormat): void;
}

/** Buttons that export the visible layers of the view (or the drawn area) and period, with the outcome. */
export function ExportPanel({ state, onExport }: ExportPanelProps) {
  const { t } = useTranslation();
  const running = state.kind === 'running';
  return (
    <section className="export" aria-label={t('export.heading')}>
      <h2>{t('export.heading')}</h2>
      <div className="segmented">
        <button type="button" disabled={running} onClick={() => onExport('geojson')} data-testid="export-geojson">
          GeoJSON
        </button>
        <button type="button" disabled={running} onClick={() => onExport('csv')} data-testid="export-csv">
          CSV
        </button>
      </div>
      <p className="muted">{t('export.scope')}</p>
      {running && <p className="muted">{t('export.running')}</p>}
      {state.kind === 'done' && <p data-testid="export-result">{t('export.done', { count: state.count })}</p>}
      {state.kind === 'done' && state.truncatedFrom !== null && (
        <p className="notice error">
          {t('export.truncated', { total: state.truncatedFrom, limit: MAX_EXPORT_INCIDENTS })}
        </p>
      )}
      {state.kind === 'done' && state.rentals !== null && (
        <p className="notice error">{t('export.rentalsTruncated', state.rentals)}</p>
      )}
      {state.kind === 'failed' && <p className="notice error">{t('export.failed', { detail: state.detail })}</p>}
    </section>
  );
}
