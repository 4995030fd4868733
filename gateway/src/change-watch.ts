import { setTimeout as sleep } from 'node:timers/promises';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { Logger } from 'pino';
import { type LiveKind, type LiveNotice, parseLiveNotice } from './live/notice.js';

/** A subgraph's stream is taken for dead when it sends nothing for this long (it sends a comment every 15 s). */
const SILENCE_LIMIT_MS = 45_000;
const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 10_000;

interface SubgraphWatch {
  /** True while the subgraph's change stream is open and the subgraph reports that it receives every change notification. */
  watching: boolean;
  /** Grows at every change of the subgraph's data and at every change of `watching`. */
  epoch: number;
  /** Kinds of live notices the subgraph has sent, with its city: what to resync after notices may have been lost. */
  liveKinds: Set<LiveKind>;
  city: string | undefined;
}

/** The epochs of every subgraph at one moment; `undefined` for a subgraph whose changes are not followed. */
export type EpochSnapshot = ReadonlyMap<string, number | undefined>;

/**
 * Follows the change stream (`GET /changes`, server-sent events) of every subgraph, so that cached responses can be
 * checked against the data they were built from, and so that row notices reach live subscribers (`onLive`). A
 * subgraph counts as watched only while its stream is open and it reports that it sees every change; a subgraph
 * without a stream, such as another vendor's, is never watched, and nothing that uses its data is cached. A lost
 * stream is opened again with a growing delay.
 */
export class ChangeWatch {
  readonly #states = new Map<string, SubgraphWatch>();
  readonly #abort = new AbortController();
  readonly #changeListeners = new Set<(subgraph: string) => void>();
  readonly #liveListeners = new Set<(notice: LiveNotice) => void>();

  constructor(
    private readonly subgraphUrls: Record<string, string>,
    private readonly logger: Logger,
    /** Headers each stream request carries: the claims a subgraph needs before it opens a stream. */
    private readonly headers: () => Promise<Record<string, string>> = async () => ({}),
  ) {
    for (const name of Object.keys(subgraphUrls)) {
      this.#states.set(name, { watching: false, epoch: 0, liveKinds: new Set(), city: undefined });
    }
  }

  /** Opens every stream; returns at once and keeps them open until `stop`. */
  start(): void {
    for (const [name, url] of Object.entries(this.subgraphUrls)) void this.#follow(name, changesUrlOf(url));
  }

  stop(): void {
    this.#abort.abort();
  }

  /** Returns the current epoch of every subgraph, to be taken before a request reads any data. */
  snapshot(): EpochSnapshot {
    const epochs = new Map<string, number | undefined>();
    for (const [name, state] of this.#states) epochs.set(name, state.watching ? state.epoch : undefined);
    return epochs;
  }

  /** Returns the current epoch of `subgraph`, or undefined while its changes are not followed. */
  epochOf(subgraph: string): number | undefined {
    const state = this.#states.get(subgraph);
    return state?.watching ? state.epoch : undefined;
  }

  /** True when each of `subgraphs` is watched and has not changed since `epochs` were taken. */
  isCurrent(subgraphs: readonly string[], epochs: EpochSnapshot): boolean {
    return subgraphs.every((name) => {
      const state = this.#states.get(name);
      return state?.watching === true && epochs.get(name) === state.epoch;
    });
  }

  /** Marks `subgraphs` changed, e.g. after a mutation wrote to them, without waiting for their notifications. */
  markChanged(subgraphs: readonly string[]): void {
    for (const name of subgraphs) this.#bump(name);
  }

  /** Returns whether each subgraph's changes are followed, for the health report. */
  status(): Record<string, boolean> {
    return Object.fromEntries([...this.#states].map(([name, state]) => [name, state.watching]));
  }

  /** Calls `listener` with a subgraph's name whenever its data or watch state changes. */
  onChange(listener: (subgraph: string) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  /**
   * Calls `listener` with each row notice a subgraph forwards (see `ChangeStream`), after the subgraph's epoch has
   * grown, so a client that refetches on the notice never gets a cached response from before the row was written.
   * When a subgraph's stream is back after a loss, during which notices may have been missed, `listener` gets a BULK
   * notice for each kind the subgraph has announced before.
   */
  onLive(listener: (notice: LiveNotice) => void): () => void {
    this.#liveListeners.add(listener);
    return () => this.#liveListeners.delete(listener);
  }

  #bump(name: string, watching?: boolean): void {
    const state = this.#states.get(name);
    if (!state) return;
    state.epoch += 1;
    const resumed = watching === true && !state.watching;
    if (watching !== undefined) state.watching = watching;
    for (const listener of this.#changeListeners) listener(name);
    if (resumed) this.#announceResync(name, state);
  }

  #announceResync(name: string, state: SubgraphWatch): void {
    for (const kind of state.liveKinds) {
      this.#emitLive({
        subgraph: name,
        city: state.city,
        kind,
        action: 'BULK',
        id: undefined,
        eventId: undefined,
        orgUnits: [],
        department: undefined,
        status: undefined,
        category: undefined,
        count: undefined,
        at: new Date().toISOString(),
      });
    }
  }

  #emitLive(notice: LiveNotice): void {
    for (const listener of this.#liveListeners) {
      try {
        listener(notice);
      } catch (error) {
        this.logger.error({ err: error, subgraph: notice.subgraph, kind: notice.kind }, 'live listener failed');
      }
    }
  }

