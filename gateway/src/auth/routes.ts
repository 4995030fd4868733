import express, { type Express, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { AccountStore } from './accounts.js';
import { type Authenticator, type IdentifiedRequest, requireIdentity, sendError } from './authenticate.js';
import { type Lockout, LoginFailures } from './login-failures.js';

const loginSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

const OIDC_ONLY_MESSAGE = '本平台使用统一身份认证（OIDC）登录，不提供本地账号登录';

/**
 * Mounts `POST /auth/login` (user name and password of a local account → access token), `POST /auth/logout`
 * (revokes the bearer token) and `GET /auth/me` (the identity of the bearer token), all returning errors as
 * `{ errors: [{ message, extensions: { code } }] }`.
 */
export function mountAuthRoutes(
  app: Express,
  accounts: AccountStore | undefined,
  authenticator: Authenticator,
  logger: Logger,
): void {
  const failures = new LoginFailures();

  app.post('/auth/login', express.json({ limit: 4096 }), async (request, response: Response, next) => {
    try {
      if (!accounts) return sendError(response, 404, OIDC_ONLY_MESSAGE, { code: 'NOT_FOUND' });
      const body = loginSchema.safeParse(request.body);
      if (!body.success) {
        return sendError(response, 400, '请填写用户名和密码', { code: 'BAD_USER_INPUT' });
      }
      const { username, password } = body.data;
      const address = clientAddress(request);
      const lockout = await failures.lockout(username, address);
      if (lockout) return tooManyFailures(response, lockout);
      const identity = await accounts.authenticate(username, password);
      if (!identity) {
        logger.info({ username, address }, 'login failed');
        const started = await failures.recordFailure(username, address);
        if (started) return tooManyFailures(response, started);
        return sendError(response, 401, '用户名或密码错误', { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
      }
      await failures.recordSuccess(username, address);
      const { token, expiresAt } = await authenticator.local.issue(identity, { passwordLogin: true });
      logger.info({ user: identity.sub, address }, 'login succeeded');
      response.json({ token, expiresAt: expiresAt.toISOString(), user: identity });
    } catch (error) {
      next(error);
    }
  });

  app.post(
    '/auth/logout',
    requireIdentity(authenticator, 0, logger),
    async (request: IdentifiedRequest, response: Response, next) => {
      try {
        const checks = authenticator.checks;
        if (!checks) return sendError(response, 404, OIDC_ONLY_MESSAGE, { code: 'NOT_FOUND' });
        const token = request.localToken;
        if (!token) {
          return sendError(response, 400, '该令牌由统一身份认证（OIDC）签发，请在统一身份认证平台退出登录', {
            code: 'BAD_REQUEST',
            reason: 'OIDC_TOKEN',
          });
        }
        await checks.revoke(token);
        logger.info({ user: token.identity.sub, tokenId: token.id }, 'logout: token revoked');
        response.status(204).end();
      } catch (error) {
        next(error);
      }
    },
  );

  app.get('/auth/me', requireIdentity(authenticator, 0, logger), (request: IdentifiedRequest, response) => {
    response.json({ user: request.identity });
  });
}

/** Returns the client's address as the socket reports it (see the note on `LoginFailures` about reverse proxies). */
function clientAddress(request: Request): string {
  return request.socket.remoteAddress ?? 'unknown';
}

function tooManyFailures(response: Response, lockout: Lockout): void {
  const minutes = Math.max(1, Math.ceil(lockout.msBeforeNext / 60_000));
  response.setHeader('retry-after', String(Math.ceil(lockout.msBeforeNext / 1000)));
  const message =
    lockout.reason === 'TOO_MANY_FAILED_LOGINS'
      ? `该账号密码错误次数过多，请 ${minutes} 分钟后再试`
      : `来自该网络地址的登录失败次数过多，请 ${minutes} 分钟后再试`;
  sendError(response, 429, message, { code: 'RATE_LIMITED', reason: lockout.reason });
}
