import type { Identity } from '@lianfang/subgraph-kit';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { LocalTokenChecks } from './token-checks.js';
import { type LocalTokens, type OidcTokens, TokenError, type VerifiedLocalToken } from './tokens.js';

/** Caller of a request, and the gateway's own token when the caller sent one. */
export interface Authentication {
  identity: Identity;
  /** The verified local token; absent for an OIDC token. */
  localToken?: VerifiedLocalToken;
}

/** Verified local tokens kept per gateway, about one per user of a working shift. */
const VERIFIED_TOKENS = 10_000;

/**
 * Finds who sent a request from its bearer token: a local login token or, when configured, an OIDC token. With
 * `checks`, local tokens that were revoked or whose account was disabled are rejected too.
 */
export class Authenticator {
  /**
   * Local tokens whose signature was verified, until they expire: a signature does not change, so a client that
   * sends the same token again costs no second Ed25519 verification. Revocation is checked on every request.
   */
  readonly #verified = new LRUCache<string, VerifiedLocalToken>({ max: VERIFIED_TOKENS });

  constructor(
    readonly local: LocalTokens,
    private readonly oidc?: OidcTokens,
    readonly checks?: LocalTokenChecks,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Authentication> {
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization ?? '');
    if (!match?.[1]) throw new TokenError('TOKEN_MISSING', 'no bearer token');
    const token = match[1];
    if (this.local.owns(token) || !this.oidc) {
      const localToken = await this.#verifyLocal(token);
      await this.checks?.assertActive(localToken);
      return { identity: localToken.identity, localToken };
    }
    return { identity: await this.oidc.verify(token) };
  }

  async #verifyLocal(token: string): Promise<VerifiedLocalToken> {
    const cached = this.#verified.get(token);
    if (cached && cached.expiresAt.getTime() > Date.now()) return cached;
    const verified = await this.local.verify(token);
    this.#verified.set(token, verified, { ttl: Math.max(1, verified.expiresAt.getTime() - Date.now()) });
    return verified;
  }

  async identify(authorization: string | undefined): Promise<Identity> {
    return (await this.authenticate(authorization)).identity;
  }
}

/** Chinese message of each reason why a bearer token is refused. */
export const TOKEN_ERROR_MESSAGES: Record<TokenError['reason'], string> = {
  TOKEN_MISSING: '未登录：请先登录，并在请求头 Authorization 中携带令牌（Bearer）',
  TOKEN_INVALID: '登录令牌无效，请重新登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  TOKEN_REVOKED: '登录令牌已失效（已退出登录或密码已更改），请重新登录',
  ACCOUNT_DISABLED: '该账号已停用或已删除，无法继续使用；如有疑问请联系管理员',
};

/** Identity of a request and its local token, set by `requireIdentity`. */
export interface IdentifiedRequest extends Request {
  identity?: Identity;
  localToken?: VerifiedLocalToken;
}

/** Sends a GraphQL-shaped error body, so every client reads errors the same way. */
export function sendError(
  response: Response,
  status: number,
  message: string,
  extensions: Record<string, unknown>,
): void {
  response.status(status).json({ errors: [{ message, extensions }] });
}

/** Default allowance of GraphQL requests per user and minute (`LIANFANG_RATE_LIMIT_PER_MINUTE`). */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

/**
 * Lets through requests with a valid bearer token and sets `request.identity`; answers others with 401. Each user
 * may send `perMinute` requests a minute; beyond that the answer is 429 with `Retry-After`.
 * NOTE: the allowance is counted per gateway process; with several gateways a user gets it at each of them.
 */
export function requireIdentity(authenticator: Authenticator, perMinute: number, logger: Logger): RequestHandler {
  const limiter = perMinute > 0 ? new RateLimiterMemory({ points: perMinute, duration: 60 }) : undefined;
  return async (request: IdentifiedRequest, response: Response, next: NextFunction) => {
    try {
      const authentication = await authenticator.authenticate(request.headers.authorization);
      request.identity = authentication.identity;
      request.localToken = authentication.localToken;
    } catch (error) {
      if (!(error instanceof TokenError)) return next(error);
      logger.info(
        { reason: error.reason, detail: error.message, path: request.path },
        'request refused: not authenticated',
      );
      response.setHeader('www-authenticate', 'Bearer');
      return sendError(response, 401, TOKEN_ERROR_MESSAGES[error.reason], {
        code: 'UNAUTHENTICATED',
        reason: error.reason,
      });
    }
    if (limiter) {
      try {
        await limiter.consume(request.identity.sub);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) return next(rejection);
        const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        response.setHeader('retry-after', String(seconds));
        return sendError(
          response,
          429,
          `请求过于频繁：每个账号每分钟最多 ${perMinute} 次请求，请 ${seconds} 秒后重试`,
          {
            code: 'RATE_LIMITED',
            retryAfterSeconds: seconds,
          },
        );
      }
    }
    next();
  };
}

/** Parses `LIANFANG_RATE_LIMIT_PER_MINUTE`: a whole number from 0 (no limit) to 1,000,000. */
export function rateLimitFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.LIANFANG_RATE_LIMIT_PER_MINUTE;
  if (value === undefined || value === '') return DEFAULT_RATE_LIMIT_PER_MINUTE;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 1_000_000) {
    throw new Error(`LIANFANG_RATE_LIMIT_PER_MINUTE must be a whole number from 0 to 1000000, got "${value}".`);
  }
  return parsed;
}
