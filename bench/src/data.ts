/**
 * The bench data: the hub's own migrations, jurisdictions and demo data of 吴江区, topped up with synthetic
 * incidents (ids `BENCH-…`) until police.incidents contains the target number of rows.
 */
import { join } from 'node:path';
import {
  type Database,
  discoverMigrationSets,
  type Logger,
  loadJurisdictions,
  migrate,
  seedDemoData,
  workspaceRoot,
} from '@lianfang/db';

export const DISTRICT_CODE = '320509';
export const BENCH_ID_PREFIX = 'BENCH-';
/** Synthetic incidents spread evenly over this many days before the load, so 30 days hold a tenth of them. */
export const SPREAD_DAYS = 300;
/** Largest distance of a synthetic incident from the address it is drawn around. */
export const JITTER_M = 200;
/** Incidents within this distance of their address keep its id, as the demo's incidents at an address do. */
const AT_ADDRESS_M = 80;
const ROWS_PER_STATEMENT = 250_000;

export function benchIncidentId(serial: number): string {
  return `${BENCH_ID_PREFIX}${String(serial).padStart(7, '0')}`;
}

/**
 * Inserts the synthetic incidents with serials $2..$3 of $5 in one statement. Each row picks a random address of
 * the district and moves up to `JITTER_M` metres from it in a random direction, uniform over the disc. It takes the
 * address's community as its org unit, a uniform category and a status that depends on its age like the demo's. Serial n of N occurred in the n-th of N equal slots of the `SPREAD_DAYS` days before $4, at a random
 * time in the slot. Rows go in by serial, so the table is in time order, as an incident table that grows day by
 * day is. The CTE with random() is not inlined, so every row draws its own values.
 */
const INSERT_SYNTHETIC_SQL = `
WITH address AS (
  SELECT row_number() OVER (ORDER BY id)::integer AS n, id, community_code,
         ST_X(location) AS lon, ST_Y(location) AS lat
  FROM police.addresses
  WHERE community_code LIKE $1::text || '%'
),
draw AS (
  SELECT serial,
         1 + floor(random() * (SELECT count(*) FROM address))::integer AS n,
         random() * 2 * pi() AS bearing,
         ${JITTER_M} * sqrt(random()) AS distance_m,
         1 - (serial - random()) / $5::float8 AS age_fraction,
         random() AS category_draw,
         random() AS status_draw
  FROM generate_series($2::integer, $3::integer) AS serial
)
INSERT INTO police.incidents (id, category, occurred_at, status, org_unit_code, address_id, location)
SELECT '${BENCH_ID_PREFIX}' || lpad(draw.serial::text, 7, '0'),
       (ARRAY['THEFT', 'FRAUD', 'FIGHT', 'DISPUTE', 'NOISE', 'FIRE_HAZARD', 'TRAFFIC', 'DRUGS', 'GAMBLING',
              'OTHER'])[1 + floor(draw.category_draw * 10)::integer],
       $4::timestamptz - draw.age_fraction * interval '${SPREAD_DAYS} days',
       CASE
         WHEN draw.age_fraction * ${SPREAD_DAYS} < 1
           THEN (ARRAY['REPORTED', 'DISPATCHED', 'HANDLING', 'CLOSED'])[1 + floor(draw.status_draw * 4)::integer]
         WHEN draw.age_fraction * ${SPREAD_DAYS} < 30
           THEN CASE WHEN draw.status_draw < 0.12 THEN 'HANDLING' ELSE 'CLOSED' END
         ELSE CASE WHEN draw.status_draw < 0.01 THEN 'HANDLING' ELSE 'CLOSED' END
       END,
       address.community_code,
       CASE WHEN draw.distance_m <= ${AT_ADDRESS_M} THEN address.id END,
       ST_SetSRID(ST_MakePoint(
         address.lon + draw.distance_m * sin(draw.bearing) / (111320 * cos(radians(address.lat))),
         address.lat + draw.distance_m * cos(draw.bearing) / 110574), 4326)
FROM draw JOIN address USING (n)
ORDER BY draw.serial`;

