import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  CLAIMS_HEADER,
  type ClaimsSigner,
  type Identity,
  jsonErrorHandler,
  keepIdleConnections,
} from '@lianfang/subgraph-kit';
import express from 'express';
import type { Logger } from 'pino';
import type { AccountStore } from './auth/accounts.js';
import { type Authenticator, requireIdentity } from './auth/authenticate.js';
import { introspectionPolicyPlugin, type PersistedOperations } from './auth/operation-policy.js';
import { mountAuthRoutes } from './auth/routes.js';
import { ChangeWatch } from './change-watch.js';
import { type GatewayContext, HubDataSource } from './data-source.js';
import { EntityCache } from './entity-cache.js';
import { formatGatewayError } from './errors.js';
import { graphqlHandler, jsonBody } from './graphql-handler.js';
import { checkSubgraphs } from './health.js';
import { OPERATION_LIMITS, operationLimitRules, operationMeasurePlugin } from './limits.js';
import { LiveBroker } from './live/broker.js';
import { mountLiveEndpoint } from './live/endpoint.js';
import { operationResolutionPlugin } from './operation.js';
import { mountPhotoProxy } from './photos.js';
import { planSubgraphs } from './query-plan.js';
import { requestLogPlugin } from './request-log.js';
import { DEFAULT_CACHE_MIB, ResponseCache } from './response-cache.js';
import { SupergraphReload } from './supergraph-reload.js';
import { supergraphSubgraphUrls } from './supergraph-urls.js';

export { supergraphSubgraphUrls };

import { finiteFloatLiterals, noSubscriptions } from './validation.js';
import { mountVideoAlertRoute } from './video-alerts.js';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Subgraph URLs by name; names missing here use the URL written in the supergraph. */
  subgraphUrls?: Record<string, string>;
  port: number;
  host?: string;
  logger: Logger;
  /** Extra routes (the web app) mounted after the API routes. */
  mount?: (app: express.Express) => void;
  /** File the supergraph was read from; when given, the gateway applies its changes without a restart. */
  supergraphFile?: string;
  /** Size of the response cache, and again of the entity cache, in MiB (default 64); 0 turns both off. */
  responseCacheMiB?: number;
  /** Milliseconds between two checks of an open live stream's token (default 15 000); tests shorten it. */
  liveTokenCheckIntervalMs?: number;
  access: GatewayAccess;
}

/** Who may use the gateway and what it tells subgraphs about them. */
export interface GatewayAccess {
  authenticator: Authenticator;
  /** Signs the claims of each request for the subgraphs. */
  signer: ClaimsSigner;
  /** Local accounts for `POST /auth/login`; absent when users log in through OIDC only. */
  accounts?: AccountStore;
  /** Operations of the web app, the only ones non-analysts may run. */
  persisted: PersistedOperations;
  /** GraphQL requests allowed per user and minute; 0 turns the limit off. */
  rateLimitPerMinute: number;
}

export interface RunningGateway {
  url: string;
  stop(): Promise<void>;
}

const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Identity under which the gateway follows the subgraphs' change streams. Its org unit 000000 is no unit's prefix,
 * so the claims open a stream and read no department's rows.
 */
const CHANGE_WATCH_IDENTITY: Identity = {
  sub: 'system.change-watch',
  name: '网关变更订阅',
  level: 'DISTRICT',
  orgUnit: '000000',
  department: 'governance',
  roles: ['staff'],
};

