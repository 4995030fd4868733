import { useEffect, useMemo, useState } from 'react';
import { type CombinedError, useClient, useQuery } from 'urql';
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
  /** Rentals matching the query, which may exceed those loaded on the map. */
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
  key: string;
  hotspots: HotspotNode[] | null;
  error: CombinedError | undefined;
}

/** Sends one `borderHotspots` query per zone and merges the results. One failed zone fails the whole layer. */
function useHotspots(zones: BorderZoneNode[] | null): HotspotState {
  const client = useClient();
  const key = zones?.map((zone) => zone.id).join(',') ?? '';
  const [state, setState] = useState<HotspotState>({ key: '', hotspots: null, error: undefined });

  useEffect(() => {
    if (!zones) return;
    let current = true;
    const requests = zones.map((zone) => client.query(BORDER_HOTSPOTS_QUERY, { zone: zone.id }).toPromise());
    Promise.all(requests).then((results) => {
      if (!current) return;
      const error = results.find((result) => result.error)?.error;
      const hotspots = error ? null : results.flatMap((result) => result.data?.borderHotspots ?? []);
      setState({ key, hotspots, error });
    });
    return () => {
      current = false;
    };
  }, [client, zones, key]);

  return state.key === key ? state : { key, hotspots: null, error: undefined };
}

/** Loads the rentals and patrol zones of the unit `code` and the border zones and hotspots of its district. */
export function useOverlays(code: string, pause: boolean): Overlays {
  const [rentalResult] = useQuery({ query: RENTALS_QUERY, variables: { code, first: MAX_RENTALS }, pause });
  const [zoneResult] = useQuery({ query: BORDER_ZONES_QUERY, variables: {}, pause });
  const [patrolResult] = useQuery({ query: PATROL_ZONES_QUERY, variables: { code }, pause });

  // NOTE: border zones and hotspots are scoped to the selected unit's district, so a street far from the border
  // still counts every hotspot of its district.
  const district = code.slice(0, 6);
  const borderZones = useMemo(
    () => zoneResult.data?.borderZones.filter((zone) => zone.districtCodes.includes(district)) ?? null,
    [zoneResult.data, district],
  );
  const hotspots = useHotspots(borderZones);
  const rentals = useMemo(() => rentalResult.data?.rentals.edges.map((edge) => edge.node) ?? null, [rentalResult.data]);

  const borderError = zoneResult.error ?? hotspots.error;
  const hotspotsPending = borderZones !== null && !hotspots.hotspots && !hotspots.error;
  return {
    rentals,
    rentalsTotal: rentalResult.data?.rentals.totalCount ?? null,
    borderZones,
    hotspots: hotspots.hotspots,
    patrolZones: patrolResult.data?.patrolZones ?? null,
    rentalsError: rentalResult.error,
    borderError,
    patrolsError: patrolResult.error,
    fetching: rentalResult.fetching || zoneResult.fetching || patrolResult.fetching || hotspotsPending,
  };
}
