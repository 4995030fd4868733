import { importJWK, type JWK, SignJWT } from 'jose';
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
    expect(error.reason).toBe('UNTRUSTED_GATEWAY');
    expect(error.city).toBe('jiaxing');
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
    expect(error.reason).toBe('INVALID_CLAIMS');
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

describe('ClaimsVerifier key reload', () => {
  /** A verifier trusting wujiang whose reload returns `folder` and counts its calls, on a clock the test sets. */
  async function reloadingVerifier(folder: Record<string, JWK>) {
    const state = { reads: 0, now: 1_000_000 };
    const reloading = await ClaimsVerifier.of(
      { wujiang: wujiang.publicJwk },
      {
        reload: () => {
          state.reads += 1;
          return { ...folder };
        },
        intervalMs: 5000,
        now: () => state.now,
      },
    );
    return { reloading, state };
  }

  it('trusts a key installed after start', async () => {
    const folder: Record<string, JWK> = { wujiang: wujiang.publicJwk };
    const { reloading, state } = await reloadingVerifier(folder);
    folder.jiaxing = jiaxing.publicJwk;

    const claims = await reloading.verify(await (await ClaimsSigner.of(jiaxing)).sign(analyst));

    expect(claims.city).toBe('jiaxing');
    expect(reloading.cities).toEqual(['wujiang', 'jiaxing']);
    expect(state.reads).toBe(1);
  });

  it('reads keys once per interval for forged key ids', async () => {
    const { reloading, state } = await reloadingVerifier({ wujiang: wujiang.publicJwk });
    for (let index = 0; index < 50; index += 1) {
      const forged = await signRaw(
        jiaxing,
        { identity: analyst },
        (jwt) => jwt.setIssuer(`city-${index}`),
        `city-${index}`,
      );
      const error = await rejection(forged, reloading);
      expect(error.reason).toBe('UNTRUSTED_GATEWAY');
    }
    expect(state.reads).toBe(1);

    state.now += 5000;
    await rejection(await (await ClaimsSigner.of(jiaxing)).sign(analyst), reloading);
    expect(state.reads).toBe(2);
  });

  it('skips reading for a key id that is no city id', async () => {
    const { reloading, state } = await reloadingVerifier({ wujiang: wujiang.publicJwk });
    for (const kid of ['../wujiang', 'Jiaxing', 'x'.repeat(40)]) {
      const error = await rejection(await signRaw(jiaxing, { identity: analyst }, undefined, kid), reloading);
      expect(error.reason).toBe('INVALID_CLAIMS');
    }
    expect(state.reads).toBe(0);
  });

  it('keeps a trusted key when the folder holds another', async () => {
    const impostor = await generateClaimsKeyPair('wujiang');
    const { reloading } = await reloadingVerifier({ wujiang: impostor.publicJwk });
    await rejection(await (await ClaimsSigner.of(jiaxing)).sign(analyst), reloading);

    const error = await rejection(await (await ClaimsSigner.of(impostor)).sign(analyst), reloading);

    expect(error.message).toMatch(/^claims rejected: /);
    expect((await reloading.verify(await (await ClaimsSigner.of(wujiang)).sign(analyst))).city).toBe('wujiang');
  });

  it('reports a folder that cannot be read', async () => {
    const failing = await ClaimsVerifier.of(
      { wujiang: wujiang.publicJwk },
      {
        reload: () => {
          throw new Error('Unexpected token } in JSON');
        },
      },
    );

    const error = await rejection(await (await ClaimsSigner.of(jiaxing)).sign(analyst), failing);

    expect(error.reason).toBe('UNTRUSTED_GATEWAY');
    expect(error.message).toBe('reading the gateway keys failed: Unexpected token } in JSON');
  });
});
