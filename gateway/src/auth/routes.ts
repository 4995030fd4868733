import express, { type Express, type Response } from 'express';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { AccountStore } from './accounts.js';
import { type Authenticator, type IdentifiedRequest, requireIdentity, sendError } from './authenticate.js';

/** Failed logins allowed per user name in 15 minutes before logins of that name are refused for the rest of it. */
const FAILED_LOGINS_ALLOWED = 5;

const loginSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

/**
 * Mounts `POST /auth/login` (user name and password of a local account → access token) and `GET /auth/me` (the
 * identity of the bearer token), both answering errors as `{ errors: [{ message, extensions: { code } }] }`.
 */
export function mountAuthRoutes(
  app: Express,
  accounts: AccountStore | undefined,
  authenticator: Authenticator,
  logger: Logger,
): void {
  const failures = new RateLimiterMemory({ points: FAILED_LOGINS_ALLOWED, duration: 15 * 60 });

  app.post('/auth/login', express.json({ limit: 4096 }), async (request, response: Response, next) => {
    try {
      if (!accounts) {
        return sendError(response, 404, '本平台使用统一身份认证（OIDC）登录，不提供本地账号登录', {
          code: 'NOT_FOUND',
        });
      }
      const body = loginSchema.safeParse(request.body);
      if (!body.success) {
        return sendError(response, 400, '请填写用户名和密码', { code: 'BAD_USER_INPUT' });
      }
      const { username, password } = body.data;
      const blocked = await failures.get(username);
      if (blocked && blocked.consumedPoints >= FAILED_LOGINS_ALLOWED) {
        return tooManyFailures(response, blocked.msBeforeNext);
      }
      const identity = await accounts.authenticate(username, password);
      if (!identity) {
        logger.info({ username }, 'login failed');
        try {
          await failures.consume(username);
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          return tooManyFailures(response, rejection.msBeforeNext);
        }
        return sendError(response, 401, '用户名或密码错误', { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
      }
      await failures.delete(username);
      const { token, expiresAt } = await authenticator.local.issue(identity);
      logger.info({ user: identity.sub }, 'login succeeded');
      response.json({ token, expiresAt: expiresAt.toISOString(), user: identity });
    } catch (error) {
      next(error);
    }
  });

  app.get('/auth/me', requireIdentity(authenticator, 0, logger), (request: IdentifiedRequest, response) => {
    response.json({ user: request.identity });
  });
}

function tooManyFailures(response: Response, msBeforeNext: number): void {
  const minutes = Math.max(1, Math.ceil(msBeforeNext / 60_000));
  response.setHeader('retry-after', String(Math.ceil(msBeforeNext / 1000)));
  sendError(response, 429, `该账号密码错误次数过多，请 ${minutes} 分钟后再试`, {
    code: 'RATE_LIMITED',
    reason: 'TOO_MANY_FAILED_LOGINS',
  });
}
