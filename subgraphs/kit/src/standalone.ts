import { join } from 'node:path';
import { createLogger, migrate, openDatabase, workspaceRoot } from '@lianfang/db';
import { z } from 'zod';
import { ClaimsVerifier } from './access/claims.js';
import { loadPublicKeys } from './access/keys.js';
import type { RunningSubgraph, SubgraphDefinition } from './server.js';
import { startSubgraphServer } from './server.js';

const portSchema = z.coerce.number().int().min(0).max(65535);

/**
 * Runs one subgraph as its own process: opens the database named by `DATABASE_URL` (or the embedded one), applies
 * this department's migrations and the access log's, and serves on `PORT` (default `defaultPort`) until SIGINT or
 * SIGTERM. It accepts claims signed by the gateway of `LIANFANG_CITY` (default `wujiang`), whose public key it reads
 * from `LIANFANG_KEYS_DIR` (default `.data/keys`); the cross-border subgraph also trusts every other city's key there.
 */
export async function runStandalone(definition: SubgraphDefinition, defaultPort: number): Promise<RunningSubgraph> {
  const logger = createLogger(`subgraph-${definition.name}`);
  const port = portSchema.parse(process.env.PORT ?? defaultPort);
  const database = await openDatabase(undefined, logger);
  const directory = join(workspaceRoot, 'subgraphs', definition.name, 'migrations');
  const auditDirectory = join(workspaceRoot, 'subgraphs', 'audit', 'migrations');
  const sets = [{ schema: definition.name, directory }];
  if (definition.name !== 'audit') sets.push({ schema: 'audit', directory: auditDirectory });
  await migrate(database, sets, logger);
  const city = process.env.LIANFANG_CITY ?? 'wujiang';
  const keysDir = process.env.LIANFANG_KEYS_DIR ?? join(workspaceRoot, '.data', 'keys');
  const keys = loadPublicKeys(keysDir, definition.name === 'crossborder' ? undefined : [city]);
  if (!keys[city]) {
    throw new Error(
      `No public key of the ${city} gateway in ${keysDir}: start the gateway once, or copy its key here.`,
    );
  }

  const running = await startSubgraphServer({
    definition,
    database,
    logger,
    port,
    host: process.env.HOST ?? '127.0.0.1',
    access: {
      city,
      // The cross-border subgraph also picks up a partner's key copied into the folder after it started.
      verifier: await ClaimsVerifier.of(
        keys,
        definition.name === 'crossborder' ? { reload: () => loadPublicKeys(keysDir) } : undefined,
      ),
    },
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
