export { composeSupergraph } from './compose.js';
export { type GatewayOptions, type RunningGateway, startGateway, supergraphSubgraphUrls } from './server.js';
export { DEFAULT_SUBGRAPH_PORTS, readSubgraphSchemas, SUBGRAPH_LABELS } from './subgraphs.js';
export { serveWebApp } from './web.js';
