import { randomUUID } from 'node:crypto';
import { type Identity, identitySchema } from '@lianfang/subgraph-kit';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  importJWK,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';
import { z } from 'zod';

/** A key as jose imports it from a JWK. */
type SigningKey = Awaited<ReturnType<typeof importJWK>>;

/** Audience of the access tokens the gateway issues at login; claims tokens for subgraphs use another. */
export const ACCESS_TOKEN_AUDIENCE = 'lianfang-gateway';

/** A login lasts one working shift. */
export const ACCESS_TOKEN_HOURS = 10;

/**
 * Why a bearer token was refused; the gateway answers 401 with the reason as `extensions.reason`. `TOKEN_REVOKED`
 * is a token ended by logout or by a password change, `ACCOUNT_DISABLED` one whose account is disabled or deleted.
 */
export type TokenErrorReason =
  | 'TOKEN_MISSING'
  | 'TOKEN_INVALID'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_REVOKED'
  | 'ACCOUNT_DISABLED';

export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(
    readonly reason: TokenErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/** A local access token whose signature, issuer, audience and expiry were checked. */
export interface VerifiedLocalToken {
  identity: Identity;
  /** Token id (`jti`), the key under which logout revokes it. */
  id: string;
  /** Issue time (`iat`) in whole seconds since the epoch. */
  issuedAtSeconds: number;
  expiresAt: Date;
  /** True for a token issued by a password login (`amr: ["pwd"]`), false for one the hub issued itself. */
  passwordLogin: boolean;
}

const localPayloadSchema = z.object({
  jti: z.string().min(1).max(64),
  iat: z.number().int(),
  exp: z.number().int(),
  amr: z.array(z.string()).optional(),
});

/** Issues and checks the access tokens of local accounts, signed with the city gateway's key (Ed25519). */
export class LocalTokens {
  private constructor(
    readonly city: string,
    private readonly privateKey: SigningKey,
    private readonly publicKey: SigningKey,
  ) {}

  static async of(city: string, privateJwk: JWK, publicJwk: JWK): Promise<LocalTokens> {
    return new LocalTokens(city, await importJWK(privateJwk, 'EdDSA'), await importJWK(publicJwk, 'EdDSA'));
  }

  /**
   * Issues a token for `identity`. `passwordLogin` marks a token of `POST /auth/login` with `amr: ["pwd"]` (RFC
   * 8176), so it stops working when its account is deleted; tokens the hub issues to its own tasks and to tests
   * may name identities without an account.
   */
  async issue(
    identity: Identity,
    options: { passwordLogin?: boolean } = {},
  ): Promise<{ token: string; expiresAt: Date; id: string }> {
    const expiresAt = new Date(Date.now() + ACCESS_TOKEN_HOURS * 3600_000);
    const id = randomUUID();
    const token = await new SignJWT({ identity, ...(options.passwordLogin ? { amr: ['pwd'] } : {}) })
      .setProtectedHeader({ alg: 'EdDSA', kid: `${this.city}-login` })
      .setJti(id)
      .setIssuer(this.city)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setSubject(identity.sub)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.privateKey);
    return { token, expiresAt, id };
  }

  /** True when the token claims to be one of ours (by its key id), so no other verifier needs to try it. */
  owns(token: string): boolean {
    try {
      return decodeProtectedHeader(token).kid === `${this.city}-login`;
    } catch {
      return false;
    }
  }

  /**
   * Checks the token's signature, issuer, audience and expiry. Whether it was revoked or its account disabled is
   * `LocalTokenChecks`' part. Tokens without a `jti`, which no logout could revoke, are rejected.
   */
  async verify(token: string): Promise<VerifiedLocalToken> {
    const payload = await verifyOrExplain(token, this.publicKey, {
      issuer: this.city,
      audience: ACCESS_TOKEN_AUDIENCE,
    });
    const identity = identitySchema.safeParse(payload.identity);
    if (!identity.success) throw new TokenError('TOKEN_INVALID', 'token carries no valid identity');
    const claims = localPayloadSchema.safeParse(payload);
    if (!claims.success) throw new TokenError('TOKEN_INVALID', 'token lacks jti, iat or exp');
    return {
      identity: identity.data,
      id: claims.data.jti,
      issuedAtSeconds: claims.data.iat,
      expiresAt: new Date(claims.data.exp * 1000),
      passwordLogin: claims.data.amr?.includes('pwd') ?? false,
    };
  }
}

export interface OidcOptions {
  issuer: string;
  /** URL of the provider's JSON Web Key Set, on the government network. */
  jwksUrl: string;
  audience: string;
}

/**
 * Checks tokens of an OIDC provider (for deployments with a central identity service). Besides `sub` and `name`, the
 * provider must put the hub's attributes into the token: `lianfang_level`, `lianfang_org_unit`, `lianfang_department`
 * and `lianfang_roles`.
 */
export class OidcTokens {
  private constructor(
    private readonly options: OidcOptions,
    private readonly keys: JWTVerifyGetKey,
  ) {}

  static of(options: OidcOptions): OidcTokens {
    return new OidcTokens(options, createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5000 }));
  }

  async verify(token: string): Promise<Identity> {
    const payload = await verifyOrExplain(token, this.keys, {
      issuer: this.options.issuer,
      audience: this.options.audience,
    });
    const identity = identitySchema.safeParse({
      sub: payload.sub,
      name: payload.name ?? payload.preferred_username ?? payload.sub,
      level: payload.lianfang_level,
      orgUnit: payload.lianfang_org_unit,
      department: payload.lianfang_department,
      roles: payload.lianfang_roles,
    });
    if (!identity.success) {
      throw new TokenError('TOKEN_INVALID', `token lacks the hub's attributes: ${identity.error.issues[0]?.message}`);
    }
    return identity.data;
  }
}

/** Parses the `OIDC` settings from the environment; all three or none must be set. */
export function oidcOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OidcOptions | undefined {
  const values = {
    issuer: env.LIANFANG_OIDC_ISSUER,
    jwksUrl: env.LIANFANG_OIDC_JWKS_URL,
    audience: env.LIANFANG_OIDC_AUDIENCE,
  };
  if (Object.values(values).every((value) => value === undefined || value === '')) return undefined;
  const parsed = z
    .object({ issuer: z.string().min(1), jwksUrl: z.url({ protocol: /^https?$/ }), audience: z.string().min(1) })
    .safeParse(values);
  if (!parsed.success) {
    throw new Error(
      'LIANFANG_OIDC_ISSUER, LIANFANG_OIDC_JWKS_URL (an http(s) URL) and LIANFANG_OIDC_AUDIENCE must be set together.',
    );
  }
  return parsed.data;
}

async function verifyOrExplain(
  token: string,
  key: SigningKey | JWTVerifyGetKey,
  options: { issuer: string; audience: string },
): Promise<JWTPayload & Record<string, unknown>> {
  try {
    const { payload } = await jwtVerify(token, key as JWTVerifyGetKey, {
      ...options,
      algorithms: ['EdDSA', 'ES256', 'RS256', 'PS256'],
    });
    return payload;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED') throw new TokenError('TOKEN_EXPIRED', 'token expired');
    throw new TokenError('TOKEN_INVALID', `token rejected: ${(error as Error).message}`);
  }
}
