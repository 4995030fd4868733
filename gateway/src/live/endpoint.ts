import { STATUS_CODES } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { execute, GraphQLError, type GraphQLSchema, getOperationAST, parse, subscribe, validate } from 'graphql';
import type { Response as SseResponse } from 'graphql-sse';
import { createHandler } from 'graphql-sse/lib/use/express';
import type { Logger } from 'pino';
import { type Authenticator, type IdentifiedRequest, requireIdentity, sendError } from '../auth/authenticate.js';
import { isVideoFeedOnly } from '../auth/operation-policy.js';
import type { LiveBroker } from './broker.js';
import { buildLiveSchema, type LiveContext } from './schema.js';
import { LiveScope } from './scope.js';
import { DEFAULT_TOKEN_CHECK_INTERVAL_MS, StreamTokenWatch } from './token-watch.js';

/** Path of the live updates endpoint, beside `/graphql`. */
export const LIVE_PATH = '/graphql/stream';

/** Maximum number of open streams per user and gateway: a few browser tabs and a phone. */
export const MAX_STREAMS_PER_USER = 8;

/** Maximum number of open streams per gateway. Each uses a socket and a subscription. */
export const MAX_STREAMS = 1000;

/** Maximum length of the subscription text, in bytes of UTF-8. `liveChanges` with every field needs about 150. */
export const MAX_OPERATION_BYTES = 2048;

/** Maximum size of the request body (operation, variables, extensions), in bytes. */
const MAX_BODY_BYTES = 16 * 1024;

export interface LiveEndpointOptions {
  broker: LiveBroker;
  authenticator: Authenticator;
  /** Requests allowed per user and minute, as for `/graphql` but counted separately; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** City of the gateway, whose users it authenticates. */
  city: string;
  /** Milliseconds between two checks of an open stream's token (default `DEFAULT_TOKEN_CHECK_INTERVAL_MS`). */
  tokenCheckIntervalMs?: number;
  logger: Logger;
}

/** A stream request after authentication, with the re-checks of its token. */
interface LiveRequest extends IdentifiedRequest {
  tokenWatch?: StreamTokenWatch;
}

/**
 * Mounts `GET|POST /graphql/stream`: GraphQL subscriptions over server-sent events (graphql-sse 2.6.1, distinct
 * connections mode), authenticated with the same bearer token as `/graphql`. An open stream ends when its token is
 * revoked or expires (`StreamTokenWatch`). Mount it before `/graphql`, whose prefix route would take these requests.
 */
export function mountLiveEndpoint(app: express.Express, options: LiveEndpointOptions): void {
  const { logger } = options;
  const schema = buildLiveSchema(options.broker);
  const streams = new StreamCounter(logger);
  const handler = createHandler<LiveContext>({
    schema,
    // The handler gets graphql-js from this module, so the schema's classes and the functions that check them are
    // the same copy even where a bundler or test runner loads graphql twice (ESM and CommonJS).
    validate,
    execute,
    subscribe,
    // No single connection mode: every stream carries one operation, so each is authenticated on its own.
    authenticate: () => null,
    onSubscribe: (request, params) => {
      const { identity, tokenWatch } = request.raw as LiveRequest;
      if (!identity) throw new Error('live stream request reached the handler without an identity');
      return prepareOperation(schema, params, { scope: new LiveScope(identity, options.city), tokenWatch });
    },
  });

  app.use(
    LIVE_PATH,
    requireIdentity(options.authenticator, options.rateLimitPerMinute, logger),
    rejectServiceAccounts,
    checkStreamRequest,
    express.json({ limit: MAX_BODY_BYTES }),
    (request: LiveRequest, response: Response, next: NextFunction) => {
      if (!streams.open(request, response)) return;
      const tokenWatch = new StreamTokenWatch({
        authenticator: options.authenticator,
        authorization: request.headers.authorization,
        expiresAt: request.localToken?.expiresAt,
        intervalMs: options.tokenCheckIntervalMs ?? DEFAULT_TOKEN_CHECK_INTERVAL_MS,
        sub: request.identity?.sub ?? '',
        logger,
      });
      response.once('close', () => tokenWatch.stop());
      request.tokenWatch = tokenWatch;
      next();
    },
    async (request: Request, response: Response) => {
      try {
        await handler(request, response);
      } catch (error) {
        // graphql-sse 2.6.1 may still write a keep-alive, a change or `complete` after the client went away or the
        // gateway closed the connection at shutdown. Such a failed write only ends the stream.
        if (response.destroyed || (error as NodeJS.ErrnoException).code === 'ERR_STREAM_DESTROYED') {
          logger.debug({ err: error }, 'live stream closed while a message was being written');
          return;
        }
        logger.error({ err: error }, 'live stream failed');
        if (!response.headersSent) {
          sendError(response, 500, '服务器内部错误，请稍后重试', { code: 'INTERNAL_SERVER_ERROR' });
        } else {
          response.end();
        }
      }
    },
  );
}

/** Rejects a camera analytics system's service account, which may only send video alerts. */
function rejectServiceAccounts(request: IdentifiedRequest, response: Response, next: NextFunction): void {
  if (request.identity && isVideoFeedOnly(request.identity)) {
    sendError(response, 403, '视频分析系统接入账号只能发送视频告警，不能订阅实时推送', {
      code: 'FORBIDDEN',
      reason: 'SERVICE_ACCOUNT_OPERATION',
    });
    return;
  }
  next();
}

