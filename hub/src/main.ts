/**
 * `npm start`: starts the governance centre hub of 吴江区 on the embedded database (or `DATABASE_URL`): gateway on
 * http://127.0.0.1:4000/graphql (`PORT`), department subgraphs on 4101–4106 (`SUBGRAPH_PORT_BASE` + 1…).
 */
import { parseArgs } from 'node:util';
import { createLogger, databaseOptionsFromEnv } from '@lianfang/db';
import { z } from 'zod';
import { startHub } from './hub.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(`usage: npm start [-- --port 4000 --host 127.0.0.1]

  --port   gateway port (default 4000, or PORT); subgraphs use SUBGRAPH_PORT_BASE + 1.. (default 4101..)
  --host   address to listen on (default 127.0.0.1, or HOST); use 0.0.0.0 to serve other machines`);
  process.exit(0);
}

const port = z.coerce.number().int().min(0).max(65535);
const logger = createLogger('hub');
const hub = await startHub({
  database: databaseOptionsFromEnv(),
  port: port.parse(values.port ?? process.env.PORT ?? 4000),
  subgraphPortBase: port.parse(process.env.SUBGRAPH_PORT_BASE ?? 4100),
  host: values.host ?? process.env.HOST,
  logger,
});
logger.info({ graphql: `${hub.gateway.url}/graphql`, health: `${hub.gateway.url}/healthz` }, 'hub ready');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await hub.stop();
    process.exit(0);
  });
}
