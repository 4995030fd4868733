import { useEffect, useMemo, useRef } from 'react';
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

/** How often the layer reloads the viewport to show new and changed incidents, in milliseconds. */
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
}

/**
 * Loads the incident grid of the viewport. The zoom is rounded to a whole level, so the cells stay the same while
 * the user pans at one zoom level. The layer reloads every 30 seconds: a preset period moves forward that often,
 * and a custom period is requested again.
 *
 * TODO: reload on the hub's change notifications instead of on a timer once the hub offers a subscription.
 */
export function useIncidentGrid(
  code: string,
  window: TimeWindow,
  viewport: Viewport | null,
  pause: boolean,
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

  // A preset period moves forward on its own, which reloads the grid; a custom one is reloaded here.
  const custom = window.kind === 'custom';
  useEffect(() => {
    if (pause || variables === null || !custom) return;
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), REFRESH_INTERVAL);
    return () => clearInterval(timer);
  }, [pause, variables, custom, reexecute]);

  const latest = useRef<IncidentGrid | null>(null);
  if (result.data) latest.current = result.data.incidentGrid;
  return { grid: latest.current, error: result.error, fetching: result.fetching };
}
