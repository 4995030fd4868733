import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type CombinedError, useQuery } from 'urql';
import type { Bbox } from './graphql/incidents.js';
import { isOrgUnitCode, ORG_UNIT_QUERY, type OrgUnitDetail } from './graphql/queries.js';
import { useIncidentGrid, type Viewport } from './graphql/useIncidentGrid.js';
import { type Overlays, useOverlays } from './graphql/useOverlays.js';
import { containsPoint, meetsArea, type Position, touchesBbox } from './map/geometry.js';
import type { OverlayFeatures } from './map/useOverlaySources.js';
import type { LayerCounts } from './panels/LayerPanel.js';
import type { Notice } from './panels/Notices.js';
import type { OverlayCounts } from './panels/OverlayLayers.js';
import type { Selection } from './selection.js';
import { useApiErrorText } from './session/access.js';
import { useReload } from './tasks/useReload.js';

const NONE = [] as const;

/**
 * Returns the first GraphQL error's message (the API writes them in Chinese), with the reason of a refusal by an
 * access rule, or a generic network message.
 */
export function useErrorDetail(): (error: CombinedError) => string {
  const { t } = useTranslation();
  const errorText = useApiErrorText();
  return (error: CombinedError) => {
    const first = error.graphQLErrors[0];
    return first ? errorText(first) : t('status.networkFailed');
  };
}

/** Parts of the map's data that load separately. A failure notice names the parts it hit. */
type DataPart = 'orgUnit' | 'incidents' | 'rentals' | 'border' | 'patrols';

/**
 * Returns a function that builds one notice per distinct failure. For a unit outside the jurisdiction several layers
 * fail with the same reason and message, so those failures share one notice that names all the parts they hit, and
 * the notice offers the way back to the user's own unit.
 */
function useFailureNotices(): (failures: readonly [DataPart, CombinedError | undefined][]) => Notice[] {
  const { t, i18n } = useTranslation();
  const errorDetail = useErrorDetail();
  return (failures) => {
    // Keyed by the shown detail, which the reason and the message determine.
    const groups = new Map<string, { parts: DataPart[]; outOfJurisdiction: boolean }>();
    for (const [part, error] of failures) {
      if (!error) continue;
      const detail = errorDetail(error);
      const group = groups.get(detail) ?? { parts: [], outOfJurisdiction: false };
      group.parts.push(part);
      if (error.graphQLErrors[0]?.extensions?.reason === 'OUT_OF_JURISDICTION') group.outOfJurisdiction = true;
      groups.set(detail, group);
    }

    const list = new Intl.ListFormat(i18n.language, { type: 'conjunction' });
    return [...groups].map(([detail, group]) => {
      const parts = list.format(group.parts.map((part) => t(`status.part.${part}`)));
      const notice: Notice = { kind: 'error', text: t('status.loadFailed', { parts, detail }) };
      if (group.outOfJurisdiction) notice.reset = true;
      return notice;
    });
  };
}

function countInView<T>(
  items: readonly T[] | null,
  bbox: Bbox | null,
  geometry: (item: T) => { coordinates: unknown },
) {
  return items ? items.filter((item) => touchesBbox(bbox, geometry(item))).length : undefined;
}

function overlayCounts(overlays: Overlays, bbox: Bbox | null): OverlayCounts {
  return {
    rentalsInView: overlays.rentalsTotal ?? undefined,
    rentalsLoaded: overlays.rentals?.length,
    hotspots: countInView(overlays.hotspots, bbox, (hotspot) => hotspot.area),
    patrolZones: countInView(overlays.patrolZones, bbox, (zone) => zone.zone),
  };
}

/**
 * Returns the overlay data for the map, with an empty list for each layer still loading or failed. The object
 * changes only when a list does, so the export and the map's sources do not redo their work on every render.
 */
