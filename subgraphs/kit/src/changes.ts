import { CHANGE_CHANNEL, type Database, LIVE_CHANNEL, type Logger } from '@lianfang/db';
import type { Request, Response } from 'express';

/** Path of the change stream, next to a subgraph's `/graphql`. */
export const CHANGES_PATH = '/changes';

/**
 * Open change streams one subgraph serves at most. Each gateway keeps one, so this leaves room for many hubs while
 * a client that opens streams without end gets 503 instead of exhausting the process.
 */
export const MAX_STREAMS = 64;

/** A comment line every 15 s keeps idle proxies from closing the stream and lets a gateway notice a dead one. */
export const HEARTBEAT_INTERVAL_MS = 15_000;

/**
 * Announces the changes of one department schema as server-sent events, so a gateway can drop cached responses that
 * used the department's data. Events:
 * - `ready`, first on every stream: `{"subgraph":"police","watching":true}`;
 * - `change` after every committed statement that wrote a table of the schema: `{"table":"police.incidents"}`;
 * - `state` when the database's notification connection is lost (`{"watching":false}`: changes may go unannounced,
 *   so nothing of this department may be cached) and when it is back (`{"watching":true}`);
 * - `live` for each row notice on `lianfang_live` whose `schema` is this department's: the notice's JSON object
 *   with `city` (this subgraph's city) and `at` (when the subgraph received it, ISO 8601) added.
 * The changes come from the statement triggers that the migrations give every table, so writes by any client count,
 * not only writes through the hub.
 */
export class ChangeStream {
  readonly #clients = new Set<Response>();
  #watching = false;
  #unlisten: (() => Promise<void>) | undefined;
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly schema: string,
    private readonly logger: Logger,
    /** City of the subgraph, sent with every `live` event so a gateway can tell its own city's rows from a partner's. */
    private readonly city?: string,
  ) {}

  async start(database: Database): Promise<void> {
    const prefix = `${this.schema}.`;
    this.#unlisten = await database.listen(
      CHANGE_CHANNEL,
      (payload) => {
        if (payload.startsWith(prefix)) this.#broadcast('change', { table: payload });
      },
      {
        onConnectionChange: (listening) => {
          this.#watching = listening;
          this.#broadcast('state', { watching: listening });
        },
      },
    );
    const unlistenChange = this.#unlisten;
    const unlistenLive = await database.listen(LIVE_CHANNEL, (payload) => this.#forwardLive(payload));
    this.#unlisten = async () => {
      await unlistenChange();
      await unlistenLive();
    };
    this.#watching = true;
    this.#heartbeat = setInterval(() => {
      for (const client of this.#clients) client.write(': keep-alive\n\n');
    }, HEARTBEAT_INTERVAL_MS).unref();
  }

  /** Express handler of `GET /changes`. */
  readonly handler = (request: Request, response: Response): void => {
    if (this.#clients.size >= MAX_STREAMS) {
      this.logger.warn({ clients: this.#clients.size }, 'change stream rejected: too many open streams');
      response.status(503).json({
        errors: [
          {
            message: `变更推送连接数已达上限（${MAX_STREAMS} 个），请稍后重试`,
            extensions: { code: 'TOO_MANY_STREAMS' },
          },
        ],
      });
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.write(event('ready', { subgraph: this.schema, watching: this.#watching }));
    this.#clients.add(response);
    request.on('close', () => this.#clients.delete(response));
    this.logger.debug({ clients: this.#clients.size }, 'change stream opened');
  };

  async stop(): Promise<void> {
    clearInterval(this.#heartbeat);
    for (const client of this.#clients) client.end();
    this.#clients.clear();
    await this.#unlisten?.();
  }

  /** Sends a row notice of this schema as a `live` event; logs and drops one that is not a JSON object. */
  #forwardLive(payload: string): void {
    let notice: unknown;
    try {
      notice = JSON.parse(payload);
    } catch (error) {
      this.logger.warn({ err: error, payload: payload.slice(0, 200) }, 'live notice dropped: invalid JSON');
      return;
    }
    if (typeof notice !== 'object' || notice === null || Array.isArray(notice)) {
      this.logger.warn({ payload: payload.slice(0, 200) }, 'live notice dropped: not a JSON object');
      return;
    }
    const fields = notice as Record<string, unknown>;
    if (fields.schema !== this.schema) return;
    this.#broadcast('live', { ...fields, city: this.city ?? null, at: new Date().toISOString() });
  }

  #broadcast(name: string, data: Record<string, unknown>): void {
    const text = event(name, data);
    for (const client of this.#clients) client.write(text);
  }
}

function event(name: string, data: Record<string, unknown>): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
