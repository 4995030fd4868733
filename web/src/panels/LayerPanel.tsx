import { useTranslation } from 'react-i18next';
import { INCIDENT_CATEGORIES } from '../graphql/queries.js';
import { CATEGORY_COLOURS } from '../map/categories.js';
import { BOUNDARY_COLOUR, CLUSTER_COLOUR, type LayerGroup, SELECTED_COLOUR } from '../map/style.js';
import { type OverlayCounts, OverlayLayers } from './OverlayLayers.js';

export interface LayerCounts {
  children: number;
  selected: number;
  /** Incidents of the unit and period in the viewport; undefined until the first grid has loaded. */
  incidentsInView: number | undefined;
}

export interface LayerPanelProps {
  visibility: Record<LayerGroup, boolean>;
  counts: LayerCounts | null;
  overlayCounts: OverlayCounts;
  /** Whether the hub configured an external basemap, which then gets a toggle. */
  basemap: boolean;
  /** Whether incidents show as a heatmap, whose legend is a colour ramp instead of categories. */
  heatmap: boolean;
  onToggle(group: LayerGroup): void;
}

export interface ToggleProps {
  group: LayerGroup;
  label: string;
  count: number | undefined;
  visibility: Record<LayerGroup, boolean>;
  onToggle(group: LayerGroup): void;
}

/** Checkbox that shows or hides one layer group, with the number of features it draws. */
export function Toggle(props: ToggleProps) {
  return (
    <label className="layer-toggle">
      <input
        type="checkbox"
        checked={props.visibility[props.group]}
        onChange={() => props.onToggle(props.group)}
        data-testid={`toggle-${props.group}`}
      />
      <span>{props.label}</span>
      <span className="count" data-testid={`count-${props.group}`}>
        {props.count ?? '–'}
      </span>
    </label>
  );
}

/** Layer toggles, each with its legend entries and the number of features it draws. */
export function LayerPanel(props: LayerPanelProps) {
  const { t } = useTranslation();
  const { counts } = props;
  return (
    <section className="layers">
      <h2>
        {t('layers.heading')} <span className="muted">{t('layers.inView')}</span>
      </h2>
      <Toggle group="children" label={t('layers.children')} count={counts?.children} {...props} />
      <ul className="legend">
        <li>
          <span className="swatch line" style={{ borderColor: BOUNDARY_COLOUR }} />
          {t('layers.exact')}
        </li>
        <li>
          <span className="swatch line dashed" style={{ borderColor: BOUNDARY_COLOUR }} />
          {t('layers.approximate')}
        </li>
      </ul>
      <Toggle group="selected" label={t('layers.selected')} count={counts?.selected} {...props} />
      <ul className="legend">
        <li>
          <span className="swatch line thick" style={{ borderColor: SELECTED_COLOUR }} />
          {t('layers.selected')}
        </li>
      </ul>
      <Toggle group="incidents" label={t('layers.incidents')} count={counts?.incidentsInView} {...props} />
      {props.heatmap ? (
        <ul className="legend">
          <li>
            <span className="swatch heat" />
            {t('layers.heat')}
          </li>
        </ul>
      ) : (
        <ul className="legend categories">
          <li className="wide">
            <span className="swatch dot large" style={{ backgroundColor: CLUSTER_COLOUR }} />
            {t('layers.cluster')}
          </li>
          {INCIDENT_CATEGORIES.map((category) => (
            <li key={category}>
              <span className="swatch dot" style={{ backgroundColor: CATEGORY_COLOURS[category] }} />
              {t(`category.${category}`)}
            </li>
          ))}
        </ul>
      )}
      <OverlayLayers counts={props.overlayCounts} visibility={props.visibility} onToggle={props.onToggle} />
      {props.basemap && <Toggle group="basemap" label={t('layers.basemap')} count={undefined} {...props} />}
    </section>
  );
}
