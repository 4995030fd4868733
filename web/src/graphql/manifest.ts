import { createGraphqlClient } from './client.js';
import { APP_OPERATIONS } from './operations.js';
import { sha256Hex } from './sha256.js';

/** One persisted operation: its name, its text exactly as the client sends it, and the client's hash of the text. */
export interface PersistedOperation {
  operationName: string;
  text: string;
  hash: string;
}

interface RecordedBody {
  operationName?: string;
  query?: string;
}

/**
 * Runs every operation of `APP_OPERATIONS` through the app's own urql client, with a `fetch` that records the
 * request bodies instead of sending them. urql adds `__typename` to selections and prints the document itself, so
 * only its own output is the text the gateway must store. Runs in Node, from the build.
 */
export async function collectPersistedOperations(): Promise<PersistedOperation[]> {
  const bodies: RecordedBody[] = [];
  const record: typeof fetch = async (_input, init) => {
    bodies.push(JSON.parse(String(init?.body)) as RecordedBody);
    return new Response(JSON.stringify({ data: null }), { headers: { 'content-type': 'application/json' } });
  };
  const client = createGraphqlClient({ send: record, persisted: false });
  for (const document of APP_OPERATIONS) {
    // Variables do not change the text, so none are given.
    await client.query(document, {} as never, { requestPolicy: 'network-only' }).toPromise();
  }
  if (bodies.length !== APP_OPERATIONS.length) {
    throw new Error(`Expected ${APP_OPERATIONS.length} recorded requests, got ${bodies.length}.`);
  }
  return bodies.map((body) => {
    if (typeof body.query !== 'string' || !body.operationName) {
      throw new Error(`A recorded request has no query text or operation name: ${JSON.stringify(body)}`);
    }
    return { operationName: body.operationName, text: body.query, hash: sha256Hex(body.query) };
  });
}
