import { utilitiesSubgraph } from '@lianfang/subgraph-utilities';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { dataOf, declaresKey, errorOf, isChinese, startTestSubgraph, type TestSubgraph } from './support.js';

// [address, month, kWh, m³, household type]. Medians per type and month:
//   APARTMENT 2026-01: 100 200 300 400 1200 → 300;  APARTMENT 2026-02: 100 150 250 1000 → (150 + 250) / 2 = 200;
//   VILLA 2026-01: 500 700 → 600;  VACANT 2026-01: 0 → 0, so no ratio.
const readings: [string, string, number, number, string][] = [
  ['u-1', '2026-01-01', 100, 5.5, 'APARTMENT'],
  ['u-2', '2026-01-01', 200, 6, 'APARTMENT'],
  ['u-3', '2026-01-01', 300, 7, 'APARTMENT'],
  ['u-4', '2026-01-01', 400, 8, 'APARTMENT'],
  ['u-5', '2026-01-01', 1200, 30.2, 'APARTMENT'],
  ['u-1', '2026-02-01', 100, 5, 'APARTMENT'],
  ['u-2', '2026-02-01', 150, 6, 'APARTMENT'],
  ['u-3', '2026-02-01', 250, 7, 'APARTMENT'],
  ['u-4', '2026-02-01', 1000, 9.9, 'APARTMENT'],
  ['v-1', '2026-01-01', 500, 20, 'VILLA'],
  ['v-2', '2026-01-01', 700, 25, 'VILLA'],
  ['z-1', '2026-01-01', 0, 0, 'VACANT'],
];

let handle: TestDatabase;
let subgraph: TestSubgraph;

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  await handle.database.exec('TRUNCATE utilities.meter_readings');
  for (const [address, month, kwh, water, type] of readings) {
    await handle.database.query(
      `INSERT INTO utilities.meter_readings (address_id, month, electricity_kwh, water_m3, household_type)
       VALUES ($1, $2, $3, $4, $5)`,
      [address, month, kwh, water, type],
    );
  }
  // Twelve earlier months for u-1, 2025-01 to 2025-12, alone in their type and month: ratio 1.
  await handle.database.query(
    `INSERT INTO utilities.meter_readings (address_id, month, electricity_kwh, water_m3, household_type)
     SELECT 'u-1', (DATE '2025-01-01' + make_interval(months => n - 1))::date, 90 + n, 4, 'APARTMENT'
     FROM generate_series(1, 12) AS n`,
  );
  subgraph = await startTestSubgraph(utilitiesSubgraph, handle.database);
});

afterAll(async () => {
  await subgraph?.stop();
  await handle?.dispose();
});

const USAGE = `query ($representations: [_Any!]!, $months: Int) {
  _entities(representations: $representations) {
    ... on Address { id utilityUsage(months: $months) { month electricityKwh waterM3 householdType baselineKwh ratio } }
  }
}`;

interface Usage {
  month: string;
  electricityKwh: number;
  waterM3: number;
  householdType: string;
  baselineKwh: number;
  ratio: number | null;
}

/** An address reference as the gateway sends it: with the community that `utilityUsage` requires from police. */
const addressOf = (id: string) => ({ __typename: 'Address', id, community: { code: '320509001001' } });

const usageOf = async (ids: string[], months?: number) =>
  dataOf(
    await subgraph.request<{ _entities: { id: string; utilityUsage: Usage[] }[] }>(USAGE, {
      representations: ids.map(addressOf),
      months,
    }),
  )._entities;

describe('utilities subgraph', () => {
  it('returns its SDL through _service', async () => {
    const data = dataOf(await subgraph.request<{ _service: { sdl: string } }>('{ _service { sdl } }'));
    expect(declaresKey(data._service.sdl, 'Address', 'id')).toBe(true);
    expect(data._service.sdl).toContain(
      'utilityUsage(months: Int = 12): [MonthlyUsage!] @requires(fields: "community { code }")',
    );
  });

  it('compares usage with household-type median', async () => {
    const [u5, v1] = await usageOf(['u-5', 'v-1']);
    expect(u5).toEqual({
      id: 'u-5',
      utilityUsage: [
        {
          month: '2026-01',
          electricityKwh: 1200,
          waterM3: 30.2,
          householdType: 'APARTMENT',
          baselineKwh: 300,
          ratio: 4,
        },
      ],
    });
    expect(v1?.utilityUsage).toEqual([
      { month: '2026-01', electricityKwh: 500, waterM3: 20, householdType: 'VILLA', baselineKwh: 600, ratio: 0.83 },
    ]);
  });

  it('interpolates the median of an even count', async () => {
    const [u4] = await usageOf(['u-4'], 2);
    expect(u4?.utilityUsage.map((usage) => [usage.month, usage.baselineKwh, usage.ratio])).toEqual([
      ['2026-01', 300, 1.33],
      ['2026-02', 200, 5],
    ]);
  });

  it('returns the latest months oldest first', async () => {
    const [u1] = await usageOf(['u-1']);
    expect(u1?.utilityUsage).toHaveLength(12);
    expect(u1?.utilityUsage[0]).toMatchObject({ month: '2025-03', electricityKwh: 93, baselineKwh: 93, ratio: 1 });
    expect(u1?.utilityUsage[10]).toMatchObject({ month: '2026-01', electricityKwh: 100, ratio: 0.33 });
    expect(u1?.utilityUsage[11]).toMatchObject({ month: '2026-02', electricityKwh: 100, ratio: 0.5 });
    const [all] = await usageOf(['u-1'], 36);
    expect(all?.utilityUsage).toHaveLength(14);
  });

  it('leaves ratio null for zero baseline', async () => {
    const [z1] = await usageOf(['z-1']);
    expect(z1?.utilityUsage).toEqual([
      { month: '2026-01', electricityKwh: 0, waterM3: 0, householdType: 'VACANT', baselineKwh: 0, ratio: null },
    ]);
  });

  it('returns empty list without readings', async () => {
    const entities = await usageOf(['u-3', 'no-readings', 'u-2']);
    expect(entities.map((entity) => [entity.id, entity.utilityUsage.length])).toEqual([
      ['u-3', 2],
      ['no-readings', 0],
      ['u-2', 2],
    ]);
  });

  it('rejects months outside 1..36', async () => {
    for (const months of [0, 37, -3]) {
      const error = errorOf(await subgraph.request(USAGE, { representations: [addressOf('u-1')], months }));
      expect(error.extensions?.code, String(months)).toBe('BAD_USER_INPUT');
      expect(isChinese(error.message)).toBe(true);
      expect(error.message).toContain(`收到 ${months}`);
    }
  });
});
