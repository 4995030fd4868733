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
