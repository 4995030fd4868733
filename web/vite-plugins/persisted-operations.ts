import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { type Plugin, runnerImport } from 'vite';
import type { PersistedOperation } from '../src/graphql/manifest.js';

/** File name of the manifest in the build's output folder; the gateway reads it from web/dist at start. */
export const MANIFEST_FILE = 'persisted-operations.json';

/** A named query or mutation at the start of a `gql` template literal. */
const GQL_OPERATION = /gql(?:<[^`]*?>)?`\s*(?:query|mutation)\s+([A-Za-z_]\w*)/g;

/**
 * Writes `persisted-operations.json` (SHA-256 hex of each operation's text → text) next to the built app. The texts
 * come from running the app's operations through its own urql client (src/graphql/manifest.ts), so they match the
 * requests byte for byte. The build fails when the app's SHA-256 disagrees with Node's. It also fails when a module
 * outside the analyst workbench defines a `gql` operation that `APP_OPERATIONS` does not list, because the gateway
 * would reject that operation for every user but analysts and auditors.
 */
export function persistOperations(): Plugin {
  let root = '';
  let outDir = '';
  const defined = new Map<string, string>();

  return {
    name: 'lianfang:persisted-operations',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = join(config.root, config.build.outDir);
    },
    transform(code, id) {
      const path = relative(join(root, 'src'), id.split('?')[0] ?? id);
      // The workbench sends the analysts' own text, which the gateway accepts from them without a manifest entry.
      if (path.startsWith('..') || path.startsWith(`workbench${sep}`)) return null;
      for (const match of code.matchAll(GQL_OPERATION)) defined.set(match[1] as string, path);
      return null;
    },
    async closeBundle() {
      const { module } = await runnerImport<typeof import('../src/graphql/manifest.js')>(
        join(root, 'src', 'graphql', 'manifest.ts'),
        { configFile: false, root, logLevel: 'warn' },
      );
      const operations: PersistedOperation[] = await module.collectPersistedOperations();
      const listed = new Set(operations.map((operation) => operation.operationName));
      const unlisted = [...defined].filter(([name]) => !listed.has(name));
      if (unlisted.length > 0) {
        const names = unlisted.map(([name, file]) => `${name} (${file})`).join(', ');
        throw new Error(`Operations missing from APP_OPERATIONS in src/graphql/operations.ts: ${names}`);
      }
      const manifest: Record<string, string> = {};
      for (const operation of operations) {
        const expected = createHash('sha256').update(operation.text).digest('hex');
        if (operation.hash !== expected) {
          throw new Error(`sha256Hex of ${operation.operationName} is ${operation.hash}, Node computes ${expected}.`);
        }
        manifest[operation.hash] = operation.text;
      }
      writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    },
  };
}
