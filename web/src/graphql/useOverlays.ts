import { useEffect, useMemo, useRef, useState } from 'react';
import { type CombinedError, useClient, useQuery } from 'urql';
import type { TimeWindow } from '../timeWindow.js';
import type { Bbox } from './incidents.js';
import {
  BORDER_HOTSPOTS_QUERY,
  BORDER_ZONES_QUERY,
  type BorderZoneNode,
  type HotspotNode,
  MAX_RENTALS,
  PATROL_ZONES_QUERY,
  type PatrolZoneNode,
  RENTALS_QUERY,
  type RentalNode,
} from './overlays.js';

/** Data of the rental, border and patrol layers for one org unit. A list is null until it has loaded. */
export interface Overlays {
  rentals: RentalNode[] | null;
  /** Rentals of the unit in the viewport, which may exceed those loaded on the map. */
  rentalsTotal: number | null;
  borderZones: BorderZoneNode[] | null;
  hotspots: HotspotNode[] | null;
  patrolZones: PatrolZoneNode[] | null;
  rentalsError: CombinedError | undefined;
  borderError: CombinedError | undefined;
  patrolsError: CombinedError | undefined;
  fetching: boolean;
}

interface HotspotState {
  hotspots: HotspotNode[] | null;
  error: CombinedError | undefined;
}

/**
 * Sends one `borderHotspots` query per zone for the period and merges the results. One failed zone fails the whole
 * layer. The previous period's hotspots stay until the new ones arrive.
 */
function useHotspots(zones: BorderZoneNode[] | null, window: TimeWindow): HotspotState {
  const client = useClient();
  const from = window.from.toISOString();
  const to = window.to.toISOString();
  const [state, setState] = useState<HotspotState>({ hotspots: null, error: undefined });

  useEffect(() => {
    if (!zones) return;
    let current = true;
    const requests = zones.map((zone) => client.query(BORDER_HOTSPOTS_QUERY, { zone: zone.id, from, to }).toPromise());
    Promise.all(requests).then((results) => {
      if (!current) return;
      const error = results.find((result) => result.error)?.error;
      const hotspots = error ? null : results.flatMap((result) => result.data?.borderHotspots ?? []);
      setState({ hotspots, error });
    });
    return () => {
      current = false;
    };
  }, [client, zones, from, to]);

  return state;
}

type RentalPage = { totalCount: number; nodes: RentalNode[] };

/**
 * Loads the rentals of the unit in the viewport. The last page that loaded stays until the next arrives, so the
 * layer does not blink while the user pans.
 */
function useRentals(code: string, bbox: Bbox | null, pause: boolean) {
  const variables = useMemo(() => ({ code, bbox, first: MAX_RENTALS }), [code, bbox]);
  const [result] = useQuery({ query: RENTALS_QUERY, variables, pause: pause || bbox === null });
  const latest = useRef<RentalPage | null>(null);
  const data = result.data?.rentals;
  const page = useMemo(
    () => (data ? { totalCount: data.totalCount, nodes: data.edges.map((edge) => edge.node) } : null),
    [data],
  );
  if (page) latest.current = page;
  return { page: latest.current, error: result.error, fetching: result.fetching };
}

/**
 * Loads the rentals of the unit `code` in the viewport, its patrol zones, and the border zones and hotspots of its
 * district.
 */
export function useOverlays(code: string, window: TimeWindow, bbox: Bbox | null, pause: boolean): Overlays {
  const rentalResult = useRentals(code, bbox, pause);
  const [zoneResult] = useQuery({ query: BORDER_ZONES_QUERY, variables: {}, pause });
  const [patrolResult] = useQuery({ query: PATROL_ZONES_QUERY, variables: { code }, pause });

  // The API lists border zones per district; the situation data narrows them to a street or community.
  const district = code.slice(0, 6);
  const borderZones = useMemo(
    () => zoneResult.data?.borderZones.filter((zone) => zone.districtCodes.includes(district)) ?? null,
    [zoneResult.data, district],
  );
  const hotspots = useHotspots(borderZones, window);

  const borderError = zoneResult.error ?? hotspots.error;
  const hotspotsPending = borderZones !== null && !hotspots.hotspots && !hotspots.error;
  return {
    rentals: rentalResult.page?.nodes ?? null,
    rentalsTotal: rentalResult.page?.totalCount ?? null,
    borderZones,
    hotspots: hotspots.hotspots,
    patrolZones: patrolResult.data?.patrolZones ?? null,
    rentalsError: rentalResult.error,
    borderError,
    patrolsError: patrolResult.error,
    fetching: rentalResult.fetching || zoneResult.fetching || patrolResult.fetching || hotspotsPending,
  };
}
