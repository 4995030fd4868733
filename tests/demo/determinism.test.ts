import { createLogger, type DemoOptions, type DemoTable, seedDemoData } from '@lianfang/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { DEMO_TABLE_NAMES, fingerprints, NOW, truncateDemoTables } from './support.js';

const logger = createLogger('test');
// Smaller than the other files: this one seeds three times.
const options: DemoOptions = {
  seed: 'determinism',
  districts: ['320509'],
  addressesPerCommunity: 2,
  incidentsPerYear: 1500,
  now: NOW,
};

let handle: TestDatabase;
let first: Record<DemoTable, string>;
let repeated: Record<DemoTable, string>;
let otherSeed: Record<DemoTable, string>;

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  await seedDemoData(handle.database, logger, options);
  first = await fingerprints(handle.database);

  await truncateDemoTables(handle.database);
  await seedDemoData(handle.database, logger, options);
  repeated = await fingerprints(handle.database);

  await truncateDemoTables(handle.database);
  await seedDemoData(handle.database, logger, { ...options, seed: 'another seed' });
  otherSeed = await fingerprints(handle.database);
});

afterAll(async () => {
  await handle?.dispose();
});

describe('demo data determinism', () => {
  it('fills every table', () => {
    for (const table of DEMO_TABLE_NAMES) expect(first[table], table).not.toBe('empty');
  });

  it('repeats every row for the same seed', () => {
    expect(repeated).toEqual(first);
  });

  it('changes every seeded table for another seed', () => {
    // Border zones follow from the district outlines alone, so they are the same for every seed.
    const seeded = DEMO_TABLE_NAMES.filter((table) => table !== 'crossborder.border_zones');
    for (const table of seeded) expect(otherSeed[table], table).not.toBe(first[table]);
    expect(otherSeed['crossborder.border_zones']).toBe(first['crossborder.border_zones']);
  });
});
