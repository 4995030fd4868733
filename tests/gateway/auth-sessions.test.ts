/**
 * Local login tokens after login: logout revokes a token at every gateway on the database, and a disabled or
 * deleted account or a password change ends it. Failed logins lock a user name per client address, with a looser
 * limit per address across user names. Clients connect from several loopback addresses (127.0.0.2 …), so the
 * gateway gets different client addresses.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, workspaceRoot } from '@lianfang/db';
import {
  AccountStore,
  DEMO_PASSWORD,
  demoAccounts,
  prepareGatewayAccess,
  type RunningGateway,
  startGateway,
} from '@lianfang/gateway';
import { CITIES, type RunningHub, startHub } from '@lianfang/hub';
import { type ClaimsKeyPair, type Identity, loadOrCreateKeyPair } from '@lianfang/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITIES } from '../support/access.js';
import { copyTemplate } from '../support/database.js';
import { nowSeconds, privateKeyOf, signJwt } from './oidc-provider.js';

const logger = createLogger('test');

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: {
    errors?: { message: string; extensions?: { code?: string; reason?: string } }[];
    token?: string;
    expiresAt?: string;
    user?: Identity;
  };
}

let hub: RunningHub;
let keyPair: ClaimsKeyPair;
/** A second gateway on the hub's database that caches no token state, as another replica would be after its cache expired. */
let replica: RunningGateway;
let cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const copy = await copyTemplate('seeded');
  cleanup.push(() => copy.remove());
  const keysDir = mkdtempSync(join(tmpdir(), 'lianfang-keys-'));
  cleanup.push(async () => rmSync(keysDir, { recursive: true, force: true }));
  hub = await startHub({
    city: CITIES.wujiang,
    demo: { incidentsPerYear: 300, addressesPerCommunity: 1 },
    database: { databaseUrl: copy.env.DATABASE_URL || undefined, dataDir: copy.env.LIANFANG_DATA_DIR, poolSize: 4 },
    port: 0,
    subgraphPortBase: 0,
    keysDir,
    rateLimitPerMinute: 0,
    responseCacheMiB: 0,
    logger,
  });
  cleanup.unshift(() => hub.stop());
  keyPair = await loadOrCreateKeyPair(keysDir, CITIES.wujiang.id);
  const access = await prepareGatewayAccess({
    keyPair,
    database: hub.database,
    logger,
    rateLimitPerMinute: 0,
    tokenCheckCacheSeconds: 0,
  });
  replica = await startGateway({
    supergraphSdl: readFileSync(join(workspaceRoot, 'gateway', 'supergraph.graphql'), 'utf8'),
    subgraphUrls: Object.fromEntries([...hub.subgraphs].map(([name, running]) => [name, running.url])),
    port: 0,
    logger,
    responseCacheMiB: 0,
    access,
  });
  cleanup.unshift(() => replica.stop());
}, 240_000);

afterAll(async () => {
  for (const step of cleanup) await step();
  cleanup = [];
});

/**
 * Sends a request with node:http so the client socket can bind `from`, a loopback address other than 127.0.0.1.
 * Linux routes all of 127.0.0.0/8 to the loopback interface.
 */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown; from?: string } = {},
): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      {
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        headers: { 'content-type': 'application/json', ...options.headers },
        localAddress: options.from ?? '127.0.0.1',
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? JSON.parse(text) : {} });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

function login(username: string, password: string, from?: string): Promise<Answer> {
  return send(`${hub.gateway.url}/auth/login`, { body: { username, password }, from });
}

function bearer(token: string | undefined): Record<string, string> {
  return { authorization: `Bearer ${token ?? ''}` };
}

function me(token: string | undefined, gatewayUrl = hub.gateway.url): Promise<Answer> {
  return send(`${gatewayUrl}/auth/me`, { headers: bearer(token) });
}

