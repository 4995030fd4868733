import { join } from 'node:path';
import { createLogger, migrate, openDatabase, workspaceRoot } from '@lianfang/db';
import { z } from 'zod';
import type { RunningSubgraph, SubgraphDefinition } from './server.js';
import { startSubgraphServer } from './server.js';

const portSchema = z.coerce.number().int().min(0).max(65535);

/**
 * Runs one subgraph as its own process: opens the database named by `DATABASE_URL` (or the embedded one), applies
 * this department's migrations only, and serves on `PORT` (default `defaultPort`) until SIGINT or SIGTERM.
 */
export async function runStandalone(definition: SubgraphDefinition, defaultPort: number): Promise<RunningSubgraph> {
  const logger = createLogger(`subgraph-${definition.name}`);
  const port = portSchema.parse(process.env.PORT ?? defaultPort);
  const database = await openDatabase(undefined, logger);
  const directory = join(workspaceRoot, 'subgraphs', definition.name, 'migrations');
  await migrate(database, [{ schema: definition.name, directory }], logger);

  const running = await startSubgraphServer({
    definition,
    database,
    logger,
    port,
    host: process.env.HOST ?? '127.0.0.1',
  });
  const shutdown = async () => {
    await running.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return running;
}
