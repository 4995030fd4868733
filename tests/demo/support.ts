/** Options and queries shared by the demo data tests. */
import type { DemoOptions, DemoTable, Queryable } from '@lianfang/db';

/** A fixed anchor, so that dates in the assertions do not depend on the day the tests run. */
export const NOW = new Date('2025-06-15T00:00:00+08:00');

/** Small sizes that keep each test file well under a minute on the embedded backend. */
export const SMALL: DemoOptions = {
  seed: 'test-seed',
  districts: ['320509'],
  addressesPerCommunity: 3,
  incidentsPerYear: 2000,
  now: NOW,
};

/** Columns that order each table's rows for fingerprints. */
export const TABLE_KEYS: Record<DemoTable, string> = {
  'police.addresses': 'id',
  'police.residents': 'id',
  'police.criminal_records': 'id',
  'police.incidents': 'id',
  'police.parcel_deliveries': 'address_id, month',
  'police.patrol_zones': 'id',
  'police.cameras': 'id',
  'housing.rentals': 'id',
  'market.enterprises': 'credit_code',
  'utilities.meter_readings': 'address_id, month',
  'governance.grid_workers': 'id',
  'governance.events': 'id',
  'governance.tasks': 'id',
  // Serial ids: truncateDemoTables restarts the sequence, so a repeated seed gives the same ids.
  'governance.event_timeline': 'id',
  'crossborder.border_zones': 'id',
  'crossborder.shared_incidents': 'id',
};

export const DEMO_TABLE_NAMES = Object.keys(TABLE_KEYS) as DemoTable[];

/** Counts the rows of every demo table. */
export async function countRows(database: Queryable): Promise<Record<DemoTable, number>> {
  const counts = {} as Record<DemoTable, number>;
  for (const table of DEMO_TABLE_NAMES) {
    const { rows } = await database.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${table}`);
    counts[table] = rows[0]?.count ?? -1;
  }
  return counts;
}

/** md5 over the text of every row of each demo table, in key order. */
export async function fingerprints(database: Queryable): Promise<Record<DemoTable, string>> {
  const result = {} as Record<DemoTable, string>;
  for (const table of DEMO_TABLE_NAMES) {
    const { rows } = await database.query<{ digest: string | null }>(
      `SELECT md5(string_agg(row_text, '|' ORDER BY ordinal)) AS digest
       FROM (SELECT t::text AS row_text, row_number() OVER (ORDER BY ${TABLE_KEYS[table]}) AS ordinal FROM ${table} t) AS rows`,
    );
    result[table] = rows[0]?.digest ?? 'empty';
  }
  return result;
}

/**
 * Empties every demo table, leaving the jurisdiction data, and restarts their serial ids. Photos reference events,
 * so they are emptied too.
 */
export async function truncateDemoTables(database: Queryable): Promise<void> {
  await database.query(`TRUNCATE ${DEMO_TABLE_NAMES.join(', ')}, governance.report_photos RESTART IDENTITY`);
}
