import type { GraphQLError } from 'graphql';
import type { LiveKind } from './notice.js';
import type { LiveScope } from './scope.js';

/** Change type: CREATED and UPDATED name one row, and RESYNC means that the client must reload everything of a kind. */
export type LiveAction = 'CREATED' | 'UPDATED' | 'RESYNC';

/** One change as the `liveChanges` subscription delivers it. */
export interface LiveChange {
  kind: LiveKind;
  action: LiveAction;
  id: string | null;
  eventId: string | null;
  /** The row's org units that lie within the subscriber's jurisdiction; empty for RESYNC. */
  orgUnits: string[];
  department: string | null;
  status: string | null;
  category: string | null;
  /** When the department's subgraph received the row notice, ISO 8601. */
  at: string;
}

/** Last item of a subscription that the gateway ends, e.g. after its token was revoked; its resolver throws `error`. */
export class LiveStreamEnd {
  constructor(readonly error: GraphQLError) {}
}

/** Item of a subscription: a change, or a `LiveStreamEnd` as the last item. */
export type LiveItem = LiveChange | LiveStreamEnd;

/**
 * Maximum number of changes a subscriber has not read yet. Past it, the queue is replaced by one RESYNC per subscribed
 * kind, so a client that reads slower than changes arrive cannot make the gateway buffer without bound.
 */
export const MAX_PENDING_CHANGES = 256;

/** Creates a RESYNC change of `kind`, stamped now. */
export function resyncChange(kind: LiveKind, at = new Date().toISOString()): LiveChange {
  return {
    kind,
    action: 'RESYNC',
    id: null,
    eventId: null,
    orgUnits: [],
    department: null,
    status: null,
    category: null,
    at,
  };
}

/**
 * The changes of one open `liveChanges` subscription, as the async iterator graphql-js reads. Ending it (the client
 * went away, or the gateway stops) calls `onEnd` once, so the broker removes it.
 */
export class LiveSubscription implements AsyncIterableIterator<LiveItem> {
  #pending: LiveItem[] = [];
  #waiting: ((result: IteratorResult<LiveItem>) => void) | undefined;
  #ended = false;

  constructor(
    readonly scope: LiveScope,
    readonly kinds: ReadonlySet<LiveKind>,
    private readonly onEnd: (subscription: LiveSubscription) => void,
  ) {}

  get ended(): boolean {
    return this.#ended;
  }

  /** Queues `change` for the subscriber, or hands it over at once when the subscriber is waiting. */
  push(change: LiveChange): void {
    if (this.#ended) return;
    const waiting = this.#waiting;
    if (waiting) {
      this.#waiting = undefined;
      waiting({ value: change, done: false });
      return;
    }
    if (this.#pending.length >= MAX_PENDING_CHANGES) {
      // The dropped changes are replaced by a RESYNC for each kind, which makes the client reload.
      this.#pending = [...this.kinds].map((kind) => resyncChange(kind));
    }
    this.#pending.push(change);
  }

  next(): Promise<IteratorResult<LiveItem>> {
    const item = this.#pending.shift();
    if (item) return Promise.resolve({ value: item, done: false });
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<LiveItem>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<LiveItem>> {
    this.end();
    return Promise.reject(error);
  }

  /** Ends the subscription: a waiting reader gets `done`, and later changes are dropped. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#pending = [];
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.({ value: undefined, done: true });
    this.onEnd(this);
  }

  /**
   * Ends the subscription on the gateway's side: queued changes are dropped, the reader gets `final` as the last
   * item and then `done`, and later changes are dropped.
   */
  endWith(final: LiveStreamEnd): void {
    if (this.#ended) return;
    this.#ended = true;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    this.#pending = waiting ? [] : [final];
    waiting?.({ value: final, done: false });
    this.onEnd(this);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
