import { createLogger } from '@lianfang/db';
import { CITIES, type RunningHub, shareBorderIncidents, startHub } from '@lianfang/hub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTemplate } from '../support/database.js';

// Two hubs on two databases, as two cities run them: 嘉兴 composes the cross-border subgraph that 吴江 runs.
const copies: Awaited<ReturnType<typeof copyTemplate>>[] = [];
let wujiang: RunningHub;
let jiaxing: RunningHub;

async function startCity(city: keyof typeof CITIES, remoteSubgraphUrls: Record<string, string> = {}) {
  const copy = await copyTemplate('seeded');
  copies.push(copy);
  return startHub({
    city: CITIES[city],
    remoteSubgraphUrls,
    demo: { incidentsPerYear: 500, addressesPerCommunity: 2 },
    database: { databaseUrl: copy.env.DATABASE_URL || undefined, dataDir: copy.env.LIANFANG_DATA_DIR, poolSize: 4 },
    port: 0,
    subgraphPortBase: 0,
    logger: createLogger('test'),
  });
}

beforeAll(async () => {
  wujiang = await startCity('wujiang');
  const crossborder = wujiang.subgraphs.get('crossborder')?.url as string;
  jiaxing = await startCity('jiaxing', { crossborder });
});

afterAll(async () => {
  await jiaxing?.stop();
  await wujiang?.stop();
  for (const copy of copies) await copy.remove();
});

async function query(hub: RunningHub, source: string) {
  const response = await fetch(`${hub.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: source }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

describe('two cities', () => {
  it('run no cross-border subgraph of their own in 嘉兴', () => {
    expect([...jiaxing.subgraphs.keys()]).not.toContain('crossborder');
    expect([...wujiang.subgraphs.keys()]).toContain('crossborder');
  });

  it('see the same border zones through either gateway', async () => {
    const source = '{ borderZones { id districtCodes } }';
    const fromWujiang = await query(wujiang, source);
    const fromJiaxing = await query(jiaxing, source);
    expect(fromWujiang.errors).toBeUndefined();
    expect(fromJiaxing).toEqual(fromWujiang);
    const zones = (fromWujiang.data as { borderZones: { id: string }[] }).borderZones;
    expect(zones.map((zone) => zone.id)).toEqual(['BZ-320509-330411', 'BZ-320509-330421']);
  });

  it('keep each city department data on its own database', async () => {
    const wujiangAddresses = await wujiang.database.query<{ district: string }>(
      'SELECT DISTINCT left(community_code, 6) AS district FROM police.addresses ORDER BY 1',
    );
    const jiaxingAddresses = await jiaxing.database.query<{ district: string }>(
      'SELECT DISTINCT left(community_code, 6) AS district FROM police.addresses ORDER BY 1',
    );
    expect(wujiangAddresses.rows.map((row) => row.district)).toEqual(['320509']);
    expect(jiaxingAddresses.rows.map((row) => row.district)).toEqual(['330411', '330421']);
  });

  it('shares 嘉兴 border incidents into the zones that 吴江 hosts', async () => {
    const shared = await wujiang.database.query<{ id: string; source_district_code: string }>(
      `SELECT id, source_district_code FROM crossborder.shared_incidents
       WHERE source_district_code IN ('330421', '330411') ORDER BY id`,
    );
    expect(shared.rows.length).toBeGreaterThan(0);
    const local = await jiaxing.database.query<{ id: string }>('SELECT id FROM police.incidents WHERE id = ANY($1)', [
      shared.rows.map((row) => row.id),
    ]);
    expect(local.rows).toHaveLength(shared.rows.length);

    // A second run resends the same incidents and writes nothing new.
    const again = await shareBorderIncidents(
      jiaxing.database,
      jiaxing.gateway.url,
      CITIES.jiaxing.districts,
      createLogger('test'),
    );
    expect(again).toEqual({ accepted: 0, alreadyShared: shared.rows.length });
  });

  it('answers 嘉兴 queries about its own districts', async () => {
    const result = await query(jiaxing, '{ orgUnit(code: "330421") { name addressCount } }');
    expect(result.errors).toBeUndefined();
    const unit = result.data?.orgUnit as { name: string; addressCount: number };
    expect(unit.name).toBe('嘉善县');
    expect(unit.addressCount).toBe(174 * 2);
  });
});