function logout(token: string | undefined): Promise<Answer> {
  return send(`${hub.gateway.url}/auth/logout`, { method: 'POST', headers: bearer(token) });
}

function firstError(answer: Answer) {
  return answer.body.errors?.[0];
}

/** Logs in with the demo password and returns the token, failing the test when the login fails. */
async function tokenOf(username: string): Promise<string> {
  const answer = await login(username, DEMO_PASSWORD);
  expect(answer.status).toBe(200);
  return answer.body.token ?? '';
}

describe('logout', () => {
  it('revokes the token at every gateway', async () => {
    const first = await login('community.analyst', DEMO_PASSWORD);
    const second = await tokenOf('community.analyst');
    expect((await me(first.body.token)).status).toBe(200);

    const answer = await logout(first.body.token);
    expect(answer.status).toBe(204);

    for (const gatewayUrl of [hub.gateway.url, replica.url]) {
      const after = await me(first.body.token, gatewayUrl);
      expect(after.status).toBe(401);
      expect(firstError(after)?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      expect(firstError(after)?.message).toBe('登录令牌已失效（已退出登录或密码已更改），请重新登录');
    }
    const graphql = await send(`${hub.gateway.url}/graphql`, {
      headers: bearer(first.body.token),
      body: { query: '{ borderZones { id } }' },
    });
    expect(graphql.status).toBe(401);
    expect(firstError(graphql)?.extensions?.reason).toBe('TOKEN_REVOKED');

    const otherSession = await me(second);
    expect(otherSession.status).toBe(200);
    expect(otherSession.body.user?.sub).toBe('community.analyst');
  });

  it('stores the revocation until the token expires', async () => {
    const answer = await login('street.commander', DEMO_PASSWORD);
    expect((await logout(answer.body.token)).status).toBe(204);

    const { rows } = await hub.database.query<{ username: string; expires_at: Date }>(
      "SELECT username, expires_at FROM access.revoked_tokens WHERE username = 'street.commander'",
    );
    expect(rows).toHaveLength(1);
    expect(Math.floor(new Date(rows[0]?.expires_at ?? 0).getTime() / 1000)).toBe(
      Math.floor(Date.parse(answer.body.expiresAt ?? '') / 1000),
    );
  });

  it('rejects a second logout with the same token', async () => {
    const token = await tokenOf('community.commander');
    expect((await logout(token)).status).toBe(204);

    const again = await logout(token);

    expect(again.status).toBe(401);
    expect(firstError(again)?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
  });

  it('rejects a logout without a token', async () => {
    const answer = await send(`${hub.gateway.url}/auth/logout`, { method: 'POST' });
    expect(answer.status).toBe(401);
    expect(firstError(answer)?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' });
  });
});

/** Signs a login token for `username` with the hub's key, issued `ageSeconds` ago, as a password login would. */
function loginToken(username: string, ageSeconds: number, claims: Record<string, unknown> = {}): string {
  const account = demoAccounts('320509').find((candidate) => candidate.sub === username);
  const issuedAt = nowSeconds() - ageSeconds;
  return signJwt(
    privateKeyOf(keyPair.privateJwk),
    { kid: `${keyPair.city}-login` },
    {
      identity: account,
      iss: keyPair.city,
      aud: 'lianfang-gateway',
      sub: username,
      jti: randomUUID(),
      amr: ['pwd'],
      iat: issuedAt,
      exp: issuedAt + 36_000,
      ...claims,
    },
  );
}

describe('account state', () => {
  it('ends the tokens of a disabled account', async () => {
    const token = await tokenOf('utilities.staff');
    expect((await me(token, replica.url)).status).toBe(200);

    await hub.database.query("UPDATE access.accounts SET disabled = true WHERE username = 'utilities.staff'");

    const answer = await me(token, replica.url);
    expect(answer.status).toBe(401);
    expect(firstError(answer)?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'ACCOUNT_DISABLED' });
    expect(firstError(answer)?.message).toBe('该账号已停用或已删除，无法继续使用；如有疑问请联系管理员');
    expect((await login('utilities.staff', DEMO_PASSWORD)).status).toBe(401);
  });

  it('ends the tokens of a deleted account', async () => {
    const token = await tokenOf('grid.worker');
    expect((await me(token, replica.url)).status).toBe(200);

    await hub.database.query("DELETE FROM access.accounts WHERE username = 'grid.worker'");

    const answer = await me(token, replica.url);
    expect(answer.status).toBe(401);
    expect(firstError(answer)?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'ACCOUNT_DISABLED' });
  });

  it('keeps hub tokens of identities without an account', async () => {
    const answer = await me(await hub.issueToken(IDENTITIES.districtPoliceAnalyst), replica.url);
    expect(answer.status).toBe(200);
    expect(answer.body.user?.sub).toBe('test.police.analyst');
  });

  it('ends tokens issued before a password change', async () => {
    await hub.database.query(
      "UPDATE access.accounts SET password_changed_at = now() - interval '1 hour' WHERE username = 'fire.staff'",
    );
    const older = loginToken('fire.staff', 60);
    expect((await me(older, replica.url)).status).toBe(200);
    const account = demoAccounts('320509').find((candidate) => candidate.sub === 'fire.staff');
    if (!account) throw new Error('demo account fire.staff not found');

    await new AccountStore(hub.database, logger).save(account, 'a-new-password-2026');

    const answer = await me(older, replica.url);
    expect(answer.status).toBe(401);
    expect(firstError(answer)?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    // A login right after the change, within the same second, gets a token that works.
    const fresh = await login('fire.staff', 'a-new-password-2026');
    expect(fresh.status).toBe(200);
    expect((await me(fresh.body.token, replica.url)).status).toBe(200);
  });

  it('rejects a login token without jti', async () => {
    const answer = await me(loginToken('market.staff', 60, { jti: undefined }), replica.url);
    expect(answer.status).toBe(401);
    expect(firstError(answer)?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
  });
});

describe('failed logins', () => {
  it('lock a user name at one address only', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await login('market.staff', `wrong-password-${attempt}`, '127.0.0.2')).status).toBe(401);
    }

    const sixth = await login('market.staff', 'wrong-password-6', '127.0.0.2');
    expect(sixth.status).toBe(429);
    expect(firstError(sixth)?.extensions).toEqual({ code: 'RATE_LIMITED', reason: 'TOO_MANY_FAILED_LOGINS' });
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(800);
    expect((await login('market.staff', DEMO_PASSWORD, '127.0.0.2')).status).toBe(429);

    const otherAddress = await login('market.staff', DEMO_PASSWORD, '127.0.0.3');
    expect(otherAddress.status).toBe(200);
    expect(otherAddress.body.user?.sub).toBe('market.staff');
    expect((await login('housing.staff', DEMO_PASSWORD, '127.0.0.2')).status).toBe(200);
  });

  it('lock an address after 20 failures across names', async () => {
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      const answer = await login(`guess.user${attempt}`, 'wrong-password', '127.0.0.4');
      expect(answer.status).toBe(401);
      expect(firstError(answer)?.extensions?.reason).toBe('INVALID_CREDENTIALS');
    }

    const blocked = await login('district.analyst', DEMO_PASSWORD, '127.0.0.4');
    expect(blocked.status).toBe(429);
    expect(firstError(blocked)?.extensions).toEqual({
      code: 'RATE_LIMITED',
      reason: 'TOO_MANY_FAILED_LOGINS_FROM_ADDRESS',
    });
    expect(firstError(blocked)?.message).toMatch(/^来自该网络地址的登录失败次数过多，请 \d+ 分钟后再试$/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);

    expect((await login('district.analyst', DEMO_PASSWORD, '127.0.0.5')).status).toBe(200);
  });
});
