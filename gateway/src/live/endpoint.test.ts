import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '@lianfang/db';
import { generateClaimsKeyPair, type Identity } from '@lianfang/subgraph-kit';
import express from 'express';
import { createClient } from 'graphql-sse';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authenticator } from '../auth/authenticate.js';
import { LocalTokenChecks } from '../auth/token-checks.js';
import { LocalTokens } from '../auth/tokens.js';
import { LiveBroker } from './broker.js';
import { LIVE_CHANGES_SUBSCRIPTION, type LiveResultError, LiveStreamError, openLiveStream } from './client.js';
import { LIVE_PATH, mountLiveEndpoint } from './endpoint.js';
import type { LiveNotice } from './notice.js';
import type { LiveChange } from './subscription.js';

const logger = pino({ level: 'silent' });
const worker: Identity = {
  sub: 'grid-1',
  name: '网格员',
  level: 'COMMUNITY',
  orgUnit: '320509001001',
  department: 'governance',
  roles: ['grid_worker'],
};

let server: Server;
let baseUrl: string;
let token: string;
let broker: LiveBroker;
let publish: (notice: LiveNotice) => void = () => undefined;

beforeAll(async () => {
  const pair = await generateClaimsKeyPair('wujiang');
  const tokens = await LocalTokens.of('wujiang', pair.privateJwk, pair.publicJwk);
  token = (await tokens.issue(worker)).token;
  broker = new LiveBroker(
    {
      onLive: (listener) => {
        publish = listener;
        return () => undefined;
      },
    },
    logger,
  );
  const app = express();
  mountLiveEndpoint(app, {
    broker,
    authenticator: new Authenticator(tokens),
    rateLimitPerMinute: 0,
    city: 'wujiang',
    logger,
  });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  broker.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function eventNotice(id: string, orgUnit: string): LiveNotice {
  return {
    subgraph: 'governance',
    city: 'wujiang',
    kind: 'EVENT',
    action: 'INSERT',
    id,
    eventId: undefined,
    orgUnits: [orgUnit],
    department: undefined,
    status: 'REPORTED',
    category: 'NOISE',
    count: undefined,
    at: '2026-12-05T07:00:00.000Z',
  };
}

describe('live endpoint with graphql-sse client', () => {
  it('streams changes in scope', async () => {
    const client = createClient({
      url: `${baseUrl}${LIVE_PATH}`,
      headers: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const received: LiveChange[] = [];
    let connected = false;
    const dispose = client.subscribe<{ liveChanges: LiveChange }>(
      { query: LIVE_CHANGES_SUBSCRIPTION, variables: { kinds: ['EVENT'] } },
      {
        next: (result) => {
          if (result.data) received.push(result.data.liveChanges);
        },
        error: () => undefined,
        complete: () => undefined,
      },
      {
        connected: () => {
          connected = true;
        },
      },
    );
    try {
      await expect.poll(() => connected && broker.size === 1).toBe(true);
      publish(eventNotice('elsewhere', '320509002001'));
      publish(eventNotice('own', '320509001001001'));

      await expect.poll(() => received.length).toBe(1);
      expect(received[0]).toEqual({
        kind: 'EVENT',
        action: 'CREATED',
        id: 'own',
        eventId: null,
        orgUnits: ['320509001001001'],
        department: null,
        status: 'REPORTED',
        category: 'NOISE',
        at: '2026-12-05T07:00:00.000Z',
      });
    } finally {
      dispose();
      client.dispose();
    }
    await expect.poll(() => broker.size).toBe(0);
  });

  it('rejects a wrong token with 401', async () => {
    const response = await fetch(`${baseUrl}${LIVE_PATH}`, {
      method: 'POST',
      headers: { authorization: 'Bearer nonsense', accept: 'text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify({ query: LIVE_CHANGES_SUBSCRIPTION }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it.each([
    ['a request without Accept', 'POST', 'application/json', undefined, 406],
    ['a form body', 'POST', 'application/x-www-form-urlencoded', 'text/event-stream', 415],
    ['DELETE', 'DELETE', 'application/json', 'text/event-stream', 405],
  ])('rejects %s', async (_case, method, contentType, accept, status) => {
    const response = await fetch(`${baseUrl}${LIVE_PATH}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': contentType,
        ...(accept ? { accept } : {}),
      },
      body: JSON.stringify({ query: LIVE_CHANGES_SUBSCRIPTION }),
    });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(response.status).toBe(status);
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
  });

  it('streams over GET', async () => {
    const url = new URL(`${baseUrl}${LIVE_PATH}`);
    url.searchParams.set('query', 'subscription { liveChanges { id } }');
    const abort = new AbortController();
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    abort.abort();
  });
});

/** Token states a fake `access` schema returns to `LocalTokenChecks`. */
const revokedTokenIds = new Set<string>();
const disabledUsers = new Set<string>();

const accessDatabase = {
  query: async (_sql: string, params: readonly unknown[] = []) => {
    const [tokenId, username] = params as [string, string];
    return {
      rows: [{ revoked: revokedTokenIds.has(tokenId), disabled: disabledUsers.has(username), password_changed: false }],
      rowCount: 1,
    };
  },
} as unknown as Database;

/** Interval of the token checks below; short, so a revoked stream ends within a test. */
const CHECK_INTERVAL_MS = 50;

describe('live endpoint token checks', () => {
  let checkedServer: Server;
  let checkedUrl: string;
  let checkedBroker: LiveBroker;
  let tokens: LocalTokens;

  beforeAll(async () => {
    const pair = await generateClaimsKeyPair('wujiang');
    tokens = await LocalTokens.of('wujiang', pair.privateJwk, pair.publicJwk);
    checkedBroker = new LiveBroker({ onLive: () => () => undefined }, logger);
    const app = express();
    mountLiveEndpoint(app, {
      broker: checkedBroker,
      // Without a cache, each check reads the fake database above.
      authenticator: new Authenticator(tokens, undefined, new LocalTokenChecks(accessDatabase, 0)),
      rateLimitPerMinute: 0,
      city: 'wujiang',
      tokenCheckIntervalMs: CHECK_INTERVAL_MS,
      logger,
    });
    checkedServer = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    checkedUrl = `http://127.0.0.1:${(checkedServer.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    checkedBroker.stop();
    checkedServer.closeAllConnections();
    await new Promise((resolve) => checkedServer.close(resolve));
  });

  /** Opens a stream for `identity` with a fresh token, and collects the errors of its last result. */
  async function open(identity: Identity) {
    const issued = await tokens.issue(identity);
    const errors: LiveResultError[] = [];
    const stream = await openLiveStream({
      gatewayUrl: checkedUrl,
      headers: { authorization: `Bearer ${issued.token}` },
      onChange: () => undefined,
      onErrors: (received) => errors.push(...received),
    });
    let ended = false;
    void stream.closed.then(() => {
      ended = true;
    });
    return { tokenId: issued.id, stream, errors, isEnded: () => ended };
  }

  it('ends a revoked stream only', async () => {
    const revoked = await open({ ...worker, sub: 'grid-revoked' });
    const kept = await open({ ...worker, sub: 'grid-kept' });
    try {
      await expect.poll(() => checkedBroker.size).toBe(2);
      revokedTokenIds.add(revoked.tokenId);

      await expect.poll(revoked.isEnded).toBe(true);
      expect(revoked.errors).toHaveLength(1);
      expect(revoked.errors[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      expect(revoked.errors[0]?.message).toMatch(/^实时推送已中断：登录令牌已失效/);
      // Several intervals later, the other token's stream is still open.
      await new Promise((resolve) => setTimeout(resolve, 4 * CHECK_INTERVAL_MS));
      expect(kept.isEnded()).toBe(false);
      expect(kept.errors).toEqual([]);
      expect(checkedBroker.size).toBe(1);
    } finally {
      revoked.stream.close();
      kept.stream.close();
    }
  });

  it('ends the stream of a disabled account', async () => {
    const stream = await open({ ...worker, sub: 'grid-disabled' });
    try {
      disabledUsers.add('grid-disabled');
      await expect.poll(stream.isEnded).toBe(true);
      expect(stream.errors[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'ACCOUNT_DISABLED' });
    } finally {
      stream.stream.close();
    }
  });

  it('rejects the video feed account with 403', async () => {
    const feed: Identity = {
      ...worker,
      sub: 'video.feed',
      level: 'DISTRICT',
      orgUnit: '320509',
      roles: ['video_feed'],
    };
    const rejection = await open(feed).catch((error: unknown) => error);
    expect(rejection).toBeInstanceOf(LiveStreamError);
    expect((rejection as LiveStreamError).status).toBe(403);
    const body = JSON.parse((rejection as LiveStreamError).body) as LiveErrorBody;
    expect(body.errors[0]?.extensions).toEqual({ code: 'FORBIDDEN', reason: 'SERVICE_ACCOUNT_OPERATION' });
    expect(body.errors[0]?.message).toContain('视频告警');
  });
});

interface LiveErrorBody {
  errors: { message: string; extensions: Record<string, unknown> }[];
}
