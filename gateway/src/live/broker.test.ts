import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Identity } from '@lianfang/subgraph-kit';
import { GraphQLError } from 'graphql';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChangeWatch } from '../change-watch.js';
import { LiveBroker, RESYNC_INTERVAL_MS } from './broker.js';
import { type LiveNotice, parseLiveNotice } from './notice.js';
import { LiveScope } from './scope.js';
import { type LiveChange, LiveStreamEnd, MAX_PENDING_CHANGES } from './subscription.js';

const logger = pino({ level: 'silent' });

const communityWorker: Identity = {
  sub: 'grid-1',
  name: '网格员',
  level: 'COMMUNITY',
  orgUnit: '320509001001',
  department: 'governance',
  roles: ['grid_worker'],
};
const districtCommander: Identity = { ...communityWorker, sub: 'cmd-1', level: 'DISTRICT', orgUnit: '320509' };

function notice(fields: Partial<LiveNotice>): LiveNotice {
  return {
    subgraph: 'governance',
    city: 'wujiang',
    kind: 'EVENT',
    action: 'INSERT',
    id: 'e1',
    eventId: undefined,
    orgUnits: ['320509001001'],
    department: undefined,
    status: 'REPORTED',
    category: 'ROAD_HAZARD',
    count: undefined,
    at: '2026-12-05T07:00:00.000Z',
    ...fields,
  };
}

/** Creates a broker fed by hand, with one subscription whose delivered changes it collects. */
function brokerWith(identity: Identity, kinds: LiveChange['kind'][] | null = null, gatewayCity = 'wujiang') {
  let publish: (notice: LiveNotice) => void = () => undefined;
  const broker = new LiveBroker(
    {
      onLive: (listener) => {
        publish = listener;
        return () => undefined;
      },
    },
    logger,
  );
  const subscription = broker.subscribe(new LiveScope(identity, gatewayCity), kinds);
  const received: LiveChange[] = [];
  const ends: LiveStreamEnd[] = [];
  let done = false;
  void (async () => {
    for await (const item of subscription) {
      if (item instanceof LiveStreamEnd) ends.push(item);
      else received.push(item);
    }
    done = true;
  })();
  // Lets the reader above take every queued change; each takes a few microtasks and no timer.
  const drain = async () => {
    for (let tick = 0; tick < 4 * MAX_PENDING_CHANGES; tick += 1) await Promise.resolve();
    return received;
  };
  return {
    broker,
    subscription,
    publish: (value: LiveNotice) => publish(value),
    drain,
    ends,
    isDone: () => done,
  };
}

describe('LiveBroker scope', () => {
  it('delivers units within jurisdiction only', async () => {
    const { publish, drain } = brokerWith(communityWorker);
    publish(notice({ id: 'other', orgUnits: ['320509001002'] }));
    publish(notice({ id: 'task', kind: 'TASK', eventId: 'e9', orgUnits: ['320509001001', '320509001'] }));

    const received = await drain();
    expect(received.map((change) => change.id)).toEqual(['task']);
    expect(received[0]?.orgUnits).toEqual(['320509001001']);
    expect(received[0]?.action).toBe('CREATED');
    expect(received[0]?.eventId).toBe('e9');
  });

  it('delivers every unit to a district', async () => {
    const { publish, drain } = brokerWith(districtCommander);
    publish(notice({ kind: 'TASK', action: 'UPDATE', orgUnits: ['320509001001', '320509001'] }));

    const [change] = await drain();
    expect(change?.orgUnits).toEqual(['320509001001', '320509001']);
    expect(change?.action).toBe('UPDATED');
  });

  it('gives a partner city nothing', async () => {
    const { publish, drain } = brokerWith(districtCommander, null, 'jiaxing');
    publish(notice({}));
    publish(notice({ action: 'BULK', orgUnits: [], count: 500 }));
    publish(notice({ city: undefined }));

    expect(await drain()).toEqual([]);
  });

  it('drops a notice without a city', async () => {
    const { publish, drain } = brokerWith(districtCommander);
    publish(notice({ city: undefined }));
    expect(await drain()).toEqual([]);
  });

  it('sends tasks of own department only', async () => {
    const fireStaff: Identity = { ...districtCommander, sub: 'fire-1', department: 'fire', roles: ['staff'] };
    const { publish, drain } = brokerWith(fireStaff);
    publish(notice({ id: 'police-task', kind: 'TASK', department: 'police', status: 'DISPATCHED' }));
    publish(notice({ id: 'unknown-task', kind: 'TASK', department: undefined }));
    publish(notice({ id: 'fire-task', kind: 'TASK', department: 'fire' }));
    publish(notice({ id: 'event' }));
    publish(notice({ id: 'incident', kind: 'INCIDENT' }));

    expect((await drain()).map((change) => change.id)).toEqual(['fire-task', 'event', 'incident']);
  });

  it('sends every task to governance', async () => {
    const { publish, drain } = brokerWith(districtCommander, ['TASK']);
    publish(notice({ id: 'police-task', kind: 'TASK', department: 'police' }));
    publish(notice({ id: 'fire-task', kind: 'TASK', department: 'fire' }));

    const received = await drain();
    expect(received.map((change) => change.id)).toEqual(['police-task', 'fire-task']);
    expect(received[0]?.department).toBe('police');
  });

  it('filters by kind', async () => {
    const { publish, drain } = brokerWith(districtCommander, ['INCIDENT']);
    publish(notice({ id: 'event' }));
    publish(notice({ id: 'incident', kind: 'INCIDENT' }));
    expect((await drain()).map((change) => change.id)).toEqual(['incident']);
  });
});

