export { type Account, AccountStore, passwordSchema, usernameSchema } from './auth/accounts.js';
export {
  Authenticator,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  rateLimitFromEnv,
} from './auth/authenticate.js';
export { DEMO_PASSWORD, demoAccounts, seedDemoAccounts } from './auth/demo-accounts.js';
export { operationHash, PersistedOperations } from './auth/operation-policy.js';
export {
  ACCESS_MIGRATIONS,
  type AccessSetupOptions,
  PERSISTED_OPERATIONS_FILE,
  prepareGatewayAccess,
} from './auth/setup.js';
export {
  ACCESS_TOKEN_AUDIENCE,
  LocalTokens,
  type OidcOptions,
  OidcTokens,
  oidcOptionsFromEnv,
  TokenError,
} from './auth/tokens.js';
export { type BasemapConfig, BasemapConfigError, basemapFromEnv } from './basemap.js';
export { ChangeWatch, changesUrlOf } from './change-watch.js';
export { composeSupergraph } from './compose.js';
export { type LimitReason, OPERATION_LIMITS, operationLimitRules, operationMeasurePlugin } from './limits.js';
export {
  LIVE_CHANGES_SUBSCRIPTION,
  type LiveResultError,
  type LiveStream,
  LiveStreamError,
  type LiveStreamOptions,
  openLiveStream,
} from './live/client.js';
export { LIVE_PATH, MAX_OPERATION_BYTES, MAX_STREAMS, MAX_STREAMS_PER_USER } from './live/endpoint.js';
export type { LiveChange } from './live/subscription.js';
export { measureOperation, type OperationMeasure } from './operation-cost.js';
export { fetchNodes, planSubgraphs } from './query-plan.js';
export { CACHE_HEADER, DEFAULT_CACHE_MIB, ResponseCache, responseCacheMiBFromEnv } from './response-cache.js';
export {
  type GatewayAccess,
  type GatewayOptions,
  type RunningGateway,
  startGateway,
  supergraphSubgraphUrls,
} from './server.js';
export { DEFAULT_SUBGRAPH_PORTS, readSubgraphSchemas, SUBGRAPH_LABELS } from './subgraphs.js';
export { rewriteSubgraphUrls } from './supergraph-urls.js';
export { APP_CONFIG_PATH, serveWebApp, type WebAppOptions } from './web.js';
