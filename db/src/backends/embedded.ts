import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import {
  assertChannelName,
  type Database,
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

function wrapQueryable(runner: PgliteRunner, statements: StatementCounter): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      statements.increment();
      const result = await runner.query<Row>(sql, params as unknown[]);
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
