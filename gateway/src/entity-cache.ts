import { createHash } from 'node:crypto';
import type { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { AUDITED_EXTENSION } from '@lianfang/subgraph-kit';
import { LRUCache } from 'lru-cache';
import type { ChangeWatch } from './change-watch.js';
import type { GatewayContext } from './data-source.js';

interface CachedEntity {
  /** The entity as the subgraph returned it, serialized so that no caller can change the cached copy. */
  json: string;
  subgraph: string;
  /** Epoch of the subgraph when the fetch started. */
  epoch: number;
}

type ProcessOptions = GraphQLDataSourceProcessOptions<GatewayContext>;
type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']>>;
type Send = (options: ProcessOptions) => Promise<SubgraphResponse>;
type Representation = Record<string, unknown>;

/**
 * Keeps the entities that subgraphs return to `_entities` fetches, each under its representation, the fetch's
 * selection and the caller's credentials and language. A later query that needs some of the same entities from a
 * subgraph, such as the next page of addresses overlapping an earlier one, fetches only the others. An entity is
 * used only while its subgraph has not announced a change since it was fetched (see `ChangeWatch`).
 */
export class EntityCache {
  readonly #entities: LRUCache<string, CachedEntity>;

  constructor(
    private readonly watch: ChangeWatch,
    maxBytes: number,
  ) {
    this.#entities = new LRUCache<string, CachedEntity>({
      maxSize: maxBytes,
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 16)),
      sizeCalculation: (entity, key) => entity.json.length * 2 + key.length + 128,
    });
  }

  get size(): number {
    return this.#entities.size;
  }

  clear(): void {
    this.#entities.clear();
  }

  /**
   * Resolves an `_entities` fetch to `subgraph`, sending through `send` only the representations not cached. Other
   * fetches, fetches of mutations and fetches of requests that bypass the cache go to `send` unchanged.
   */
  async resolve(subgraph: string, options: ProcessOptions, send: Send): Promise<SubgraphResponse> {
    const representations = cacheableRepresentations(options);
    const epoch = this.watch.epochOf(subgraph);
    if (!representations || epoch === undefined) return send(options);

    const base = this.#baseKey(subgraph, options);
    const keys = representations.map((representation) => `${base}:${hash(JSON.stringify(representation))}`);
    const entities: unknown[] = keys.map((key) => this.#get(key));
    const missing = entities.flatMap((entity, index) => (entity === undefined ? [index] : []));
    if (missing.length === 0) return { data: { _entities: entities } };

    const variables = { ...options.request.variables, representations: missing.map((index) => representations[index]) };
    const response = await send({ ...options, request: { ...options.request, variables } });
    const fetched = (response.data as { _entities?: unknown } | null | undefined)?._entities;
    if (!Array.isArray(fetched) || fetched.length !== missing.length) {
      return { ...response, errors: response.errors?.map((error) => remapPath(error, missing)) };
    }
    for (const [position, index] of missing.entries()) entities[index] = fetched[position];
    if (
      !response.errors?.length &&
      !response.extensions?.[AUDITED_EXTENSION] &&
      this.watch.epochOf(subgraph) === epoch
    ) {
      for (const [position, index] of missing.entries()) {
        const entity = fetched[position];
        if (entity !== null)
          this.#entities.set(keys[index] as string, { json: JSON.stringify(entity), subgraph, epoch });
      }
    }
    return {
      ...response,
      data: { ...response.data, _entities: entities },
      errors: response.errors?.map((error) => remapPath(error, missing)),
    };
  }

  #get(key: string): unknown {
    const cached = this.#entities.get(key);
    if (!cached) return undefined;
    if (this.watch.epochOf(cached.subgraph) === cached.epoch) return JSON.parse(cached.json);
    this.#entities.delete(key);
    return undefined;
  }

  /**
   * Hashes what, besides the representation, changes an entity's fields: the selection, its arguments and the
   * caller. The gateway names each fetch after the client's operation (`query AddressPanel__housing__1(…)`), so the
   * name is left out and other operations selecting the same fields share the entities.
   */
  #baseKey(subgraph: string, options: ProcessOptions): string {
    const { representations: _representations, ...otherVariables } = options.request.variables ?? {};
    const caller = 'context' in options ? (options.context as Partial<GatewayContext>).cacheIdentity : undefined;
    const selection = (options.request.query ?? '').replace(/^query\s+[_A-Za-z][_0-9A-Za-z]*/, 'query');
    return hash(JSON.stringify([subgraph, selection, otherVariables, caller ?? '']));
  }
}

/** Returns the representations of an `_entities` fetch of a query whose client allows caching, else undefined. */
function cacheableRepresentations(options: ProcessOptions): Representation[] | undefined {
  if (!('incomingRequestContext' in options)) return undefined;
  if (options.incomingRequestContext.operation?.operation !== 'query') return undefined;
  if (!options.context.entityCache) return undefined;
  const representations = options.request.variables?.representations;
  if (!Array.isArray(representations) || !options.request.query?.includes('_entities')) return undefined;
  return representations as Representation[];
}

/** Points an error of the reduced fetch (`_entities.<i>`) at the entity's place in the original fetch. */
function remapPath<T extends { path?: readonly (string | number)[] }>(error: T, missing: number[]): T {
  const path = error.path;
  if (path?.[0] !== '_entities' || typeof path[1] !== 'number') return error;
  return { ...error, path: ['_entities', missing[path[1]] ?? path[1], ...path.slice(2)] };
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
