import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/database.js';

let handle: TestDatabase;

beforeAll(async () => {
  handle = await openTestDatabase('bare');
  await handle.database.exec('CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)');
});

afterAll(async () => {
  await handle?.dispose();
});

describe('Database', () => {
  it('reports the backend chosen by the environment', () => {
    expect(handle.database.backend).toBe(process.env.DATABASE_URL ? 'server' : 'embedded');
  });

  it('passes parameters as values, never as SQL', async () => {
    const hostile = "x'); DROP TABLE notes; --";
    await handle.database.query('INSERT INTO notes (id, body) VALUES ($1, $2)', [1, hostile]);
    const { rows } = await handle.database.query<{ body: string }>('SELECT body FROM notes WHERE id = $1', [1]);
    expect(rows).toEqual([{ body: hostile }]);
  });

  it('returns counts as numbers on both backends', async () => {
    const { rows } = await handle.database.query<{ total: number }>('SELECT count(*) AS total FROM notes');
    expect(rows[0]?.total).toBe(1);
  });

  it('commits a transaction that resolves', async () => {
    await handle.database.transaction(async (tx) => {
      await tx.query('INSERT INTO notes (id, body) VALUES ($1, $2)', [2, 'kept']);
    });
    const { rows } = await handle.database.query('SELECT id FROM notes WHERE id = 2');
    expect(rows).toHaveLength(1);
  });

  it('rolls back a transaction that throws', async () => {
    const failing = handle.database.transaction(async (tx) => {
      await tx.query('INSERT INTO notes (id, body) VALUES ($1, $2)', [3, 'lost']);
      await tx.query('INSERT INTO notes (id, body) VALUES ($1, $2)', [3, 'duplicate key']);
    });
    await expect(failing).rejects.toThrow(/duplicate key/);
    const { rows } = await handle.database.query('SELECT id FROM notes WHERE id = 3');
    expect(rows).toHaveLength(0);
  });

  it('delivers notifications to listeners', async () => {
    const received: string[] = [];
    const unlisten = await handle.database.listen('notes_changed', (payload) => received.push(payload));
    await handle.database.notify('notes_changed', '{"id":1}');
    await expect.poll(() => received, { timeout: 5_000 }).toEqual(['{"id":1}']);

    await unlisten();
    await handle.database.notify('notes_changed', '{"id":2}');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toEqual(['{"id":1}']);
  });

  it.runIf(process.env.DATABASE_URL)(
    'reports a lost listening connection and listens again after reconnecting',
    async () => {
      const states: boolean[] = [];
      const received: string[] = [];
      const unlisten = await handle.database.listen('notes_changed', (payload) => received.push(payload), {
        onConnectionChange: (listening) => states.push(listening),
      });
      try {
        await handle.database.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE datname = current_database() AND query = 'LISTEN notes_changed'`,
        );
        await expect.poll(() => states, { timeout: 10_000 }).toEqual([false, true]);
        await handle.database.notify('notes_changed', 'after reconnecting');
        await expect.poll(() => received, { timeout: 5_000 }).toEqual(['after reconnecting']);
      } finally {
        await unlisten();
      }
    },
  );

  it('rejects channel names that would need quoting', async () => {
    await expect(handle.database.listen('bad; DROP', () => undefined)).rejects.toThrow(/Invalid notification channel/);
  });

  it('counts statements', async () => {
    const before = handle.database.statements.count;
    await handle.database.query('SELECT 1');
    await handle.database.query('SELECT 2');
    expect(handle.database.statements.count - before).toBe(2);
  });
});

describe('PostGIS errors', () => {
  it('raise instead of returning no rows', async () => {
    // The first polygon is a bow tie, so GEOS throws a TopologyException inside ST_Union.
    const union = handle.database.query(
      `SELECT ST_Union(ST_GeomFromText('POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))'),
                       ST_GeomFromText('POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))')) AS merged`,
    );
    await expect(union).rejects.toThrow(/TopologyException|error inside PostGIS/);
  });

  it('leave an empty but valid result alone', async () => {
    const { rows } = await handle.database.query('SELECT id FROM notes WHERE id < 0');
    expect(rows).toEqual([]);
  });
});
