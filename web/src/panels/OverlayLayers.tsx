import { useTranslation } from 'react-i18next';
import { INSPECTION_STATES, PATROL_SHIFTS } from '../graphql/overlays.js';
import {
  BORDER_BAND_COLOUR,
  HOTSPOT_COLOUR,
  HOTSPOT_OPACITY,
  INSPECTION_COLOURS,
  PATROL_COLOURS,
  SUBDIVIDED_RING_COLOUR,
} from '../map/overlayStyle.js';
import type { LayerGroup } from '../map/style.js';
import { Toggle } from './LayerPanel.js';

/** Feature counts of the overlay layers. A count is undefined until its data has loaded. */
export interface OverlayCounts {
  /** Rentals of the unit in the viewport, which may exceed those loaded on the map. */
  rentalsInView: number | undefined;
  rentalsLoaded: number | undefined;
  /** Hotspots and patrol zones with at least one vertex in the viewport. */
  hotspots: number | undefined;
  patrolZones: number | undefined;
}

export interface OverlayLayersProps {
  counts: OverlayCounts;
  visibility: Record<LayerGroup, boolean>;
  onToggle(group: LayerGroup): void;
}

function RentalLegend() {
  const { t } = useTranslation();
  return (
    <ul className="legend categories">
      {INSPECTION_STATES.map((state) => (
        <li key={state}>
          <span className="swatch dot" style={{ backgroundColor: INSPECTION_COLOURS[state] }} />
          {t(`inspection.${state}`)}
        </li>
      ))}
      <li className="wide">
        <span className="swatch dot ring" style={{ borderColor: SUBDIVIDED_RING_COLOUR }} />
        {t('layers.subdivided')}
      </li>
    </ul>
  );
}

function BorderLegend() {
  const { t } = useTranslation();
  const hotspotFill = `color-mix(in srgb, ${HOTSPOT_COLOUR} ${HOTSPOT_OPACITY.high * 100}%, transparent)`;
  return (
    <ul className="legend">
      <li>
        <span
          className="swatch area"
          style={{ borderColor: BORDER_BAND_COLOUR, backgroundColor: `${BORDER_BAND_COLOUR}26` }}
        />
        {t('layers.borderBand')}
      </li>
      <li>
        <span className="swatch area" style={{ borderColor: HOTSPOT_COLOUR, backgroundColor: hotspotFill }} />
        {t('layers.hotspot')}
      </li>
    </ul>
  );
}

/** Toggles and legends of the rental, border-zone and patrol-zone layers. */
export function OverlayLayers({ counts, ...toggleProps }: OverlayLayersProps) {
  const { t } = useTranslation();
  const truncated =
    counts.rentalsLoaded !== undefined &&
    counts.rentalsInView !== undefined &&
    counts.rentalsLoaded < counts.rentalsInView;
  return (
    <>
      <Toggle group="rentals" label={t('layers.rentals')} count={counts.rentalsInView} {...toggleProps} />
      {truncated && <p className="muted">{t('layers.rentalsTruncated', { shown: counts.rentalsLoaded })}</p>}
      <RentalLegend />
      <Toggle group="border" label={t('layers.border')} count={counts.hotspots} {...toggleProps} />
      <BorderLegend />
      <Toggle group="patrols" label={t('layers.patrols')} count={counts.patrolZones} {...toggleProps} />
      <ul className="legend">
        {PATROL_SHIFTS.map((shift) => (
          <li key={shift}>
            <span className="swatch line" style={{ borderColor: PATROL_COLOURS[shift] }} />
            {t(`shift.${shift}`)}
          </li>
        ))}
      </ul>
    </>
  );
}
