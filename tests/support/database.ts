/**
 * Opens a private database for one test file, copied from a template (see template.ts). The backend follows the
 * environment: `DATABASE_URL` set means the PostgreSQL server, otherwise embedded PGlite.
 */
import { randomUUID } from 'node:crypto';
import { cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type Database, openDatabase } from '@lianfang/db';
import pg from 'pg';
import {
  embeddedTemplateDir,
  serverTemplateName,
  type TemplateKind,
  templateVersion,
  withDatabase,
} from './template.js';

export interface TestDatabase {
  database: Database;
  /** Settings that open the same database from another process (only one process at a time on the embedded backend). */
  env: Record<string, string>;
  /** Closes the database and deletes its copy. */
  dispose(): Promise<void>;
}

const logger = createLogger('test');

async function createServerCopy(databaseUrl: string, template: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    // Two copies of one template started at the same moment can collide ("source database is being accessed by
    // other users"); a short retry resolves it.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (error) {
        if (attempt >= 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
}

async function dropServerDatabase(databaseUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Copies the template and returns settings for it, without opening it. */
export async function copyTemplate(
  kind: TemplateKind,
): Promise<{ env: Record<string, string>; remove(): Promise<void> }> {
  const version = process.env.LIANFANG_TEST_TEMPLATE_VERSION ?? templateVersion();
  const databaseUrl = process.env.DATABASE_URL;
  const suffix = randomUUID().replaceAll('-', '').slice(0, 16);

  if (databaseUrl) {
    const name = `lianfang_test_${suffix}`;
    await createServerCopy(databaseUrl, serverTemplateName(kind, version), name);
    return {
      env: { DATABASE_URL: withDatabase(databaseUrl, name) },
      remove: () => dropServerDatabase(databaseUrl, name),
    };
  }

  const dataDir = join(tmpdir(), `lianfang-test-${suffix}`);
  cpSync(embeddedTemplateDir(kind, version), dataDir, { recursive: true });
  return {
    env: { LIANFANG_DATA_DIR: dataDir, DATABASE_URL: '' },
    remove: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** Opens a private copy of the `seeded` template (migrated, jurisdictions loaded) or the `bare` one (PostGIS only). */
export async function openTestDatabase(kind: TemplateKind = 'seeded'): Promise<TestDatabase> {
  const copy = await copyTemplate(kind);
  const database = await openDatabase(
    { databaseUrl: copy.env.DATABASE_URL || undefined, dataDir: copy.env.LIANFANG_DATA_DIR, poolSize: 4 },
    logger,
  );
  return {
    database,
    env: copy.env,
    async dispose() {
      await database.close();
      await copy.remove();
    },
  };
}