  #applyLive(name: string, data: string): void {
    // The row notice is sent before the statement's `change` notice, so the epoch grows here first.
    this.#bump(name);
    const notice = parseLiveNotice(name, data);
    if (typeof notice === 'string') {
      this.logger.warn({ subgraph: name, reason: notice, data: data.slice(0, 200) }, 'live notice dropped');
      return;
    }
    const state = this.#states.get(name);
    if (state) {
      state.liveKinds.add(notice.kind);
      state.city = notice.city;
    }
    this.#emitLive(notice);
  }

  async #follow(name: string, url: string): Promise<void> {
    const signal = this.#abort.signal;
    let retryMs = FIRST_RETRY_MS;
    while (!signal.aborted) {
      try {
        await this.#read(name, url, () => {
          retryMs = FIRST_RETRY_MS;
        });
        this.logger.warn({ subgraph: name }, 'change stream ended; reopening');
      } catch (error) {
        if (signal.aborted) break;
        const log = this.#states.get(name)?.watching ? this.logger.warn : this.logger.debug;
        log.call(this.logger, { subgraph: name, err: error, retryInMs: retryMs }, 'change stream unavailable');
      }
      if (this.#states.get(name)?.watching) this.#bump(name, false);
      await sleep(retryMs, undefined, { signal }).catch(() => undefined);
      retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
    }
    if (this.#states.get(name)?.watching) this.#bump(name, false);
  }

  /** Reads one stream until it ends, fails or stays silent too long. */
  async #read(name: string, url: string, onOpen: () => void): Promise<void> {
    const silence = new AbortController();
    const signal = AbortSignal.any([this.#abort.signal, silence.signal]);
    let timer = setTimeout(() => silence.abort(), SILENCE_LIMIT_MS);
    try {
      const headers = { accept: 'text/event-stream', ...(await this.headers()) };
      const response = await fetch(url, { headers, signal });
      if (!response.ok || !response.body) throw new Error(`change stream returned HTTP ${response.status}`);
      onOpen();
      const parser = createParser({ onEvent: (message) => this.#apply(name, message) });
      const decoder = new TextDecoder();
      for await (const chunk of response.body) {
        clearTimeout(timer);
        timer = setTimeout(() => silence.abort(), SILENCE_LIMIT_MS);
        parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
      }
    } finally {
      clearTimeout(timer);
    }
  }

  #apply(name: string, message: EventSourceMessage): void {
    if (message.event === 'change') {
      this.#bump(name);
      return;
    }
    if (message.event === 'live') {
      this.#applyLive(name, message.data);
      return;
    }
    if (message.event === 'ready' || message.event === 'state') {
      const watching = parseWatching(message.data);
      this.#bump(name, watching);
      this.logger.info({ subgraph: name, watching }, 'change stream state');
    }
  }
}

/** Reads `watching` of a `ready` or `state` event; anything malformed counts as not watching. */
function parseWatching(data: string): boolean {
  try {
    return (JSON.parse(data) as { watching?: unknown }).watching === true;
  } catch {
    return false;
  }
}

/** Returns the change stream's URL next to a subgraph's GraphQL endpoint: `…/graphql` becomes `…/changes`. */
export function changesUrlOf(graphqlUrl: string): string {
  const url = new URL(graphqlUrl);
  url.pathname = `${url.pathname.replace(/\/graphql\/?$/, '')}/changes`;
  return url.toString();
}
