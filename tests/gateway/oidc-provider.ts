/**
 * A stand-in OIDC provider on loopback: it publishes a JSON Web Key Set and signs ID tokens with an Ed25519 key, so
 * the gateway's OIDC login runs against real HTTP. Also signs arbitrary JWTs (expired, tampered, foreign-key tokens).
 */
import { createPrivateKey, generateKeyPairSync, type JsonWebKey, type KeyObject, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Encodes and signs a JWT with an Ed25519 private key (`alg: EdDSA`), as jose's `SignJWT` would. */
export function signJwt(
  privateKey: KeyObject,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): string {
  const encode = (part: Record<string, unknown>) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const input = `${encode({ alg: 'EdDSA', typ: 'JWT', ...header })}.${encode(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
}

/** Imports the private half of a JSON Web Key, such as a gateway key pair's `privateJwk`. */
export function privateKeyOf(jwk: JsonWebKey): KeyObject {
  return createPrivateKey({ key: jwk, format: 'jwk' });
}

/** Seconds since the epoch, the unit of `iat` and `exp`. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export interface OidcProvider {
  issuer: string;
  jwksUrl: string;
  /** Key id under which the provider publishes its key. */
  kid: string;
  /** Signs an ID token: `iss`, `iat` and a one-hour `exp` unless `payload` sets them. */
  issue(payload: Record<string, unknown>): string;
  /** Signs a token with a key the provider does not publish, under `kid`. */
  issueWithUnknownKey(payload: Record<string, unknown>, kid: string): string;
  stop(): Promise<void>;
}

/** Starts the provider on 127.0.0.1 with a port chosen by the system; the key set is at `/jwks.json`. */
export async function startOidcProvider(): Promise<OidcProvider> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const unknownKey = generateKeyPairSync('ed25519').privateKey;
  const kid = 'test-provider-1';
  const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' }] });

  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/jwks.json') {
      response.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(jwks);
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const withDefaults = (payload: Record<string, unknown>) => ({
    iss: issuer,
    iat: nowSeconds(),
    exp: nowSeconds() + 3600,
    ...payload,
  });

  return {
    issuer,
    jwksUrl: `${issuer}/jwks.json`,
    kid,
    issue: (payload) => signJwt(privateKey, { kid }, withDefaults(payload)),
    issueWithUnknownKey: (payload, otherKid) => signJwt(unknownKey, { kid: otherKid }, withDefaults(payload)),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
