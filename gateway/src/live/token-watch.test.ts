import type { Identity } from '@lianfang/subgraph-kit';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Authenticator } from '../auth/authenticate.js';
import { TokenError } from '../auth/tokens.js';
import { LiveScope } from './scope.js';
import { type LiveItem, LiveStreamEnd, LiveSubscription } from './subscription.js';
import { StreamTokenWatch } from './token-watch.js';

const logger = pino({ level: 'silent' });
const INTERVAL_MS = 1000;

const worker: Identity = {
  sub: 'grid-1',
  name: '网格员',
  level: 'COMMUNITY',
  orgUnit: '320509001001',
  department: 'governance',
  roles: ['grid_worker'],
};

/** Creates an authenticator that succeeds, or throws `state.failure` once the test sets it. */
function fakeAuthenticator() {
  const state: { failure: Error | undefined; calls: number } = { failure: undefined, calls: 0 };
  const authenticator = {
    authenticate: async () => {
      state.calls += 1;
      if (state.failure) throw state.failure;
      return { identity: worker };
    },
  } as unknown as Authenticator;
  return { authenticator, state };
}

function watchWith(authenticator: Authenticator, expiresAt?: Date) {
  return new StreamTokenWatch({
    authenticator,
    authorization: 'Bearer token',
    expiresAt,
    intervalMs: INTERVAL_MS,
    sub: worker.sub,
    logger,
  });
}

/** Takes the subscription's items without waiting for more than are queued. */
async function queuedItems(subscription: LiveSubscription): Promise<LiveItem[]> {
  const items: LiveItem[] = [];
  for (;;) {
    const result = await subscription.next();
    if (result.done) return items;
    items.push(result.value);
  }
}

function finalError(items: LiveItem[]) {
  const last = items.at(-1);
  return last instanceof LiveStreamEnd ? last.error : undefined;
}

function newSubscription(): LiveSubscription {
  return new LiveSubscription(new LiveScope(worker, 'wujiang'), new Set(['EVENT']), () => undefined);
}

describe('StreamTokenWatch', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends the stream at token expiry', async () => {
    vi.useFakeTimers();
    const { authenticator, state } = fakeAuthenticator();
    const watch = watchWith(authenticator, new Date(Date.now() + 300));
    const subscription = newSubscription();
    watch.attach(subscription);

    await vi.advanceTimersByTimeAsync(299);
    expect(subscription.ended).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(subscription.ended).toBe(true);
    const error = finalError(await queuedItems(subscription));
    expect(error?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
    expect(error?.message).toContain('登录已过期');
    // The expiry is known from the token, so no check was needed.
    expect(state.calls).toBe(0);
  });

  it('ends the stream when a check fails', async () => {
    vi.useFakeTimers();
    const { authenticator, state } = fakeAuthenticator();
    const watch = watchWith(authenticator);
    const subscription = newSubscription();
    watch.attach(subscription);

    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(state.calls).toBe(1);
    expect(subscription.ended).toBe(false);
    state.failure = new TokenError('ACCOUNT_DISABLED', 'account disabled');
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);

    expect(subscription.ended).toBe(true);
    expect(finalError(await queuedItems(subscription))?.extensions).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'ACCOUNT_DISABLED',
    });
    await vi.advanceTimersByTimeAsync(3 * INTERVAL_MS);
    expect(state.calls).toBe(2);
  });

  it('keeps the stream open when a check cannot run', async () => {
    vi.useFakeTimers();
    const { authenticator, state } = fakeAuthenticator();
    const watch = watchWith(authenticator);
    const subscription = newSubscription();
    watch.attach(subscription);

    state.failure = new Error('connection refused');
    await vi.advanceTimersByTimeAsync(2 * INTERVAL_MS);
    expect(state.calls).toBe(2);
    expect(subscription.ended).toBe(false);

    state.failure = new TokenError('TOKEN_REVOKED', 'token revoked by logout');
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(subscription.ended).toBe(true);
  });

  it('ends a subscription attached after the end', async () => {
    vi.useFakeTimers();
    const { authenticator, state } = fakeAuthenticator();
    const watch = watchWith(authenticator);
    state.failure = new TokenError('TOKEN_REVOKED', 'token revoked by logout');
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);

    const late = newSubscription();
    watch.attach(late);
    expect(late.ended).toBe(true);
    expect(finalError(await queuedItems(late))?.extensions).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'TOKEN_REVOKED',
    });
  });

  it('stops checking once stopped', async () => {
    vi.useFakeTimers();
    const { authenticator, state } = fakeAuthenticator();
    const watch = watchWith(authenticator, new Date(Date.now() + INTERVAL_MS / 2));
    const subscription = newSubscription();
    watch.attach(subscription);
    watch.stop();

    await vi.advanceTimersByTimeAsync(3 * INTERVAL_MS);
    expect(state.calls).toBe(0);
    expect(subscription.ended).toBe(false);
  });
});
