/**
 * The web app's persisted operations, found by operation name, so tests run exactly what the app sends and a role
 * that may not write its own queries (grid workers, department staff, commanders) can be tested through the gateway.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';

const MANIFEST = fileURLToPath(new URL('../../web/dist/persisted-operations.json', import.meta.url));

let byName: Map<string, string> | undefined;

/** Returns the text of the app operation named `name`, as the build persisted it; throws when there is none. */
export function appOperation(name: string): string {
  if (!byName) {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
    byName = new Map();
    for (const text of Object.values(manifest)) {
      for (const definition of parse(text).definitions) {
        if (definition.kind === 'OperationDefinition' && definition.name) byName.set(definition.name.value, text);
      }
    }
  }
  const text = byName.get(name);
  if (!text) throw new Error(`No persisted operation named ${name} in ${MANIFEST}; is it listed in APP_OPERATIONS?`);
  return text;
}

/** Response to one GraphQL request: its HTTP status and body. */
export interface OperationAnswer<Data> {
  status: number;
  data?: Data;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Sends the web app's operation `name` to the gateway at `gatewayUrl` with the caller's `Authorization` header. */
export async function sendAppOperation<Data>(
  gatewayUrl: string,
  authorization: Record<string, string>,
  name: string,
  variables: Record<string, unknown>,
): Promise<OperationAnswer<Data>> {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authorization },
    body: JSON.stringify({ query: appOperation(name), variables }),
  });
  const body = (await response.json()) as Omit<OperationAnswer<Data>, 'status'>;
  return { status: response.status, ...body };
}

/** Like `sendAppOperation`, but returns the data and throws on any error. */
export async function runAppOperation<Data>(
  gatewayUrl: string,
  authorization: Record<string, string>,
  name: string,
  variables: Record<string, unknown>,
): Promise<Data> {
  const answer = await sendAppOperation<Data>(gatewayUrl, authorization, name, variables);
  if (answer.errors?.length || !answer.data) throw new Error(`${name} failed: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}
