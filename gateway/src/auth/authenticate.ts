import type { Identity } from '@lianfang/subgraph-kit';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { type LocalTokens, type OidcTokens, TokenError } from './tokens.js';

/** Finds who sent a request from its bearer token: a local login token or, when configured, an OIDC token. */
export class Authenticator {
  constructor(
    readonly local: LocalTokens,
    private readonly oidc?: OidcTokens,
  ) {}

  async identify(authorization: string | undefined): Promise<Identity> {
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization ?? '');
    if (!match?.[1]) throw new TokenError('TOKEN_MISSING', 'no bearer token');
    const token = match[1];
    if (this.local.owns(token) || !this.oidc) return this.local.verify(token);
    return this.oidc.verify(token);
  }
}

const MESSAGES: Record<TokenError['reason'], string> = {
  TOKEN_MISSING: '未登录：请先登录，并在请求头 Authorization 中携带令牌（Bearer）',
  TOKEN_INVALID: '登录令牌无效，请重新登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
};

/** Identity of a request, set by `requireIdentity`. */
export interface IdentifiedRequest extends Request {
  identity?: Identity;
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
      request.identity = await authenticator.identify(request.headers.authorization);
    } catch (error) {
      if (!(error instanceof TokenError)) return next(error);
      logger.info(
        { reason: error.reason, detail: error.message, path: request.path },
        'request refused: not authenticated',
      );
      response.setHeader('www-authenticate', 'Bearer');
      return sendError(response, 401, MESSAGES[error.reason], { code: 'UNAUTHENTICATED', reason: error.reason });
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
