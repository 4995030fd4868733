import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CombinedError, useQuery } from 'urql';
import {
  INCIDENTS_QUERY,
  isOrgUnitCode,
  MAX_INCIDENTS,
  ORG_UNIT_QUERY,
  type UnitWithBoundary,
} from './graphql/queries.js';
import { type Overlays, useOverlays } from './graphql/useOverlays.js';
import { SituationMap } from './map/SituationMap.js';
import type { LayerGroup } from './map/style.js';
import type { OverlayFeatures } from './map/useOverlaySources.js';
import { Breadcrumb } from './panels/Breadcrumb.js';
import { ChildList } from './panels/ChildList.js';
import { Header } from './panels/Header.js';
import { type LayerCounts, LayerPanel } from './panels/LayerPanel.js';
import { type Notice, Notices } from './panels/Notices.js';
import type { OverlayCounts } from './panels/OverlayLayers.js';
import { DEFAULT_UNIT, useSelection } from './selection.js';
import { formatShanghaiTime } from './time.js';

const NO_UNITS: UnitWithBoundary[] = [];
const ALL_VISIBLE: Record<LayerGroup, boolean> = {
  children: true,
  selected: true,
  incidents: true,
  rentals: true,
  border: true,
  patrols: true,
};
const NONE = [] as const;

/** Returns the first GraphQL error's message (the API writes them in Chinese) or a generic network message. */
function useErrorDetail() {
  const { t } = useTranslation();
  return (error: CombinedError) => error.graphQLErrors[0]?.message ?? t('status.networkFailed');
}

function overlayCounts(overlays: Overlays): OverlayCounts {
  return {
    rentalsTotal: overlays.rentalsTotal ?? undefined,
    rentalsShown: overlays.rentals?.length,
    hotspots: overlays.hotspots?.length,
    patrolZones: overlays.patrolZones?.length,
  };
}

/** Returns the overlay data for the map, with an empty list for each layer still loading or failed. */
function loadedOverlays(overlays: Overlays): OverlayFeatures {
  return {
    rentals: overlays.rentals ?? NONE,
    borderZones: overlays.borderZones ?? NONE,
    hotspots: overlays.hotspots ?? NONE,
    patrolZones: overlays.patrolZones ?? NONE,
  };
}

/** Lists a notice for each overlay query that failed. */
function useOverlayNotices(overlays: Overlays): Notice[] {
  const { t } = useTranslation();
  const errorDetail = useErrorDetail();
  const failures = [
    ['status.rentalsFailed', overlays.rentalsError],
    ['status.borderFailed', overlays.borderError],
    ['status.patrolsFailed', overlays.patrolsError],
  ] as const;
  return failures.flatMap(([key, error]) =>
    error ? [{ kind: 'error' as const, text: t(key, { detail: errorDetail(error) }) }] : [],
  );
}

export function App() {
  const { t, i18n } = useTranslation();
  const errorDetail = useErrorDetail();
  const [selection, select] = useSelection();
  const [visibility, setVisibility] = useState(ALL_VISIBLE);
  const [mapError, setMapError] = useState<string | null>(null);

  const valid = isOrgUnitCode(selection.code);
  const [unitResult] = useQuery({ query: ORG_UNIT_QUERY, variables: { code: selection.code }, pause: !valid });
  const [incidentResult] = useQuery({
    query: INCIDENTS_QUERY,
    variables: { code: selection.code, from: selection.from.toISOString(), first: MAX_INCIDENTS },
    pause: !valid,
  });
  const overlays = useOverlays(selection.code, !valid);
  const overlayNotices = useOverlayNotices(overlays);

  const unit = unitResult.data?.orgUnit ?? null;
  const incidents = useMemo(
    () => incidentResult.data?.incidents.edges.map((edge) => edge.node) ?? [],
    [incidentResult.data],
  );
  const counts: LayerCounts | null =
    unit && incidentResult.data
      ? {
          children: unit.children.length,
          selected: unit.boundary ? 1 : 0,
          incidentsTotal: incidentResult.data.incidents.totalCount,
          incidentsShown: incidents.length,
        }
      : null;

  const notices: Notice[] = [];
  if (!valid) notices.push({ kind: 'error', text: t('status.invalidCode', { code: selection.code }), reset: true });
  if (unitResult.error)
    notices.push({ kind: 'error', text: t('status.orgUnitFailed', { detail: errorDetail(unitResult.error) }) });
  if (unitResult.data && !unit)
    notices.push({ kind: 'error', text: t('status.notFound', { code: selection.code }), reset: true });
  if (unit && !unit.boundary) notices.push({ kind: 'info', text: t('status.noBoundary') });
  if (incidentResult.error)
    notices.push({ kind: 'error', text: t('status.incidentsFailed', { detail: errorDetail(incidentResult.error) }) });
  notices.push(...overlayNotices);
  if (mapError) notices.push({ kind: 'error', text: t('status.mapFailed', { detail: mapError }) });
  if (unitResult.fetching || incidentResult.fetching || overlays.fetching)
    notices.push({ kind: 'info', text: t('status.loading') });

  const toggle = useCallback(
    (group: LayerGroup) => setVisibility((value) => ({ ...value, [group]: !value[group] })),
    [],
  );
  const period = t('period.label', {
    from: formatShanghaiTime(selection.from, i18n.language),
    to: formatShanghaiTime(selection.to, i18n.language),
  });

  return (
    <div className="app">
      <Header />
      <aside className="panel">
        {unit && <Breadcrumb ancestry={unit.ancestry} onSelect={select} />}
        <Notices notices={notices} onReset={() => select(DEFAULT_UNIT)} />
        <p className="muted period">{period}</p>
        <LayerPanel visibility={visibility} counts={counts} overlayCounts={overlayCounts(overlays)} onToggle={toggle} />
        {unit && <ChildList units={unit.children} onSelect={select} />}
      </aside>
      <main className="map-area">
        <SituationMap
          selected={unit}
          childUnits={unit?.children ?? NO_UNITS}
          incidents={incidents}
          overlays={loadedOverlays(overlays)}
          visibility={visibility}
          onSelectUnit={select}
          onError={setMapError}
        />
      </main>
    </div>
  );
}
