import pg from 'pg';
import {
  assertChannelName,
  type Database,
  type ListenOptions,
  type NotificationHandler,
  type Queryable,
  type QueryResult,
  StatementCounter,
} from '../database.js';
import type { Logger } from '../logger.js';

export interface ServerOptions {
  connectionString: string;
  /** Connections in the pool. */
  poolSize: number;
  logger: Logger;
}

const INT8_OID = 20;

/**
 * Type parsers that make node-postgres return the same JavaScript values as PGlite: `int8` (counts, sums) as a
 * number rather than a string. Values above 2^53 are not expected in this schema; such a value would lose
 * precision, so it is rejected instead.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) {
      return (value: string) => {
        const parsed = Number(value);
        if (!Number.isSafeInteger(parsed)) throw new RangeError(`int8 value ${value} exceeds 2^53`);
        return parsed;
      };
    }
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function wrapClient(client: pg.Pool | pg.PoolClient, statements: StatementCounter): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      statements.increment();
      const result = await client.query({ text: sql, values: params as unknown[], types });
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      statements.increment();
      await client.query(sql);
    },
  };
}

const INITIAL_RETRY_DELAY_MS = 250;

/**
 * Keeps one dedicated connection for `LISTEN`, because pooled connections are handed to other work between
 * statements. When the connection drops it reconnects with a growing delay and subscribes again.
 */
class NotificationListener {
  readonly #handlers = new Map<string, Set<NotificationHandler>>();
  readonly #connectionHandlers = new Set<(listening: boolean) => void>();
  #client: pg.Client | undefined;
  #connecting: Promise<pg.Client> | undefined;
  #closed = false;
  #retryDelayMs = INITIAL_RETRY_DELAY_MS;

  constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
  ) {}

  async subscribe(
    channel: string,
    handler: NotificationHandler,
    onConnectionChange?: (listening: boolean) => void,
  ): Promise<() => Promise<void>> {
    let handlers = this.#handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.#handlers.set(channel, handlers);
      const client = await this.#connect();
      await client.query(`LISTEN ${channel}`);
    }
    handlers.add(handler);
    if (onConnectionChange) this.#connectionHandlers.add(onConnectionChange);

    return async () => {
      if (onConnectionChange) this.#connectionHandlers.delete(onConnectionChange);
      const current = this.#handlers.get(channel);
      if (!current?.delete(handler) || current.size > 0) return;
      this.#handlers.delete(channel);
      await this.#client?.query(`UNLISTEN ${channel}`);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#client?.end();
  }

  #connect(): Promise<pg.Client> {
    if (this.#client) return Promise.resolve(this.#client);
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #open(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (message) => {
      for (const handler of this.#handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'notification connection failed; reconnecting');
      const wasListening = this.#client === client;
      this.#client = undefined;
      if (wasListening) this.#announce(false);
      client.end().catch(() => undefined);
      this.#scheduleReconnect();
    });
    await client.connect();
    for (const channel of this.#handlers.keys()) await client.query(`LISTEN ${channel}`);
    const reconnected = this.#retryDelayMs !== INITIAL_RETRY_DELAY_MS;
    this.#client = client;
    this.#retryDelayMs = INITIAL_RETRY_DELAY_MS;
    if (reconnected) this.#announce(true);
    return client;
  }

  #announce(listening: boolean): void {
    for (const handler of this.#connectionHandlers) handler(listening);
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#handlers.size === 0) return;
    const delay = this.#retryDelayMs;
    this.#retryDelayMs = Math.min(this.#retryDelayMs * 2, 10_000);
    setTimeout(() => {
      this.#connect().catch((error: unknown) => {
        this.logger.warn(
          { err: error, retryInMs: this.#retryDelayMs },
          'reconnecting the notification connection failed',
        );
        this.#scheduleReconnect();
      });
    }, delay).unref();
  }
}

/** Opens a node-postgres pool on a PostgreSQL server that has PostGIS installed. */
export async function openServerDatabase(options: ServerOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize });
  pool.on('error', (error) => options.logger.warn({ err: error }, 'idle database connection failed'));

  // Fail at start, with the server's message, rather than at the first request.
  const probe = await pool.connect();
  probe.release();

  const statements = new StatementCounter();
  const base = wrapClient(pool, statements);
  const listener = new NotificationListener(options.connectionString, options.logger);

  return {
    backend: 'server',
    statements,
    query: base.query,
    exec: base.exec,
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrapClient(client, statements));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel: string, handler: NotificationHandler, listenOptions?: ListenOptions) {
      assertChannelName(channel);
      return listener.subscribe(channel, handler, listenOptions?.onConnectionChange);
    },
    async notify(channel: string, payload: string) {
      assertChannelName(channel);
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}
