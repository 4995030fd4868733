export { type BasemapConfig, BasemapConfigError, basemapFromEnv } from './basemap.js';
export { ChangeWatch, changesUrlOf } from './change-watch.js';
export { composeSupergraph } from './compose.js';
export { type LimitReason, OPERATION_LIMITS, operationLimitRules } from './limits.js';
export { fetchNodes, planSubgraphs } from './query-plan.js';
export { CACHE_HEADER, DEFAULT_CACHE_MIB, ResponseCache, responseCacheMiBFromEnv } from './response-cache.js';
export { type GatewayOptions, type RunningGateway, startGateway, supergraphSubgraphUrls } from './server.js';
export { DEFAULT_SUBGRAPH_PORTS, readSubgraphSchemas, SUBGRAPH_LABELS } from './subgraphs.js';
export { APP_CONFIG_PATH, serveWebApp, type WebAppOptions } from './web.js';
