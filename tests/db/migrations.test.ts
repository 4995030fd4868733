import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHANGE_CHANNEL, createLogger, discoverMigrationSets, migrate, workspaceRoot } from '@lianfang/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/database.js';

const logger = createLogger('test');
const sets = discoverMigrationSets(join(workspaceRoot, 'subgraphs'));
let handle: TestDatabase;

beforeAll(async () => {
  handle = await openTestDatabase('bare');
});

afterAll(async () => {
  await handle?.dispose();
});

describe('migrate', () => {
  it('finds one migration set per subgraph', () => {
    expect(sets.map((set) => set.schema)).toEqual([
      'audit',
      'crossborder',
      'governance',
      'housing',
      'market',
      'police',
      'utilities',
    ]);
  });

  it('applies every file once and nothing on a second run', async () => {
    const first = await migrate(handle.database, sets, logger);
    expect(first.every((report) => report.applied.length > 0)).toBe(true);

    const second = await migrate(handle.database, sets, logger);
    expect(second.map((report) => report.applied)).toEqual(sets.map(() => []));
  });

  it('creates each department schema with its own migration table', async () => {
    const { rows } = await handle.database.query<{ table_schema: string }>(
      `SELECT table_schema FROM information_schema.tables WHERE table_name = 'schema_migrations' ORDER BY 1`,
    );
    expect(rows.map((row) => row.table_schema)).toEqual(sets.map((set) => set.schema));
  });

  it('indexes every geometry column with GiST', async () => {
    const { rows } = await handle.database.query<{ column: string; indexed: boolean }>(
      `SELECT c.f_table_schema || '.' || c.f_table_name || '.' || c.f_geometry_column AS column,
              EXISTS (
                SELECT 1 FROM pg_indexes i
                WHERE i.schemaname = c.f_table_schema AND i.tablename = c.f_table_name
                  AND i.indexdef ILIKE '%USING gist (' || c.f_geometry_column || '%'
              ) AS indexed
       FROM geometry_columns c WHERE c.f_table_schema <> 'public' ORDER BY 1`,
    );
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.filter((row) => !row.indexed).map((row) => row.column)).toEqual([]);
  });

  it('stores every geometry in SRID 4326', async () => {
    const { rows } = await handle.database.query<{ srid: number }>(
      `SELECT DISTINCT srid FROM geometry_columns WHERE f_table_schema <> 'public'`,
    );
    expect(rows).toEqual([{ srid: 4326 }]);
  });

  it('gives every department table a statement trigger that announces its changes', async () => {
    const { rows } = await handle.database.query<{ table: string; triggers: string[] }>(
      `SELECT n.nspname || '.' || c.relname AS table,
              array(SELECT t.tgname::text FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal) AS triggers
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = ANY($1) AND c.relkind = 'r' ORDER BY 1`,
      [sets.map((set) => set.schema)],
    );
    const departmentTables = rows.filter((row) => !row.table.endsWith('.schema_migrations'));
    expect(departmentTables.map((row) => row.table)).toContain('police.incidents');
    expect(departmentTables.filter((row) => !row.triggers.includes('lianfang_notify_change'))).toEqual([]);
    const { rows: states } = await handle.database.query<{ enabled: string }>(
      `SELECT DISTINCT tgenabled::text AS enabled FROM pg_trigger WHERE tgname = 'lianfang_notify_change'`,
    );
    expect(states).toEqual([{ enabled: 'A' }]);
  });

  it('announces a committed write once per statement and a rolled-back one never', async () => {
    const received: string[] = [];
    const unlisten = await handle.database.listen(CHANGE_CHANNEL, (payload) => received.push(payload));
    try {
      await handle.database
        .transaction(async (tx) => {
          await tx.query(`UPDATE housing.rentals SET rooms = rooms WHERE false`);
          throw new Error('roll back on purpose');
        })
        .catch(() => undefined);
      await handle.database.query('UPDATE market.enterprises SET name = name WHERE false');
      await handle.database.query('DELETE FROM utilities.meter_readings WHERE false');
      // Logical replication applies changes with session_replication_role = replica, which skips ordinary triggers.
      await handle.database.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query('UPDATE police.addresses SET text = text WHERE false');
      });
      await expect
        .poll(() => received, { timeout: 5_000 })
        .toEqual(['market.enterprises', 'utilities.meter_readings', 'police.addresses']);
    } finally {
      await unlisten();
    }
  });

  it('rejects an applied file that was edited', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'lianfang-migrations-'));
    writeFileSync(join(directory, '001_notes.sql'), 'CREATE TABLE scratch.notes (id integer PRIMARY KEY);');
    const scratch = [{ schema: 'scratch', directory }];
    await migrate(handle.database, scratch, logger);

    writeFileSync(join(directory, '001_notes.sql'), 'CREATE TABLE scratch.notes (id bigint PRIMARY KEY);');
    await expect(migrate(handle.database, scratch, logger)).rejects.toThrow(
      'Migration scratch/001_notes.sql changed after it was applied',
    );
  });

  it('rolls back a failing file with the rest of its set', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'lianfang-migrations-'));
    writeFileSync(join(directory, '001_first.sql'), 'CREATE TABLE broken.first (id integer);');
    writeFileSync(join(directory, '002_second.sql'), 'CREATE TABLE broken.second (id no_such_type);');
    await expect(migrate(handle.database, [{ schema: 'broken', directory }], logger)).rejects.toThrow(/no_such_type/);

    const { rows } = await handle.database.query(
      `SELECT 1 FROM information_schema.schemata WHERE schema_name = 'broken'`,
    );
    expect(rows).toEqual([]);
  });

  it('rejects malformed file names', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'lianfang-migrations-'));
    writeFileSync(join(directory, '1-notes.sql'), 'SELECT 1;');
    await expect(migrate(handle.database, [{ schema: 'scratch', directory }], logger)).rejects.toThrow(
      'Invalid migration file name scratch/1-notes.sql',
    );
  });
});

describe('department schemas', () => {
  it('reference no other department schema in their migrations', () => {
    const schemas = sets.map((set) => set.schema);
    const crossings: string[] = [];
    for (const set of sets) {
      for (const file of readdirSync(set.directory)) {
        const sql = readFileSync(join(set.directory, file), 'utf8').replace(/--.*$/gm, '');
        for (const other of schemas.filter((schema) => schema !== set.schema)) {
          if (new RegExp(`\\b${other}\\.`).test(sql)) crossings.push(`${set.schema}/${file} -> ${other}`);
        }
      }
    }
    expect(crossings).toEqual([]);
  });
});
