/**
 * Settings for a gateway started as its own process (`gateway/src/main.ts`): a folder with the city's claims key
 * pair, a way to log in, and a token that process accepts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalTokens } from '@lianfang/gateway';
import { loadOrCreateKeyPair } from '@lianfang/subgraph-kit';
import { DEFAULT_IDENTITY, TEST_CITY } from './access.js';
import { copyTemplate } from './database.js';
import { freePort } from './network.js';

export interface GatewayProcessSetup {
  /** Environment variables to add to the process's environment. */
  env: Record<string, string>;
  /** `Authorization` header of a district police analyst, signed with the process's key. */
  auth: Record<string, string>;
  /** Deletes the key folder and the database copy. */
  remove(): Promise<void>;
}

/**
 * Prepares a key folder that the process reads (`LIANFANG_KEYS_DIR`) and a login method. On the server backend the
 * process gets its own copy of the seeded database for local accounts (`DATABASE_URL`). The gateway process reads
 * accounts from `DATABASE_URL` only, so on the embedded backend it gets an OIDC provider on a closed loopback port
 * instead. That provider is never contacted, because the tests send local tokens, which the gateway checks itself.
 */
export async function prepareGatewayProcess(): Promise<GatewayProcessSetup> {
  const keysDir = mkdtempSync(join(tmpdir(), 'lianfang-keys-'));
  const keyPair = await loadOrCreateKeyPair(keysDir, TEST_CITY);
  const env: Record<string, string> = { LIANFANG_KEYS_DIR: keysDir, LIANFANG_CITY: TEST_CITY };

  let copy: Awaited<ReturnType<typeof copyTemplate>> | undefined;
  if (process.env.DATABASE_URL) {
    copy = await copyTemplate('seeded');
    Object.assign(env, copy.env);
  } else {
    const issuer = `http://127.0.0.1:${await freePort()}`;
    Object.assign(env, {
      LIANFANG_OIDC_ISSUER: issuer,
      LIANFANG_OIDC_JWKS_URL: `${issuer}/jwks`,
      LIANFANG_OIDC_AUDIENCE: 'lianfang-test',
    });
  }

  const tokens = await LocalTokens.of(TEST_CITY, keyPair.privateJwk, keyPair.publicJwk);
  const { token } = await tokens.issue(DEFAULT_IDENTITY);
  return {
    env,
    auth: { authorization: `Bearer ${token}` },
    async remove() {
      rmSync(keysDir, { recursive: true, force: true });
      await copy?.remove();
    },
  };
}
