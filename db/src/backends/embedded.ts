import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import {
  assertChannelName,
  type Database,
  LostPostgisError,
  type NotificationHandler,
  type Queryable,
  type QueryResult,
  StatementCounter,
} from '../database.js';

export interface EmbeddedOptions {
  /** Folder that keeps the data between runs; `memory://` keeps it in memory only. */
  dataDir: string;
}

type PgliteRunner = Pick<PGlite | Transaction, 'query' | 'exec'>;

/** True for statements whose result always has a row description, even with no rows. */
function expectsRowDescription(sql: string): boolean {
  const statement = sql.trimStart().toUpperCase();
  if (/^(SELECT|VALUES|TABLE|EXPLAIN|SHOW)\b/.test(statement)) return true;
  if (statement.startsWith('WITH'))
    return !/\b(INSERT|UPDATE|DELETE|MERGE)\b/.test(statement) || /\bRETURNING\b/.test(statement);
  return /\bRETURNING\b/.test(statement);
}

function wrapQueryable(runner: PgliteRunner, statements: StatementCounter): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      statements.increment();
      const result = await runner.query<Row>(sql, params as unknown[]);
      // PGlite 0.5.8 with pglite-postgis 0.2.8 drops errors raised inside GEOS (e.g. a TopologyException from
      // ST_Union) and returns an empty result without even a row description. Raise instead of losing rows.
      if (result.fields.length === 0 && expectsRowDescription(sql)) {
        throw new LostPostgisError(
          'The embedded database returned no result description for a query, which means an error inside PostGIS ' +
            '(usually GEOS on invalid geometry) was lost; check the geometries with ST_IsValid or run the query on a server.',
        );
      }
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      statements.increment();
      await runner.exec(sql);
    },
  };
}

/**
 * Opens the embedded PostgreSQL (PGlite 0.5.8 with PostGIS from `@electric-sql/pglite-postgis` 0.2.8, the
 * version pair that fits together). One instance takes about 1 GB of memory, so a process opens it once and
 * every subgraph in that process shares it.
 */
export async function openEmbeddedDatabase(options: EmbeddedOptions): Promise<Database> {
  if (!options.dataDir.startsWith('memory://')) {
    mkdirSync(options.dataDir, { recursive: true });
  }
  const pglite = await PGlite.create(options.dataDir, { extensions: { postgis } });
  const statements = new StatementCounter();
  const base = wrapQueryable(pglite, statements);

  return {
    backend: 'embedded',
    statements,
    query: base.query,
    exec: base.exec,
    transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      return pglite.transaction((tx) => work(wrapQueryable(tx, statements)));
    },
    async listen(channel: string, handler: NotificationHandler) {
      assertChannelName(channel);
      const unsubscribe = await pglite.listen(channel, handler);
      return async () => {
        await unsubscribe();
      };
    },
    async notify(channel: string, payload: string) {
      assertChannelName(channel);
      await pglite.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      await pglite.close();
    },
  };
}
