/** Settings, per-district state and batch writers shared by the demo generators. */
import type { Queryable } from '../database.js';
import { ADDRESS_INSERT_SQL, type AddressRow } from './addresses.js';
import { BatchInserter } from './batch.js';
import type { DistrictGeography } from './geography.js';
import { RENTAL_INSERT_SQL, type RentalRow } from './housing.js';
import { INCIDENT_INSERT_SQL, type IncidentRow } from './incidents.js';
import { ENTERPRISE_INSERT_SQL, type EnterpriseRow } from './market.js';
import { PARCEL_INSERT_SQL, type ParcelDeliveryRow } from './parcels.js';
import { CRIMINAL_RECORD_INSERT_SQL, type CriminalRecordRow } from './records.js';
import { RESIDENT_INSERT_SQL, type ResidentRow } from './residents.js';
import { SHARED_INCIDENT_INSERT_SQL, type SharedIncidentRow } from './sharing.js';
import { METER_READING_INSERT_SQL, type MeterReadingRow } from './utilities.js';

/** Tables the demo fills, by qualified name. */
export const DEMO_TABLES = [
  'police.addresses',
  'police.residents',
  'police.criminal_records',
  'police.incidents',
  'police.parcel_deliveries',
  'police.patrol_zones',
  'police.cameras',
  'housing.rentals',
  'market.enterprises',
  'utilities.meter_readings',
  'governance.grid_workers',
  'governance.events',
  'governance.tasks',
  'governance.event_timeline',
  'crossborder.border_zones',
  'crossborder.shared_incidents',
] as const;

export type DemoTable = (typeof DEMO_TABLES)[number];

/** Rows written per table. */
export type RowCounts = Record<DemoTable, number>;

export function emptyCounts(): RowCounts {
  return Object.fromEntries(DEMO_TABLES.map((table) => [table, 0])) as RowCounts;
}

export function addCounts(total: RowCounts, more: Partial<RowCounts>): void {
  for (const table of DEMO_TABLES) total[table] += more[table] ?? 0;
}

/** Validated options of one run. */
export interface DemoSettings {
  seed: string;
  districts: string[];
  incidentsPerYear: number;
  addressesPerCommunity: number;
  /** Grid worker reports per year in the districts that get an event history. */
  eventsPerYear: number;
  now: Date;
}

/** Everything the generators of one district read, plus the identifiers issued so far in the run. */
export interface DistrictContext {
  settings: DemoSettings;
  geography: DistrictGeography;
  /** First days of the months of meter readings and parcel counts, oldest first. */
  months: string[];
  issuedIdNumbers: Set<string>;
  issuedCreditCodes: Set<string>;
}

/** Batch inserters of the tables that are written row by row while a district is generated. */
export interface Writers {
  addresses: BatchInserter<AddressRow>;
  residents: BatchInserter<ResidentRow>;
  criminalRecords: BatchInserter<CriminalRecordRow>;
  rentals: BatchInserter<RentalRow>;
  enterprises: BatchInserter<EnterpriseRow>;
  meterReadings: BatchInserter<MeterReadingRow>;
  parcels: BatchInserter<ParcelDeliveryRow>;
  incidents: BatchInserter<IncidentRow>;
  sharedIncidents: BatchInserter<SharedIncidentRow>;
}

// Incident rows are small and numerous, so they go in larger batches than the default.
const INCIDENT_BATCH_SIZE = 1000;

export function createWriters(runner: Queryable): Writers {
  const addresses = new BatchInserter<AddressRow>(runner, ADDRESS_INSERT_SQL);
  const incidents = new BatchInserter<IncidentRow>(runner, INCIDENT_INSERT_SQL, INCIDENT_BATCH_SIZE, [addresses]);
  const residents = new BatchInserter<ResidentRow>(runner, RESIDENT_INSERT_SQL, undefined, [addresses]);
  return {
    addresses,
    residents,
    criminalRecords: new BatchInserter(runner, CRIMINAL_RECORD_INSERT_SQL, undefined, [residents]),
    rentals: new BatchInserter(runner, RENTAL_INSERT_SQL),
    enterprises: new BatchInserter(runner, ENTERPRISE_INSERT_SQL),
    meterReadings: new BatchInserter(runner, METER_READING_INSERT_SQL),
    parcels: new BatchInserter(runner, PARCEL_INSERT_SQL, undefined, [addresses]),
    incidents,
    sharedIncidents: new BatchInserter(runner, SHARED_INCIDENT_INSERT_SQL, INCIDENT_BATCH_SIZE),
  };
}

/** Flushes every writer and returns the rows each wrote. */
export async function flushWriters(writers: Writers): Promise<Partial<RowCounts>> {
  for (const writer of Object.values(writers)) await writer.flush();
  return {
    'police.addresses': writers.addresses.written,
    'police.residents': writers.residents.written,
    'police.criminal_records': writers.criminalRecords.written,
    'police.incidents': writers.incidents.written,
    'police.parcel_deliveries': writers.parcels.written,
    'housing.rentals': writers.rentals.written,
    'market.enterprises': writers.enterprises.written,
    'utilities.meter_readings': writers.meterReadings.written,
    'crossborder.shared_incidents': writers.sharedIncidents.written,
  };
}
