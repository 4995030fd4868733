import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createLogger, type Database, openDatabase, workspaceRoot } from '@lianfang/db';
import { RETENTION_INTERVAL_ENV, runRetention } from '@lianfang/subgraph-crossborder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTemplate } from '../support/database.js';
import { putAgreement, startCrossborderSubgraph } from './crossborder-support.js';

const run = promisify(execFile);
const DAY_MS = 24 * 60 * 60 * 1000;
const RETENTION_DAYS = 30;

let copy: Awaited<ReturnType<typeof copyTemplate>>;
let database: Database;

function open(): Promise<Database> {
  return openDatabase(
    { databaseUrl: copy.env.DATABASE_URL || undefined, dataDir: copy.env.LIANFANG_DATA_DIR, poolSize: 4 },
    createLogger('test'),
  );
}

/** Inserts a shared incident of `source` that was shared `daysAgo` days ago. */
async function shareBackdated(id: string, source: string, daysAgo: number): Promise<void> {
  await database.query(
    `INSERT INTO crossborder.shared_incidents (id, zone_id, source_district_code, category, occurred_at, location,
       incident_district_code, shared_at)
     VALUES ($1, 'bz-1', $2, 'THEFT', $3, ST_SetSRID(ST_MakePoint(120.85, 30.95), 4326), $2, $3)`,
    [id, source, new Date(Date.now() - daysAgo * DAY_MS).toISOString()],
  );
}

async function sharedIds(): Promise<string[]> {
  const { rows } = await database.query<{ id: string }>('SELECT id FROM crossborder.shared_incidents ORDER BY id');
  return rows.map((row) => row.id);
}

interface LogRow {
  partner_city: string;
  retention_days: number;
  cutoff: Date;
  deleted_count: number;
  deleted_ids: string[];
  started_by: string;
}

async function retentionLog(): Promise<LogRow[]> {
  const { rows } = await database.query<LogRow>(
    `SELECT partner_city, retention_days, cutoff, deleted_count, deleted_ids, started_by
     FROM crossborder.retention_log ORDER BY id`,
  );
  return rows;
}

beforeAll(async () => {
  copy = await copyTemplate('seeded');
  database = await open();
  await database.exec(
    'TRUNCATE crossborder.shared_incidents, crossborder.border_zones, crossborder.sharing_agreements, crossborder.retention_log',
  );
  await database.query(
    `INSERT INTO crossborder.border_zones (id, name, district_codes, band_width_m, band) VALUES
       ('bz-1', '吴江—嘉善交界地带', ARRAY['320509', '330421'], 2000, ST_Multi(ST_MakeEnvelope(120.79, 30.90, 120.91, 31.00, 4326)))`,
  );
  await putAgreement(database, { retentionDays: RETENTION_DAYS, districtCodes: ['330421', '330411'] });
});

afterAll(async () => {
  await database?.close();
  await copy?.remove();
});

describe('retention job', () => {
  it('deletes partner rows past retention and logs them', async () => {
    await shareBackdated('old-2', '330421', RETENTION_DAYS + 10);
    await shareBackdated('old-1', '330421', RETENTION_DAYS + 1);
    await shareBackdated('old-3', '330411', 400);
    await shareBackdated('new-1', '330421', RETENTION_DAYS - 1);
    await shareBackdated('own-1', '320509', 400);
    const started = Date.now();

    const results = await runRetention(database, 'command');

    expect(results.map((result) => [result.partnerCity, result.deletedIds])).toEqual([
      ['jiaxing', ['old-1', 'old-2', 'old-3']],
    ]);
    expect(await sharedIds()).toEqual(['new-1', 'own-1']);
    const [entry] = await retentionLog();
    expect(entry).toMatchObject({
      partner_city: 'jiaxing',
      retention_days: RETENTION_DAYS,
      deleted_count: 3,
      deleted_ids: ['old-1', 'old-2', 'old-3'],
      started_by: 'command',
    });
    const cutoffAge = started - new Date(entry?.cutoff as Date).getTime();
    expect(cutoffAge).toBeGreaterThanOrEqual(RETENTION_DAYS * DAY_MS - 60_000);
    expect(cutoffAge).toBeLessThanOrEqual(RETENTION_DAYS * DAY_MS + 60_000);
  });

  it('logs a run that found nothing expired', async () => {
    await database.exec('TRUNCATE crossborder.retention_log');
    await runRetention(database, 'command');
    expect(await retentionLog()).toMatchObject([{ partner_city: 'jiaxing', deleted_count: 0, deleted_ids: [] }]);
    expect(await sharedIds()).toEqual(['new-1', 'own-1']);
  });

  it('runs when the subgraph starts', async () => {
    await database.exec('TRUNCATE crossborder.retention_log');
    await shareBackdated('old-4', '330421', RETENTION_DAYS + 5);
    const subgraph = await startCrossborderSubgraph(database);
    try {
      expect(await sharedIds()).toEqual(['new-1', 'own-1']);
      expect(await retentionLog()).toMatchObject([{ deleted_ids: ['old-4'], started_by: 'schedule' }]);
    } finally {
      await subgraph.stop();
    }
  });

  it.each(['0', '10081', '1.5', 'hourly'])('refuses to start with interval %s', async (value) => {
    process.env[RETENTION_INTERVAL_ENV] = value;
    try {
      await expect(startCrossborderSubgraph(database)).rejects.toThrow(
        `${RETENTION_INTERVAL_ENV} must be a whole number of minutes from 1 to 10080, got "${value}".`,
      );
    } finally {
      delete process.env[RETENTION_INTERVAL_ENV];
    }
  });

  it('runs on demand with pnpm crossborder:retention', async () => {
    await database.exec('TRUNCATE crossborder.retention_log');
    await shareBackdated('old-5', '330411', RETENTION_DAYS + 2);
    // The embedded database admits one process at a time, so the command runs while this one has it closed.
    await database.close();
    try {
      const { stdout } = await run('pnpm', ['--silent', 'crossborder:retention'], {
        cwd: workspaceRoot,
        env: { ...process.env, ...copy.env, LOG_LEVEL: 'silent' },
      });
      const lines = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines).toEqual([
        expect.objectContaining({
          partnerCity: 'jiaxing',
          retentionDays: RETENTION_DAYS,
          deletedCount: 1,
          deletedIds: ['old-5'],
        }),
      ]);
    } finally {
      database = await open();
    }
    expect(await sharedIds()).toEqual(['new-1', 'own-1']);
    expect(await retentionLog()).toMatchObject([{ deleted_ids: ['old-5'], started_by: 'command' }]);
  });
});
