/**
 * Child process of the gateway section: the hub's subgraphs on DATABASE_URL, each on a port chosen by the system,
 * on one database handle as the hub opens it. They accept claims signed with the run's key (LIANFANG_KEYS_DIR). It
 * reports their URLs over IPC and replies to `statements` requests with the SQL statements counted since the last
 * reset.
 */
import { createLogger, openDatabase } from '@lianfang/db';
import { HUB_SUBGRAPHS } from '@lianfang/hub';
import { type RunningSubgraph, startSubgraphServer } from '@lianfang/subgraph-kit';
import { readBenchSubgraphAccess } from './access.js';
import type { ReadyMessage, StatementsMessage } from './child.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl || !process.send) {
  createLogger('bench-subgraphs').error('missing DATABASE_URL or IPC channel: run this file through the bench');
  process.exit(2);
}

const logger = createLogger('bench-subgraphs');
// The hub's default pool size, because the hub's subgraphs share one handle the same way.
const database = await openDatabase({ databaseUrl }, logger);
const access = await readBenchSubgraphAccess();
const running: RunningSubgraph[] = [];
for (const definition of HUB_SUBGRAPHS) {
  running.push(await startSubgraphServer({ definition, database, logger, port: 0, host: '127.0.0.1', access }));
}

process.on('message', (message: StatementsMessage) => {
  if (message.type !== 'statements') return;
  const count = database.statements.count;
  if (message.reset) database.statements.reset();
  process.send?.({ type: 'statements', reset: message.reset, count } satisfies StatementsMessage);
});

process.once('SIGTERM', async () => {
  for (const subgraph of running) await subgraph.stop();
  await database.close();
  process.exit(0);
});

const ready: ReadyMessage = {
  type: 'ready',
  subgraphUrls: Object.fromEntries(running.map((subgraph) => [subgraph.name, subgraph.url])),
};
process.send(ready);
