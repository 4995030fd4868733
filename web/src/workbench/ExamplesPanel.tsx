import { useTranslation } from 'react-i18next';
import { type ExampleQuery, formatVariables } from './examples.js';

export interface ExamplesPanelProps {
  examples: readonly ExampleQuery[];
  /** True when GraphiQL runs without the schema, so it offers no docs and no completion. */
  withoutSchema: boolean;
  /** Opens an operation and its variables in a new editor tab. */
  onOpen(query: string, variables: string): void;
}

/** Lists the example queries. Loading one sets its period variables relative to the current time. */
export function ExamplesPanel({ examples, withoutSchema, onOpen }: ExamplesPanelProps) {
  const { t } = useTranslation('workbench');
  return (
    <section className="workbench-section" data-testid="example-queries">
      <h2>{t('examples.heading')}</h2>
      {withoutSchema && (
        <p className="muted" data-testid="without-schema">
          {t('examples.withoutSchema')}
        </p>
      )}
      <ul className="example-list">
        {examples.map((example) => (
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
