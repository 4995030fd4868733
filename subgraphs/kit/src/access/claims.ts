import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

/** A key as jose imports it from a JWK. */
type SigningKey = Awaited<ReturnType<typeof importJWK>>;

/**
 * Verified identity of the caller of one request, as the gateway passes it to subgraphs: signed by the gateway of
 * a city (the token's issuer) and checked by each subgraph against the public keys it trusts.
 */

/** Header that carries the signed claims from a gateway to a subgraph. Clients never set it; gateways replace it. */
export const CLAIMS_HEADER = 'x-lianfang-claims';

/** Audience of claims tokens, so a token issued for the gateway's clients is not accepted by a subgraph. */
export const CLAIMS_AUDIENCE = 'lianfang-subgraph';

/** Lifetime of one claims token: a request's subgraph calls end well within it. */
const CLAIMS_LIFETIME_SECONDS = 120;

export const LEVELS = ['DISTRICT', 'STREET', 'COMMUNITY', 'GRID'] as const;
export type Level = (typeof LEVELS)[number];

/** Length of an org unit code at each level: 320509, 320509001, 320509001001, 320509001001001. */
export const CODE_LENGTH: Record<Level, number> = { DISTRICT: 6, STREET: 9, COMMUNITY: 12, GRID: 15 };

/**
 * Departments of the hub. The first seven run subgraphs; the others receive dispatched tasks through the event
 * workflow: urban management (城管), education (教育), schools (学校), civil affairs (民政) and the procuratorate (检察院).
 */
