import { importJWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CLAIMS_AUDIENCE,
  ClaimsError,
  type ClaimsKeyPair,
  ClaimsSigner,
  ClaimsVerifier,
  generateClaimsKeyPair,
  type Identity,
} from './claims.js';

const analyst: Identity = {
  sub: 'police.analyst',
  name: '公安研判员',
  level: 'DISTRICT',
  orgUnit: '320509',
  department: 'police',
  roles: ['analyst'],
};

let wujiang: ClaimsKeyPair;
let jiaxing: ClaimsKeyPair;
let verifier: ClaimsVerifier;

beforeAll(async () => {
  wujiang = await generateClaimsKeyPair('wujiang');
  jiaxing = await generateClaimsKeyPair('jiaxing');
  verifier = await ClaimsVerifier.of({ wujiang: wujiang.publicJwk, jiaxing: jiaxing.publicJwk });
});

/**
 * Signs `payload` with `pair`'s private key as the signer does, then lets `build` override registered claims.
 * `kid` null leaves the key id out of the header.
 */
async function signRaw(
  pair: ClaimsKeyPair,
  payload: Record<string, unknown>,
  build: (jwt: SignJWT) => SignJWT = (jwt) => jwt,
  kid: string | null = pair.city,
): Promise<string> {
  const key = await importJWK(pair.privateJwk, 'EdDSA');
  const jwt = new SignJWT(payload)
    .setProtectedHeader(kid === null ? { alg: 'EdDSA' } : { alg: 'EdDSA', kid })
    .setIssuer(pair.city)
    .setAudience(CLAIMS_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('60s');
  return build(jwt).sign(key);
}

async function rejection(token: string, by: ClaimsVerifier = verifier): Promise<ClaimsError> {
  try {
    await by.verify(token);
  } catch (error) {
    expect(error).toBeInstanceOf(ClaimsError);
    return error as ClaimsError;
  }
  throw new Error('Expected the claims to be rejected');
}

describe('ClaimsSigner and ClaimsVerifier', () => {
  it('round-trips identity, city, purpose and operation', async () => {
    const signer = await ClaimsSigner.of(wujiang);
    const token = await signer.sign(analyst, { purpose: '（2026）吴公刑字第 17 号', operation: 'ResidentsOfAddress' });

    const claims = await verifier.verify(token);

    expect(claims).toEqual({
      ...analyst,
      city: 'wujiang',
      purpose: '（2026）吴公刑字第 17 号',
      operation: 'ResidentsOfAddress',
    });
  });

  it('takes the city from the signing gateway', async () => {
    const token = await (await ClaimsSigner.of(jiaxing)).sign({ ...analyst, orgUnit: '330421' });

    const claims = await verifier.verify(token);

    expect(claims.city).toBe('jiaxing');
    expect(claims.purpose).toBeUndefined();
    expect(claims.operation).toBeUndefined();
  });

  it('rejects claims signed with another key', async () => {
    const impostor = await generateClaimsKeyPair('wujiang');
    const token = await (await ClaimsSigner.of(impostor)).sign(analyst);

    const error = await rejection(token);

    expect(error.message).toMatch(/^claims rejected: /);
  });

  it('rejects claims of an untrusted gateway', async () => {
    const token = await (await ClaimsSigner.of(jiaxing)).sign(analyst);
    const wujiangOnly = await ClaimsVerifier.of({ wujiang: wujiang.publicJwk });

    const error = await rejection(token, wujiangOnly);

    expect(error.message).toBe('claims signed by an untrusted gateway (kid jiaxing)');
    expect(wujiangOnly.cities).toEqual(['wujiang']);
  });

  it('rejects another audience', async () => {
    const token = await signRaw(wujiang, { identity: analyst }, (jwt) => jwt.setAudience('lianfang-gateway'));

    const error = await rejection(token);

    expect(error.message).toMatch(/"aud"/);
  });

  it('rejects expired claims', async () => {
    const past = Math.floor(Date.now() / 1000) - 600;
    const token = await signRaw(wujiang, { identity: analyst }, (jwt) =>
      jwt.setIssuedAt(past).setExpirationTime(past + 120),
    );

    const error = await rejection(token);

    expect(error.message).toMatch(/"exp"/);
  });

  it('rejects an issuer that differs from the key id', async () => {
    const token = await signRaw(wujiang, { identity: analyst }, (jwt) => jwt.setIssuer('jiaxing'));

    const error = await rejection(token);

    expect(error.message).toBe('claims issuer differs from their key id');
  });

  it('rejects a token without key id', async () => {
    const token = await signRaw(wujiang, { identity: analyst }, undefined, null);

    const error = await rejection(token);

    expect(error.message).toBe('claims signed by an untrusted gateway (kid undefined)');
  });

  it('rejects text that is not a token', async () => {
    const error = await rejection('not-a-jwt');

    expect(error.message).toMatch(/^claims rejected: /);
  });

  const malformed: [string, Record<string, unknown>, string][] = [
    [
      'orgUnit longer than its level',
      { identity: { ...analyst, orgUnit: '320509001' } },
      'orgUnit does not match level',
    ],
    ['orgUnit shorter than its level', { identity: { ...analyst, level: 'GRID' } }, 'orgUnit does not match level'],
    ['orgUnit of 7 digits', { identity: { ...analyst, orgUnit: '3205091' } }, 'Invalid string'],
    ['unknown department', { identity: { ...analyst, department: 'tax' } }, 'Invalid option'],
    ['no roles', { identity: { ...analyst, roles: [] } }, 'Too small'],
    ['unknown role', { identity: { ...analyst, roles: ['admin'] } }, 'Invalid option'],
    ['missing identity', {}, 'Invalid input'],
    ['purpose of one character', { identity: analyst, purpose: 'x' }, 'Too small'],
    ['purpose with a control character', { identity: analyst, purpose: 'case\u0007 1' }, 'Invalid string'],
  ];
  for (const [name, payload, message] of malformed) {
    it(`rejects ${name}`, async () => {
      const error = await rejection(await signRaw(wujiang, payload));

      expect(error.message).toMatch(/^claims malformed: /);
      expect(error.message).toContain(message);
    });
  }

  it('rejects an identity the signer was given malformed', async () => {
    const signer = await ClaimsSigner.of(wujiang);
    const token = await signer.sign({ ...analyst, level: 'COMMUNITY' });

    const error = await rejection(token);

    expect(error.message).toBe('claims malformed: orgUnit does not match level');
  });
});
