/**
 * Authentication at the gateway and the subgraphs: local logins and their lockout, bearer tokens (missing,
 * invalid, expired, OIDC), claims that clients forge, the per-user rate limit, introspection by role, persisted
 * operations and the declared purpose.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, workspaceRoot } from '@lianfang/db';
import {
  DEMO_PASSWORD,
  operationHash,
  prepareGatewayAccess,
  type RunningGateway,
  startGateway,
} from '@lianfang/gateway';
import { CITIES, type RunningHub, startHub } from '@lianfang/hub';
import {
  CLAIMS_HEADER,
  type ClaimsKeyPair,
  ClaimsSigner,
  generateClaimsKeyPair,
  type Identity,
  loadOrCreateKeyPair,
} from '@lianfang/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITIES } from '../support/access.js';
import { copyTemplate } from '../support/database.js';
import { nowSeconds, type OidcProvider, privateKeyOf, signJwt, startOidcProvider } from './oidc-provider.js';

const logger = createLogger('test');
const OIDC_AUDIENCE = 'lianfang-test-hub';
const PURPOSE = '苏公(吴)立字[2026]118号';
const COMMUNITY = '320509001001';

const COMMUNITY_COMMANDER: Identity = {
  sub: 'test.community.commander',
  name: '测试社区指挥员',
  level: 'COMMUNITY',
  orgUnit: COMMUNITY,
  department: 'governance',
  roles: ['commander'],
};

interface Answer {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string; reason?: string; argument?: string } }[];
    token?: string;
    expiresAt?: string;
    user?: Identity;
  };
}

let hub: RunningHub;
let keyPair: ClaimsKeyPair;
let provider: OidcProvider;
let cleanup: (() => Promise<void>)[] = [];

/**
 * Starts a hub whose key folder and OIDC provider the test controls, so it can sign tokens with the hub's own key.
 */
beforeAll(async () => {
  provider = await startOidcProvider();
  cleanup.push(() => provider.stop());
  const copy = await copyTemplate('seeded');
  cleanup.push(() => copy.remove());
  const keysDir = mkdtempSync(join(tmpdir(), 'lianfang-keys-'));
  cleanup.push(async () => rmSync(keysDir, { recursive: true, force: true }));
  hub = await startHub({
    city: CITIES.wujiang,
    demo: { incidentsPerYear: 500, addressesPerCommunity: 2 },
    database: { databaseUrl: copy.env.DATABASE_URL || undefined, dataDir: copy.env.LIANFANG_DATA_DIR, poolSize: 4 },
    port: 0,
    subgraphPortBase: 0,
    keysDir,
    oidc: { issuer: provider.issuer, jwksUrl: provider.jwksUrl, audience: OIDC_AUDIENCE },
    rateLimitPerMinute: 0,
    responseCacheMiB: 0,
    logger,
  });
  cleanup.unshift(() => hub.stop());
  keyPair = await loadOrCreateKeyPair(keysDir, CITIES.wujiang.id);
}, 240_000);

afterAll(async () => {
  for (const step of cleanup) await step();
  cleanup = [];
});

/** Starts a second gateway on the hub's subgraphs with other access settings; it stops with the hub. */
async function startSideGateway(settings: { persistedOperationsFile?: string; rateLimitPerMinute?: number }) {
  const access = await prepareGatewayAccess({
    keyPair,
    database: hub.database,
    logger,
    rateLimitPerMinute: 0,
    ...settings,
  });
  const gateway: RunningGateway = await startGateway({
    supergraphSdl: readFileSync(join(workspaceRoot, 'gateway', 'supergraph.graphql'), 'utf8'),
    subgraphUrls: Object.fromEntries([...hub.subgraphs].map(([name, running]) => [name, running.url])),
    port: 0,
    logger,
    responseCacheMiB: 0,
    access,
  });
  cleanup.unshift(() => gateway.stop());
  return gateway;
}

async function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

