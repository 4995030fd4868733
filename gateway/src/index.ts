export { type BasemapConfig, BasemapConfigError, basemapFromEnv } from './basemap.js';
export { composeSupergraph } from './compose.js';
export { type GatewayOptions, type RunningGateway, startGateway, supergraphSubgraphUrls } from './server.js';
export { DEFAULT_SUBGRAPH_PORTS, readSubgraphSchemas, SUBGRAPH_LABELS } from './subgraphs.js';
export { APP_CONFIG_PATH, serveWebApp, type WebAppOptions } from './web.js';
