import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { openEmbeddedDatabase } from './backends/embedded.js';
import { openServerDatabase } from './backends/server.js';
import type { Database } from './database.js';
import { createLogger, type Logger } from './logger.js';

/** Root of the workspace; the default data folder sits below it. */
export const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const databaseOptionsSchema = z.object({
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  dataDir: z.string().min(1).default(resolve(workspaceRoot, '.data/pglite')),
  poolSize: z.coerce.number().int().min(1).max(200).default(10),
});

export type DatabaseOptions = z.input<typeof databaseOptionsSchema>;

/** Reads the database settings from the environment: `DATABASE_URL`, `LIANFANG_DATA_DIR`, `DATABASE_POOL_SIZE`. */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.LIANFANG_DATA_DIR || undefined,
    poolSize: env.DATABASE_POOL_SIZE || undefined,
  };
}

/**
 * Opens the server database when a `databaseUrl` is given and the embedded one otherwise.
 *
 * @throws when an option is invalid (with the reason) or the database cannot be reached.
 */
export async function openDatabase(
  options: DatabaseOptions = databaseOptionsFromEnv(),
  logger: Logger = createLogger('db'),
): Promise<Database> {
  const parsed = databaseOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new Error(`Invalid database settings: ${z.prettifyError(parsed.error)}`);
  }
  const settings = parsed.data;

  if (settings.databaseUrl) {
    const database = await openServerDatabase({
      connectionString: settings.databaseUrl,
      poolSize: settings.poolSize,
      logger,
    });
    logger.info({ backend: 'server', poolSize: settings.poolSize }, 'database opened');
    return database;
  }

  const database = await openEmbeddedDatabase({ dataDir: settings.dataDir });
  logger.info({ backend: 'embedded', dataDir: settings.dataDir }, 'database opened');
  return database;
}
