import { createHash } from 'node:crypto';
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { GatewayContext } from './data-source.js';
import { supergraphSubgraphUrls } from './supergraph-urls.js';

/** How often the supergraph file is checked for changes. */
const POLL_INTERVAL_MS = 1_000;
/** The most recent distinct operations planned again after a reload. */
const HISTORY_SIZE = 200;
/** Maximum length of the reason kept in `lastError`, which every health report repeats. */
const ERROR_LIMIT = 500;

/** The supergraph the gateway serves, for the health report. */
export interface SupergraphStatus {
  /** First 12 characters of the SHA-256 of the supergraph text. */
  id: string;
  loadedAt: string;
  reloads: number;
  /** Operations planned again after the last reload, before any client sent them. */
  warmedOperations: number;
  /** Reason the last change of the file was not applied, or null. */
  lastError: string | null;
}

interface RecordedOperation {
  query: string;
  operationName: string | null;
}

function idOf(sdl: string): string {
  return createHash('sha256').update(sdl).digest('hex').slice(0, 12);
}

/**
 * Serves a supergraph file and applies its changes while the gateway runs, such as the output of
 * `pnpm supergraph:compose`. After each change the gateway plans the most recent operations again before clients
 * send them, so the first requests after a reload do not wait for the query planner. A change that does not build
 * a valid schema is logged, and the previous supergraph stays in use.
 */
export class SupergraphReload {
  readonly status: SupergraphStatus;
  readonly #history = new LRUCache<string, RecordedOperation>({ max: HISTORY_SIZE });
  #apollo: ApolloServer<GatewayContext> | undefined;
  #loads = 0;

  /**
   * @param subgraphUrls the URL of each subgraph as the gateway reaches it. A change that moves a subgraph is
   * rejected, because the gateway's connections and change streams stay on the URLs it started with.
   */
  constructor(
    private readonly initialSdl: string,
    private readonly file: string | undefined,
    private readonly logger: Logger,
    private readonly subgraphUrls: Record<string, string> = {},
    private readonly overridden: ReadonlySet<string> = new Set(),
  ) {
    this.status = {
      id: idOf(initialSdl),
      loadedAt: new Date().toISOString(),
      reloads: 0,
      warmedOperations: 0,
      lastError: null,
    };
  }

  /** The `supergraphSdl` option of `ApolloGateway`: the initial text, then each change of the file. */
  readonly hook: SupergraphSdlHook = async ({ update }) => {
    const file = this.file;
    if (file) {
      watchFile(file, { interval: POLL_INTERVAL_MS }, (current, previous) => {
        if (current.mtimeMs !== previous.mtimeMs) this.#apply(file, update);
      });
    }
    return {
      supergraphSdl: this.initialSdl,
      cleanup: async () => {
        if (file) unwatchFile(file);
      },
    };
  };

  /** Gives the server that runs the warm-up; call it before the server starts. */
  attach(apollo: ApolloServer<GatewayContext>): void {
    this.#apollo = apollo;
  }

  /** Records the operations clients send and plans them again once a new supergraph is loaded. */
  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      serverWillStart: async () => ({
        schemaDidLoadOrUpdate: () => {
          this.#loads += 1;
          if (this.#loads > 1) setImmediate(() => this.#warmUp().catch((error: unknown) => this.#warmUpFailed(error)));
        },
      }),
      requestDidStart: async () => ({
        didResolveOperation: async ({ request, source, contextValue }) => {
          if (contextValue.warmUp || !source) return;
          const operationName = request.operationName ?? null;
          this.#history.set(`${operationName ?? ''}\n${source}`, { query: source, operationName });
        },
      }),
    };
  }

  #apply(file: string, update: (sdl: string) => void): void {
    let sdl: string;
    try {
      sdl = readFileSync(file, 'utf8');
    } catch (error) {
      this.status.lastError = `reading ${file} failed: ${(error as Error).message}`;
      this.logger.error({ err: error, file }, 'reading the supergraph file failed; keeping the current supergraph');
      return;
    }
    if (idOf(sdl) === this.status.id) {
      this.status.lastError = null;
      return;
    }
    const moved = this.#movedSubgraphs(sdl);
    if (moved.length > 0) {
      this.status.lastError = `subgraph URLs changed (${moved.join(', ')}); restart the gateway to use them`;
      this.logger.error({ file, moved }, 'supergraph reload rejected: subgraph URLs changed; restart the gateway');
      return;
    }
    try {
      update(sdl);
    } catch (error) {
      this.status.lastError = (error as Error).message.slice(0, ERROR_LIMIT);
      this.logger.error({ err: error, file }, 'supergraph reload failed; keeping the current supergraph');
      return;
    }
    Object.assign(this.status, {
      id: idOf(sdl),
      loadedAt: new Date().toISOString(),
      reloads: this.status.reloads + 1,
      lastError: null,
    });
    this.logger.info({ file, id: this.status.id }, 'supergraph reloaded');
  }

  /** Lists the subgraphs whose URL in `sdl` differs from the one in use, unless the URL is set by configuration. */
  #movedSubgraphs(sdl: string): string[] {
    const moved: string[] = [];
    for (const [name, url] of Object.entries(supergraphSubgraphUrls(sdl))) {
      const current = this.subgraphUrls[name];
      if (!this.overridden.has(name) && current !== undefined && current !== url)
        moved.push(`${name}: ${current} → ${url}`);
    }
    return moved;
  }

  #warmUpFailed(error: unknown): void {
    this.logger.warn({ err: error }, 'warming up query plans failed; clients plan their operations on first use');
  }

  /** Runs each recorded operation through parsing, validation and planning, with every subgraph fetch skipped. */
  async #warmUp(): Promise<void> {
    const apollo = this.#apollo;
    if (!apollo) return;
    let warmed = 0;
    for (const { query, operationName } of [...this.#history.values()]) {
      const contextValue: GatewayContext = {
        requestId: 'warm-up',
        forwardedHeaders: {},
        cacheIdentity: '',
        entityCache: false,
        warmUp: true,
      };
      const response = await apollo.executeOperation(
        { query, operationName: operationName ?? undefined },
        { contextValue },
      );
      const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
      // An operation that no longer validates against the new supergraph is not planned.
      if (!errors?.some((error) => error.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')) warmed += 1;
    }
    this.status.warmedOperations = warmed;
    this.logger.info({ operations: warmed }, 'query plans warmed up after a supergraph reload');
  }
}
