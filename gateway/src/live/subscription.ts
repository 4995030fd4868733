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
export class LiveSubscription implements AsyncIterableIterator<LiveChange> {
  #pending: LiveChange[] = [];
  #waiting: ((result: IteratorResult<LiveChange>) => void) | undefined;
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

  next(): Promise<IteratorResult<LiveChange>> {
    const change = this.#pending.shift();
    if (change) return Promise.resolve({ value: change, done: false });
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<LiveChange>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<LiveChange>> {
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

  [Symbol.asyncIterator](): this {
    return this;
  }
}