/** Rejects requests that cannot become an event stream, before any body is read. */
function checkStreamRequest(request: Request, response: Response, next: NextFunction): void {
  if (request.method !== 'GET' && request.method !== 'POST') {
    response.setHeader('allow', 'GET, POST');
    sendError(response, 405, `实时推送端点只接受 GET 或 POST 请求，收到的是 ${request.method}`, {
      code: 'BAD_REQUEST',
      reason: 'METHOD_NOT_ALLOWED',
    });
    return;
  }
  if (request.headers.accept !== 'text/event-stream') {
    sendError(response, 406, '实时推送端点只返回事件流：请求头 Accept 须为 text/event-stream', {
      code: 'BAD_REQUEST',
      reason: 'NOT_ACCEPTABLE',
    });
    return;
  }
  if (request.method === 'POST' && !request.is('application/json')) {
    sendError(response, 415, '请求体须为 JSON（Content-Type: application/json）', {
      code: 'BAD_REQUEST',
      reason: 'UNSUPPORTED_MEDIA_TYPE',
    });
    return;
  }
  next();
}

/** Counts open streams per user and in all, and rejects a stream past either limit. */
class StreamCounter {
  readonly #byUser = new Map<string, number>();
  #total = 0;

  constructor(private readonly logger: Logger) {}

  /** Reserves a stream for the request's user until the response closes. Past a limit, it sends 429 or 503 and returns false. */
  open(request: IdentifiedRequest, response: Response): boolean {
    const sub = request.identity?.sub ?? '';
    const own = this.#byUser.get(sub) ?? 0;
    if (own >= MAX_STREAMS_PER_USER || this.#total >= MAX_STREAMS) {
      const perUser = own >= MAX_STREAMS_PER_USER;
      this.logger.warn({ sub, streams: own, total: this.#total }, 'live stream rejected: too many open streams');
      const message = perUser
        ? `本账号在本网关已打开 ${own} 个实时推送连接，达到上限（${MAX_STREAMS_PER_USER} 个）；请关闭不用的页面后重试`
        : `本网关的实时推送连接数已达上限（${MAX_STREAMS} 个），请稍后重试`;
      sendError(response, perUser ? 429 : 503, message, {
        code: 'TOO_MANY_STREAMS',
        limit: perUser ? MAX_STREAMS_PER_USER : MAX_STREAMS,
      });
      return false;
    }
    this.#byUser.set(sub, own + 1);
    this.#total += 1;
    this.logger.debug({ sub, streams: own + 1, total: this.#total }, 'live stream opened');
    response.once('close', () => {
      const left = (this.#byUser.get(sub) ?? 1) - 1;
      if (left > 0) this.#byUser.set(sub, left);
      else this.#byUser.delete(sub);
      this.#total -= 1;
      this.logger.debug({ sub, streams: left, total: this.#total }, 'live stream closed');
    });
    return true;
  }
}

type OperationParams = { query: string; operationName?: string | null; variables?: Record<string, unknown> | null };

/**
 * Parses and validates the operation of a stream request. Returns the execution arguments, or an error response
 * for an operation that is too long, malformed, invalid or not a subscription.
 */
function prepareOperation(schema: GraphQLSchema, params: OperationParams, contextValue: LiveContext) {
  const bytes = Buffer.byteLength(params.query, 'utf8');
  if (bytes > MAX_OPERATION_BYTES) {
    return errorResponse(
      413,
      `订阅操作文本共 ${bytes} 字节，超过 ${MAX_OPERATION_BYTES} 字节的上限；请只选择需要的字段`,
      {
        code: 'BAD_REQUEST',
        reason: 'OPERATION_TOO_LARGE',
        maxBytes: MAX_OPERATION_BYTES,
      },
    );
  }
  let document: ReturnType<typeof parse>;
  try {
    document = parse(params.query);
  } catch (error) {
    const detail = error instanceof GraphQLError ? error.message : String(error);
    return errorResponse(400, `订阅操作不是有效的 GraphQL：${detail}`, { code: 'GRAPHQL_PARSE_FAILED' });
  }
  const operation = getOperationAST(document, params.operationName ?? undefined);
  if (!operation) {
    return errorResponse(400, '无法确定要执行的操作：文档含多个操作时请用 operationName 指明', {
      code: 'BAD_REQUEST',
      reason: 'OPERATION_NOT_FOUND',
    });
  }
  if (operation.operation !== 'subscription') {
    return errorResponse(400, `实时推送端点只接受订阅（subscription）操作；查询和修改请发往 /graphql`, {
      code: 'BAD_REQUEST',
      reason: 'SUBSCRIPTION_REQUIRED',
    });
  }
  const errors = validate(schema, document);
  if (errors.length > 0) {
    return jsonResponse(
      400,
      errors.map((error) => ({
        message: `订阅操作无效：${error.message}`,
        locations: error.locations,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      })),
    );
  }
  return {
    schema,
    document,
    operationName: params.operationName ?? undefined,
    variableValues: params.variables ?? undefined,
    contextValue,
  };
}

function errorResponse(status: number, message: string, extensions: Record<string, unknown>): SseResponse {
  return jsonResponse(status, [{ message, extensions }]);
}

/** Builds a graphql-sse response with a GraphQL error body, the shape `sendError` gives other gateway errors. */
function jsonResponse(status: number, errors: Record<string, unknown>[]): SseResponse {
  return [
    JSON.stringify({ errors }),
    { status, statusText: STATUS_CODES[status] ?? '', headers: { 'content-type': 'application/json; charset=utf-8' } },
  ];
}