function useLoadedOverlays({ rentals, borderZones, hotspots, patrolZones }: Overlays): OverlayFeatures {
  return useMemo(
    () => ({
      rentals: rentals ?? NONE,
      borderZones: borderZones ?? NONE,
      hotspots: hotspots ?? NONE,
      patrolZones: patrolZones ?? NONE,
    }),
    [rentals, borderZones, hotspots, patrolZones],
  );
}

/**
 * Keeps the border zones that meet a street, community or grid and the hotspots whose centre lies in it; the API
 * lists them per district. A district keeps all of its own.
 */
function useUnitScope(overlays: Overlays, unit: OrgUnitDetail | null): Overlays {
  const boundary = unit && unit.level !== 'DISTRICT' ? unit.boundary : null;
  const { borderZones, hotspots } = overlays;
  const scopedZones = useMemo(
    () => (boundary && borderZones ? borderZones.filter((zone) => meetsArea(boundary, zone.band)) : borderZones),
    [boundary, borderZones],
  );
  const scopedHotspots = useMemo(
    () =>
      boundary && hotspots
        ? hotspots.filter((hotspot) => containsPoint(boundary, ringCentre(hotspot.area.coordinates[0] ?? [])))
        : hotspots,
    [boundary, hotspots],
  );
  return { ...overlays, borderZones: scopedZones, hotspots: scopedHotspots };
}

/** Mean of a ring's vertices, close enough to a hotspot's centre to test which patrol zone covers it. */
export function ringCentre(ring: readonly Position[]): Position {
  const sum = ring.reduce(([x, y], [lon, lat]) => [x + lon, y + lat], [0, 0]);
  return [sum[0] / ring.length, sum[1] / ring.length];
}

/** State of the change notifications that the incident layer follows. */
export interface IncidentLiveState {
  /** True while notifications do not arrive, so a custom period falls back to polling. */
  offline: boolean;
  /** Counter that grows when incidents in the unit changed, which reloads the layer. */
  tick: number;
}

const NOT_LIVE: IncidentLiveState = { offline: true, tick: 0 };

/** Loads what the map shows for the selection and viewport, and lists the notices for what failed. */
export function useSituationData(selection: Selection, viewport: Viewport | null, live = NOT_LIVE) {
  const { t } = useTranslation();
  const failureNotices = useFailureNotices();
  const valid = isOrgUnitCode(selection.code);
  const [unitResult] = useQuery({ query: ORG_UNIT_QUERY, variables: { code: selection.code }, pause: !valid });
  const incidentGrid = useIncidentGrid(selection.code, selection.window, viewport, !valid, live.offline);
  useReload(live.tick, incidentGrid.refresh);
  const unit: OrgUnitDetail | null = unitResult.data?.orgUnit ?? null;
  const overlays = useUnitScope(useOverlays(selection.code, selection.window, viewport?.bbox ?? null, !valid), unit);
  const bbox = viewport?.bbox ?? null;

  const counts: LayerCounts | null = unit
    ? {
        children: unit.children.length,
        selected: unit.boundary ? 1 : 0,
        incidentsInView: incidentGrid.grid?.totalCount,
      }
    : null;

  const notices: Notice[] = [];
  if (!valid) notices.push({ kind: 'error', text: t('status.invalidCode', { code: selection.code }), reset: true });
  if (unitResult.data && !unit)
    notices.push({ kind: 'error', text: t('status.notFound', { code: selection.code }), reset: true });
  if (unit && !unit.boundary) notices.push({ kind: 'info', text: t('status.noBoundary') });
  const failures: [DataPart, CombinedError | undefined][] = [
    ['orgUnit', unitResult.error],
    ['incidents', incidentGrid.error],
    ['rentals', overlays.rentalsError],
    ['border', overlays.borderError],
    ['patrols', overlays.patrolsError],
  ];
  notices.push(...failureNotices(failures));
  const features = useLoadedOverlays(overlays);
  const loading = unitResult.fetching || incidentGrid.fetching || overlays.fetching;

  return {
    valid,
    unit,
    grid: incidentGrid.grid,
    overlays: features,
    counts,
    overlayCounts: overlayCounts(overlays, bbox),
    notices,
    loading,
  };
}
