import { useTranslation } from 'react-i18next';
import type { UnitSummary } from '../graphql/queries.js';

export interface BreadcrumbProps {
  ancestry: UnitSummary[];
  onSelect(code: string): void;
}

/** Renders the jurisdiction path 区 › 街道 › 社区 › 网格. Each level above the current one is a button that selects it. */
export function Breadcrumb({ ancestry, onSelect }: BreadcrumbProps) {
  const { t } = useTranslation();
  return (
    <nav className="breadcrumb" aria-label={t('breadcrumb.label')} data-testid="breadcrumb">
      <ol>
        {ancestry.map((unit, index) => (
          <li key={unit.code} title={t(`level.${unit.level}`)}>
            {index > 0 && (
              <span className="separator" aria-hidden="true">
                ›
              </span>
            )}
            {index < ancestry.length - 1 ? (
              <button type="button" className="link" onClick={() => onSelect(unit.code)}>
                {unit.name}
              </button>
            ) : (
              <span aria-current="page">{unit.name}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
