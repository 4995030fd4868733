import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Failed logins allowed per user name from one client address in `FAILED_LOGIN_WINDOW_SECONDS`. */
export const FAILED_LOGINS_PER_ACCOUNT = 5;

/**
 * Failed logins allowed from one client address across all user names in `FAILED_LOGIN_WINDOW_SECONDS`, so
 * guessing passwords of many user names from one address is slowed too.
 */
export const FAILED_LOGINS_PER_ADDRESS = 20;

export const FAILED_LOGIN_WINDOW_SECONDS = 15 * 60;

/** A login refused before the password is checked, and how long it stays refused. */
export interface Lockout {
  reason: 'TOO_MANY_FAILED_LOGINS' | 'TOO_MANY_FAILED_LOGINS_FROM_ADDRESS';
  msBeforeNext: number;
}

/**
 * Counts failed logins per (user name, client address) and per client address. Counting per user name alone would
 * let anyone lock any user out with five wrong passwords. With the address in the key, the user still logs in
 * from their own computer.
 * NOTE: the counts live in each gateway process, so with several replicas an address gets the allowance at each.
 * Behind a reverse proxy every client has the proxy's address unless Express's `trust proxy` is set, which the
 * gateway does not do.
 */
export class LoginFailures {
  readonly #perAccount = new RateLimiterMemory({
    points: FAILED_LOGINS_PER_ACCOUNT,
    duration: FAILED_LOGIN_WINDOW_SECONDS,
  });
  readonly #perAddress = new RateLimiterMemory({
    points: FAILED_LOGINS_PER_ADDRESS,
    duration: FAILED_LOGIN_WINDOW_SECONDS,
  });

  /** Returns the lockout that applies to a login of `username` from `address`, if any. */
  async lockout(username: string, address: string): Promise<Lockout | undefined> {
    const fromAddress = await this.#perAddress.get(address);
    if (fromAddress && fromAddress.consumedPoints >= FAILED_LOGINS_PER_ADDRESS) {
      return { reason: 'TOO_MANY_FAILED_LOGINS_FROM_ADDRESS', msBeforeNext: fromAddress.msBeforeNext };
    }
    const ofAccount = await this.#perAccount.get(accountKey(username, address));
    if (ofAccount && ofAccount.consumedPoints >= FAILED_LOGINS_PER_ACCOUNT) {
      return { reason: 'TOO_MANY_FAILED_LOGINS', msBeforeNext: ofAccount.msBeforeNext };
    }
    return undefined;
  }

  /**
   * Counts a failed login. Returns a lockout when a concurrent failure already used up an allowance. The failure
   * that uses up the last point still gets the wrong-password response.
   */
  async recordFailure(username: string, address: string): Promise<Lockout | undefined> {
    const fromAddress = await consumeOne(this.#perAddress, address);
    const ofAccount = await consumeOne(this.#perAccount, accountKey(username, address));
    if (fromAddress !== undefined) return { reason: 'TOO_MANY_FAILED_LOGINS_FROM_ADDRESS', msBeforeNext: fromAddress };
    if (ofAccount !== undefined) return { reason: 'TOO_MANY_FAILED_LOGINS', msBeforeNext: ofAccount };
    return undefined;
  }

  /**
   * Clears the failures of `username` from `address`. The address count stays, so logging in to one's own account
   * between guesses does not reset the limit across user names.
   */
  async recordSuccess(username: string, address: string): Promise<void> {
    await this.#perAccount.delete(accountKey(username, address));
  }
}

function accountKey(username: string, address: string): string {
  return JSON.stringify([username, address]);
}

/** Consumes one point; returns the milliseconds until the next point when the allowance is used up. */
async function consumeOne(limiter: RateLimiterMemory, key: string): Promise<number | undefined> {
  try {
    await limiter.consume(key);
    return undefined;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return rejection.msBeforeNext;
  }
}
