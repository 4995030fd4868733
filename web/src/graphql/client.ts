import { Client, cacheExchange, fetchExchange, makeOperation, mapExchange } from '@urql/core';
import { authorizedFetch } from '../session/authorizedFetch.js';
import { sha256Hex } from './sha256.js';

/** Operation context field with the purpose a user declared (e.g. a case number), sent as `extensions.purpose`. */
export interface PurposeContext {
  purpose?: string;
}

/**
 * Copies a declared purpose from the operation's context into the request's `extensions`, where the gateway reads
 * it. Raw personal data (residents' ID numbers, landlords' names) is released only for a declared purpose.
 */
const purposeExchange = mapExchange({
  onOperation(operation) {
    const purpose = (operation.context as PurposeContext).purpose;
    if (!purpose) return operation;
    return makeOperation(operation.kind, { ...operation, extensions: { ...operation.extensions, purpose } });
  },
});

interface RequestBody {
  query?: string;
  operationName?: string;
  variables?: unknown;
  extensions?: Record<string, unknown>;
}

/**
 * Replaces the operation text of a JSON request body by its SHA-256, as a persisted query
 * (`extensions.persistedQuery`). The build writes every text the app sends, exactly as urql prints it, into
 * `persisted-operations.json`, and the gateway runs the text stored under the hash. Users who are not analysts
 * may run nothing else.
 */
export function persistedBody(body: string): string {
  const parsed = JSON.parse(body) as RequestBody;
  if (typeof parsed.query !== 'string') return body;
  const { query, ...rest } = parsed;
  const persistedQuery = { version: 1, sha256Hash: sha256Hex(query) };
  return JSON.stringify({ ...rest, extensions: { ...rest.extensions, persistedQuery } });
}

function persistedFetch(send: typeof fetch): typeof fetch {
  return (input, init) => {
    const body = typeof init?.body === 'string' ? persistedBody(init.body) : init?.body;
    return send(input, { ...init, body });
  };
}

export interface GraphqlClientOptions {
  /** Sends the requests; the app signs them with the session's token. The build passes one that records them. */
  send?: typeof fetch;
  /** Sends each operation by its hash alone (the default); off, the text goes along as `query`. */
  persisted?: boolean;
}

/**
 * Creates the GraphQL client for the gateway on the page's own origin. urql aborts the fetch of a query whose
 * component unmounts or whose variables change, and reports no error for it.
 */
export function createGraphqlClient(options: GraphqlClientOptions = {}): Client {
  const send = options.send ?? authorizedFetch;
  return new Client({
    url: '/graphql',
    exchanges: [cacheExchange, purposeExchange, fetchExchange],
    preferGetMethod: false,
    fetch: options.persisted === false ? send : persistedFetch(send),
  });
}
