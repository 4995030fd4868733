import { useTranslation } from 'react-i18next';
import type { UnitWithBoundary } from '../graphql/queries.js';

export interface ChildListProps {
  units: UnitWithBoundary[];
  onSelect(code: string): void;
}

/** Lists the child units of the selected unit in code order; clicking one drills down to it. */
export function ChildList({ units, onSelect }: ChildListProps) {
  const { t } = useTranslation();
  return (
    <section className="children">
      <h2>{t('children.heading', { count: units.length })}</h2>
      {units.length === 0 ? (
        <p className="muted">{t('children.empty')}</p>
      ) : (
        <ul data-testid="child-units">
          {units.map((unit) => (
            <li key={unit.code}>
              <button type="button" onClick={() => onSelect(unit.code)}>
                <span>{unit.name}</span>
                <span className="muted">{t(`level.${unit.level}`)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