/**
 * Starts the gateway on a static supergraph, so it boots even when a subgraph is down. Routes: `POST /graphql`,
 * `GET /healthz` (200 with each subgraph's status when all are up, 503 naming the failing ones) and `GET /readyz`.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { logger } = options;
  // Without this, @apollo/gateway 2.14 starts an OpenTelemetry exporter that probes cloud metadata services and
  // sends usage data to Apollo's servers. An air-gapped hub contacts no host but its own. The constructor reads it.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const urls = { ...supergraphSubgraphUrls(options.supergraphSdl), ...options.subgraphUrls };
  const watch = new ChangeWatch(urls, logger, async () => ({
    [CLAIMS_HEADER]: await options.access.signer.sign(CHANGE_WATCH_IDENTITY),
  }));
  const cacheMiB = options.responseCacheMiB ?? DEFAULT_CACHE_MIB;
  const cache = cacheMiB > 0 ? new ResponseCache(watch, cacheMiB * 1024 * 1024) : undefined;
  const entityCache = cacheMiB > 0 ? new EntityCache(watch, cacheMiB * 1024 * 1024) : undefined;
  const reload = new SupergraphReload(
    options.supergraphSdl,
    options.supergraphFile,
    logger,
    urls,
    new Set(Object.keys(options.subgraphUrls ?? {})),
  );
  const gateway = new ApolloGateway({
    supergraphSdl: reload.hook,
    buildService: ({ name, url }) => new HubDataSource(name, urls[name] ?? (url as string), entityCache),
    experimental_didResolveQueryPlan: ({ queryPlan, requestContext }) => {
      const slot = (requestContext.context as GatewayContext).cacheSlot;
      if (slot) slot.subgraphs = planSubgraphs(queryPlan);
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      operationResolutionPlugin(),
      introspectionPolicyPlugin<GatewayContext>(),
      operationMeasurePlugin<GatewayContext>(),
      requestLogPlugin(logger),
      ...(cache ? [cache.plugin<GatewayContext>()] : []),
      reload.plugin(),
    ],
    includeStacktraceInErrorResponses: false,
    // Persisted operations are the web app's, resolved before Apollo Server; clients may not register their own.
    persistedQueries: false,
    validationRules: [finiteFloatLiterals, noSubscriptions, ...operationLimitRules()],
    parseOptions: { maxTokens: OPERATION_LIMITS.maxTokens },
    formatError: formatGatewayError(logger),
  });
  reload.attach(apollo);
  await apollo.start();
  // Live updates need the change streams even when nothing is cached.
  watch.start();
  const live = new LiveBroker(watch, logger);

  const app = express();
  app.disable('x-powered-by');
  // No client revalidates a response to a POST request, so hashing each one for an ETag only costs time.
  app.set('etag', false);
  app.get('/healthz', async (_request, response) => {
    const subgraphs = await checkSubgraphs(urls, cache ? watch.status() : undefined);
    const failing = subgraphs.filter((subgraph) => subgraph.status !== 'ok').map((subgraph) => subgraph.name);
    // Serving goes on without a change stream, only slower, so an unwatched subgraph is a warning, not a failure.
    const warnings = subgraphs
      .filter((subgraph) => subgraph.status === 'ok' && subgraph.changesWatched === false)
      .map((subgraph) => `${subgraph.name}: change stream not followed, so no response using its data is cached`);
    response.status(failing.length === 0 ? 200 : 503).json({
      status: failing.length === 0 ? 'ok' : 'degraded',
      failing,
      warnings,
      subgraphs,
      supergraph: reload.status,
    });
  });
  app.get('/readyz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  const { access } = options;
  mountAuthRoutes(app, access.accounts, access.authenticator, logger);
  mountPhotoProxy(app, { governanceUrl: urls.governance, access, logger });
  if (urls.police) {
    const { authenticator, rateLimitPerMinute, signer } = access;
    mountVideoAlertRoute(app, { authenticator, rateLimitPerMinute, signer, policeUrl: urls.police, logger });
  }
  mountLiveEndpoint(app, {
    broker: live,
    authenticator: access.authenticator,
    rateLimitPerMinute: access.rateLimitPerMinute,
    city: access.signer.city,
    tokenCheckIntervalMs: options.liveTokenCheckIntervalMs,
    logger,
  });
  app.use(
    '/graphql',
    requireIdentity(access.authenticator, access.rateLimitPerMinute, logger),
    jsonBody(BODY_LIMIT_BYTES),
    graphqlHandler(apollo, cache, access, logger),
  );
  options.mount?.(app);
  app.use(jsonErrorHandler(logger, BODY_LIMIT_BYTES));

  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port, host, () => resolve(listening));
    listening.once('error', reject);
  });
  keepIdleConnections(server);
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  logger.info(
    { url, subgraphs: Object.keys(urls), persistedOperations: access.persisted.size, city: access.signer.city },
    'gateway started',
  );

  return {
    url,
    async stop() {
      live.stop();
      watch.stop();
      cache?.stop();
      entityCache?.clear();
      await apollo.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      logger.info('gateway stopped');
    },
  };
}
