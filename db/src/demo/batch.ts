import type { Queryable } from '../database.js';

/**
 * Rows per INSERT. Each statement sends its rows as one JSON array parameter, and a few hundred rows keep both the
 * statement count low and each parameter well under a megabyte.
 */
export const DEFAULT_BATCH_SIZE = 500;

interface Flushable {
  flush(): Promise<void>;
}

/**
 * Collects rows and inserts them in batches: one statement per batch, whose SQL reads the rows from `$1` with
 * `jsonb_to_recordset($1::jsonb)`. Call `flush` after the last row.
 */
export class BatchInserter<Row extends object> {
  readonly #runner: Queryable;
  readonly #sql: string;
  readonly #batchSize: number;
  readonly #dependencies: Flushable[];
  #pending: Row[] = [];
  #written = 0;

  /**
   * @param dependencies inserters of rows that these rows reference by foreign key; they flush first, so a
   *   reference never reaches the database before its target.
   */
  constructor(runner: Queryable, sql: string, batchSize = DEFAULT_BATCH_SIZE, dependencies: Flushable[] = []) {
    this.#runner = runner;
    this.#sql = sql;
    this.#batchSize = batchSize;
    this.#dependencies = dependencies;
  }

  /** Rows sent to the database so far. */
  get written(): number {
    return this.#written;
  }

  async add(row: Row): Promise<void> {
    this.#pending.push(row);
    if (this.#pending.length >= this.#batchSize) await this.flush();
  }

  async addAll(rows: Iterable<Row>): Promise<void> {
    for (const row of rows) await this.add(row);
  }

  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    for (const dependency of this.#dependencies) await dependency.flush();
    const rows = this.#pending;
    this.#pending = [];
    await this.#runner.query(this.#sql, [JSON.stringify(rows)]);
    this.#written += rows.length;
  }
}
