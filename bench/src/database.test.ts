import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BENCH_DATABASE_COMMENT,
  BenchSetupError,
  ensureBenchDatabase,
  parseBenchDatabaseUrl,
  redactUrl,
  shortPostgisVersion,
} from './database.js';

describe('parseBenchDatabaseUrl', () => {
  it('reads the database name', () => {
    expect(parseBenchDatabaseUrl('postgres://postgres@127.0.0.1:5432/lianfang_bench').name).toBe('lianfang_bench');
  });

  it('rejects other schemes', () => {
    expect(() => parseBenchDatabaseUrl('mysql://127.0.0.1/lianfang_bench')).toThrow(BenchSetupError);
  });

  it('rejects names that would need quoting', () => {
    expect(() => parseBenchDatabaseUrl('postgres://127.0.0.1/Bench')).toThrow(/Invalid database name "Bench"/);
    expect(() => parseBenchDatabaseUrl('postgres://127.0.0.1/a%3Bdrop')).toThrow(/Invalid database name "a;drop"/);
    expect(() => parseBenchDatabaseUrl('postgres://127.0.0.1/')).toThrow(/Invalid database name ""/);
  });

  it('rejects the maintenance and template databases', () => {
    for (const name of ['postgres', 'template0', 'template1']) {
      expect(() => parseBenchDatabaseUrl(`postgres://127.0.0.1/${name}`)).toThrow(/will not write into/);
    }
  });
});

describe('redactUrl', () => {
  it('hides the password', () => {
    expect(redactUrl('postgres://bench:secret@127.0.0.1:5432/lianfang_bench')).toBe(
      'postgres://bench:***@127.0.0.1:5432/lianfang_bench',
    );
  });
});

describe('shortPostgisVersion', () => {
  it('keeps the PostGIS, GEOS and PROJ versions', () => {
    const full =
      'POSTGIS="3.3.2 4975da8" [EXTENSION] PGSQL="150" GEOS="3.11.1-CAPI-1.17.1" PROJ="9.1.1" LIBXML="2.9.14" ' +
      'LIBJSON="0.16" LIBPROTOBUF="1.4.1" WAGYU="0.5.0 (Internal)" TOPOLOGY';
    expect(shortPostgisVersion(full)).toBe('PostGIS 3.3.2 (GEOS 3.11.1, PROJ 9.1.1)');
  });

  it('copes with missing libraries', () => {
    expect(shortPostgisVersion('POSTGIS="3.4.0 abc"')).toBe('PostGIS 3.4.0');
  });
});

describe('ensureBenchDatabase', () => {
  it('names the package to install when no server listens', async () => {
    // Port 1 on loopback has no listener, so the connection is refused at once.
    const attempt = ensureBenchDatabase('postgres://postgres@127.0.0.1:1/lianfang_bench');
    await expect(attempt).rejects.toThrow(BenchSetupError);
    await expect(attempt).rejects.toThrow(/apt-get install postgresql-15-postgis-3/);
  });
});

// Runs against the server that DATABASE_URL names, as the integration tests do, on databases it creates itself.
const serverUrl = process.env.DATABASE_URL;

describe.runIf(serverUrl)('ensureBenchDatabase on a server', () => {
  const suffix = `${process.pid}_${Date.now()}`;
  const created: string[] = [];
  const urlFor = (name: string) => {
    const url = new URL(serverUrl as string);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: urlFor('postgres') });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  afterAll(async () => {
    await admin(async (client) => {
      for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name}`);
    });
  });

  it('creates and marks a missing database, then reuses it', async () => {
    const name = `lianfang_bench_test_${suffix}`;
    created.push(name);
    const first = await ensureBenchDatabase(urlFor(name));
    expect(first.created).toBe(true);
    const second = await ensureBenchDatabase(urlFor(name));
    expect(second.created).toBe(false);
    const comment = await admin((client) =>
      client.query<{ comment: string }>(
        `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
        [name],
      ),
    );
    expect(comment.rows[0]?.comment).toBe(BENCH_DATABASE_COMMENT);
  });

  it('leaves alone a database with Lianfang tables that it did not create', async () => {
    const name = `lianfang_bench_foreign_${suffix}`;
    created.push(name);
    await admin((client) => client.query(`CREATE DATABASE ${name}`));
    const client = new pg.Client({ connectionString: urlFor(name) });
    await client.connect();
    await client.query('CREATE SCHEMA police; CREATE TABLE police.incidents (id text)');
    await client.end();

    await expect(ensureBenchDatabase(urlFor(name))).rejects.toThrow(/was not created by the bench/);
  });
});