describe('LiveBroker resync', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends one RESYNC per interval', async () => {
    vi.useFakeTimers();
    const { publish, drain } = brokerWith(communityWorker);
    const bulk = notice({ action: 'BULK', id: undefined, orgUnits: [], count: 60 });
    publish(bulk);
    publish(bulk);
    publish(bulk);
    const received = await drain();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ kind: 'EVENT', action: 'RESYNC', id: null, orgUnits: [] });

    vi.advanceTimersByTime(RESYNC_INTERVAL_MS - 1);
    expect(await drain()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    // The two later bulk writes are announced together once the interval has passed.
    expect(await drain()).toHaveLength(2);
  });

  it('throttles each kind separately', async () => {
    vi.useFakeTimers();
    const { publish, drain } = brokerWith(communityWorker);
    publish(notice({ action: 'BULK', orgUnits: [] }));
    publish(notice({ kind: 'TASK', action: 'BULK', orgUnits: [] }));
    expect((await drain()).map((change) => change.kind)).toEqual(['EVENT', 'TASK']);
  });

  it('ends subscriptions on stop', async () => {
    const { broker, subscription, publish, drain } = brokerWith(communityWorker);
    broker.stop();
    publish(notice({}));
    expect(await drain()).toEqual([]);
    expect(subscription.ended).toBe(true);
    expect(broker.size).toBe(0);
  });
});

describe('LiveSubscription', () => {
  it('replaces an overflowing queue by RESYNC', async () => {
    const { publish, drain } = brokerWith(districtCommander, ['EVENT', 'TASK']);
    // The reader waits for the first change, so the queue fills with the next ones and overflows at the last.
    const last = MAX_PENDING_CHANGES + 1;
    for (let index = 0; index <= last; index += 1) publish(notice({ id: `e${index}` }));

    const received = await drain();
    expect(received[0]?.id).toBe('e0');
    expect(received.slice(1, 3).map((change) => [change.kind, change.action])).toEqual([
      ['EVENT', 'RESYNC'],
      ['TASK', 'RESYNC'],
    ]);
    expect(received.slice(3).map((change) => change.id)).toEqual([`e${last}`]);
  });

  it('ends with a final item', async () => {
    const { broker, subscription, publish, drain, ends, isDone } = brokerWith(districtCommander);
    // The reader takes the first change and waits, so the second is queued when the subscription ends.
    publish(notice({ id: 'e1' }));
    publish(notice({ id: 'e2' }));
    const final = new LiveStreamEnd(new GraphQLError('令牌已失效', { extensions: { code: 'UNAUTHENTICATED' } }));
    subscription.endWith(final);
    publish(notice({ id: 'e3' }));

    const received = await drain();
    expect(received.map((change) => change.id)).toEqual(['e1']);
    expect(ends).toEqual([final]);
    expect(isDone()).toBe(true);
    expect(subscription.ended).toBe(true);
    expect(broker.size).toBe(0);
  });

  it('hands the final item to a waiting reader', async () => {
    const { subscription, drain, ends, isDone } = brokerWith(districtCommander);
    await drain();
    const final = new LiveStreamEnd(new GraphQLError('登录已过期'));
    subscription.endWith(final);
    subscription.endWith(new LiveStreamEnd(new GraphQLError('second')));

    await drain();
    expect(ends).toEqual([final]);
    expect(isDone()).toBe(true);
  });
});

