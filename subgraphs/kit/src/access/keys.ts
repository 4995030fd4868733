import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { CITY_ID, type ClaimsKeyPair, generateClaimsKeyPair } from './claims.js';

/**
 * Key files of the gateways' claims keys, kept in one folder (`.data/keys` by default):
 * `<city>.private.jwk` stays with the city's gateway; `<city>.public.jwk` is copied to every subgraph that trusts
 * that gateway, the partner city's cross-border subgraph included.
 */

function assertCityId(city: string): void {
  if (!CITY_ID.test(city)) throw new Error(`Invalid city id "${city}": use lower-case letters, digits and "-".`);
}

/** Reads the city's key pair from `directory`, creating it (private file mode 0600) on first use. */
export async function loadOrCreateKeyPair(directory: string, city: string): Promise<ClaimsKeyPair> {
  assertCityId(city);
  const privateFile = join(directory, `${city}.private.jwk`);
  const publicFile = join(directory, `${city}.public.jwk`);
  if (existsSync(privateFile)) {
    const privateJwk = JSON.parse(readFileSync(privateFile, 'utf8')) as JWK;
    const { d: _secret, ...publicJwk } = privateJwk;
    return { city, privateJwk, publicJwk };
  }
  const pair = await generateClaimsKeyPair(city);
  mkdirSync(directory, { recursive: true });
  writeFileSync(privateFile, `${JSON.stringify(pair.privateJwk)}\n`, { mode: 0o600 });
  writeFileSync(publicFile, `${JSON.stringify(pair.publicJwk)}\n`);
  return pair;
}

/** Reads every `<city>.public.jwk` in `directory`, by city; `only` limits it to the named cities. */
export function loadPublicKeys(directory: string, only?: readonly string[]): Record<string, JWK> {
  const keys: Record<string, JWK> = {};
  if (!existsSync(directory)) return keys;
  for (const file of readdirSync(directory)) {
    const match = /^([a-z][a-z0-9-]{0,31})\.public\.jwk$/.exec(file);
    if (!match?.[1] || (only && !only.includes(match[1]))) continue;
    keys[match[1]] = JSON.parse(readFileSync(join(directory, file), 'utf8')) as JWK;
  }
  return keys;
}
