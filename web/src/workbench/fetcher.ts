import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { authorizedFetch } from '../session/authorizedFetch.js';

/** The operation name GraphiQL gives its schema introspection (its `introspectionQueryName` default). */
export const INTROSPECTION_OPERATION = 'IntrospectionQuery';

/** The outcome of the last operation a user ran, kept for the export. */
export interface RecordedRun {
  operationName: string | null;
  /** Response body, or undefined when the request failed without one. */
  body: unknown;
  receivedAt: Date;
}

function isAsyncResult(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (Symbol.asyncIterator in value || 'subscribe' in value);
}

/**
 * Creates GraphiQL's fetcher: a POST of the operation's text to `/graphql` on the page's own origin, with the
 * session's token (analysts and auditors may send their own text). Every operation except GraphiQL's
 * schema introspection is reported to `onRun`, with its response body or, when the request failed, none. A failed
 * request is still raised, so GraphiQL shows the error in its response pane.
 */
export function createWorkbenchFetcher(onRun: (run: RecordedRun) => void): Fetcher {
  // Incremental delivery (@defer) is off because the gateway does not support it, which keeps every response a
  // single JSON body.
  const fetcher = createGraphiQLFetcher({
    url: '/graphql',
    enableIncrementalDelivery: false,
    fetch: authorizedFetch,
  });
  return async (params, options) => {
    if (params.operationName === INTROSPECTION_OPERATION) return fetcher(params, options);
    const operationName = params.operationName ?? null;
    try {
      const result = await fetcher(params, options);
      onRun({ operationName, body: isAsyncResult(result) ? undefined : result, receivedAt: new Date() });
      return result;
    } catch (error) {
      onRun({ operationName, body: undefined, receivedAt: new Date() });
      throw error;
    }
  };
}
