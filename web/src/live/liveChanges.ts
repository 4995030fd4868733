/** Kinds of rows the gateway announces on `/graphql/stream`. */
export type LiveKind = 'EVENT' | 'TASK' | 'INCIDENT';

/** CREATED and UPDATED name one row. RESYNC means that the page must reload everything of the kind. */
export type LiveAction = 'CREATED' | 'UPDATED' | 'RESYNC';

/** One change of the `liveChanges` subscription (the gateway's `LiveChange` type). */
export interface LiveChange {
  kind: LiveKind;
  action: LiveAction;
  id: string | null;
  /** The event a task belongs to; null for events and incidents. */
  eventId: string | null;
  /** The row's org units within the user's jurisdiction; empty for RESYNC. */
  orgUnits: string[];
  department: string | null;
  status: string | null;
  category: string | null;
  /** ISO 8601 time at which the department's service received the change. */
  at: string;
}

/** State of the stream for an indicator: opening, receiving changes, or lost and retrying. */
export type LiveStatus = 'connecting' | 'live' | 'offline';

/** Path of the gateway's subscription endpoint (graphql-sse, distinct connections mode). */
export const LIVE_STREAM_PATH = '/graphql/stream';

export const LIVE_CHANGES_SUBSCRIPTION = `subscription LiveChanges($kinds: [LiveKind!]) {
  liveChanges(kinds: $kinds) { kind action id eventId orgUnits department status category at }
}`;

/** Delays of reconnection: 1 s doubling to 30 s, each with up to a quarter of random spread. */
const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 30_000;

/**
 * Returns the delay before reconnection attempt `retries` (0 for the first). The random spread keeps many pages that
 * lost the stream at once, e.g. when a gateway restarts, from reconnecting at the same moment.
 */
export function retryDelayMs(retries: number, random: () => number = Math.random): number {
  const base = Math.min(FIRST_RETRY_MS * 2 ** Math.min(retries, 16), LAST_RETRY_MS);
  return Math.round(base * (1 + random() / 4));
}

/** Creates the RESYNC change that a page receives after the stream was lost, when changes may have been missed. */
export function resyncAfterGap(kind: LiveKind): LiveChange {
  return {
    kind,
    action: 'RESYNC',
    id: null,
    eventId: null,
    orgUnits: [],
    department: null,
    status: null,
    category: null,
    at: new Date().toISOString(),
  };
}
