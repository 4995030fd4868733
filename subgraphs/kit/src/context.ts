import { randomUUID } from 'node:crypto';
import type { Database, Logger } from '@lianfang/db';
import type { Claims } from './access/claims.js';
import type { AccessContext } from './access/jurisdiction.js';
import { AccessRecorder } from './access/recorder.js';

/** Header that carries the request id from the gateway to every subgraph call of one client request. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Per-request state of a subgraph resolver: the database, a logger tagged with the request id, and the loaders. */
export interface SubgraphContext extends AccessContext {
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

export interface RequestAccess {
  /** Verified claims of the caller. */
  claims: Claims;
  /** The city this subgraph belongs to. */
  city: string;
}

export function createContext(
  database: Database,
  logger: Logger,
  requestId: string,
  { claims, city }: RequestAccess,
): SubgraphContext {
  return {
    requestId,
    database,
    logger: logger.child({ requestId, user: claims.sub }),
    loaders: new Map(),
    claims,
    city,
    access: new AccessRecorder(),
  };
}