export const DEPARTMENTS = [
  'governance',
  'police',
  'housing',
  'market',
  'fire',
  'utilities',
  'audit',
  'urban_management',
  'education',
  'school',
  'civil_affairs',
  'procuratorate',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

/**
 * What a user does: `commander` (指挥人员), `analyst` (研判分析员, may write free queries and introspect),
 * `grid_worker` (网格员), `staff` (部门工作人员), `auditor` (审计员, reads the access log), `video_feed` (a camera
 * analytics system's service account, which may only send video alerts).
 */
export const ROLES = ['commander', 'analyst', 'grid_worker', 'staff', 'auditor', 'video_feed'] as const;
export type Role = (typeof ROLES)[number];

/** Declared purpose of access to personal data, e.g. a case number: 2 to 100 characters, no control characters. */
export const purposeSchema = z
  .string()
  .trim()
  .min(2)
  .max(100)
  .regex(/^[^\p{Cc}]+$/u);

export const identitySchema = z
  .object({
    /** Account id: the local user name or the OIDC subject. */
    sub: z.string().min(1).max(128),
    name: z.string().min(1).max(64),
    level: z.enum(LEVELS),
    orgUnit: z.string().regex(/^\d{6}(\d{3}){0,3}$/),
    department: z.enum(DEPARTMENTS),
    roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  })
  .refine((identity) => identity.orgUnit.length === CODE_LENGTH[identity.level], {
    message: 'orgUnit does not match level',
    path: ['orgUnit'],
  });

/** Authenticated user of the hub. */
export type Identity = z.infer<typeof identitySchema>;

/** Claims about the caller of one request, as a subgraph receives them. */
export interface Claims extends Identity {
  /** City whose gateway signed the claims (`wujiang`, `jiaxing`): the hub's own or a partner city. */
  city: string;
  /** Declared purpose of the request, when the caller gave one. */
  purpose?: string;
  /** Name of the client's operation, for the audit log. */
  operation?: string;
}

const claimsPayloadSchema = z.object({
  identity: identitySchema,
  purpose: purposeSchema.optional(),
  operation: z.string().max(200).optional(),
});

/** Key pair of one city's gateway, as JSON Web Keys so it can be kept in a file. */
export interface ClaimsKeyPair {
  city: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function generateClaimsKeyPair(city: string): Promise<ClaimsKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  return { city, privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
}

/** Signs the claims of each request with the gateway's private key (Ed25519). */
export class ClaimsSigner {
  private constructor(
    readonly city: string,
    private readonly key: SigningKey,
  ) {}

  static async of(pair: ClaimsKeyPair): Promise<ClaimsSigner> {
    return new ClaimsSigner(pair.city, await importJWK(pair.privateJwk, 'EdDSA'));
  }

  sign(identity: Identity, extra: { purpose?: string; operation?: string } = {}): Promise<string> {
    return new SignJWT({ identity, ...extra })
      .setProtectedHeader({ alg: 'EdDSA', kid: this.city })
      .setIssuer(this.city)
      .setAudience(CLAIMS_AUDIENCE)
      .setSubject(identity.sub)
      .setIssuedAt()
      .setExpirationTime(`${CLAIMS_LIFETIME_SECONDS}s`)
      .sign(this.key);
  }
}

/**
 * Why claims were rejected; the subgraph returns 401 with it. `UNTRUSTED_GATEWAY` means a well-formed key id of a
 * city whose gateway key the subgraph does not hold (`city` names it); anything else is `INVALID_CLAIMS`.
 */
export class ClaimsError extends Error {
  override readonly name = 'ClaimsError';
  constructor(
    message: string,
    readonly reason: 'INVALID_CLAIMS' | 'UNTRUSTED_GATEWAY' = 'INVALID_CLAIMS',
    readonly city?: string,
  ) {
    super(message);
  }
}

/** A city id, which is also the key id of its gateway's claims key: `wujiang`, `jiaxing`. */
export const CITY_ID = /^[a-z][a-z0-9-]{0,31}$/;

/** Default minimum time between two reads of the key folder for key ids not yet trusted. */
export const KEY_RELOAD_INTERVAL_MS = 5000;

/**
 * How a verifier finds gateway keys installed after it started, such as a partner city's gateway that started
 * later. A key id that is not yet trusted and is a valid city id makes the verifier call `reload`, at most once per
 * `intervalMs`, so claims with forged key ids cannot make it read the disk on every request.
 */
export interface KeyReload {
  /** Reads the public keys of the trusted gateways again, by city. */
  reload: () => Record<string, JWK>;
  /** Default `KEY_RELOAD_INTERVAL_MS`. */
  intervalMs?: number;
  /** Clock in milliseconds since the epoch; default `Date.now`. */
  now?: () => number;
}

/** Checks claims against the public keys of the gateways a subgraph trusts, by city. */
export class ClaimsVerifier {
  #lastReload = Number.NEGATIVE_INFINITY;
  #reloading: Promise<void> | undefined;

  private constructor(
    private readonly keys: Map<string, SigningKey>,
    private readonly keyReload?: KeyReload,
  ) {}

  /**
   * Trusts the gateways whose public keys are given; a subgraph of one city trusts only its own gateway. With
   * `keyReload`, keys of further cities are added when they appear; keys already trusted are never replaced.
   */
  static async of(publicJwks: Record<string, JWK>, keyReload?: KeyReload): Promise<ClaimsVerifier> {
    const keys = new Map<string, SigningKey>();
    for (const [city, jwk] of Object.entries(publicJwks)) keys.set(city, await importJWK(jwk, 'EdDSA'));
    return new ClaimsVerifier(keys, keyReload);
  }

  get cities(): string[] {
    return [...this.keys.keys()];
  }

  async verify(token: string): Promise<Claims> {
    let payload: Record<string, unknown>;
    let issuer: string;
    try {
      const result = await jwtVerify(token, (header) => this.#keyOf(header.kid), {
        audience: CLAIMS_AUDIENCE,
        algorithms: ['EdDSA'],
      });
      payload = result.payload;
      issuer = String(result.payload.iss ?? '');
      if (issuer !== result.protectedHeader.kid) throw new ClaimsError('claims issuer differs from their key id');
    } catch (error) {
      if (error instanceof ClaimsError) throw error;
      throw new ClaimsError(`claims rejected: ${(error as Error).message}`);
    }
    const parsed = claimsPayloadSchema.safeParse(payload);
    if (!parsed.success) throw new ClaimsError(`claims malformed: ${parsed.error.issues[0]?.message}`);
    return { ...parsed.data.identity, city: issuer, purpose: parsed.data.purpose, operation: parsed.data.operation };
  }

  async #keyOf(kid: string | undefined): Promise<SigningKey> {
    const untrusted = `claims signed by an untrusted gateway (kid ${String(kid)})`;
    if (kid === undefined || !CITY_ID.test(kid)) throw new ClaimsError(untrusted);
    let key = this.keys.get(kid);
    if (!key && this.keyReload) {
      await this.#reload(this.keyReload);
      key = this.keys.get(kid);
    }
    if (!key) throw new ClaimsError(untrusted, 'UNTRUSTED_GATEWAY', kid);
    return key;
  }

  /** Reads the keys again unless that happened within the interval; a read in progress is awaited instead. */
  async #reload(keyReload: KeyReload): Promise<void> {
    if (this.#reloading) return this.#reloading;
    const now = (keyReload.now ?? Date.now)();
    if (now - this.#lastReload < (keyReload.intervalMs ?? KEY_RELOAD_INTERVAL_MS)) return;
    this.#lastReload = now;
    this.#reloading = this.#addNewKeys(keyReload).finally(() => {
      this.#reloading = undefined;
    });
    return this.#reloading;
  }

  async #addNewKeys(keyReload: KeyReload): Promise<void> {
    let jwks: Record<string, JWK>;
    try {
      jwks = keyReload.reload();
    } catch (error) {
      throw new ClaimsError(`reading the gateway keys failed: ${(error as Error).message}`, 'UNTRUSTED_GATEWAY');
    }
    for (const [city, jwk] of Object.entries(jwks)) {
      if (this.keys.has(city) || !CITY_ID.test(city)) continue;
      try {
        this.keys.set(city, await importJWK(jwk, 'EdDSA'));
      } catch {
        // An unusable key file leaves that city untrusted; its claims are refused as UNTRUSTED_GATEWAY.
      }
    }
  }
}
