import { useTranslation } from 'react-i18next';
import { EVENT_CATEGORIES, type EventCategory, SEVERITIES, type Severity } from '../graphql/events.js';
import { useErrorDetail } from '../useSituationData.js';
import type { ClassificationState } from './useClassification.js';

export interface ClassificationFieldsProps {
  classification: ClassificationState;
  category: EventCategory | null;
  severity: Severity | null;
  onCategory(category: EventCategory | null): void;
  onSeverity(severity: Severity | null): void;
}

/**
 * Shows the classifier's suggestion with its reason, and the category and severity selects. Their first option
 * follows the suggestion, which the server applies when the report leaves them empty.
 */
export function ClassificationFields(props: ClassificationFieldsProps) {
  const { t } = useTranslation('events');
  const errorDetail = useErrorDetail();
  const { suggestion, error, fetching } = props.classification;
  return (
    <section className="report-section classification" aria-live="polite">
      <div className="suggestion" data-testid="suggestion">
        {suggestion ? (
          <>
            <p>
              {t('report.suggestion.label')}
              <strong data-testid="suggested-category">{t(`category.${suggestion.category}`)}</strong>
              {' · '}
              {t(`severity.${suggestion.severity}`)} · {t(`session:user.department.${suggestion.department}`)}
            </p>
            <p className="hint" data-testid="suggestion-reason">
              {suggestion.reason}
            </p>
          </>
        ) : (
          <p className="hint">{fetching ? t('report.suggestion.loading') : t('report.suggestion.none')}</p>
        )}
        {error && <p className="notice error">{t('report.suggestion.failed', { detail: errorDetail(error) })}</p>}
      </div>
      <label>
        {t('report.category')}
        <select
          value={props.category ?? ''}
          onChange={(event) => props.onCategory((event.target.value || null) as EventCategory | null)}
          data-testid="category"
        >
          <option value="">
            {suggestion
              ? t('report.followSuggestion', { value: t(`category.${suggestion.category}`) })
              : t('report.automatic')}
          </option>
          {EVENT_CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {t(`category.${category}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('report.severity')}
        <select
          value={props.severity ?? ''}
          onChange={(event) => props.onSeverity((event.target.value || null) as Severity | null)}
          data-testid="severity"
        >
          <option value="">
            {suggestion
              ? t('report.followSuggestion', { value: t(`severity.${suggestion.severity}`) })
              : t('report.automatic')}
          </option>
          {SEVERITIES.map((severity) => (
            <option key={severity} value={severity}>
              {t(`severity.${severity}`)}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
