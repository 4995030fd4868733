import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeWatch, changesUrlOf } from './change-watch.js';
import { type CacheSlot, ResponseCache, responseCacheMiBFromEnv } from './response-cache.js';

const logger = pino({ level: 'silent' });

/** A loopback server whose `/changes` stream the test writes to; other paths return 404. */
async function startStreamServer(): Promise<{ url: string; streams: ServerResponse[]; server: Server }> {
  const streams: ServerResponse[] = [];
  const server = createServer((request, response) => {
    if (request.url !== '/changes') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    streams.push(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, streams, server };
}

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

async function watchOne(): Promise<{ watch: ChangeWatch; streams: ServerResponse[]; server: Server }> {
  const { url, streams, server } = await startStreamServer();
  const watch = new ChangeWatch({ police: url }, logger);
  watch.start();
  cleanups.push(() => {
    watch.stop();
    server.closeAllConnections();
    server.close();
  });
  await expect.poll(() => streams.length).toBe(1);
  return { watch, streams, server };
}

describe('ChangeWatch', () => {
  it('watches a subgraph once its stream says ready, and sees each change', async () => {
    const { watch, streams } = await watchOne();
    expect(watch.isCurrent(['police'], watch.snapshot())).toBe(false);

    streams[0]?.write('event: ready\ndata: {"subgraph":"police","watching":true}\n\n');
    await expect.poll(() => watch.status()).toEqual({ police: true });
    const before = watch.snapshot();
    expect(watch.isCurrent(['police'], before)).toBe(true);

    streams[0]?.write('event: change\ndata: {"table":"police.incidents"}\n\n');
    await expect.poll(() => watch.isCurrent(['police'], before)).toBe(false);
    expect(watch.isCurrent(['police'], watch.snapshot())).toBe(true);
  });

  it('counts a subgraph unwatched while its database connection is lost', async () => {
    const { watch, streams } = await watchOne();
    streams[0]?.write('event: ready\ndata: {"watching":true}\n\n');
    await expect.poll(() => watch.status()).toEqual({ police: true });

    streams[0]?.write('event: state\ndata: {"watching":false}\n\n');
    await expect.poll(() => watch.status()).toEqual({ police: false });
    expect(watch.snapshot().get('police')).toBeUndefined();
    expect(watch.isCurrent(['police'], watch.snapshot())).toBe(false);

    const back = watch.snapshot();
    streams[0]?.write('event: state\ndata: {"watching":true}\n\n');
    await expect.poll(() => watch.status()).toEqual({ police: true });
    expect(watch.isCurrent(['police'], back)).toBe(false);
  });

  it('takes a malformed state for not watching', async () => {
    const { watch, streams } = await watchOne();
    streams[0]?.write('event: ready\ndata: {"watching":true}\n\n');
    await expect.poll(() => watch.status()).toEqual({ police: true });
    streams[0]?.write('event: state\ndata: not json\n\n');
    await expect.poll(() => watch.status()).toEqual({ police: false });
  });

  it('opens a lost stream again and treats everything before as changed', async () => {
    const { watch, streams } = await watchOne();
    streams[0]?.write('event: ready\ndata: {"watching":true}\n\n');
    await expect.poll(() => watch.status()).toEqual({ police: true });
    const before = watch.snapshot();

    streams[0]?.end();
    await expect.poll(() => watch.status()).toEqual({ police: false });
    await expect.poll(() => streams.length, { timeout: 5_000 }).toBe(2);
    streams[1]?.write('event: ready\ndata: {"watching":true}\n\n');
    await expect.poll(() => watch.status()).toEqual({ police: true });
    expect(watch.isCurrent(['police'], before)).toBe(false);
    expect(watch.isCurrent(['police'], watch.snapshot())).toBe(true);
  });

  it('never watches a subgraph without a change stream', async () => {
    const { server } = await startStreamServer();
    const { port } = server.address() as AddressInfo;
    const watch = new ChangeWatch({ other: `http://127.0.0.1:${port}/elsewhere/graphql` }, logger);
    watch.start();
    cleanups.push(() => {
      watch.stop();
      server.close();
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(watch.status()).toEqual({ other: false });
    expect(watch.isCurrent(['other'], watch.snapshot())).toBe(false);
  });

  it('marks subgraphs changed on request and tells listeners', async () => {
    const { watch, streams } = await watchOne();
    streams[0]?.write('event: ready\ndata: {"watching":true}\n\n');
    await expect.poll(() => watch.status()).toEqual({ police: true });
    const changed: string[] = [];
    watch.onChange((name) => changed.push(name));
    const before = watch.snapshot();
    watch.markChanged(['police']);
    expect(changed).toEqual(['police']);
    expect(watch.isCurrent(['police'], before)).toBe(false);
    expect(watch.isCurrent([], before)).toBe(true);
  });
});

describe('changesUrlOf', () => {
  it('puts the stream next to the GraphQL endpoint', () => {
    expect(changesUrlOf('http://127.0.0.1:4102/graphql')).toBe('http://127.0.0.1:4102/changes');
    expect(changesUrlOf('http://127.0.0.1:80/police/graphql/')).toBe('http://127.0.0.1/police/changes');
  });
});

describe('ResponseCache', () => {
  async function watchedCache(maxBytes = 10_000) {
    const { watch, streams } = await watchOne();
    streams[0]?.write('event: ready\ndata: {"watching":true}\n\n');
    await expect.poll(() => watch.status()).toEqual({ police: true });
    const cache = new ResponseCache(watch, maxBytes);
    cleanups.push(() => cache.stop());
    return { watch, cache };
  }
  const slot = (watch: ChangeWatch, changes: Partial<CacheSlot> = {}): CacheSlot => ({
    epochs: watch.snapshot(),
    subgraphs: ['police'],
    cacheable: true,
    operationName: 'Q',
    ...changes,
  });
  const body = Buffer.from('{"data":{}}');

  it('keeps an answer until its subgraph changes', async () => {
    const { watch, cache } = await watchedCache();
    expect(cache.store('k', slot(watch), body, [['content-type', 'application/json']])).toBe(true);
    expect(cache.get('k')?.body.toString()).toBe('{"data":{}}');
    watch.markChanged(['police']);
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('refuses an answer whose data changed while it was built', async () => {
    const { watch, cache } = await watchedCache();
    const started = slot(watch);
    watch.markChanged(['police']);
    expect(cache.store('k', started, body, [])).toBe(false);
    expect(cache.get('k')).toBeUndefined();
  });

  it('rejects uncacheable, unplanned or unwatched responses', async () => {
    const { watch, cache } = await watchedCache();
    expect(cache.store('a', slot(watch, { cacheable: false }), body, [])).toBe(false);
    expect(cache.store('b', slot(watch, { subgraphs: undefined }), body, [])).toBe(false);
    expect(cache.store('c', slot(watch, { subgraphs: ['police', 'housing'] }), body, [])).toBe(false);
  });

  it('refuses an answer larger than a quarter of the cache', async () => {
    const { watch, cache } = await watchedCache(4_000);
    expect(cache.store('big', slot(watch), Buffer.alloc(2_000, 32), [])).toBe(false);
    expect(cache.store('small', slot(watch), Buffer.alloc(100, 32), [])).toBe(true);
  });

  it('keys requests by body and by the headers that change an answer', async () => {
    const { cache } = await watchedCache();
    const query = Buffer.from('{"query":"{ a }"}');
    const key = cache.keyOf(query, {});
    expect(cache.keyOf(Buffer.from('{"query":"{ a }"}'), {})).toBe(key);
    expect(cache.keyOf(query, { authorization: 'Bearer x' })).not.toBe(key);
    expect(cache.keyOf(query, { acceptLanguage: 'en' })).not.toBe(key);
    expect(cache.keyOf(query, { accept: 'application/graphql-response+json' })).not.toBe(key);
    expect(cache.keyOf(query, { authorization: 'a', acceptLanguage: 'b' })).not.toBe(
      cache.keyOf(query, { authorization: 'a","b', acceptLanguage: '' }),
    );
  });
});

describe('responseCacheMiBFromEnv', () => {
  it('reads the size and defaults to 64 MiB', () => {
    expect(responseCacheMiBFromEnv({})).toBe(64);
    expect(responseCacheMiBFromEnv({ LIANFANG_RESPONSE_CACHE_MIB: '0' })).toBe(0);
    expect(responseCacheMiBFromEnv({ LIANFANG_RESPONSE_CACHE_MIB: '256' })).toBe(256);
  });

  it.each(['-1', '1.5', 'lots', '99999'])('rejects %s', (value) => {
    expect(() => responseCacheMiBFromEnv({ LIANFANG_RESPONSE_CACHE_MIB: value })).toThrow(
      `LIANFANG_RESPONSE_CACHE_MIB must be a whole number of MiB from 0 to 16384, not "${value}".`,
    );
  });
});
