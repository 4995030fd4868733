/**
 * The bench's own database on a PostgreSQL server, found or created. An existing database is used only when it
 * carries the bench's mark or contains no Lianfang tables yet.
 */
import type { Queryable } from '@lianfang/db';
import pg from 'pg';

export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/lianfang_bench';
/** Comment that marks a database as the bench's, set on the databases it creates or claims. */
export const BENCH_DATABASE_COMMENT = 'lianfang bench data (pnpm bench); safe to drop';

const INSTALL_HINT = 'Install and start PostgreSQL 15 with PostGIS 3 (apt-get install postgresql-15-postgis-3)';
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const RESERVED_NAMES = new Set(['postgres', 'template0', 'template1']);

/** Error in the bench's setup that the user must fix. The message names the fix. */
export class BenchSetupError extends Error {
  override readonly name = 'BenchSetupError';
}

export interface BenchDatabase {
  url: string;
  name: string;
  /** The URL without its password, for logs and results. */
  displayUrl: string;
  created: boolean;
}

/** Returns `url` without its password. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Reads the database URL and checks its database name, which is written into SQL and so must need no quoting. */
export function parseBenchDatabaseUrl(url: string): { url: string; name: string } {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new BenchSetupError(`Invalid LIANFANG_BENCH_DATABASE_URL "${url}": it must start with postgres://.`);
  }
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!DATABASE_NAME.test(name)) {
    throw new BenchSetupError(
      `Invalid database name "${name}" in ${redactUrl(url)}: use lower-case letters, digits and underscores, ` +
        'at most 63 characters, for example lianfang_bench.',
    );
  }
  if (RESERVED_NAMES.has(name)) {
    throw new BenchSetupError(`The bench will not write into the ${name} database; name a database of its own.`);
  }
  return { url, name };
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BenchSetupError(
      `Connecting to PostgreSQL at ${redactUrl(url)} failed: ${reason}. ${INSTALL_HINT}, ` +
        'or set LIANFANG_BENCH_DATABASE_URL to a server that runs.',
    );
  }
  return client;
}

/** Marks an unmarked database that contains no Lianfang tables, and rejects one that does. */
async function claimExisting(admin: pg.Client, url: string, name: string, comment: string | null): Promise<void> {
  if (comment === BENCH_DATABASE_COMMENT) return;
  const client = await connect(url);
  try {
    const { rows } = await client.query<{ tables: string }>(
      `SELECT count(*) AS tables FROM pg_tables WHERE schemaname IN ('police', 'governance')`,
    );
    if (Number(rows[0]?.tables) > 0) {
      throw new BenchSetupError(
        `Database ${name} already contains Lianfang tables and was not created by the bench, so the bench leaves it ` +
          'alone. Set LIANFANG_BENCH_DATABASE_URL to a new database name.',
      );
    }
  } finally {
    await client.end();
  }
  await admin.query(`COMMENT ON DATABASE ${name} IS '${BENCH_DATABASE_COMMENT}'`);
}

/**
 * Finds or creates the bench database named in `url` and checks that the server can install PostGIS.
 *
 * @throws BenchSetupError when the server is unreachable, PostGIS is not installed or the database belongs to
 * something else.
 */
export async function ensureBenchDatabase(rawUrl: string): Promise<BenchDatabase> {
  const { url, name } = parseBenchDatabaseUrl(rawUrl);
  const admin = await connect(withDatabaseName(url, 'postgres'));
  try {
    const postgis = await admin.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'`);
    if (postgis.rowCount === 0) {
      throw new BenchSetupError(`PostGIS is not installed on the server at ${redactUrl(url)}. ${INSTALL_HINT}.`);
    }

    const existing = await admin.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    );
    const row = existing.rows[0];
    if (row) {
      await claimExisting(admin, url, name, row.comment);
      return { url, name, displayUrl: redactUrl(url), created: false };
    }
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.query(`COMMENT ON DATABASE ${name} IS '${BENCH_DATABASE_COMMENT}'`);
    return { url, name, displayUrl: redactUrl(url), created: true };
  } finally {
    await admin.end();
  }
}

export interface ServerVersions {
  postgresql: string;
  /** Short form of postgis_full_version(), for example `PostGIS 3.3.2 (GEOS 3.11.1, PROJ 9.1.1)`. */
  postgis: string;
  postgisFull: string;
}

/** Shortens postgis_full_version() to the PostGIS, GEOS and PROJ versions. */
export function shortPostgisVersion(full: string): string {
  const version = (key: string) => new RegExp(`${key}="([0-9][0-9.]*)`).exec(full)?.[1];
  const postgis = version('POSTGIS') ?? 'unknown';
  const libraries = ['GEOS', 'PROJ']
    .map((key) => [key, version(key)] as const)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key} ${value}`);
  return libraries.length > 0 ? `PostGIS ${postgis} (${libraries.join(', ')})` : `PostGIS ${postgis}`;
}

export async function readServerVersions(database: Queryable): Promise<ServerVersions> {
  const { rows } = await database.query<{ server: string; postgis: string }>(
    `SELECT current_setting('server_version') AS server, postgis_full_version() AS postgis`,
  );
  const row = rows[0] as { server: string; postgis: string };
  return { postgresql: row.server, postgis: shortPostgisVersion(row.postgis), postgisFull: row.postgis };
}
