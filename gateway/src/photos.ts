/**
 * `/api/photos`: the report photos of the governance subgraph, behind the gateway's login. The gateway checks the
 * token and the size, signs the caller's claims and forwards; the subgraph checks role, type and access.
 */
import { CLAIMS_HEADER, requestIdFrom } from '@lianfang/subgraph-kit';
import express from 'express';
import type { Logger } from 'pino';
import { type IdentifiedRequest, requireIdentity, sendError } from './auth/authenticate.js';
import { REQUEST_ID_HEADER } from './data-source.js';
import type { GatewayAccess } from './server.js';

/** Maximum photo size in bytes (8 MiB), the same as the subgraph's, so an over-size body stops here. */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;

/** Time to wait for the subgraph before responding 503. */
const FORWARD_TIMEOUT_MS = 30_000;

/** Headers of the subgraph's response that reach the client. */
const PASSED_HEADERS = ['content-type', 'cache-control', 'x-content-type-options'] as const;

/** Name of the subgraph that stores report photos, sent as `extensions.serviceName`. */
const SERVICE = 'governance';

const UNAVAILABLE_MESSAGE = '照片服务暂时不可用（综治部门服务未响应），请稍后重试';

const readBody = express.raw({ type: () => true, limit: MAX_PHOTO_BYTES });

/**
 * Reads the body up to the limit: a declared `Content-Length` over it is rejected before any byte is read, and a
 * body without one stops being read at the limit. Resolves to undefined after sending the 413 response itself.
 */
function limitedBody(request: express.Request, response: express.Response): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    readBody(request, response, (error?: unknown) => {
      if (!error) {
        resolve(Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
        return;
      }
      if ((error as { type?: string }).type !== 'entity.too.large') {
        reject(error);
        return;
      }
      response.setHeader('connection', 'close');
      sendError(response, 413, `照片超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MiB 的上限，请压缩后重新上传`, {
        code: 'BAD_USER_INPUT',
        reason: 'PHOTO_TOO_LARGE',
        maxBytes: MAX_PHOTO_BYTES,
      });
      resolve(undefined);
    });
  });
}

interface PhotoProxyOptions {
  /** The governance subgraph's GraphQL URL; the photo routes sit beside `/graphql`. */
  governanceUrl: string | undefined;
  access: GatewayAccess;
  logger: Logger;
}

/** Sends one request to the subgraph and passes its status, the headers above and the body through. */
async function forward(
  request: IdentifiedRequest,
  response: express.Response,
  options: PhotoProxyOptions,
  target: { path: string; method: 'GET' | 'POST'; body?: Buffer },
): Promise<void> {
  const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
  response.setHeader(REQUEST_ID_HEADER, requestId);
  const identity = request.identity;
  if (!identity) throw new Error('requireIdentity did not set the identity');
  if (!options.governanceUrl) {
    options.logger.error({ requestId }, 'photo request failed: no governance subgraph URL');
    return sendError(response, 503, UNAVAILABLE_MESSAGE, { code: 'SUBGRAPH_UNAVAILABLE', serviceName: SERVICE });
  }
  const headers: Record<string, string> = {
    [CLAIMS_HEADER]: await options.access.signer.sign(identity),
    [REQUEST_ID_HEADER]: requestId,
  };
  const contentType = request.headers['content-type'];
  if (target.body && contentType) headers['content-type'] = contentType;

  let upstream: Response;
  let body: Buffer;
  try {
    upstream = await fetch(new URL(target.path, options.governanceUrl), {
      method: target.method,
      headers,
      body: target.body,
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    });
    body = Buffer.from(await upstream.arrayBuffer());
  } catch (error) {
    options.logger.warn({ err: error, requestId, path: target.path }, 'photo request failed: subgraph unavailable');
    return sendError(response, 503, UNAVAILABLE_MESSAGE, { code: 'SUBGRAPH_UNAVAILABLE', serviceName: SERVICE });
  }
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) response.setHeader(name, value);
  }
  response.status(upstream.status).end(body);
}

/** Mounts `POST /api/photos` and `GET /api/photos/:id`; every request needs a valid bearer token. */
export function mountPhotoProxy(app: express.Express, options: PhotoProxyOptions): void {
  const { access, logger } = options;
  // NOTE: this limiter is separate from the one of /graphql, so photo requests have their own allowance per minute.
  const identify = requireIdentity(access.authenticator, access.rateLimitPerMinute, logger);

  app.post('/api/photos', identify, async (request: IdentifiedRequest, response, next) => {
    try {
      const body = await limitedBody(request, response);
      if (!body) {
        logger.info({ user: request.identity?.sub }, 'photo upload rejected: body over the size limit');
        return;
      }
      await forward(request, response, options, { path: 'photos', method: 'POST', body });
    } catch (error) {
      next(error);
    }
  });

  app.get('/api/photos/:id', identify, async (request: IdentifiedRequest, response, next) => {
    try {
      const id = encodeURIComponent(String(request.params.id));
      await forward(request, response, options, { path: `photos/${id}`, method: 'GET' });
    } catch (error) {
      next(error);
    }
  });
}
