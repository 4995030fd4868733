/**
 * Template databases for the integration tests. Creating PostGIS in a new embedded database takes 10–25 s, and
 * loading the jurisdiction data a few more. So the global setup builds each template once per content version, and
 * every test file starts from a copy: a copied folder on the embedded backend, `CREATE DATABASE … TEMPLATE` on the
 * server.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { workspaceRoot } from '@lianfang/db';

export type TemplateKind = 'bare' | 'seeded';

/** Folder of the embedded templates; ignored by git. */
export const templateRoot = join(workspaceRoot, '.cache', 'test-templates');

function listFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listFiles(path);
    return [path];
  });
}

/**
 * Hashes everything a template is built from: migrations, jurisdiction data, the data layer's source and the
 * PGlite version. A change to any of them gives a new template instead of a stale one.
 */
export function templateVersion(): string {
  const hash = createHash('sha256');
  const sources = [
    ...listFiles(join(workspaceRoot, 'subgraphs')).filter((path) => path.includes('/migrations/')),
    ...listFiles(join(workspaceRoot, 'gateway/migrations')),
    ...listFiles(join(workspaceRoot, 'db/data')),
    // The templates hold no demo data, so the demo generator's source does not change them.
    ...listFiles(join(workspaceRoot, 'db/src')).filter(
      (path) => !path.endsWith('.test.ts') && !path.includes('/demo/'),
    ),
    join(workspaceRoot, 'pnpm-lock.yaml'),
  ].sort();
  for (const path of sources) {
    if (!statSync(path).isFile()) continue;
    hash.update(relative(workspaceRoot, path));
    hash.update(readFileSync(path));
  }
  return hash.digest('hex').slice(0, 12);
}

export function embeddedTemplateDir(kind: TemplateKind, version: string): string {
  return join(templateRoot, `${kind}-${version}`);
}

export function serverTemplateName(kind: TemplateKind, version: string): string {
  return `lianfang_template_${kind}_${version}`;
}

/** Returns the server URL with another database name, keeping host, port and credentials. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
