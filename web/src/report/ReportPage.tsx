import './report.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../panels/LanguageSwitch.js';
import { useSession } from '../session/SessionGate.js';
import { ReportForm } from './ReportForm.js';
import { ReportResult } from './ReportResult.js';
import type { SubmittedEvent } from './useSubmitReport.js';

/** Compact header for a phone: the page title, the user's name, the language and the logout button. */
function ReportHeader() {
  const { t } = useTranslation('events');
  const { session, logout } = useSession();
  return (
    <header className="report-header">
      <h1>{t('report.title')}</h1>
      <span className="user-name" data-testid="user-info">
        {session.user.name}
      </span>
      <LanguageSwitch />
      <button type="button" className="logout" onClick={logout}>
        {t('session:user.logout')}
      </button>
    </header>
  );
}

/**
 * Mobile report page for grid workers: photos, position, description with the classifier's suggestion, and the
 * result with the dispatched tasks. Other roles see a notice, since only grid workers report from the street.
 */
export function ReportPage() {
  const { t } = useTranslation('events');
  const { session } = useSession();
  const [result, setResult] = useState<{ event: SubmittedEvent; replayed: boolean } | null>(null);
  // A new form (and a new draft key) starts after each stored report.
  const [formKey, setFormKey] = useState(0);
  const gridWorker = session.user.roles.includes('grid_worker');

  return (
    <div className="report-page">
      <ReportHeader />
      <main className="report-main">
        {!gridWorker && (
          <p className="notice info" role="status" data-testid="report-denied">
            {t('report.gridWorkersOnly')} <a href="/">{t('report.backToMap')}</a>
          </p>
        )}
        {gridWorker && result && (
          <ReportResult
            event={result.event}
            replayed={result.replayed}
            onNew={() => {
              setResult(null);
              setFormKey((key) => key + 1);
            }}
          />
        )}
        {gridWorker && !result && (
          <ReportForm
            key={formKey}
            orgUnit={session.user.orgUnit}
            onSubmitted={(event, replayed) => setResult({ event, replayed })}
            onStartNew={() => setFormKey((key) => key + 1)}
          />
        )}
      </main>
    </div>
  );
}