async function graphql(
  body: Record<string, unknown>,
  headers: Record<string, string>,
  gatewayUrl = hub.gateway.url,
): Promise<Answer> {
  return call(`${gatewayUrl}/graphql`, { headers, body });
}

async function as(identity: Identity): Promise<Record<string, string>> {
  return bearer(await hub.issueToken(identity));
}

function login(username: string, password: string): Promise<Answer> {
  return call(`${hub.gateway.url}/auth/login`, { body: { username, password } });
}

/** Returns the response's `data`, or an empty object so that reading a field fails on the field. */
function dataOf(answer: Answer): Record<string, unknown> {
  return answer.body.data ?? {};
}

function firstError(answer: Answer) {
  return answer.body.errors?.[0];
}

describe('local login', () => {
  it('returns a token that /auth/me accepts', async () => {
    const answer = await login('community.commander', DEMO_PASSWORD);
    expect(answer.status).toBe(200);
    expect(answer.body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const hours = (Date.parse(answer.body.expiresAt ?? '') - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(9.9);
    expect(hours).toBeLessThanOrEqual(10);
    expect(answer.body.user).toEqual({
      sub: 'community.commander',
      name: '社区综治中心指挥员',
      level: 'COMMUNITY',
      orgUnit: COMMUNITY,
      department: 'governance',
      roles: ['commander'],
    });

    const me = await call(`${hub.gateway.url}/auth/me`, { headers: bearer(answer.body.token ?? '') });
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual(answer.body.user);
  });

  it('rejects a wrong password and an unknown user alike', async () => {
    const wrongPassword = await login('district.analyst', 'not-the-password');
    const unknownUser = await login('nobody.here', DEMO_PASSWORD);
    for (const answer of [wrongPassword, unknownUser]) {
      expect(answer.status).toBe(401);
      expect(answer.body.token).toBeUndefined();
      expect(firstError(answer)?.message).toBe('用户名或密码错误');
      expect(firstError(answer)?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
    }
  });

  it('rejects a body without a password', async () => {
    const answer = await call(`${hub.gateway.url}/auth/login`, { body: { username: 'district.analyst' } });
    expect(answer.status).toBe(400);
    expect(firstError(answer)?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('locks a user name after five failures', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await login('market.staff', `wrong-password-${attempt}`)).status).toBe(401);
    }
    const sixth = await login('market.staff', 'wrong-password-6');
    expect(sixth.status).toBe(429);
    expect(firstError(sixth)?.extensions).toEqual({ code: 'RATE_LIMITED', reason: 'TOO_MANY_FAILED_LOGINS' });
    expect(firstError(sixth)?.message).toMatch(/^该账号密码错误次数过多，请 \d+ 分钟后再试$/);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(800);

    const rightPassword = await login('market.staff', DEMO_PASSWORD);
    expect(rightPassword.status).toBe(429);
    const otherUser = await login('housing.staff', DEMO_PASSWORD);
    expect(otherUser.status).toBe(200);
  });
});

/** Signs a token with the hub's login key and an `exp` in the past. */
function expiredToken(identity: Identity): string {
  const issuedAt = nowSeconds() - 11 * 3600;
  return signJwt(
    privateKeyOf(keyPair.privateJwk),
    { kid: `${keyPair.city}-login` },
    { identity, iss: keyPair.city, aud: 'lianfang-gateway', sub: identity.sub, iat: issuedAt, exp: issuedAt + 36_000 },
  );
}

/** Returns a login token whose payload was changed to another identity after signing. */
async function tamperedToken(): Promise<string> {
  const [header, , signature] = (await hub.issueToken(COMMUNITY_COMMANDER)).split('.');
  const payload = { identity: IDENTITIES.districtPoliceAnalyst, iss: keyPair.city, aud: 'lianfang-gateway' };
  return `${header}.${Buffer.from(JSON.stringify({ ...payload, exp: nowSeconds() + 600 })).toString('base64url')}.${signature}`;
}

describe('bearer tokens', () => {
  const cases: [string, () => Promise<Record<string, string>>, string][] = [
    ['no Authorization header', async () => ({}), 'TOKEN_MISSING'],
    ['a Basic credential', async () => ({ authorization: 'Basic dXNlcjpwYXNz' }), 'TOKEN_MISSING'],
    ['a token that is no JWT', async () => bearer('garbage'), 'TOKEN_INVALID'],
    ['an expired token', async () => bearer(expiredToken(COMMUNITY_COMMANDER)), 'TOKEN_EXPIRED'],
    ['a tampered token', async () => bearer(await tamperedToken()), 'TOKEN_INVALID'],
    [
      'a token of another key pair',
      async () => {
        const other = await generateClaimsKeyPair(keyPair.city);
        const payload = {
          identity: COMMUNITY_COMMANDER,
          iss: keyPair.city,
          aud: 'lianfang-gateway',
          exp: nowSeconds() + 600,
        };
        return bearer(signJwt(privateKeyOf(other.privateJwk), { kid: `${keyPair.city}-login` }, payload));
      },
      'TOKEN_INVALID',
    ],
    [
      'subgraph claims as a login token',
      async () => bearer(await (await ClaimsSigner.of(keyPair)).sign(IDENTITIES.districtPoliceAnalyst)),
      'TOKEN_INVALID',
    ],
  ];

  it.each(cases)('rejects %s with 401', async (_name, headers, reason) => {
    const answer = await graphql({ query: '{ borderZones { id } }' }, await headers());
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(answer.body.data).toBeUndefined();
    expect(firstError(answer)?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
    expect(firstError(answer)?.message).toMatch(/登录|令牌/);
  });

  it('rejects /auth/me without a token', async () => {
    const answer = await call(`${hub.gateway.url}/auth/me`);
    expect(answer.status).toBe(401);
    expect(firstError(answer)?.extensions?.reason).toBe('TOKEN_MISSING');
  });
});

const RESIDENT_IDS = `{ addresses(orgUnit: "${COMMUNITY}", first: 5) { edges { node { residents { idNumber } } } } }`;

function idNumbersOf(answer: Answer): string[] {
  const edges = (dataOf(answer).addresses as { edges: { node: { residents: { idNumber: string }[] } }[] }).edges;
  return edges.flatMap((edge) => edge.node.residents.map((resident) => resident.idNumber));
}

describe('forged claims', () => {
  it('gateway ignores a claims header from the client', async () => {
    const forged = await (await ClaimsSigner.of(keyPair)).sign(IDENTITIES.districtPoliceAnalyst, { purpose: PURPOSE });
    const headers = { ...(await as(IDENTITIES.communityAnalyst)), [CLAIMS_HEADER]: forged };

    const residents = await graphql({ query: RESIDENT_IDS, extensions: { purpose: PURPOSE } }, headers);
    expect(residents.status).toBe(200);
    const masked = idNumbersOf(residents);
    expect(masked.length).toBeGreaterThan(0);
    for (const idNumber of masked) expect(idNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);

    const district = await graphql({ query: '{ incidents(orgUnit: "320509", first: 1) { totalCount } }' }, headers);
    expect(firstError(district)?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' });

    // The same request from the identity the header claims reads raw ID numbers, so the check above can fail.
    const police = await graphql(
      { query: RESIDENT_IDS, extensions: { purpose: PURPOSE } },
      await as(IDENTITIES.districtPoliceAnalyst),
    );
    for (const idNumber of idNumbersOf(police)) expect(idNumber).toMatch(/^\d{17}[\dX]$/);
  });

  it('gateway keeps a commander to persisted operations', async () => {
    const forged = await (await ClaimsSigner.of(keyPair)).sign(IDENTITIES.districtPoliceAnalyst);
    const answer = await graphql(
      { query: RESIDENT_IDS },
      { ...(await as(COMMUNITY_COMMANDER)), [CLAIMS_HEADER]: forged },
    );
    expect(answer.status).toBe(403);
    expect(firstError(answer)?.extensions).toEqual({ code: 'FORBIDDEN', reason: 'PERSISTED_QUERY_REQUIRED' });
  });

  const direct: [string, () => Promise<Record<string, string>>][] = [
    ['no claims', async () => ({})],
    ['claims that are no JWT', async () => ({ [CLAIMS_HEADER]: 'forged' })],
    [
      'unsigned claims',
      async () => {
        const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
        const payload = { identity: IDENTITIES.districtPoliceAnalyst, iss: keyPair.city, aud: 'lianfang-subgraph' };
        return { [CLAIMS_HEADER]: `${encode({ alg: 'none' })}.${encode({ ...payload, exp: nowSeconds() + 60 })}.` };
      },
    ],
    [
      'claims signed by an unknown key',
      async () => {
        const signer = await ClaimsSigner.of(await generateClaimsKeyPair(keyPair.city));
        return { [CLAIMS_HEADER]: await signer.sign(IDENTITIES.districtPoliceAnalyst) };
      },
    ],
    [
      'claims of an unknown city',
      async () => {
        const signer = await ClaimsSigner.of(await generateClaimsKeyPair('elsewhere'));
        return { [CLAIMS_HEADER]: await signer.sign(IDENTITIES.districtPoliceAnalyst) };
      },
    ],
    [
      'a login token as claims',
      async () => ({ [CLAIMS_HEADER]: await hub.issueToken(IDENTITIES.districtPoliceAnalyst) }),
    ],
  ];

  it.each(direct)('police subgraph rejects %s with 401', async (_name, headers) => {
    const police = hub.subgraphs.get('police');
    if (!police) throw new Error('police subgraph not running');
    const answer = await call(police.url, { headers: await headers(), body: { query: RESIDENT_IDS } });
    expect(answer.status).toBe(401);
    expect(answer.body.data ?? undefined).toBeUndefined();
    expect(firstError(answer)?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('police subgraph accepts claims of the hub key', async () => {
    const police = hub.subgraphs.get('police');
    const signer = await ClaimsSigner.of(keyPair);
    const headers = { [CLAIMS_HEADER]: await signer.sign(IDENTITIES.districtPoliceAnalyst) };
    const answer = await call(police?.url ?? '', { headers, body: { query: RESIDENT_IDS } });
    expect(answer.status).toBe(200);
    expect(idNumbersOf(answer).length).toBeGreaterThan(0);
  });
});

describe('rate limit', () => {
  it('rejects the sixth request of a minute with 429', async () => {
    const gateway = await startSideGateway({ rateLimitPerMinute: 5 });
    const first = await as(IDENTITIES.districtGovernanceAnalyst);
    for (let request = 1; request <= 5; request += 1) {
      expect((await graphql({ query: '{ borderZones { id } }' }, first, gateway.url)).status).toBe(200);
    }
    const sixth = await graphql({ query: '{ borderZones { id } }' }, first, gateway.url);
    expect(sixth.status).toBe(429);
    expect(firstError(sixth)?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(firstError(sixth)?.message).toMatch(/^请求过于频繁：每个账号每分钟最多 5 次请求/);
    const retryAfter = Number(sixth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const other = await graphql(
      { query: '{ borderZones { id } }' },
      await as(IDENTITIES.communityAnalyst),
      gateway.url,
    );
    expect(other.status).toBe(200);
    expect(other.body.errors).toBeUndefined();
  });
});

const INTROSPECTION = '{ __schema { types { name } } }';

describe('introspection', () => {
  it('returns the schema to an analyst', async () => {
    const answer = await graphql({ query: INTROSPECTION }, await as(IDENTITIES.communityAnalyst));
    expect(answer.status).toBe(200);
    const types = (dataOf(answer).__schema as { types: { name: string }[] }).types.map((type) => type.name);
    expect(types).toContain('Incident');
  });

  it('rejects an auditor with 403', async () => {
    for (const query of [INTROSPECTION, '{ __type(name: "Resident") { fields { name } } }']) {
      const answer = await graphql({ query }, await as(IDENTITIES.auditor));
      expect(answer.status).toBe(403);
      expect(answer.body.data ?? undefined).toBeUndefined();
      expect(firstError(answer)?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'INTROSPECTION_FORBIDDEN' });
    }
  });

  it('rejects a commander with 403', async () => {
    // A commander may not write any query, so the persisted-operation rule rejects introspection first.
    const answer = await graphql({ query: INTROSPECTION }, await as(COMMUNITY_COMMANDER));
    expect(answer.status).toBe(403);
    expect(firstError(answer)?.extensions).toEqual({ code: 'FORBIDDEN', reason: 'PERSISTED_QUERY_REQUIRED' });
  });
});

describe('persisted operations', () => {
  const zones = 'query BorderZoneIds { borderZones { id } }';
  const persistedIntrospection = 'query SchemaTypes { __schema { types { name } } }';
  let gateway: RunningGateway;

  beforeAll(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'lianfang-persisted-'));
    cleanup.push(async () => rmSync(directory, { recursive: true, force: true }));
    const file = join(directory, 'persisted-operations.json');
    const manifest = { [operationHash(zones)]: zones, [operationHash(persistedIntrospection)]: persistedIntrospection };
    writeFileSync(file, JSON.stringify(manifest));
    gateway = await startSideGateway({ persistedOperationsFile: file });
  });

  const persisted = (hash: string, query?: string) => ({
    query,
    extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
  });

  it('runs a known hash and the exact text', async () => {
    const headers = await as(COMMUNITY_COMMANDER);
    for (const body of [persisted(operationHash(zones)), { query: zones }]) {
      const answer = await graphql(body, headers, gateway.url);
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect((dataOf(answer).borderZones as unknown[]).length).toBeGreaterThan(0);
    }
  });

  it('runs a known hash sent by GET', async () => {
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: operationHash(zones) } });
    const url = `${gateway.url}/graphql?extensions=${encodeURIComponent(extensions)}`;
    const headers = { ...(await as(COMMUNITY_COMMANDER)), 'apollo-require-preflight': 'true' };
    const answer = await call(url, { headers });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect((dataOf(answer).borderZones as unknown[]).length).toBeGreaterThan(0);
  });

  it('rejects a free query with 403', async () => {
    const answer = await graphql({ query: `${zones} ` }, await as(COMMUNITY_COMMANDER), gateway.url);
    expect(answer.status).toBe(403);
    expect(firstError(answer)?.extensions).toEqual({ code: 'FORBIDDEN', reason: 'PERSISTED_QUERY_REQUIRED' });
  });

  it('rejects an unknown hash with 400', async () => {
    const answer = await graphql(persisted('0'.repeat(64)), await as(COMMUNITY_COMMANDER), gateway.url);
    expect(answer.status).toBe(400);
    expect(firstError(answer)?.extensions).toEqual({ code: 'PERSISTED_QUERY_NOT_FOUND' });
  });

  it('rejects a persistedQuery without a hash', async () => {
    const body = { query: zones, extensions: { persistedQuery: { version: 1 } } };
    const answer = await graphql(body, await as(IDENTITIES.communityAnalyst), gateway.url);
    expect(answer.status).toBe(400);
    expect(firstError(answer)?.extensions).toEqual({ code: 'PERSISTED_QUERY_NOT_FOUND' });
  });

  it('rejects a hash with other text', async () => {
    const answer = await graphql(
      persisted(operationHash(zones), INTROSPECTION),
      await as(COMMUNITY_COMMANDER),
      gateway.url,
    );
    expect(answer.status).toBe(400);
    expect(firstError(answer)?.extensions).toEqual({ code: 'BAD_REQUEST', reason: 'PERSISTED_QUERY_HASH_MISMATCH' });
  });

  it('rejects persisted introspection by a commander', async () => {
    const answer = await graphql(
      persisted(operationHash(persistedIntrospection)),
      await as(COMMUNITY_COMMANDER),
      gateway.url,
    );
    expect(answer.status).toBe(403);
    expect(firstError(answer)?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'INTROSPECTION_FORBIDDEN' });
  });

  it('fails to start on a manifest with a wrong hash', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'lianfang-persisted-'));
    cleanup.push(async () => rmSync(directory, { recursive: true, force: true }));
    const file = join(directory, 'persisted-operations.json');
    writeFileSync(file, JSON.stringify({ [operationHash(zones)]: persistedIntrospection }));
    await expect(prepareGatewayAccess({ keyPair, logger, persistedOperationsFile: file })).rejects.toThrow(
      /does not match its hash/,
    );
  });
});