export interface DataReport {
  /** Rows of police.incidents after loading. */
  incidents: number;
  syntheticIncidents: number;
  demoIncidents: number;
  /** Incidents of the district in the 30 and 7 days before the measurement started. */
  incidentsLast30Days: number;
  incidentsLast7Days: number;
  addresses: number;
  /** Milliseconds of the demo seeding; null when an earlier run had seeded it. */
  demoSeedMs: number | null;
  /** Synthetic rows inserted and deleted by this run, and the milliseconds each took (null when not done). */
  inserted: number;
  deleted: number;
  loadMs: number | null;
  deleteMs: number | null;
  /** Milliseconds of VACUUM (ANALYZE) after a change, null when the data was reused as it was. */
  vacuumAnalyzeMs: number | null;
  /** When the newest synthetic incident was drawn; the view windows end at the measurement's start. */
  newestSyntheticIncident: string | null;
  incidentsTableBytes: number;
  incidentsIndexBytes: number;
  /** pg_stats correlation of occurred_at with the rows' physical order: near 1 when the table is in time order. */
  occurredAtCorrelation: number | null;
}

interface IncidentCounts {
  total: number;
  synthetic: number;
  /** Highest serial of a synthetic id, 0 when there is none. */
  maxSerial: number;
  newest: Date | null;
}

async function countIncidents(database: Database): Promise<IncidentCounts> {
  const { rows } = await database.query<{ total: number; synthetic: number; max_id: string | null; newest: Date }>(
    `SELECT count(*) AS total,
            count(*) FILTER (WHERE id LIKE $1 || '%') AS synthetic,
            max(id) FILTER (WHERE id LIKE $1 || '%') AS max_id,
            max(occurred_at) FILTER (WHERE id LIKE $1 || '%') AS newest
     FROM police.incidents`,
    [BENCH_ID_PREFIX],
  );
  const row = rows[0] as { total: number; synthetic: number; max_id: string | null; newest: Date | null };
  const maxSerial = row.max_id ? Number(row.max_id.slice(BENCH_ID_PREFIX.length)) : 0;
  return { total: row.total, synthetic: row.synthetic, maxSerial, newest: row.newest };
}

/** Deletes every synthetic incident and compacts the table, so that a new load starts at its end. */
async function deleteSynthetic(database: Database): Promise<number> {
  const { rowCount } = await database.query(`DELETE FROM police.incidents WHERE id LIKE $1 || '%'`, [BENCH_ID_PREFIX]);
  await database.exec('VACUUM FULL police.incidents');
  return rowCount;
}

async function insertSynthetic(database: Database, total: number, logger: Logger): Promise<void> {
  const now = new Date();
  for (let start = 1; start <= total; start += ROWS_PER_STATEMENT) {
    const end = Math.min(total, start + ROWS_PER_STATEMENT - 1);
    const started = performance.now();
    await database.transaction(async (tx) => {
      // A seed per statement makes every load of the same size draw the same rows, up to the time of day.
      await tx.query('SELECT setseed($1)', [(start % 1_000_000) / 1_000_000]);
      await tx.query(INSERT_SYNTHETIC_SQL, [DISTRICT_CODE, start, end, now, total]);
    });
    logger.info(
      { from: benchIncidentId(start), to: benchIncidentId(end), ms: Math.round(performance.now() - started) },
      'synthetic incidents inserted',
    );
  }
}

