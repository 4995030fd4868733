/**
 * Child process of the gateway section: one gateway on gateway/supergraph.graphql, listening on a port of
 * 127.0.0.1 chosen by the system, with the subgraph URLs from BENCH_SUBGRAPH_URLS (JSON). The argument names the
 * contender: `lianfang` starts the gateway as the hub does, `apollo` a stock ApolloGateway in Apollo Server's
 * standalone server with default settings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createLogger, workspaceRoot } from '@lianfang/db';
import { serveWebApp, startGateway } from '@lianfang/gateway';
import type { ReadyMessage } from './child.js';
import { CONTENDERS, type Contender, rewriteSubgraphUrls } from './contenders.js';

const contender = process.argv[2] as Contender;
const subgraphUrls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? 'null') as Record<string, string> | null;
if (!CONTENDERS.includes(contender) || !subgraphUrls || !process.send) {
  createLogger('bench-gateway').error(
    { argument: contender },
    `invalid arguments: run this file through the bench with ${CONTENDERS.join(' or ')} and BENCH_SUBGRAPH_URLS`,
  );
  process.exit(2);
}
// @apollo/gateway 2.14 otherwise starts an OpenTelemetry exporter that contacts hosts outside the machine.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';
const supergraphSdl = readFileSync(join(workspaceRoot, 'gateway', 'supergraph.graphql'), 'utf8');

let url: string;
let stop: () => Promise<void>;
if (contender === 'lianfang') {
  // The same options as startHub in hub/src/hub.ts, with the hub's web app mounted after the API routes.
  const gateway = await startGateway({
    supergraphSdl,
    subgraphUrls,
    port: 0,
    host: '127.0.0.1',
    logger: createLogger('bench-gateway'),
    mount: serveWebApp(join(workspaceRoot, 'web', 'dist')),
  });
  url = `${gateway.url}/graphql`;
  stop = gateway.stop;
} else {
  const server = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl: rewriteSubgraphUrls(supergraphSdl, subgraphUrls) }),
  });
  ({ url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } }));
  stop = () => server.stop();
}

process.once('SIGTERM', async () => {
  await stop();
  process.exit(0);
});
process.send({ type: 'ready', url } satisfies ReadyMessage);
