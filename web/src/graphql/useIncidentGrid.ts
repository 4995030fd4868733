import { useCallback, useEffect, useMemo, useRef } from 'react';
import { type CombinedError, useQuery } from 'urql';
import type { TimeWindow } from '../timeWindow.js';
import {
  type Bbox,
  INCIDENT_GRID_QUERY,
  type IncidentGrid,
  type IncidentGridVariables,
  POINT_LIMIT,
} from './incidents.js';

/** The part of the map on screen. */
export interface Viewport {
  bbox: Bbox;
  zoom: number;
}

/** How often the layer reloads the viewport while live updates are offline, in milliseconds. */
export const REFRESH_INTERVAL = 30_000;

const PLACEHOLDER: IncidentGridVariables = {
  code: '',
  bbox: [0, 0, 0, 0],
  zoom: 0,
  from: '',
  to: '',
  pointLimit: POINT_LIMIT,
};

export interface IncidentGridState {
  /** The latest grid that loaded; kept while the next one loads, so the layer never empties between views. */
  grid: IncidentGrid | null;
  error: CombinedError | undefined;
  fetching: boolean;
  /** Reloads the grid from the network, for a change notification about incidents. */
  refresh(): void;
}

/**
 * Loads the incident grid of the viewport. The zoom is rounded to a whole level, so the cells stay the same while
 * the user pans at one zoom level. Change notifications reload it through `refresh`. A preset period moves forward
 * every 30 seconds, which reloads it too. While live updates are `offline`, a custom period is requested again
 * every 30 seconds instead.
 */
export function useIncidentGrid(
  code: string,
  window: TimeWindow,
  viewport: Viewport | null,
  pause: boolean,
  offline = true,
): IncidentGridState {
  const variables = useMemo(
    () =>
      viewport && {
        code,
        bbox: viewport.bbox,
        zoom: Math.round(viewport.zoom),
        from: window.from.toISOString(),
        to: window.to.toISOString(),
        pointLimit: POINT_LIMIT,
      },
    [code, window, viewport],
  );
  const [result, reexecute] = useQuery({
    query: INCIDENT_GRID_QUERY,
    // A paused query sends nothing, so its placeholder variables are never used.
    variables: variables ?? PLACEHOLDER,
    pause: pause || variables === null,
  });

  // A preset period moves forward on its own, which reloads the grid. A custom one is reloaded here while no change
  // notifications arrive.
  const custom = window.kind === 'custom';
  useEffect(() => {
    if (pause || variables === null || !custom || !offline) return;
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), REFRESH_INTERVAL);
    return () => clearInterval(timer);
  }, [pause, variables, custom, offline, reexecute]);
  const refresh = useCallback(() => {
    if (!pause && variables !== null) reexecute({ requestPolicy: 'network-only' });
  }, [pause, variables, reexecute]);

  const latest = useRef<IncidentGrid | null>(null);
  if (result.data) latest.current = result.data.incidentGrid;
  return { grid: latest.current, error: result.error, fetching: result.fetching, refresh };
}
