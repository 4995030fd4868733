/**
 * The gateway's response cache on a running hub: responses come from memory until the data they contain changes,
 * whichever client changes it, and never outlive a change the gateway could have missed.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createLogger, workspaceRoot } from '@lianfang/db';
import { CACHE_HEADER, startGateway } from '@lianfang/gateway';
import type { RunningHub } from '@lianfang/hub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IDENTITY, IDENTITIES } from '../support/access.js';
import { startTestHub, type TestHub } from '../support/hub.js';

let testHub: TestHub;
let hub: RunningHub;
let addressId: string;

beforeAll(async () => {
  testHub = await startTestHub({ incidentsPerYear: 2000, addressesPerCommunity: 4 });
  hub = testHub.hub;
  const { rows } = await hub.database.query<{ address_id: string }>(
    'SELECT address_id FROM housing.rentals ORDER BY id LIMIT 1',
  );
  addressId = rows[0]?.address_id as string;
  // The gateway opens the subgraphs' change streams right after it starts; nothing is cached before.
  for (let waited = 0; (await watchedSubgraphs()).length < hub.subgraphs.size; waited += 100) {
    if (waited > 10_000) throw new Error('The gateway did not watch every subgraph within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(async () => {
  await testHub?.stop();
});

async function watchedSubgraphs(): Promise<string[]> {
  const response = await fetch(`${hub.gateway.url}/healthz`);
  const body = (await response.json()) as { subgraphs: { name: string; changesWatched?: boolean }[] };
  return body.subgraphs.filter((subgraph) => subgraph.changesWatched).map((subgraph) => subgraph.name);
}

interface Result {
  cache: string | null;
  status: number;
  text: string;
  body: { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] };
}

/** Sends a query as a district police analyst unless `headers` carries another `authorization`. */
async function graphql(
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Result> {
  const response = await fetch(`${hub.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await testHub.auth()), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { cache: response.headers.get(CACHE_HEADER), status: response.status, text, body: JSON.parse(text) };
}

const ADDRESS_TEXT = 'query AddressText($id: ID!) { address(id: $id) { id text } }';
const ADDRESS_RENTAL = 'query AddressRental($id: ID!) { address(id: $id) { id text rental { tenants } } }';

describe('response cache', () => {
  it('repeats a response byte for byte', async () => {
    const first = await graphql(ADDRESS_TEXT, { id: addressId });
    const second = await graphql(ADDRESS_TEXT, { id: addressId });
    expect(first.cache).toBe('miss');
    expect(second.cache).toBe('hit');
    expect(second.text).toBe(first.text);
    expect(first.body.data?.address).toMatchObject({ id: addressId });
  });

  it('keys by identity, language and type', async () => {
    const own = await graphql(ADDRESS_TEXT, { id: addressId });
    const other = await graphql(
      ADDRESS_TEXT,
      { id: addressId },
      await testHub.auth(IDENTITIES.districtGovernanceAnalyst),
    );
    expect(other.cache).toBe('miss');
    expect(other.body).toEqual(own.body);
    expect((await graphql(ADDRESS_TEXT, { id: addressId }, { 'accept-language': 'en' })).cache).toBe('miss');
    const typed = await graphql(ADDRESS_TEXT, { id: addressId }, { accept: 'application/graphql-response+json' });
    expect(typed.cache).toBe('miss');
    const typedAgain = await fetch(`${hub.gateway.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(await testHub.auth()),
      },
      body: JSON.stringify({ query: ADDRESS_TEXT, variables: { id: addressId } }),
    });
    expect(typedAgain.headers.get(CACHE_HEADER)).toBe('hit');
    expect(typedAgain.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
  });

  it('shares entries between two tokens of one identity', async () => {
    const first = await testHub.auth();
    await graphql(ADDRESS_TEXT, { id: addressId }, first);
    // Tokens are signed deterministically (Ed25519) with times in whole seconds, so a different token of the same
    // identity may take until the next second.
    let second = `Bearer ${await hub.issueToken(DEFAULT_IDENTITY)}`;
    while (second === first.authorization) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      second = `Bearer ${await hub.issueToken(DEFAULT_IDENTITY)}`;
    }
    const again = await graphql(ADDRESS_TEXT, { id: addressId }, { authorization: second });
    expect(again.cache).toBe('hit');
    expect(again.body.data?.address).toMatchObject({ id: addressId });
  });

  it('bypasses on Cache-Control: no-cache', async () => {
    await graphql(ADDRESS_TEXT, { id: addressId });
    const fresh = await graphql(ADDRESS_TEXT, { id: addressId }, { 'cache-control': 'no-cache' });
    expect(fresh.cache).toBe('bypass');
    expect(fresh.body.data).toBeDefined();
  });

  it('drops a response on a direct write', async () => {
    const before = await graphql(ADDRESS_TEXT, { id: addressId });
    expect((await graphql(ADDRESS_TEXT, { id: addressId })).cache).toBe('hit');

    await hub.database.query(`UPDATE police.addresses SET text = text || '（已核实）' WHERE id = $1`, [addressId]);
    await expect
      .poll(async () => (await graphql(ADDRESS_TEXT, { id: addressId })).body.data?.address, { timeout: 5_000 })
      .toEqual({
        id: addressId,
        text: `${(before.body.data?.address as { text?: string } | undefined)?.text}（已核实）`,
      });
    expect((await graphql(ADDRESS_TEXT, { id: addressId })).cache).toBe('hit');
  });

  it('keeps a response when another department changes', async () => {
    await graphql(ADDRESS_TEXT, { id: addressId });
    await graphql(ADDRESS_RENTAL, { id: addressId });
    await hub.database.query('UPDATE housing.rentals SET tenants = tenants + 1 WHERE address_id = $1', [addressId]);

    await expect.poll(async () => (await graphql(ADDRESS_RENTAL, { id: addressId })).cache).toBe('miss');
    expect((await graphql(ADDRESS_TEXT, { id: addressId })).cache).toBe('hit');
  });

  it('keeps a response on a rollback', async () => {
    await graphql(ADDRESS_TEXT, { id: addressId });
    await hub.database
      .transaction(async (tx) => {
        await tx.query(`UPDATE police.addresses SET text = 'rolled back' WHERE id = $1`, [addressId]);
        throw new Error('roll back on purpose');
      })
      .catch(() => undefined);
    // A notification arrives within milliseconds, so 300 ms lets a wrongly sent one show.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const answer = await graphql(ADDRESS_TEXT, { id: addressId });
    expect(answer.cache).toBe('hit');
    expect(answer.text).not.toContain('rolled back');
  });

  it('drops a response before a mutation returns', async () => {
    const count = `query ZoneCount { borderZone(id: "BZ-320509-330421") { incidentCount } }`;
    const before = await graphql(count);
    expect((await graphql(count)).cache).toBe('hit');
    // `no-store` on the mutation must not skip the invalidation. The caller, a 吴江 analyst, may share only for a
    // district of their own jurisdiction. Sharing for a partner city needs claims signed by that city's gateway.
    const shared = await graphql(
      `mutation Share($incidents: [SharedIncidentInput!]!) {
        shareIncidents(sourceDistrict: "320509", incidents: $incidents) { accepted }
      }`,
      {
        incidents: [
          {
            id: 'W-CACHE-1',
            zone: 'BZ-320509-330421',
            category: 'THEFT',
            occurredAt: '2026-11-01T10:00:00+08:00',
            lon: 120.8016278,
            lat: 31.0110942,
            incidentDistrictCode: '320509',
          },
        ],
      },
      { 'cache-control': 'no-store' },
    );
    expect(shared.body).toEqual({ data: { shareIncidents: { accepted: 1 } } });
    expect(shared.cache).toBe('bypass');

    const after = await graphql(count);
    expect(after.cache).toBe('miss');
    const incidentCount = (result: Result) =>
      (result.body.data?.borderZone as { incidentCount?: number } | undefined)?.incidentCount ?? Number.NaN;
    expect(incidentCount(after)).toBe(incidentCount(before) + 1);
  });

  it('never keeps a response with errors', async () => {
    const unknownUnit = '{ orgUnit(code: "32x") { name } }';
    const first = await graphql(unknownUnit);
    expect(first.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await graphql(unknownUnit)).cache).toBe('miss');
  });

  it('stops caching while a subgraph is down', async () => {
    const usage = `query Usage($id: ID!) { address(id: $id) { id utilityUsage(months: 3) { month } } }`;
    await graphql(usage, { id: addressId });
    expect((await graphql(usage, { id: addressId })).cache).toBe('hit');

    await hub.stopSubgraph('utilities');
    try {
      await expect.poll(watchedSubgraphs, { timeout: 10_000 }).not.toContain('utilities');

      const during = await graphql(usage, { id: addressId });
      expect(during.cache).toBe('miss');
      expect(during.body.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
      // A query that does not use the stopped subgraph is still served from memory.
      await graphql(ADDRESS_TEXT, { id: addressId });
      expect((await graphql(ADDRESS_TEXT, { id: addressId })).cache).toBe('hit');
    } finally {
      await hub.startSubgraph('utilities');
    }
    await expect.poll(watchedSubgraphs, { timeout: 15_000 }).toContain('utilities');
    const back = await graphql(usage, { id: addressId });
    expect(back.cache).toBe('miss');
    expect(back.body.errors).toBeUndefined();
    expect((await graphql(usage, { id: addressId })).cache).toBe('hit');
  });

  it('does not cache GET requests or malformed bodies', async () => {
    const url = `${hub.gateway.url}/graphql?query=${encodeURIComponent('{ borderZones { id } }')}`;
    const get = await fetch(url, { headers: { 'apollo-require-preflight': 'true', ...(await testHub.auth()) } });
    expect(get.status).toBe(200);
    expect(get.headers.get(CACHE_HEADER)).toBe('bypass');

    const broken = await fetch(`${hub.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await testHub.auth()) },
      body: '{"query": ',
    });
    expect(broken.status).toBe(400);
    expect(broken.headers.get(CACHE_HEADER)).toBeNull();
  });
});

describe('entity cache', () => {
  const rentalOf = (name: string) => `query ${name}($id: ID!) { address(id: $id) { id text rental { tenants } } }`;

  async function statementsOf(send: () => Promise<Result>): Promise<{ result: Result; statements: number }> {
    const before = hub.database.statements.count;
    const result = await send();
    return { result, statements: hub.database.statements.count - before };
  }

  it('fetches only the entities it does not hold', async () => {
    await graphql(ADDRESS_RENTAL, { id: addressId });
    const fresh = await statementsOf(() =>
      graphql(rentalOf('Fresh'), { id: addressId }, { 'cache-control': 'no-store' }),
    );
    const cached = await statementsOf(() => graphql(rentalOf('Cached'), { id: addressId }));

    expect(fresh.result.cache).toBe('bypass');
    expect(cached.result.cache).toBe('miss');
    expect(cached.result.body).toEqual(fresh.result.body);
    // The police address is read again; the housing rental comes from the entity cache.
    expect(cached.statements).toBe(fresh.statements - 1);
  });

  it('drops entities when their subgraph changes', async () => {
    await graphql(rentalOf('BeforeChange'), { id: addressId });
    const tenants = async (name: string) =>
      ((await graphql(rentalOf(name), { id: addressId })).body.data?.address as { rental?: { tenants?: number } })
        ?.rental?.tenants;
    const before = await tenants('ReadBefore');

    await hub.database.query('UPDATE housing.rentals SET tenants = tenants + 2 WHERE address_id = $1', [addressId]);
    // Each read uses a new operation name, so the response cache cannot serve it and only a stale entity could.
    let attempt = 0;
    const readAgain = () => {
      attempt += 1;
      return tenants(`ReadAfter${attempt}`);
    };
    await expect.poll(readAgain, { timeout: 5_000 }).toBe((before ?? 0) + 2);
  });
});

describe('personal data', () => {
  /** Finds a rental whose address has registered residents, so that a query of it returns personal data. */
  async function rentalWithResidents(): Promise<{ rentalId: string; addressId: string }> {
    const { rows } = await hub.database.query<{ id: string; address_id: string }>(
      `SELECT r.id, r.address_id FROM housing.rentals r
       WHERE EXISTS (SELECT 1 FROM police.residents p WHERE p.address_id = r.address_id) ORDER BY r.id LIMIT 1`,
    );
    expect(rows).toHaveLength(1);
    return { rentalId: rows[0]?.id as string, addressId: rows[0]?.address_id as string };
  }

  /** Number of access log records the police subgraph wrote for one request id. */
  async function policeAuditRecords(requestId: string): Promise<number> {
    const { rows } = await hub.database.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM audit.access_log WHERE request_id = $1 AND subgraph = 'police'`,
      [requestId],
    );
    return rows[0]?.count ?? -1;
  }

  it('is never served from the response cache', async () => {
    const { addressId: id } = await rentalWithResidents();
    const query = 'query Residents($id: ID!) { address(id: $id) { id residents { idNumber } } }';
    for (const attempt of [1, 2, 3]) {
      const requestId = `cache-personal-address-${attempt}`;
      const result = await graphql(query, { id }, { 'x-request-id': requestId });
      expect(result.cache, `attempt ${attempt}`).toBe('miss');
      const address = result.body.data?.address as { residents: { idNumber: string }[] } | undefined;
      const residents = address?.residents ?? [];
      expect(residents.length).toBeGreaterThan(0);
      // No purpose is declared, so even a police analyst sees masked numbers.
      for (const resident of residents) expect(resident.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(await policeAuditRecords(requestId), `attempt ${attempt}`).toBe(1);
    }
  });

  it('is never kept in the entity cache', async () => {
    const { rentalId } = await rentalWithResidents();
    // The address is an entity of police fetched after the housing rental, so the entity cache could answer it.
    const query = (name: string) =>
      `query ${name}($id: ID!) { rental(id: $id) { id address { id residents { idNumber } } } }`;
    const results: Result[] = [];
    for (const attempt of [1, 2, 3]) {
      const requestId = `cache-personal-entity-${attempt}`;
      // A new operation name each time keeps the response cache out, so only the entity cache could answer.
      const result = await graphql(query(`Entity${attempt}`), { id: rentalId }, { 'x-request-id': requestId });
      expect(result.body.errors).toBeUndefined();
      expect(await policeAuditRecords(requestId), `attempt ${attempt}`).toBe(1);
      results.push(result);
    }
    expect(results[1]?.body).toEqual(results[0]?.body);
    expect(results[2]?.body).toEqual(results[0]?.body);
  });

  it('leaves the entity cache in use for fields without personal data', async () => {
    const { rentalId } = await rentalWithResidents();
    const query = (name: string) => `query ${name}($id: ID!) { rental(id: $id) { id address { id text } } }`;
    const statementsOf = async (name: string, headers: Record<string, string> = {}) => {
      const before = hub.database.statements.count;
      const result = await graphql(query(name), { id: rentalId }, headers);
      return { result, statements: hub.database.statements.count - before };
    };

    await statementsOf('TextWarm');
    const fresh = await statementsOf('TextFresh', { 'cache-control': 'no-store' });
    const cached = await statementsOf('TextCached');
    expect(cached.result.body).toEqual(fresh.result.body);
    // The housing rental is read again; the police address comes from the entity cache.
    expect(cached.statements).toBe(fresh.statements - 1);
  });
});

describe('health report', () => {
  it('warns about a subgraph that is up without a change stream', async () => {
    // A subgraph of another vendor: /healthz returns 200, /changes does not exist.
    const other = createServer((request, response) => {
      response.writeHead(request.url === '/healthz' ? 200 : 404).end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as AddressInfo;
    const urls = Object.fromEntries([...hub.subgraphs].map(([name, running]) => [name, running.url]));
    const gateway = await startGateway({
      supergraphSdl: readFileSync(join(workspaceRoot, 'gateway', 'supergraph.graphql'), 'utf8'),
      subgraphUrls: { ...urls, market: `http://127.0.0.1:${port}/graphql` },
      port: 0,
      logger: createLogger('test'),
      access: await testHub.gatewayAccess(),
    });
    try {
      const health = async () =>
        (await (await fetch(`${gateway.url}/healthz`)).json()) as { status: string; warnings: string[] };
      await expect
        .poll(async () => (await health()).warnings, { timeout: 10_000 })
        .toEqual(['market: change stream not followed, so no response using its data is cached']);
      expect((await health()).status).toBe('ok');
    } finally {
      await gateway.stop();
      other.close();
    }
  });
});
