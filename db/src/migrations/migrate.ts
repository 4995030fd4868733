import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, Queryable } from '../database.js';
import type { Logger } from '../logger.js';
import { createChangeFunction, installChangeTriggers } from './change-notifications.js';

/** The versioned SQL files of one department schema. */
export interface MigrationSet {
  schema: string;
  directory: string;
}

interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  schema: string;
  applied: string[];
}

const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;
const SCHEMA_NAME = /^[a-z][a-z0-9_]{0,62}$/;

// Every process that migrates takes this advisory lock first, so two services starting together on one server
// cannot apply the same file twice. The number is arbitrary and must stay the same across releases.
const MIGRATION_LOCK_KEY = 7_531_001;

/**
 * Finds the migration sets of the department subgraphs: each `subgraphs/<schema>/migrations` folder holds the
 * files of the schema named like the folder. A department owns its schema, so no file touches another schema.
 */
export function discoverMigrationSets(subgraphsDir: string): MigrationSet[] {
  return readdirSync(subgraphsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(subgraphsDir, entry.name, 'migrations')))
    .map((entry) => ({ schema: entry.name, directory: join(subgraphsDir, entry.name, 'migrations') }))
    .sort((a, b) => a.schema.localeCompare(b.schema));
}

function readMigrationFiles(set: MigrationSet): MigrationFile[] {
  const files: MigrationFile[] = [];
  for (const fileName of readdirSync(set.directory).sort()) {
    if (!fileName.endsWith('.sql')) continue;
    const match = FILE_NAME.exec(fileName);
    if (!match) {
      throw new Error(`Invalid migration file name ${set.schema}/${fileName}: expected NNN_lower_snake_name.sql.`);
    }
    const sql = readFileSync(join(set.directory, fileName), 'utf8');
    const version = Number(match[1]);
    if (files.some((file) => file.version === version)) {
      throw new Error(`Duplicate migration version ${match[1]} in ${set.schema}: give each file its own number.`);
    }
    files.push({ version, name: fileName, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return files;
}

async function migrateSchema(tx: Queryable, set: MigrationSet, files: MigrationFile[]): Promise<string[]> {
  await tx.exec(`
    CREATE SCHEMA IF NOT EXISTS ${set.schema};
    CREATE TABLE IF NOT EXISTS ${set.schema}.schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`);
  const { rows } = await tx.query<{ version: number; name: string; checksum: string }>(
    `SELECT version, name, checksum FROM ${set.schema}.schema_migrations`,
  );
  const applied = new Map(rows.map((row) => [row.version, row]));

  const newlyApplied: string[] = [];
  for (const file of files) {
    const previous = applied.get(file.version);
    if (previous) {
      if (previous.checksum !== file.checksum) {
        throw new Error(
          `Migration ${set.schema}/${file.name} changed after it was applied (as ${previous.name}); ` +
            'add a new migration instead of editing an applied one.',
        );
      }
      continue;
    }
    await tx.exec(file.sql);
    await tx.query(`INSERT INTO ${set.schema}.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`, [
      file.version,
      file.name,
      file.checksum,
    ]);
    newlyApplied.push(file.name);
  }
  await installChangeTriggers(tx, set.schema);
  return newlyApplied;
}

/**
 * Applies the files of each set that the database has not seen yet, each set in one transaction, and gives each
 * table the trigger that announces its changes on `CHANGE_CHANNEL`. Running it again changes nothing, which is why
 * every service may call it at start.
 *
 * @throws when a file name is malformed, a version repeats, or an applied file was edited afterwards.
 */
export async function migrate(database: Database, sets: MigrationSet[], logger: Logger): Promise<MigrationReport[]> {
  for (const set of sets) {
    if (!SCHEMA_NAME.test(set.schema)) throw new Error(`Invalid schema name "${set.schema}" for migrations.`);
  }
  const filesBySet = sets.map((set) => readMigrationFiles(set));

  await database.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec('CREATE EXTENSION IF NOT EXISTS postgis');
    await createChangeFunction(tx);
  });

  const reports: MigrationReport[] = [];
  for (const [index, set] of sets.entries()) {
    const applied = await database.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      return migrateSchema(tx, set, filesBySet[index] ?? []);
    });
    if (applied.length > 0) logger.info({ schema: set.schema, applied }, 'migrations applied');
    reports.push({ schema: set.schema, applied });
  }
  return reports;
}
