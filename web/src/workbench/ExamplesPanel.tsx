import { useTranslation } from 'react-i18next';
import { EXAMPLE_QUERIES, formatVariables } from './examples.js';

export interface ExamplesPanelProps {
  /** Opens an operation and its variables in a new editor tab. */
  onOpen(query: string, variables: string): void;
}

/** Lists the example queries. Loading one sets its period variables relative to the current time. */
export function ExamplesPanel({ onOpen }: ExamplesPanelProps) {
  const { t } = useTranslation('workbench');
  return (
    <section className="workbench-section" data-testid="example-queries">
      <h2>{t('examples.heading')}</h2>
      <ul className="example-list">
        {EXAMPLE_QUERIES.map((example) => (
          <li key={example.key}>
            <button
              type="button"
              className="link"
              onClick={() => onOpen(example.query, formatVariables(example.variables(new Date())))}
            >
              {t(`examples.${example.key}.title`)}
            </button>
            <p className="muted">{t(`examples.${example.key}.summary`)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
