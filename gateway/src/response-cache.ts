import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { ChangeWatch, EpochSnapshot } from './change-watch.js';

/** Response header that shows how the cache took part: `hit`, `miss` (executed and possibly stored) or `bypass`. */
export const CACHE_HEADER = 'x-lianfang-cache';

/** Default size of the cache; `LIANFANG_RESPONSE_CACHE_MIB` sets another, 0 turns it off. */
export const DEFAULT_CACHE_MIB = 64;

const cacheMiBSchema = z.coerce.number().int().min(0).max(16_384);

/**
 * Reads the cache size in MiB from `LIANFANG_RESPONSE_CACHE_MIB` (0 turns the cache off).
 *
 * @throws when the value is not a whole number from 0 to 16384.
 */
export function responseCacheMiBFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.LIANFANG_RESPONSE_CACHE_MIB;
  if (value === undefined || value === '') return DEFAULT_CACHE_MIB;
  const parsed = cacheMiBSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`LIANFANG_RESPONSE_CACHE_MIB must be a whole number of MiB from 0 to 16384, not "${value}".`);
  }
  return parsed.data;
}

/**
 * A response is dropped after this time even when no change was announced. Every change is announced, so this only
 * bounds the harm of a notification lost without the subgraph noticing.
 */
const MAX_AGE_MS = 10 * 60_000;

/** Request state that the GraphQL layer fills in and the HTTP layer needs to cache the response. */
export interface CacheSlot {
  /** Epochs of the subgraphs when the request arrived, before any data was read. */
  readonly epochs: EpochSnapshot;
  /** The subgraphs the query plan calls, once it is known. */
  subgraphs?: string[];
  /** Set when the operation was a query executed without errors. */
  cacheable: boolean;
  /** Set when a subgraph audited the access to personal data; such a response is never kept. */
  audited?: boolean;
  /** The operation's type (`query`, `mutation`), once it is resolved. */
  operation?: string;
  operationName?: string | null;
}

export interface CachedResponse {
  body: Buffer;
  /** Response headers Apollo Server set, such as the negotiated content type. */
  headers: [string, string][];
  subgraphs: string[];
  epochs: EpochSnapshot;
  operationName: string | null;
}

/** Request headers that change a response, besides the request body. */
export interface KeyHeaders {
  accept?: string;
  authorization?: string;
  acceptLanguage?: string;
}

/**
 * Keeps the responses of GraphQL queries, by request body and the headers that change a response (credentials,
 * language, response type), until a subgraph whose data they contain announces a change. A response is kept only
 * when every subgraph of its query plan was watched (see `ChangeWatch`) from before the request read data until the
 * response was complete, so no response outlives the data it was built from. A mutation through the gateway marks its
 * subgraphs changed before its own response is sent.
 */
export class ResponseCache {
  readonly #responses: LRUCache<string, CachedResponse>;
  /** Keys of the cached responses that contain each subgraph's data. */
  readonly #keysBySubgraph = new Map<string, Set<string>>();
  readonly #stopWatching: () => void;

  constructor(
    readonly watch: ChangeWatch,
    maxBytes: number,
  ) {
    this.#responses = new LRUCache<string, CachedResponse>({
      maxSize: maxBytes,
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 4)),
      sizeCalculation: (cached, key) => cached.body.byteLength + key.length + 256,
      ttl: MAX_AGE_MS,
      dispose: (cached, key) => {
        for (const name of cached.subgraphs) this.#keysBySubgraph.get(name)?.delete(key);
      },
    });
    this.#stopWatching = watch.onChange((subgraph) => this.#evict(subgraph));
  }

  /** Returns the key of a request: a hash of its body and of the headers that change the response. */
  keyOf(body: Buffer, headers: KeyHeaders): string {
    return createHash('sha256')
      .update(JSON.stringify([headers.accept ?? '', headers.authorization ?? '', headers.acceptLanguage ?? '']))
      .update('\n')
      .update(body)
      .digest('base64url');
  }

  /** Returns the cached response of `key` when the data it was built from has not changed since. */
  get(key: string): CachedResponse | undefined {
    const cached = this.#responses.get(key);
    if (!cached) return undefined;
    if (this.watch.isCurrent(cached.subgraphs, cached.epochs)) return cached;
    this.#responses.delete(key);
    return undefined;
  }

  /** Keeps a response when its request was a query without errors and its subgraphs have not changed meanwhile. */
  store(key: string, slot: CacheSlot, body: Buffer, headers: [string, string][]): boolean {
    const subgraphs = slot.subgraphs;
    if (!slot.cacheable || slot.audited || !subgraphs || !this.watch.isCurrent(subgraphs, slot.epochs)) return false;
    const cached = { body, headers, subgraphs, epochs: slot.epochs, operationName: slot.operationName ?? null };
    this.#responses.set(key, cached);
    if (!this.#responses.has(key)) return false;
    for (const name of subgraphs) {
      let keys = this.#keysBySubgraph.get(name);
      if (!keys) {
        keys = new Set();
        this.#keysBySubgraph.set(name, keys);
      }
      keys.add(key);
    }
    return true;
  }

  get size(): number {
    return this.#responses.size;
  }

  clear(): void {
    this.#responses.clear();
  }

  stop(): void {
    this.#stopWatching();
    this.clear();
  }

  /** Marks what the GraphQL layer decides: whether a query's response may be kept, and which subgraphs a mutation wrote. */
  plugin<Context extends { cacheSlot?: CacheSlot }>(): ApolloServerPlugin<Context> {
    return {
      serverWillStart: async () => ({
        schemaDidLoadOrUpdate: () => this.clear(),
      }),
      requestDidStart: async () => ({
        willSendResponse: async ({ contextValue, operation, operationName, response }) => {
          const slot = contextValue.cacheSlot;
          if (!slot) return;
          slot.operation = operation?.operation;
          if (operation?.operation === 'mutation') {
            if (slot.subgraphs) this.watch.markChanged(slot.subgraphs);
            return;
          }
          slot.operationName = operationName;
          slot.cacheable =
            operation?.operation === 'query' &&
            response.body.kind === 'single' &&
            response.body.singleResult.errors === undefined &&
            (response.http.status ?? 200) === 200;
        },
      }),
    };
  }

  #evict(subgraph: string): void {
    const keys = this.#keysBySubgraph.get(subgraph);
    if (!keys) return;
    for (const key of [...keys]) this.#responses.delete(key);
    keys.clear();
  }
}
