/**
 * Runs the gateway alone on a supergraph file: `--supergraph FILE` or `LIANFANG_SUPERGRAPH` (default: the
 * committed gateway/supergraph.graphql), `--port` or `PORT` (default 4000). Subgraph URLs come from the file unless
 * overridden with `SUBGRAPH_<NAME>_URL`, e.g. `SUBGRAPH_POLICE_URL=http://10.0.0.5:4102/graphql`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, workspaceRoot } from '@lianfang/db';
import { z } from 'zod';
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
const gateway = await startGateway({
  supergraphSdl,
  supergraphFile: file,
  subgraphUrls: overrides,
  port,
  host: values.host ?? process.env.HOST,
  logger,
  responseCacheMiB: responseCacheMiBFromEnv(),
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await gateway.stop();
    process.exit(0);
  });
}
