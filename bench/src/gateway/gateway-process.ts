/**
 * Child process of the gateway section: one gateway on gateway/supergraph.graphql, listening on a port of
 * 127.0.0.1 chosen by the system, with the subgraph URLs from BENCH_SUBGRAPH_URLS (JSON) and the claims key of the
 * run from LIANFANG_KEYS_DIR. The argument names the contender: `lianfang` starts the gateway as the hub does,
 * `apollo` a stock ApolloGateway in Apollo Server's standalone server with default settings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGateway, type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createLogger, workspaceRoot } from '@lianfang/db';
import { prepareGatewayAccess, serveWebApp, startGateway } from '@lianfang/gateway';
import { FixedClaims, readBenchKeyPair } from './access.js';
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
const keyPair = await readBenchKeyPair();

/**
 * Data source of the stock gateway. The subgraphs accept only requests with claims signed by the city's gateway,
 * and the stock gateway can neither read a bearer token nor sign claims. So it sends the same claims of the bench's
 * user with every subgraph call, signed ahead and renewed once a minute. That is the fair equivalent: the
 * subgraphs do the same work for both contenders, and the stock gateway pays for no signature per request, whereas
 * Lianfang's gateway checks the bearer token and signs claims for each request within its measured time.
 */
class ClaimsDataSource extends RemoteGraphQLDataSource {
  constructor(
    url: string,
    private readonly claims: FixedClaims,
  ) {
    super({ url });
  }

  override async willSendRequest({ request }: GraphQLDataSourceProcessOptions): Promise<void> {
    for (const [name, value] of Object.entries(await this.claims.headers())) request.http?.headers.set(name, value);
  }
}

let url: string;
let stop: () => Promise<void>;
if (contender === 'lianfang') {
  // The same options as startHub in hub/src/hub.ts, with the hub's web app mounted after the API routes. Requests
  // are not rate-limited, because every load run sends them as one user. No accounts are needed, because the bench
  // signs its token with the run's key.
  const logger = createLogger('bench-gateway');
  const gateway = await startGateway({
    supergraphSdl,
    subgraphUrls,
    port: 0,
    host: '127.0.0.1',
    logger,
    mount: serveWebApp(join(workspaceRoot, 'web', 'dist')),
    access: await prepareGatewayAccess({ keyPair, rateLimitPerMinute: 0, logger }),
  });
  url = `${gateway.url}/graphql`;
  stop = gateway.stop;
} else {
  const claims = await FixedClaims.of(keyPair);
  const server = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl: rewriteSubgraphUrls(supergraphSdl, subgraphUrls),
      buildService: ({ url }) => new ClaimsDataSource(url as string, claims),
    }),
  });
  ({ url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } }));
  stop = () => server.stop();
}

process.once('SIGTERM', async () => {
  await stop();
  process.exit(0);
});
process.send({ type: 'ready', url } satisfies ReadyMessage);
