/**
 * `npm start`: starts the governance centre hub of 吴江区 on the embedded database (or `DATABASE_URL`), with demo
 * data on first start. `npm start -- --city jiaxing` starts the neighbouring 嘉兴 hub, which composes the
 * cross-border subgraph of the 吴江 hub instead of running its own.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, databaseOptionsFromEnv, workspaceRoot } from '@lianfang/db';
import {
  type BasemapConfig,
  basemapFromEnv,
  type OidcOptions,
  oidcOptionsFromEnv,
  rateLimitFromEnv,
  responseCacheMiBFromEnv,
} from '@lianfang/gateway';
import { z } from 'zod';
import { CITIES } from './cities.js';
import { startHub } from './hub.js';

const usage = `usage: npm start -- [--city wujiang|jiaxing] [--port N] [--host ADDRESS] [--incidents-per-year N] [--no-demo]

  --city                 which hub: wujiang (吴江区, default) or jiaxing (嘉善县 and 秀洲区)
  --port                 gateway port (default 4000 for wujiang, 4010 for jiaxing; or PORT); the subgraphs
                         use the next ports from SUBGRAPH_PORT_BASE + 1 (default 4101.. and 4111..)
  --host                 address to listen on (default 127.0.0.1, or HOST); 0.0.0.0 serves other machines
  --incidents-per-year   demo incidents per district per year on first start (default 20000, at most 1000000)
  --no-demo              start with empty department tables

The jiaxing hub reaches the cross-border subgraph at CROSSBORDER_URL (default http://127.0.0.1:4106/graphql).
An external raster basemap is off unless LIANFANG_BASEMAP_URL names a tile URL with {z}, {x} and {y}
(LIANFANG_BASEMAP_ATTRIBUTION, LIANFANG_BASEMAP_TILE_SIZE 256 or 512).
Query answers are cached in memory until the data they use changes: LIANFANG_RESPONSE_CACHE_MIB sets the size
(default 64), 0 turns the cache off.
Users log in with local accounts (demo accounts come with the demo data) or, when LIANFANG_OIDC_ISSUER,
LIANFANG_OIDC_JWKS_URL and LIANFANG_OIDC_AUDIENCE are set, with the OIDC provider's tokens. Each user may send
LIANFANG_RATE_LIMIT_PER_MINUTE GraphQL requests a minute (default 600, 0 for no limit). Gateway keys are kept in
LIANFANG_KEYS_DIR (default .data/keys).
The wujiang hub's cross-border subgraph destroys the incidents partner cities shared once they are older than the
sharing agreement's retention period, at start and then every LIANFANG_RETENTION_INTERVAL_MINUTES (default 60,
1 to 10080); "pnpm crossborder:retention" runs the same job once. --no-demo starts without a sharing agreement, so
the jiaxing hub is refused until a district commander records one.`;

const { values } = parseArgs({
  options: {
    city: { type: 'string', default: 'wujiang' },
    port: { type: 'string' },
    host: { type: 'string' },
    'incidents-per-year': { type: 'string', default: '20000' },
    'no-demo': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const city = CITIES[values.city as keyof typeof CITIES];
const port = z.coerce.number().int().min(0).max(65535);
const incidents = z.coerce.number().int().min(0).max(1_000_000).safeParse(values['incidents-per-year']);
if (!city || !incidents.success) {
  console.error(`Invalid ${city ? '--incidents-per-year' : '--city'} value.\n\n${usage}`);
  process.exit(2);
}

let basemap: BasemapConfig | null;
let responseCacheMiB: number;
let rateLimitPerMinute: number;
let oidc: OidcOptions | undefined;
try {
  basemap = basemapFromEnv(process.env);
  responseCacheMiB = responseCacheMiBFromEnv(process.env);
  rateLimitPerMinute = rateLimitFromEnv(process.env);
  oidc = oidcOptionsFromEnv(process.env);
} catch (error) {
  if (!(error instanceof Error)) throw error;
  console.error(error.message);
  process.exit(2);
}

const logger = createLogger(`hub-${city.id}`);
const environment = databaseOptionsFromEnv();
const remoteSubgraphUrls = Object.fromEntries(
  Object.entries(city.remoteSubgraphs).map(([name, remote]) => [name, process.env[remote.env] || remote.defaultUrl]),
);
const hub = await startHub({
  city,
  remoteSubgraphUrls,
  demo: values['no-demo'] ? false : { incidentsPerYear: incidents.data },
  database: { ...environment, dataDir: environment.dataDir ?? join(workspaceRoot, city.dataDir) },
  port: port.parse(values.port ?? process.env.PORT ?? city.gatewayPort),
  subgraphPortBase: port.parse(process.env.SUBGRAPH_PORT_BASE ?? city.subgraphPortBase),
  host: values.host ?? process.env.HOST,
  basemap,
  responseCacheMiB,
  rateLimitPerMinute,
  oidc,
  logger,
});
logger.info(
  { city: city.name, graphql: `${hub.gateway.url}/graphql`, health: `${hub.gateway.url}/healthz` },
  'hub ready',
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'hub stopping');
    await hub.stop();
    logger.info('hub stopped');
    process.exit(0);
  });
}
