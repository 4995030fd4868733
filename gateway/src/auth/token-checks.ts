import type { Database } from '@lianfang/db';
import { LRUCache } from 'lru-cache';
import { TokenError, type VerifiedLocalToken } from './tokens.js';

/**
 * How long one gateway trusts what it last read about a token: whether it was revoked and the state of its
 * account. A token revoked through another gateway replica, or one whose account was disabled or got a new
 * password, keeps working here for at most this long. A logout through this gateway takes effect at once.
 */
export const TOKEN_CHECK_CACHE_SECONDS = 15;

/** Maximum number of cached token states; the least recently used are dropped and looked up again when needed. */
const CACHED_TOKENS_MAX = 50_000;

type TokenState = 'active' | 'revoked' | 'password-changed' | 'account-disabled' | 'account-deleted';

interface TokenStateRow {
  revoked: boolean;
  /** Null when no account has the token's user name. */
  disabled: boolean | null;
  password_changed: boolean | null;
}

const REJECTIONS: Record<Exclude<TokenState, 'active'>, [TokenError['reason'], string]> = {
  revoked: ['TOKEN_REVOKED', 'token revoked by logout'],
  'password-changed': ['TOKEN_REVOKED', 'password changed after the token was issued'],
  'account-disabled': ['ACCOUNT_DISABLED', 'account disabled'],
  'account-deleted': ['ACCOUNT_DISABLED', 'account deleted'],
};

/**
 * Revokes local access tokens at logout and rejects tokens that were revoked, were issued before their account's
 * last password change, or belong to a disabled or deleted account. Revocations are stored in
 * `access.revoked_tokens`, so every gateway replica on the database reads them. Each token's state is cached for
 * `TOKEN_CHECK_CACHE_SECONDS`, so a token costs one query per interval, plus one for each request that arrives
 * while the first query is still running.
 */
export class LocalTokenChecks {
  readonly #states: LRUCache<string, TokenState> | undefined;

  constructor(
    private readonly database: Database,
    cacheSeconds = TOKEN_CHECK_CACHE_SECONDS,
  ) {
    this.#states = cacheSeconds > 0 ? new LRUCache({ max: CACHED_TOKENS_MAX, ttl: cacheSeconds * 1000 }) : undefined;
  }

  /** Throws a `TokenError` unless the token is still active. */
  async assertActive(token: VerifiedLocalToken): Promise<void> {
    let state = this.#states?.get(token.id);
    if (state === undefined) {
      state = await this.#read(token);
      this.#states?.set(token.id, state);
    }
    if (state !== 'active') throw new TokenError(...REJECTIONS[state]);
  }

  /** Revokes the token until it expires and removes revocations of tokens that have expired since. */
  async revoke(token: VerifiedLocalToken): Promise<void> {
    await this.database.query(
      `INSERT INTO access.revoked_tokens (jti, username, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (jti) DO NOTHING`,
      [token.id, token.identity.sub, token.expiresAt],
    );
    await this.database.query('DELETE FROM access.revoked_tokens WHERE expires_at < now()');
    this.#states?.set(token.id, 'revoked');
  }

  async #read(token: VerifiedLocalToken): Promise<TokenState> {
    // `iat` has whole seconds, so a password changed within the second of issue does not end the token: a login
    // right after a password change must keep working.
    const { rows } = await this.database.query<TokenStateRow>(
      `SELECT EXISTS (SELECT 1 FROM access.revoked_tokens WHERE jti = $1) AS revoked,
              account.disabled,
              account.password_changed_at >= to_timestamp($3::bigint + 1) AS password_changed
       FROM (SELECT 1) AS one
       LEFT JOIN access.accounts AS account ON account.username = $2`,
      [token.id, token.identity.sub, token.issuedAtSeconds],
    );
    const row = rows[0];
    // The query always returns one row; without one, the token is refused rather than trusted.
    if (!row || row.revoked) return 'revoked';
    if (row.disabled === null) return token.passwordLogin ? 'account-deleted' : 'active';
    if (row.disabled) return 'account-disabled';
    return row.password_changed ? 'password-changed' : 'active';
  }
}
