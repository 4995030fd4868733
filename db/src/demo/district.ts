/** Generation of one district's demo data inside one transaction. */
import type { Queryable } from '../database.js';
import type { Logger } from '../logger.js';
import { seedAddressRecords } from './address-records.js';
import { addressIdPrefix } from './addresses.js';
import { seedCameras } from './cameras.js';
import {
  addCounts,
  createWriters,
  type DemoSettings,
  type DistrictContext,
  emptyCounts,
  flushWriters,
  type RowCounts,
} from './context.js';
import type { BorderZone } from './crossborder.js';
import { EVENT_DISTRICTS, seedEvents } from './events.js';
import { readDistrictGeography } from './geography.js';
import { seedIncidents } from './incidents.js';
import { seedGridWorkers, seedPatrolZones } from './patrols.js';
import { PLANTED, seedPlantedAddresses, seedPlantedThefts } from './planted.js';
import { IncidentSharing } from './sharing.js';
import { monthsBefore } from './time.js';
import { METER_MONTHS } from './utilities.js';

/** Returns true when the district already has generated addresses, which means an earlier run seeded it. */
export async function hasDemoData(runner: Queryable, districtCode: string): Promise<boolean> {
  const { rows } = await runner.query('SELECT 1 FROM police.addresses WHERE id LIKE $1 LIMIT 1', [
    `${addressIdPrefix(districtCode)}%`,
  ]);
  return rows.length > 0;
}

export interface DistrictRun {
  settings: DemoSettings;
  zones: BorderZone[];
  issuedIdNumbers: Set<string>;
  issuedCreditCodes: Set<string>;
}

/**
 * Seeds one district: addresses and their records, the planted cases of 吴江区, incidents with their shared
 * copies, patrol zones and grid workers. Run it inside a transaction so that a failure leaves nothing behind.
 */
export async function seedDistrict(
  tx: Queryable,
  districtCode: string,
  run: DistrictRun,
  logger: Logger,
): Promise<RowCounts> {
  const geography = await readDistrictGeography(tx, districtCode);
  if (!geography) throw new Error(`District ${districtCode} has no boundary in governance.org_units`);
  const { settings } = run;
  const context: DistrictContext = {
    settings,
    geography,
    months: monthsBefore(settings.now, METER_MONTHS),
    issuedIdNumbers: run.issuedIdNumbers,
    issuedCreditCodes: run.issuedCreditCodes,
  };
  const writers = createWriters(tx);
  const sharing = new IncidentSharing(settings.seed, settings.now, districtCode, run.zones);

  const addresses = await seedAddressRecords(context, writers);
  const planted = districtCode === PLANTED.districtCode;
  if (planted) await seedPlantedAddresses(context, writers);
  logger.debug({ district: districtCode, addresses: addresses.length }, 'demo addresses generated');

  await seedIncidents(context, writers, addresses, sharing);
  if (planted && !(await seedPlantedThefts(tx, context, writers, sharing))) {
    logger.warn(
      { district: districtCode, zone: PLANTED.thefts.zoneId },
      'planted theft series skipped: the border zone or the neighbouring district is missing',
    );
  }

  const counts = emptyCounts();
  addCounts(counts, await flushWriters(writers));
  counts['police.patrol_zones'] = await seedPatrolZones(tx, settings.seed, geography);
  counts['governance.grid_workers'] = await seedGridWorkers(tx, settings.seed, geography);
  counts['police.cameras'] = await seedCameras(tx, settings.seed, settings.now, geography);
  if (EVENT_DISTRICTS.includes(districtCode)) {
    const events = await seedEvents(tx, settings, geography);
    counts['governance.events'] = events.events;
    counts['governance.tasks'] = events.tasks;
    counts['governance.event_timeline'] = events.timeline;
  }
  return counts;
}
