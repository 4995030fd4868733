import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateClaimsKeyPair, type Identity } from '@lianfang/subgraph-kit';
import express from 'express';
import { createClient } from 'graphql-sse';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authenticator } from '../auth/authenticate.js';
import { LocalTokens } from '../auth/tokens.js';
import { LiveBroker } from './broker.js';
import { LIVE_CHANGES_SUBSCRIPTION } from './client.js';
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
