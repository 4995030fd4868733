import { useMemo } from 'react';
import { type CombinedError, useQuery } from 'urql';
import { EVENTS_QUERY, type EventStatus, type EventSummary } from '../graphql/events.js';
import { useReload } from './useReload.js';

/** Statuses the map shows; closed events leave the map. */
export const OPEN_EVENT_STATUSES: EventStatus[] = ['REPORTED', 'DISPATCHED', 'IN_PROGRESS', 'RESOLVED', 'VERIFIED'];
/** Maximum number of events the layer loads, newest first. */
export const EVENT_LIMIT = 200;
const NO_EVENTS: EventSummary[] = [];

export interface EventsLayerState {
  events: EventSummary[];
  totalCount: number | undefined;
  error: CombinedError | undefined;
}

/** Loads the open events of the unit for the map and the event list, and reloads them when `tick` changes. */
export function useEventsLayer(code: string, pause: boolean, tick: number): EventsLayerState {
  const variables = useMemo(() => ({ orgUnit: code, status: OPEN_EVENT_STATUSES, first: EVENT_LIMIT }), [code]);
  const [result, reexecute] = useQuery({ query: EVENTS_QUERY, variables, pause });
  useReload(tick, () => reexecute({ requestPolicy: 'network-only' }));
  const connection = result.data?.events;
  const events = useMemo(() => connection?.edges.map((edge) => edge.node) ?? NO_EVENTS, [connection]);
  return { events, totalCount: connection?.totalCount, error: result.error };
}
