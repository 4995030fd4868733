/**
 * Access control in the gateway section. The run creates a claims key pair of 吴江区's gateway in a temporary folder
 * (`LIANFANG_KEYS_DIR`). The subgraphs process trusts its public key, both gateway processes sign with it, and the
 * bench sends a bearer token of `BENCH_IDENTITY` signed with it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalTokens } from '@lianfang/gateway';
import {
  CLAIMS_HEADER,
  type ClaimsKeyPair,
  ClaimsSigner,
  ClaimsVerifier,
  type Identity,
  loadOrCreateKeyPair,
  loadPublicKeys,
} from '@lianfang/subgraph-kit';
import { DISTRICT_CODE } from './operations.js';

export const BENCH_CITY = 'wujiang';

/** The user the load runs as: a district police analyst, who may run any query, with no declared purpose. */
export const BENCH_IDENTITY: Identity = {
  sub: 'bench.police.analyst',
  name: '压测公安研判员',
  level: 'DISTRICT',
  orgUnit: DISTRICT_CODE,
  department: 'police',
  roles: ['analyst'],
};

/**
 * Age after which `FixedClaims` signs a new token. It must stay below the claims lifetime of the subgraph kit
 * (120 s in subgraphs/kit/src/access/claims.ts), or the subgraphs reject the token in the middle of a run.
 */
const CLAIMS_RENEW_MS = 60_000;

export interface BenchKeys {
  keyPair: ClaimsKeyPair;
  /** `LIANFANG_KEYS_DIR` and `LIANFANG_CITY` for the child processes. */
  env: Record<string, string>;
  /** Deletes the key folder. */
  remove(): void;
}

/** Creates the key pair of the run in a new temporary folder. */
export async function createBenchKeys(): Promise<BenchKeys> {
  const keysDir = mkdtempSync(join(tmpdir(), 'lianfang-bench-keys-'));
  try {
    return {
      keyPair: await loadOrCreateKeyPair(keysDir, BENCH_CITY),
      env: { LIANFANG_KEYS_DIR: keysDir, LIANFANG_CITY: BENCH_CITY },
      remove: () => rmSync(keysDir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(keysDir, { recursive: true, force: true });
    throw error;
  }
}

function benchKeysDir(): string {
  const keysDir = process.env.LIANFANG_KEYS_DIR;
  if (!keysDir) throw new Error('LIANFANG_KEYS_DIR is not set: run this file through the bench');
  return keysDir;
}

/** Reads the run's key pair in a gateway process, from the folder `createBenchKeys` named in its environment. */
export function readBenchKeyPair(): Promise<ClaimsKeyPair> {
  return loadOrCreateKeyPair(benchKeysDir(), process.env.LIANFANG_CITY ?? BENCH_CITY);
}

/** Returns the subgraphs' access settings: they trust the public key of the run's gateway key pair only. */
export async function readBenchSubgraphAccess(): Promise<{ city: string; verifier: ClaimsVerifier }> {
  const city = process.env.LIANFANG_CITY ?? BENCH_CITY;
  const keys = loadPublicKeys(benchKeysDir(), [city]);
  if (!keys[city]) throw new Error(`No public key of ${city} in ${benchKeysDir()}: run this file through the bench`);
  return { city, verifier: await ClaimsVerifier.of(keys) };
}

/** Returns the `Authorization` header of an access token of `BENCH_IDENTITY`, valid for 10 hours. */
export async function benchBearerHeaders(keyPair: ClaimsKeyPair): Promise<Record<string, string>> {
  const tokens = await LocalTokens.of(keyPair.city, keyPair.privateJwk, keyPair.publicJwk);
  const { token } = await tokens.issue(BENCH_IDENTITY);
  return { authorization: `Bearer ${token}` };
}

/**
 * One claims header of `BENCH_IDENTITY` for gateways that cannot sign per request: the stock gateway and the floor
 * measurement. It signs once and again only when the token is `CLAIMS_RENEW_MS` old, so a request costs no
 * signature.
 */
export class FixedClaims {
  #token = '';
  #signedAt = Number.NEGATIVE_INFINITY;

  private constructor(private readonly signer: ClaimsSigner) {}

  static async of(keyPair: ClaimsKeyPair): Promise<FixedClaims> {
    const claims = new FixedClaims(await ClaimsSigner.of(keyPair));
    await claims.headers();
    return claims;
  }

  /** Returns the header, signing a new token first when the current one is due for renewal. */
  async headers(): Promise<Record<string, string>> {
    if (Date.now() - this.#signedAt >= CLAIMS_RENEW_MS) {
      this.#token = await this.signer.sign(BENCH_IDENTITY);
      this.#signedAt = Date.now();
    }
    return { [CLAIMS_HEADER]: this.#token };
  }
}
