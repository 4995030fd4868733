import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  createLogger,
  discoverMigrationSets,
  loadJurisdictions,
  migrate,
  openDatabase,
  workspaceRoot,
} from '@lianfang/db';
import { ACCESS_MIGRATIONS } from '@lianfang/gateway';
import pg from 'pg';
import { ensureWebBuild } from '../web/support.js';
import {
  embeddedTemplateDir,
  serverTemplateName,
  type TemplateKind,
  templateRoot,
  templateVersion,
  withDatabase,
} from './template.js';

const logger = createLogger('test-setup');

async function fillTemplate(kind: TemplateKind, options: { dataDir?: string; databaseUrl?: string }) {
  const database = await openDatabase(options, logger);
  try {
    if (kind === 'bare') {
      await database.exec('CREATE EXTENSION IF NOT EXISTS postgis');
    } else {
      await migrate(database, [...discoverMigrationSets(join(workspaceRoot, 'subgraphs')), ACCESS_MIGRATIONS], logger);
      await loadJurisdictions(database, logger);
    }
  } finally {
    await database.close();
  }
}

async function buildEmbeddedTemplate(kind: TemplateKind, version: string) {
  const target = embeddedTemplateDir(kind, version);
  if (existsSync(target)) return;
  // Build in a scratch folder and rename, so an interrupted run never leaves a half-built template behind.
  const scratch = `${target}.building-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  await fillTemplate(kind, { dataDir: scratch });
  // Another test run may have finished the same template meanwhile; its copy is as good as this one.
  if (existsSync(target)) {
    rmSync(scratch, { recursive: true, force: true });
    return;
  }
  renameSync(scratch, target);
}

async function buildServerTemplate(databaseUrl: string, kind: TemplateKind, version: string) {
  const name = serverTemplateName(kind, version);
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount) return;
    const scratch = `${name}_building`;
    await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
    await admin.query(`CREATE DATABASE ${scratch}`);
    await fillTemplate(kind, { databaseUrl: withDatabase(databaseUrl, scratch) });
    await admin.query(`ALTER DATABASE ${scratch} RENAME TO ${name}`);
    await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true`);
  } finally {
    await admin.end();
  }
}

/** Drops server templates of other versions, so the server does not collect one per schema change. */
async function pruneServerTemplates(databaseUrl: string, version: string) {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'lianfang\\_template\\_%' AND datname NOT LIKE $1`,
      [`%${version}`],
    );
    for (const { datname } of rows) {
      await admin.query(`ALTER DATABASE ${datname} WITH IS_TEMPLATE false`);
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

/** Removes templates of older versions so the cache does not grow with every schema change. */
function pruneEmbeddedTemplates(version: string) {
  if (!existsSync(templateRoot)) return;
  for (const entry of readdirSync(templateRoot)) {
    if (!entry.includes(version)) rmSync(join(templateRoot, entry), { recursive: true, force: true });
  }
}

export async function setup() {
  // Built once before the workers start, so two browser test files never build web/dist at the same time, and every
  // hub a test starts finds the web app's persisted operations.
  await ensureWebBuild();
  const version = templateVersion();
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    await pruneServerTemplates(databaseUrl, version);
    for (const kind of ['bare', 'seeded'] as const) await buildServerTemplate(databaseUrl, kind, version);
  } else {
    mkdirSync(templateRoot, { recursive: true });
    pruneEmbeddedTemplates(version);
    for (const kind of ['bare', 'seeded'] as const) await buildEmbeddedTemplate(kind, version);
  }
  process.env.LIANFANG_TEST_TEMPLATE_VERSION = version;
}
