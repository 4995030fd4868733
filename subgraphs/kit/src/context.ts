import { randomUUID } from 'node:crypto';
import type { Database, Logger } from '@lianfang/db';

/** Header that carries the request id from the gateway to every subgraph call of one client request. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Per-request state of a subgraph resolver: the database, a logger tagged with the request id, and the loaders. */
export interface SubgraphContext {
  requestId: string;
  database: Database;
  logger: Logger;
  /** DataLoaders of this request, created on first use and dropped with the request. */
  loaders: Map<string, unknown>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Keeps a well-formed request id from the gateway and replaces anything else, so logs cannot be forged. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}

export function createContext(database: Database, logger: Logger, requestId: string): SubgraphContext {
  return { requestId, database, logger: logger.child({ requestId }), loaders: new Map() };
}
