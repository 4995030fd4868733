/**
 * The map's viewport operation, as the text the map sends. The web app's urql client runs the document through
 * its cache exchange, which adds `__typename` to every selection set, and sends urql's printed text. The bench
 * does the same with the web app's own copy of @urql/core, so the gateway receives the same operation.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { workspaceRoot } from '@lianfang/db';
import { INCIDENT_GRID_QUERY } from '../../web/src/graphql/incidents.js';

export const OPERATION_NAME = 'SituationMapIncidentGrid';

type GridDocument = typeof INCIDENT_GRID_QUERY;

interface UrqlCore {
  formatDocument(document: GridDocument): GridDocument;
  stringifyDocument(document: GridDocument): string;
}

/** Imports the ES module build of @urql/core that the web app resolves. */
async function importWebUrql(): Promise<UrqlCore> {
  const requireFromWeb = createRequire(join(workspaceRoot, 'web', 'package.json'));
  const manifestPath = requireFromWeb.resolve('@urql/core/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports?: { '.'?: { import?: string } } };
  const entry = manifest.exports?.['.']?.import;
  if (!entry) throw new Error(`${manifestPath} names no ES module entry in exports["."].import`);
  return (await import(pathToFileURL(join(dirname(manifestPath), entry)).href)) as UrqlCore;
}

/**
 * Returns the text of the SituationMapIncidentGrid operation as the map's client sends it.
 *
 * @throws when the web app's document no longer defines that operation.
 */
export async function loadGridOperation(): Promise<string> {
  const urql = await importWebUrql();
  const text = urql.stringifyDocument(urql.formatDocument(INCIDENT_GRID_QUERY));
  if (!text.includes(`query ${OPERATION_NAME}(`)) {
    throw new Error(`web/src/graphql/incidents.ts no longer defines the ${OPERATION_NAME} operation:\n${text}`);
  }
  return text;
}