async function readSizes(database: Database, now: Date) {
  const { rows } = await database.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM police.addresses WHERE community_code LIKE $1 || '%') AS addresses,
            count(*) FILTER (WHERE occurred_at >= $2::timestamptz - interval '30 days') AS last30,
            count(*) FILTER (WHERE occurred_at >= $2::timestamptz - interval '7 days') AS last7,
            pg_table_size('police.incidents') AS table_bytes,
            pg_indexes_size('police.incidents') AS index_bytes,
            (SELECT correlation FROM pg_stats
             WHERE schemaname = 'police' AND tablename = 'incidents' AND attname = 'occurred_at') AS correlation
     FROM police.incidents
     WHERE org_unit_code LIKE $1 || '%' AND occurred_at < $2::timestamptz`,
    [DISTRICT_CODE, now],
  );
  return rows[0] as Record<string, number>;
}

/**
 * Prepares the data as the hub would on first start, then loads synthetic incidents until police.incidents
 * contains `target` rows. Data of an earlier run with the same target is reused as it is.
 *
 * @throws when the demo data alone contains more incidents than `target`.
 */
export async function prepareData(
  database: Database,
  options: { target: number; reset: boolean },
  logger: Logger,
): Promise<DataReport> {
  await migrate(database, discoverMigrationSets(join(workspaceRoot, 'subgraphs')), logger);
  await loadJurisdictions(database, logger);
  const seedStarted = performance.now();
  const demo = await seedDemoData(database, logger, { districts: [DISTRICT_CODE] });
  const demoSeedMs = demo.seeded.length > 0 ? Math.round(performance.now() - seedStarted) : null;

  let counts = await countIncidents(database);
  const demoIncidents = counts.total - counts.synthetic;
  const syntheticTarget = options.target - demoIncidents;
  if (syntheticTarget < 0) {
    throw new Error(
      `Invalid target of ${options.target} incidents: the demo data alone contains ${demoIncidents}; choose a larger target.`,
    );
  }

  // Any other number of synthetic rows, or gaps in their serials, means another target or an interrupted load:
  // the rows are loaded again, so that the table stays in time order.
  const reuse = !options.reset && counts.synthetic === syntheticTarget && counts.maxSerial === counts.synthetic;
  let deleted = 0;
  let deleteMs: number | null = null;
  if (!reuse && counts.synthetic > 0) {
    logger.info({ rows: counts.synthetic, reset: options.reset }, 'deleting the synthetic incidents');
    const started = performance.now();
    deleted = await deleteSynthetic(database);
    deleteMs = Math.round(performance.now() - started);
  }
  const inserted = reuse ? 0 : syntheticTarget;
  let loadMs: number | null = null;
  if (inserted > 0) {
    logger.info({ rows: inserted, target: options.target }, 'loading synthetic incidents');
    const started = performance.now();
    await insertSynthetic(database, inserted, logger);
    loadMs = Math.round(performance.now() - started);
  }
  const changed = deleted > 0 || inserted > 0;

  let vacuumAnalyzeMs: number | null = null;
  if (changed || demoSeedMs !== null) {
    // VACUUM also sets the visibility map, as autovacuum would on a table that has been in use for a while.
    const started = performance.now();
    await database.exec('VACUUM (ANALYZE) police.incidents');
    await database.exec('ANALYZE police.addresses');
    vacuumAnalyzeMs = Math.round(performance.now() - started);
  } else {
    logger.info({ rows: counts.total }, 'incidents already loaded; reusing them (pass --reset to load them again)');
  }

  counts = await countIncidents(database);
  const ageDays = counts.newest ? (Date.now() - counts.newest.getTime()) / 86_400_000 : 0;
  if (ageDays > 2) {
    logger.warn(
      { newest: counts.newest, ageDays: Math.round(ageDays) },
      'the synthetic incidents were loaded days ago, so the 30-day view holds fewer of them; pass --reset',
    );
  }
  const sizes = await readSizes(database, new Date());
  return {
    incidents: counts.total,
    syntheticIncidents: counts.synthetic,
    demoIncidents,
    incidentsLast30Days: Number(sizes.last30),
    incidentsLast7Days: Number(sizes.last7),
    addresses: Number(sizes.addresses),
    demoSeedMs,
    inserted,
    deleted,
    loadMs,
    deleteMs,
    vacuumAnalyzeMs,
    newestSyntheticIncident: counts.newest?.toISOString() ?? null,
    incidentsTableBytes: Number(sizes.table_bytes),
    incidentsIndexBytes: Number(sizes.index_bytes),
    occurredAtCorrelation: sizes.correlation ?? null,
  };
}
