import { join } from 'node:path';
import { type Database, type MigrationSet, workspaceRoot } from '@lianfang/db';
import { type ClaimsKeyPair, ClaimsSigner } from '@lianfang/subgraph-kit';
import type { Logger } from 'pino';
import type { GatewayAccess } from '../server.js';
import { AccountStore } from './accounts.js';
import { Authenticator, DEFAULT_RATE_LIMIT_PER_MINUTE } from './authenticate.js';
import { PersistedOperations } from './operation-policy.js';
import { LocalTokenChecks, TOKEN_CHECK_CACHE_SECONDS } from './token-checks.js';
import { LocalTokens, type OidcOptions, OidcTokens } from './tokens.js';

/** Migrations of the gateway's own schema, `access` (local accounts and revoked tokens). */
export const ACCESS_MIGRATIONS: MigrationSet = {
  schema: 'access',
  directory: join(workspaceRoot, 'gateway', 'migrations'),
};

/** Manifest of the web app's persisted operations, written by its build. */
export const PERSISTED_OPERATIONS_FILE = join(workspaceRoot, 'web', 'dist', 'persisted-operations.json');

export interface AccessSetupOptions {
  /** The city's gateway key pair: it signs login tokens and the claims sent to subgraphs. */
  keyPair: ClaimsKeyPair;
  /**
   * Database holding `access.accounts` and `access.revoked_tokens`. Without it only OIDC logins work, and local
   * tokens, which the hub then issues only to its own tasks, cannot be revoked.
   */
  database?: Database;
  oidc?: OidcOptions;
  persistedOperationsFile?: string;
  rateLimitPerMinute?: number;
  /** Seconds a token's revocation and account state are cached (default `TOKEN_CHECK_CACHE_SECONDS`); 0 turns it off. */
  tokenCheckCacheSeconds?: number;
  logger: Logger;
}

/** Assembles the gateway's access settings from the city's key pair, its accounts and the web app's operations. */
export async function prepareGatewayAccess(options: AccessSetupOptions): Promise<GatewayAccess> {
  const { keyPair, logger } = options;
  const local = await LocalTokens.of(keyPair.city, keyPair.privateJwk, keyPair.publicJwk);
  const persisted = PersistedOperations.fromFile(options.persistedOperationsFile ?? PERSISTED_OPERATIONS_FILE);
  if (persisted.size === 0) {
    logger.warn('no persisted operations found (build the web app); only analysts can query the gateway');
  }
  const checks = options.database
    ? new LocalTokenChecks(options.database, options.tokenCheckCacheSeconds ?? TOKEN_CHECK_CACHE_SECONDS)
    : undefined;
  return {
    authenticator: new Authenticator(local, options.oidc ? OidcTokens.of(options.oidc) : undefined, checks),
    signer: await ClaimsSigner.of(keyPair),
    accounts: options.database ? new AccountStore(options.database, logger) : undefined,
    persisted,
    rateLimitPerMinute: options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
  };
}
