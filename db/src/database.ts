/**
 * The data layer's one interface. Every subgraph reaches its database through it, whether the database is the
 * embedded PGlite + PostGIS instance or a PostgreSQL server, so that the code above it is identical on both.
 */

/** Rows of one statement. */
export interface QueryResult<Row> {
  rows: Row[];
  /** Rows returned or affected, as the backend reports them. */
  rowCount: number;
}

/** Something that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  /** Runs one statement with `$1`-style parameters. Values are never interpolated into the text. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters, such as a migration file. */
  exec(sql: string): Promise<void>;
}

export type NotificationHandler = (payload: string) => void;

export interface ListenOptions {
  /**
   * Called with `false` when the listening connection is lost, so notifications sent meanwhile are missed, and with
   * `true` once it listens again. The embedded database has no connection to lose, so it never calls it.
   */
  onConnectionChange?: (listening: boolean) => void;
}

export type Backend = 'embedded' | 'server';

export interface Database extends Queryable {
  readonly backend: Backend;
  /**
   * Runs `work` inside one transaction: it commits when `work` resolves and rolls back when it throws.
   *
   * @remarks On the embedded backend a transaction blocks every other statement until it ends, so `work` must
   * use only the `tx` it is given. A statement sent through the database itself from inside `work` waits forever.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Subscribes to `NOTIFY` on `channel`; resolves to a function that ends the subscription. */
  listen(channel: string, handler: NotificationHandler, options?: ListenOptions): Promise<() => Promise<void>>;
  /** Sends `payload` on `channel` to every listener of this database, in every process. */
  notify(channel: string, payload: string): Promise<void>;
  /** Counts statements sent through `query`, for tests that check batching. */
  readonly statements: StatementCounter;
  close(): Promise<void>;
}

/** A running count of statements sent through a database handle. */
export class StatementCounter {
  #count = 0;

  get count(): number {
    return this.#count;
  }

  increment(): void {
    this.#count += 1;
  }

  reset(): void {
    this.#count = 0;
  }
}

/**
 * Error that PostGIS raised inside PGlite but PGlite dropped, returning a result without a row description. The
 * embedded backend raises this in its place, so callers can tell a geometry fault from other failures.
 */
export class LostPostgisError extends Error {
  override readonly name = 'LostPostgisError';
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Rejects channel names that would need quoting, so `LISTEN` can be written without escaping. */
export function assertChannelName(channel: string): void {
  if (!CHANNEL_NAME.test(channel)) {
    throw new Error(
      `Invalid notification channel "${channel}": use lower-case letters, digits and underscores, at most 63 characters.`,
    );
  }
}
