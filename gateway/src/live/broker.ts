import type { Logger } from 'pino';
import type { ChangeWatch } from '../change-watch.js';
import { LIVE_KINDS, type LiveKind, type LiveNotice } from './notice.js';
import type { LiveScope } from './scope.js';
import { type LiveChange, LiveSubscription, resyncChange } from './subscription.js';

/** Shortest time between two RESYNC changes of one kind; bulk writes within it are announced once, at its end. */
export const RESYNC_INTERVAL_MS = 1000;

/**
 * Hands the row notices that `ChangeWatch` receives to the open `liveChanges` subscriptions of this gateway. A row
 * notice reaches a subscriber when one of its org units lies within the subscriber's jurisdiction, with only those
 * units, and a task's notice only when the subscriber may see that department's tasks (`seesDepartmentOf`). A BULK
 * notice becomes one RESYNC change to every subscriber of the gateway's own city, at most one per kind and
 * `RESYNC_INTERVAL_MS`.
 */
export class LiveBroker {
  readonly #subscriptions = new Set<LiveSubscription>();
  /** Times of the last RESYNC and the RESYNC waiting for its turn, by city and kind (`resyncKey`). */
  readonly #lastResyncAt = new Map<string, number>();
  readonly #pendingResync = new Map<string, { timer: NodeJS.Timeout; notice: LiveNotice }>();
  readonly #unlisten: () => void;

  constructor(
    watch: Pick<ChangeWatch, 'onLive'>,
    private readonly logger: Logger,
  ) {
    this.#unlisten = watch.onLive((notice) => this.publish(notice));
  }

  get size(): number {
    return this.#subscriptions.size;
  }

  /** Opens a subscription for `scope`'s viewer to changes of `kinds` (every kind when null or empty). */
  subscribe(scope: LiveScope, kinds: readonly LiveKind[] | null | undefined): LiveSubscription {
    const selected = new Set<LiveKind>(kinds && kinds.length > 0 ? kinds : LIVE_KINDS);
    const subscription = new LiveSubscription(scope, selected, (ended) => this.#subscriptions.delete(ended));
    this.#subscriptions.add(subscription);
    return subscription;
  }

  /** Delivers `notice` to the subscriptions in its scope. */
  publish(notice: LiveNotice): void {
    if (notice.action === 'BULK') {
      this.#scheduleResync(notice);
      return;
    }
    const action = notice.action === 'INSERT' ? 'CREATED' : 'UPDATED';
    for (const subscription of this.#subscriptions) {
      if (!subscription.kinds.has(notice.kind) || !subscription.scope.seesDepartmentOf(notice)) continue;
      const orgUnits = subscription.scope.visibleUnits(notice);
      if (orgUnits.length === 0) continue;
      subscription.push({
        kind: notice.kind,
        action,
        id: notice.id ?? null,
        eventId: notice.eventId ?? null,
        orgUnits,
        department: notice.department ?? null,
        status: notice.status ?? null,
        category: notice.category ?? null,
        at: notice.at,
      });
    }
  }

  /** Ends every subscription and stops listening; pending RESYNC changes are dropped. */
  stop(): void {
    this.#unlisten();
    for (const pending of this.#pendingResync.values()) clearTimeout(pending.timer);
    this.#pendingResync.clear();
    for (const subscription of [...this.#subscriptions]) subscription.end();
  }

  #scheduleResync(notice: LiveNotice): void {
    const key = resyncKey(notice);
    const pending = this.#pendingResync.get(key);
    if (pending) {
      pending.notice = notice;
      return;
    }
    const elapsed = Date.now() - (this.#lastResyncAt.get(key) ?? 0);
    if (elapsed >= RESYNC_INTERVAL_MS) {
      this.#sendResync(notice);
      return;
    }
    const timer = setTimeout(() => {
      const latest = this.#pendingResync.get(key)?.notice ?? notice;
      this.#pendingResync.delete(key);
      this.#sendResync(latest);
    }, RESYNC_INTERVAL_MS - elapsed);
    timer.unref();
    this.#pendingResync.set(key, { timer, notice });
  }

  #sendResync(notice: LiveNotice): void {
    this.#lastResyncAt.set(resyncKey(notice), Date.now());
    const change: LiveChange = resyncChange(notice.kind, notice.at);
    let delivered = 0;
    for (const subscription of this.#subscriptions) {
      if (!subscription.kinds.has(notice.kind) || !subscription.scope.isOwnCity(notice)) continue;
      subscription.push(change);
      delivered += 1;
    }
    this.logger.debug(
      { subgraph: notice.subgraph, kind: notice.kind, rows: notice.count, subscribers: delivered },
      'live resync sent',
    );
  }
}

/** Key of RESYNC throttling: a partner city's bulk writes never delay this city's RESYNC. */
function resyncKey(notice: LiveNotice): string {
  return `${notice.city ?? ''}/${notice.kind}`;
}
