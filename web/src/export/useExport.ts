import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type OperationResult, useClient } from 'urql';
import { type Bbox, INCIDENT_PAGE_QUERY, type IncidentPage } from '../graphql/incidents.js';
import type { UnitWithBoundary } from '../graphql/queries.js';
import { meetsArea, type PolygonalGeometry, touchesBbox } from '../map/geometry.js';
import type { LayerGroup } from '../map/style.js';
import type { OverlayFeatures } from '../map/useOverlaySources.js';
import { formatShanghaiStamp } from '../time.js';
import type { TimeWindow } from '../timeWindow.js';
import { downloadFile } from './download.js';
import { type ExportInput, exportRows, toCsv, toGeoJson } from './layerExport.js';

/** Maximum incidents in one export, fetched in pages of 1000; a notice reports when more matched. */
export const MAX_EXPORT_INCIDENTS = 10_000;
const PAGE_SIZE = 1000;

export type ExportFormat = 'geojson' | 'csv';

export interface ExportScope {
  code: string;
  window: TimeWindow;
  /** The viewport; only features in it are exported. */
  bbox: Bbox | null;
  /** A drawn area, which replaces the viewport as the incident filter. */
  area: PolygonalGeometry | null;
  visibility: Record<LayerGroup, boolean>;
  selected: UnitWithBoundary | null;
  childUnits: readonly UnitWithBoundary[];
  overlays: OverlayFeatures;
  /** Rentals in the viewport by the server's count, which may exceed those loaded on the map. */
  rentalsInView: number | undefined;
}

export type ExportState =
  | { kind: 'idle' }
  | { kind: 'running' }
  | {
      kind: 'done';
      count: number;
      /** Incidents that matched when more than the export limit did. */
      truncatedFrom: number | null;
      /** Rentals in view and those exported, when the map had loaded only some of them. */
      rentals: { total: number; loaded: number } | null;
    }
  | { kind: 'failed'; detail: string };

/** Exports the visible layers of the current view (or drawn area) and period as GeoJSON or CSV. */
export function useExport(scope: ExportScope): [ExportState, (format: ExportFormat) => void] {
  const client = useClient();
  const { t } = useTranslation();
  const [state, setState] = useState<ExportState>({ kind: 'idle' });

  const fetchIncidents = useCallback(async () => {
    const incidents: IncidentPage['incidents']['edges'][number]['node'][] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const result: OperationResult<IncidentPage> = await client
        .query(INCIDENT_PAGE_QUERY, {
          code: scope.code,
          from: scope.window.from.toISOString(),
          to: scope.window.to.toISOString(),
          bbox: scope.area ? null : scope.bbox,
          within: scope.area,
          categories: null,
          first: PAGE_SIZE,
          after,
        })
        .toPromise();
      if (result.error || !result.data) throw result.error ?? new Error(t('status.networkFailed'));
      const page: IncidentPage['incidents'] = result.data.incidents;
      total = page.totalCount;
      incidents.push(...page.edges.map((edge) => edge.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after && incidents.length < MAX_EXPORT_INCIDENTS);
    return { incidents, total };
  }, [client, scope.code, scope.window, scope.bbox, scope.area, t]);

  const run = useCallback(
    (format: ExportFormat) => {
      setState({ kind: 'running' });
      const { visibility, overlays, bbox, area } = scope;
      // A drawn area replaces the viewport as the filter of every layer.
      const keep = (geometry: { type: string; coordinates: unknown }) =>
        area ? meetsArea(area, geometry) : touchesBbox(bbox, geometry);
      const work = async () => {
        const fetched = visibility.incidents ? await fetchIncidents() : { incidents: [], total: 0 };
        const units = [
          ...(visibility.selected && scope.selected ? [scope.selected] : []),
          ...(visibility.children ? scope.childUnits : []),
        ].filter((unit) => unit.boundary && keep(unit.boundary));
        const input: ExportInput = {
          units,
          incidents: fetched.incidents,
          rentals: visibility.rentals ? overlays.rentals.filter((rental) => keep(rental.location)) : [],
          borderZones: visibility.border ? overlays.borderZones.filter((zone) => keep(zone.band)) : [],
          hotspots: visibility.border ? overlays.hotspots.filter((hotspot) => keep(hotspot.area)) : [],
          patrolZones: visibility.patrols ? overlays.patrolZones.filter((zone) => keep(zone.zone)) : [],
        };
        const rows = exportRows(input, t);
        const stem = `lianfang-${scope.code}-${formatShanghaiStamp(new Date()).slice(0, 10)}`;
        if (format === 'csv') downloadFile(`${stem}.csv`, toCsv(rows, t), 'text/csv;charset=utf-8');
        else downloadFile(`${stem}.geojson`, JSON.stringify(toGeoJson(rows)), 'application/geo+json');
        const truncatedFrom = fetched.total > fetched.incidents.length ? fetched.total : null;
        const rentalsTotal = scope.rentalsInView ?? 0;
        const rentalsCut = visibility.rentals && rentalsTotal > overlays.rentals.length;
        const rentals = rentalsCut ? { total: rentalsTotal, loaded: input.rentals.length } : null;
        setState({ kind: 'done', count: rows.length, truncatedFrom, rentals });
      };
      work().catch((error: unknown) => {
        const detail =
          (error as { graphQLErrors?: { message: string }[] }).graphQLErrors?.[0]?.message ??
          (error instanceof Error ? error.message : String(error));
        setState({ kind: 'failed', detail });
      });
    },
    [scope, fetchIncidents, t],
  );

  return [state, run];
}
