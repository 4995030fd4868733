import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@lianfang/db';
import { CITIES, type RunningHub, shareBorderIncidents, startHub } from '@lianfang/hub';
import { CLAIMS_HEADER, ClaimsSigner, generateClaimsKeyPair, type Identity } from '@lianfang/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITIES } from '../support/access.js';
import { copyTemplate } from '../support/database.js';

// Two hubs on two databases, as two cities run them: 嘉兴 composes the cross-border subgraph that 吴江 runs. Both
// keep their gateway keys in one folder. 嘉兴 starts second and creates its key then, so 吴江's cross-border
// subgraph finds 嘉兴's public key only by reading the folder again.
const copies: Awaited<ReturnType<typeof copyTemplate>>[] = [];
const keysDir = mkdtempSync(join(tmpdir(), 'lianfang-keys-'));
let wujiang: RunningHub;
let jiaxing: RunningHub;
let jiaxingKeyBeforeWujiang: boolean;

const jiashanAnalyst: Identity = {
  sub: 'jx.police.analyst',
  name: '嘉善县公安研判员',
  level: 'DISTRICT',
  orgUnit: '330421',
  department: 'police',
  roles: ['analyst'],
};

const sharingTask = (district: string): Identity => ({
  ...jiashanAnalyst,
  sub: 'system.border-sharing',
  name: '交界地带警情共享任务',
  orgUnit: district,
});

async function startCity(city: keyof typeof CITIES, remoteSubgraphUrls: Record<string, string> = {}) {
  const copy = await copyTemplate('seeded');
  copies.push(copy);
  return startHub({
    city: CITIES[city],
    remoteSubgraphUrls,
    demo: { incidentsPerYear: 500, addressesPerCommunity: 2 },
    keysDir,
    rateLimitPerMinute: 0,
    database: { databaseUrl: copy.env.DATABASE_URL || undefined, dataDir: copy.env.LIANFANG_DATA_DIR, poolSize: 4 },
    port: 0,
    subgraphPortBase: 0,
    logger: createLogger('test'),
  });
}

beforeAll(async () => {
  wujiang = await startCity('wujiang');
  jiaxingKeyBeforeWujiang = existsSync(join(keysDir, 'jiaxing.public.jwk'));
  const crossborder = wujiang.subgraphs.get('crossborder')?.url as string;
  jiaxing = await startCity('jiaxing', { crossborder });
});

afterAll(async () => {
  await jiaxing?.stop();
  await wujiang?.stop();
  for (const copy of copies) await copy.remove();
  rmSync(keysDir, { recursive: true, force: true });
});

interface Result {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; reason?: string } }[];
}

/** Sends `source` to a hub's gateway as `identity`, with a declared purpose unless it is null. */
async function query(hub: RunningHub, identity: Identity, source: string, purpose: string | null = '交界地带联合研判') {
  const response = await fetch(`${hub.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.issueToken(identity)}` },
    body: JSON.stringify({ query: source, ...(purpose ? { extensions: { purpose } } : {}) }),
  });
  return (await response.json()) as Result;
}

describe('two cities', () => {
  it('run no cross-border subgraph of their own in 嘉兴', () => {
    expect([...jiaxing.subgraphs.keys()]).not.toContain('crossborder');
    expect([...wujiang.subgraphs.keys()]).toContain('crossborder');
  });

  it('trust the key of 嘉兴 created after 吴江 started', async () => {
    expect(jiaxingKeyBeforeWujiang).toBe(false);
    const result = await query(jiaxing, jiashanAnalyst, '{ borderZones { id } }');
    expect(result.errors).toBeUndefined();
    expect(result.data?.borderZones).toEqual([{ id: 'BZ-320509-330421' }]);
  });

  it('name an uninstalled gateway key in the 401', async () => {
    const huzhou = await ClaimsSigner.of(await generateClaimsKeyPair('huzhou'));
    const claims = await huzhou.sign({ ...jiashanAnalyst, orgUnit: '330502' });
    const response = await fetch(wujiang.subgraphs.get('crossborder')?.url ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: claims },
      body: JSON.stringify({ query: '{ borderZones { id } }' }),
    });
    const result = (await response.json()) as Result;
    expect(response.status).toBe(401);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'UNTRUSTED_GATEWAY' });
    expect(result.errors?.[0]?.message).toContain('“huzhou”网关的公钥');
    expect(result.errors?.[0]?.message).toContain('huzhou.public.jwk');
  });

  it('see the border zones of their side through either gateway', async () => {
    const source = '{ borderZones { id districtCodes } }';
    const fromWujiang = await query(wujiang, IDENTITIES.districtPoliceAnalyst, source);
    const fromJiaxing = await query(jiaxing, jiashanAnalyst, source);
    expect(fromWujiang.errors).toBeUndefined();
    expect(fromJiaxing.errors).toBeUndefined();
    const ids = (result: Result) =>
      (result.data as { borderZones: { id: string }[] }).borderZones.map((zone) => zone.id);
    expect(ids(fromWujiang)).toEqual(['BZ-320509-330411', 'BZ-320509-330421']);
    expect(ids(fromJiaxing)).toEqual(['BZ-320509-330421']);
  });

  it('refuses a 嘉兴 request for a field outside the demo agreement and audits it in 吴江', async () => {
    const result = await query(
      jiaxing,
      jiashanAnalyst,
      '{ borderZone(id: "BZ-320509-330421") { id incidents(first: 1) { id location } } }',
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.extensions?.reason).toBe('OUTSIDE_AGREEMENT');
    expect(result.errors?.[0]?.message).toContain('SharedIncident.location');
    const { rows } = await wujiang.database.query<{ city: string; fields: string[]; disclosure: string }>(
      `SELECT city, fields, disclosure FROM audit.access_log
       WHERE subgraph = 'crossborder' AND user_id = $1 ORDER BY id DESC LIMIT 1`,
      [jiashanAnalyst.sub],
    );
    expect(rows).toEqual([{ city: 'jiaxing', fields: ['SharedIncident.location'], disclosure: 'DENIED' }]);
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
      (district) => jiaxing.issueToken(sharingTask(district)),
      CITIES.jiaxing.districts,
      createLogger('test'),
    );
    expect(again).toEqual({ accepted: 0, alreadyShared: shared.rows.length });
  });

  it('answers 嘉兴 queries about its own districts', async () => {
    const result = await query(jiaxing, jiashanAnalyst, '{ orgUnit(code: "330421") { name addressCount } }');
    expect(result.errors).toBeUndefined();
    const unit = result.data?.orgUnit as { name: string; addressCount: number };
    expect(unit.name).toBe('嘉善县');
    expect(unit.addressCount).toBe(174 * 2);
  });
});