describe('declared purpose', () => {
  const invalid: [string, unknown][] = [
    ['one character', 'x'],
    ['101 characters', '案'.repeat(101)],
    ['a control character', 'case\u0007 118'],
    ['a number', 118],
    ['an object', { case: 118 }],
  ];

  it.each(invalid)('rejects %s with 400', async (_name, purpose) => {
    const answer = await graphql(
      { query: '{ borderZones { id } }', extensions: { purpose } },
      await as(IDENTITIES.districtPoliceAnalyst),
    );
    expect(answer.status).toBe(400);
    expect(firstError(answer)?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'extensions.purpose' });
  });

  it('accepts a case number', async () => {
    const answer = await graphql(
      { query: '{ borderZones { id } }', extensions: { purpose: PURPOSE } },
      await as(IDENTITIES.districtPoliceAnalyst),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
  });
});

describe('OIDC tokens', () => {
  const attributes = {
    sub: 'oidc-user-7f3a',
    name: '统一认证研判员',
    aud: OIDC_AUDIENCE,
    lianfang_level: 'COMMUNITY',
    lianfang_org_unit: COMMUNITY,
    lianfang_department: 'governance',
    lianfang_roles: ['analyst'],
  };

  it('accepts a token with the hub attributes', async () => {
    const headers = bearer(provider.issue(attributes));
    const me = await call(`${hub.gateway.url}/auth/me`, { headers });
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual({
      sub: 'oidc-user-7f3a',
      name: '统一认证研判员',
      level: 'COMMUNITY',
      orgUnit: COMMUNITY,
      department: 'governance',
      roles: ['analyst'],
    });
    const answer = await graphql({ query: RESIDENT_IDS }, headers);
    expect(answer.status).toBe(200);
    for (const idNumber of idNumbersOf(answer)) expect(idNumber).toContain('********');
  });

  const rejected: [string, () => string, string][] = [
    ['a wrong audience', () => provider.issue({ ...attributes, aud: 'another-app' }), 'TOKEN_INVALID'],
    ['a wrong issuer', () => provider.issue({ ...attributes, iss: 'http://127.0.0.1:1' }), 'TOKEN_INVALID'],
    ['no org unit', () => provider.issue({ ...attributes, lianfang_org_unit: undefined }), 'TOKEN_INVALID'],
    ['no roles', () => provider.issue({ ...attributes, lianfang_roles: undefined }), 'TOKEN_INVALID'],
    ['an unknown role', () => provider.issue({ ...attributes, lianfang_roles: ['admin'] }), 'TOKEN_INVALID'],
    ['a level its unit lacks', () => provider.issue({ ...attributes, lianfang_level: 'DISTRICT' }), 'TOKEN_INVALID'],
    ['an unpublished key', () => provider.issueWithUnknownKey(attributes, 'test-provider-2'), 'TOKEN_INVALID'],
    ['the published kid on another key', () => provider.issueWithUnknownKey(attributes, provider.kid), 'TOKEN_INVALID'],
    [
      'an expiry in the past',
      () => provider.issue({ ...attributes, iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }),
      'TOKEN_EXPIRED',
    ],
  ];

  it.each(rejected)('rejects %s with 401', async (_name, token, reason) => {
    const answer = await graphql({ query: '{ borderZones { id } }' }, bearer(token()));
    expect(answer.status).toBe(401);
    expect(firstError(answer)?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
  });
});
