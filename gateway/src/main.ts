/**
 * Runs the gateway alone on a supergraph file: `--supergraph FILE` or `LIANFANG_SUPERGRAPH` (default: the
 * committed gateway/supergraph.graphql), `--port` or `PORT` (default 4000). Subgraph URLs come from the file unless
 * overridden with `SUBGRAPH_<NAME>_URL`, e.g. `SUBGRAPH_POLICE_URL=http://10.0.0.5:4102/graphql`.
 *
 * Access: the gateway of city `LIANFANG_CITY` (default wujiang) signs with its key pair in `LIANFANG_KEYS_DIR`
 * (default .data/keys, created on first start). Local accounts live in the database of `DATABASE_URL`; OIDC logins
 * need `LIANFANG_OIDC_ISSUER`, `LIANFANG_OIDC_JWKS_URL` and `LIANFANG_OIDC_AUDIENCE`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, type Database, migrate, openDatabase, workspaceRoot } from '@lianfang/db';
import { loadOrCreateKeyPair } from '@lianfang/subgraph-kit';
import { z } from 'zod';
import { rateLimitFromEnv } from './auth/authenticate.js';
import { ACCESS_MIGRATIONS, prepareGatewayAccess } from './auth/setup.js';
import { oidcOptionsFromEnv } from './auth/tokens.js';
import { responseCacheMiBFromEnv } from './response-cache.js';
import { startGateway, supergraphSubgraphUrls } from './server.js';

const { values } = parseArgs({
  options: { supergraph: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
});
const file =
  values.supergraph ?? process.env.LIANFANG_SUPERGRAPH ?? join(workspaceRoot, 'gateway', 'supergraph.graphql');
const port = z.coerce
  .number()
  .int()
  .min(0)
  .max(65535)
  .parse(values.port ?? process.env.PORT ?? 4000);
const supergraphSdl = readFileSync(file, 'utf8');

const overrides: Record<string, string> = {};
for (const name of Object.keys(supergraphSubgraphUrls(supergraphSdl))) {
  const url = process.env[`SUBGRAPH_${name.toUpperCase()}_URL`];
  if (url) overrides[name] = url;
}

const logger = createLogger('gateway');
const oidc = oidcOptionsFromEnv();
let database: Database | undefined;
if (process.env.DATABASE_URL) {
  database = await openDatabase({ databaseUrl: process.env.DATABASE_URL }, logger);
  await migrate(database, [ACCESS_MIGRATIONS], logger);
} else if (!oidc) {
  logger.error('no way to log in: set DATABASE_URL for local accounts or the LIANFANG_OIDC_* variables');
  process.exit(2);
}
const keyPair = await loadOrCreateKeyPair(
  process.env.LIANFANG_KEYS_DIR ?? join(workspaceRoot, '.data', 'keys'),
  process.env.LIANFANG_CITY ?? 'wujiang',
);
const access = await prepareGatewayAccess({ keyPair, database, oidc, rateLimitPerMinute: rateLimitFromEnv(), logger });
const gateway = await startGateway({
  supergraphSdl,
  supergraphFile: file,
  subgraphUrls: overrides,
  port,
  host: values.host ?? process.env.HOST,
  logger,
  responseCacheMiB: responseCacheMiBFromEnv(),
  access,
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await gateway.stop();
    await database?.close();
    process.exit(0);
  });
}