describe('parseLiveNotice', () => {
  it('reads a task notice', () => {
    const parsed = parseLiveNotice(
      'governance',
      JSON.stringify({
        schema: 'governance',
        kind: 'TASK',
        action: 'UPDATE',
        id: 't1',
        eventId: 'e1',
        orgUnits: ['320509001001', null],
        department: 'police',
        status: 'ACCEPTED',
        category: 'NOISE',
        city: 'wujiang',
        at: '2026-12-05T07:00:00.000Z',
      }),
    );
    expect(parsed).toMatchObject({ kind: 'TASK', id: 't1', eventId: 'e1', orgUnits: ['320509001001'] });
  });

  it.each([
    ['not JSON', '{'],
    ['an unknown kind', '{"schema":"governance","kind":"PERSON","action":"INSERT"}'],
    ['an unknown action', '{"schema":"governance","kind":"EVENT","action":"DELETE"}'],
    ['another schema', '{"schema":"police","kind":"EVENT","action":"INSERT"}'],
    ['a long org unit', `{"schema":"governance","kind":"EVENT","action":"INSERT","orgUnits":["${'1'.repeat(40)}"]}`],
  ])('rejects %s', (_case, data) => {
    expect(typeof parseLiveNotice('governance', data)).toBe('string');
  });
});

describe('ChangeWatch live events', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  async function watchGovernance() {
    const streams: ServerResponse[] = [];
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      streams.push(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const watch = new ChangeWatch({ governance: `http://127.0.0.1:${port}/graphql` }, logger);
    watch.start();
    cleanups.push(() => {
      watch.stop();
      server.closeAllConnections();
      server.close();
    });
    await expect.poll(() => streams.length).toBe(1);
    streams[0]?.write('event: ready\ndata: {"subgraph":"governance","city":"wujiang","watching":true}\n\n');
    await expect.poll(() => watch.status()).toEqual({ governance: true });
    return { watch, streams, server };
  }

  it('grows the epoch before listeners run', async () => {
    const { watch, streams } = await watchGovernance();
    const before = watch.snapshot();
    const seen: { notice: LiveNotice; current: boolean }[] = [];
    watch.onLive((notice) => seen.push({ notice, current: watch.isCurrent(['governance'], before) }));

    const data = { schema: 'governance', kind: 'EVENT', action: 'INSERT', id: 'e1', orgUnits: ['320509001001'] };
    streams[0]?.write(`event: live\ndata: ${JSON.stringify({ ...data, city: 'wujiang' })}\n\n`);
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]?.current).toBe(false);
    expect(seen[0]?.notice).toMatchObject({ id: 'e1', city: 'wujiang', kind: 'EVENT' });
  });

  it('drops a malformed live event', async () => {
    const { watch, streams } = await watchGovernance();
    const seen: LiveNotice[] = [];
    watch.onLive((notice) => seen.push(notice));

    streams[0]?.write('event: live\ndata: {"schema":"governance","kind":"BOGUS"}\n\n');
    streams[0]?.write('event: live\ndata: {"schema":"governance","kind":"EVENT","action":"INSERT","id":"ok"}\n\n');
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]?.id).toBe('ok');
  });

  it('announces BULK after a lost stream', async () => {
    const { watch, streams } = await watchGovernance();
    const seen: LiveNotice[] = [];
    watch.onLive((notice) => seen.push(notice));
    streams[0]?.write(
      'event: live\ndata: {"schema":"governance","kind":"TASK","action":"INSERT","city":"wujiang"}\n\n',
    );
    await expect.poll(() => seen.length).toBe(1);

    streams[0]?.write('event: state\ndata: {"watching":false}\n\n');
    await expect.poll(() => watch.status()).toEqual({ governance: false });
    streams[0]?.write('event: state\ndata: {"watching":true}\n\n');
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[1]).toMatchObject({ kind: 'TASK', action: 'BULK', city: 'wujiang' });
  });
});
