/**
 * A subgraph's change stream at GET /changes: its own schema's committed writes as server-sent events, nothing of
 * other departments, a bounded number of open streams, and only for callers with gateway claims.
 */

import { housingSubgraph } from '@lianfang/subgraph-housing';
import { MAX_STREAMS } from '@lianfang/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsHeaders } from '../support/access.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { startTestSubgraph, type TestSubgraph } from './support.js';

let handle: TestDatabase;
let subgraph: TestSubgraph;
let changesUrl: string;

beforeAll(async () => {
  handle = await openTestDatabase('seeded');
  subgraph = await startTestSubgraph(housingSubgraph, handle.database);
  changesUrl = subgraph.url.replace(/\/graphql$/, '/changes');
});

afterAll(async () => {
  await subgraph?.stop();
  await handle?.dispose();
});

/** Opens the stream and collects its events as `name data` lines until `close` is called. */
async function openStream(): Promise<{ status: number; events: string[]; close(): void }> {
  const abort = new AbortController();
  const response = await fetch(changesUrl, { signal: abort.signal, headers: await claimsHeaders() });
  const events: string[] = [];
  if (response.ok && response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (name) events.push(`${name} ${data}`);
            end = buffer.indexOf('\n\n');
          }
        }
      } catch {
        // The test closed the stream.
      }
    })();
  } else {
    await response.body?.cancel();
  }
  return { status: response.status, events, close: () => abort.abort() };
}

describe('change stream', () => {
  it('announces its own schema and nothing of others', async () => {
    const stream = await openStream();
    try {
      expect(stream.status).toBe(200);
      await expect.poll(() => stream.events).toEqual(['ready {"subgraph":"housing","watching":true}']);

      await handle.database.query('UPDATE police.addresses SET text = text WHERE false');
      await handle.database.query('UPDATE housing.rentals SET tenants = tenants WHERE false');
      await expect
        .poll(() => stream.events)
        .toEqual(['ready {"subgraph":"housing","watching":true}', 'change {"table":"housing.rentals"}']);
    } finally {
      stream.close();
    }
  });

  it('forwards live notices of its schema', async () => {
    const stream = await openStream();
    try {
      await expect.poll(() => stream.events.length).toBe(1);
      await handle.database.notify('lianfang_live', 'not json');
      await handle.database.notify('lianfang_live', '["housing"]');
      await handle.database.notify('lianfang_live', JSON.stringify({ schema: 'police', kind: 'INCIDENT', id: 'i1' }));
      await handle.database.notify('lianfang_live', JSON.stringify({ schema: 'housing', kind: 'EVENT', id: 'h1' }));

      await expect.poll(() => stream.events.length).toBe(2);
      const [name, data] = (stream.events[1] as string).split(' ');
      expect(name).toBe('live');
      const forwarded = JSON.parse(data as string) as Record<string, unknown>;
      expect(forwarded).toMatchObject({ schema: 'housing', kind: 'EVENT', id: 'h1', city: 'wujiang' });
      expect(Number.isNaN(Date.parse(forwarded.at as string))).toBe(false);
    } finally {
      stream.close();
    }
  });

  it('rejects a stream without gateway claims', async () => {
    const response = await fetch(changesUrl);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('rejects streams beyond the limit with 503', async () => {
    const streams = await Promise.all(Array.from({ length: MAX_STREAMS }, () => openStream()));
    try {
      expect(streams.every((stream) => stream.status === 200)).toBe(true);
      const response = await fetch(changesUrl, { headers: await claimsHeaders() });
      expect(response.status).toBe(503);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe('TOO_MANY_STREAMS');
      expect(body.errors[0]?.message).toBe('变更推送连接数已达上限（64 个），请稍后重试');
    } finally {
      for (const stream of streams) stream.close();
    }
    // Closed streams free their places.
    const reopen = async () => {
      const stream = await openStream();
      stream.close();
      return stream.status;
    };
    await expect.poll(reopen, { timeout: 5_000 }).toBe(200);
  });
});
