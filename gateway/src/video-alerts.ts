/**
 * `POST /api/video-alerts`: the REST endpoint for camera analytics vendors. It validates the JSON body and runs the
 * police subgraph's `ingestVideoAlert` mutation under the caller's signed claims. The HTTP status is 201 for a new
 * alert and 200 for a merged or resent one. Errors return 400, 403 or 404 with the subgraph's Chinese message, and
 * 415 for a body that is not declared as `application/json`.
 */
import {
  CLAIMS_HEADER,
  type ClaimsSigner,
  type Identity,
  INTERNAL_ERROR_MESSAGE,
  jsonErrorHandler,
  requestIdFrom,
} from '@lianfang/subgraph-kit';
import express, { type ErrorRequestHandler, type Express, type NextFunction, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { type Authenticator, type IdentifiedRequest, requireIdentity, sendError } from './auth/authenticate.js';
import { REQUEST_ID_HEADER } from './data-source.js';
import { SUBGRAPH_LABELS } from './subgraphs.js';

export const VIDEO_ALERTS_PATH = '/api/video-alerts';
/** Largest accepted body: one detection is a few hundred bytes. */
export const VIDEO_ALERT_BODY_LIMIT_BYTES = 64 * 1024;
/** Timeout of the call to the police subgraph; after it the route returns 503. */
const SUBGRAPH_TIMEOUT_MS = 10_000;

const KINDS = ['LOITERING', 'FIGHTING', 'RUNNING', 'REPEATED_ENTRY'] as const;

const bodySchema = z
  .object({
    cameraId: z.string().min(1).max(64),
    kind: z.enum(KINDS),
    detectedAt: z.iso.datetime({ offset: true }),
    confidence: z.number().min(0).max(1),
    durationSeconds: z.number().int().min(0).max(604_800).nullish(),
    externalId: z.string().min(1).max(128).nullish(),
  })
  .strict();

/** The rule of each body field, in the words of the 400 message. */
const FIELD_RULES: Record<string, string> = {
  cameraId: '须为 1 到 64 个字符的摄像头编号',
  kind: `须为 ${KINDS.join('、')} 之一`,
  detectedAt: '须为带时区的 ISO 8601 时间，例如 2026-12-05T08:00:00+08:00',
  confidence: '须为 0 到 1 之间的数',
  durationSeconds: '须为 0 到 604800 之间的整数（秒），可省略',
  externalId: '须为 1 到 128 个字符，可省略',
};

const INGEST_MUTATION = `mutation IngestVideoAlert($input: VideoAlertInput!) {
  ingestVideoAlert(input: $input) {
    alert {
      id kind camera { id name location } detections firstDetectedAt lastDetectedAt maxConfidence durationSeconds
      incident { id category status occurredAt location orgUnit { code } }
      patrolZone { id name unitName }
      routingDistanceMetres routingNote
    }
    merged
    replayed
  }
}`;

/** HTTP status of each error code the subgraph returns; any other code is a fault of the hub. */
const STATUS_OF_CODE: Record<string, number> = { BAD_USER_INPUT: 400, FORBIDDEN: 403, NOT_FOUND: 404 };

interface SubgraphError {
  message?: string;
  extensions?: { code?: string } & Record<string, unknown>;
}

interface IngestResponse {
  data?: { ingestVideoAlert?: { merged: boolean; replayed: boolean; alert: { id: string } } | null } | null;
  errors?: SubgraphError[];
}

export interface VideoAlertRouteOptions {
  authenticator: Authenticator;
  rateLimitPerMinute: number;
  signer: ClaimsSigner;
  /** GraphQL endpoint of the police subgraph. */
  policeUrl: string;
  logger: Logger;
}

/** Describes the first problem of an invalid body in Chinese, naming the field. */
function describeBodyProblem(error: z.ZodError): { message: string; field?: string } {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const keys = issue.keys.join('、');
    return {
      message: `请求体含有无法识别的字段 ${keys}；可用字段为 ${Object.keys(FIELD_RULES).join('、')}`,
      field: keys,
    };
  }
  const field = String(issue?.path[0] ?? '');
  const rule = FIELD_RULES[field];
  if (!rule) return { message: '请求体须为 JSON 对象，包含 cameraId、kind、detectedAt 和 confidence' };
  return { message: `请求体字段 ${field} 无效：${rule}`, field };
}

/** Sends the mutation to the police subgraph; returns undefined when the call fails or the response is not JSON. */
async function sendToPolice(
  options: VideoAlertRouteOptions,
  identity: Identity,
  requestId: string,
  input: z.infer<typeof bodySchema>,
  acceptLanguage: string | undefined,
): Promise<IngestResponse | undefined> {
  const claims = await options.signer.sign(identity, { operation: 'IngestVideoAlert' });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [CLAIMS_HEADER]: claims,
    [REQUEST_ID_HEADER]: requestId,
  };
  if (acceptLanguage) headers['accept-language'] = acceptLanguage;
  try {
    const response = await fetch(options.policeUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: INGEST_MUTATION, variables: { input } }),
      signal: AbortSignal.timeout(SUBGRAPH_TIMEOUT_MS),
    });
    return (await response.json()) as IngestResponse;
  } catch (error) {
    options.logger.warn({ err: error, requestId }, 'video alert not forwarded: police subgraph unreachable');
    return undefined;
  }
}

/**
 * Sends the subgraph's errors with only their message and extensions, because `locations` and `path` point into
 * GraphQL text that a REST client never sent.
 */
function sendSubgraphErrors(response: Response, errors: SubgraphError[], logger: Logger, requestId: string): void {
  const code = errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
  const status = STATUS_OF_CODE[code] ?? 500;
  if (status === 500) logger.error({ requestId, errors }, 'video alert failed in the police subgraph');
  response
    .status(status)
    .json({ errors: errors.map(({ message, extensions }) => ({ message, extensions: extensions ?? { code } })) });
}

/** Rejects a request whose body is not declared as JSON, before express.json would skip it unread. */
function requireJsonBody(request: IdentifiedRequest, response: Response, next: NextFunction): void {
  if (request.is('application/json')) {
    next();
    return;
  }
  const contentType = request.headers['content-type'];
  const received = contentType ? `收到的是 ${contentType.slice(0, 100)}` : '请求未带该请求头';
  sendError(response, 415, `请求体须为 JSON：请求头 Content-Type 须为 application/json，${received}`, {
    code: 'BAD_REQUEST',
    reason: 'UNSUPPORTED_MEDIA_TYPE',
  });
}

/** Mounts `POST /api/video-alerts` with its own body limit, authentication and rate limit. */
export function mountVideoAlertRoute(app: Express, options: VideoAlertRouteOptions): void {
  const { logger } = options;
  app.post(
    VIDEO_ALERTS_PATH,
    requireIdentity(options.authenticator, options.rateLimitPerMinute, logger),
    requireJsonBody,
    express.json({ limit: VIDEO_ALERT_BODY_LIMIT_BYTES }),
    async (request: IdentifiedRequest, response: Response, next) => {
      try {
        const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
        response.setHeader(REQUEST_ID_HEADER, requestId);
        const parsed = bodySchema.safeParse(request.body);
        if (!parsed.success) {
          const problem = describeBodyProblem(parsed.error);
          return sendError(response, 400, problem.message, { code: 'BAD_USER_INPUT', argument: problem.field });
        }
        const identity = request.identity as Identity;
        const language = request.headers['accept-language'];
        const answer = await sendToPolice(options, identity, requestId, parsed.data, language);
        if (!answer) {
          const label = SUBGRAPH_LABELS.police ?? 'police';
          return sendError(response, 503, `部门服务“${label}”暂不可用，视频告警未处理；请稍后重发`, {
            code: 'SUBGRAPH_UNAVAILABLE',
            serviceName: 'police',
          });
        }
        if (answer.errors?.length) return sendSubgraphErrors(response, answer.errors, logger, requestId);
        const result = answer.data?.ingestVideoAlert;
        if (!result) {
          logger.error({ requestId, answer }, 'video alert failed: police subgraph returned no result');
          return sendError(response, 500, INTERNAL_ERROR_MESSAGE, { code: 'INTERNAL_SERVER_ERROR' });
        }
        const created = !result.merged && !result.replayed;
        logger.info(
          { requestId, user: identity.sub, cameraId: parsed.data.cameraId, alertId: result.alert.id, created },
          'video alert accepted',
        );
        response.status(created ? 201 : 200).json(result);
      } catch (error) {
        next(error);
      }
    },
  );
  // A body that is not JSON or too large gets a JSON error here, before the later routes see it.
  const fallback = jsonErrorHandler(logger, VIDEO_ALERT_BODY_LIMIT_BYTES);
  app.use(VIDEO_ALERTS_PATH, ((error, request, response, next) => {
    if ((error as { type?: string }).type !== 'entity.parse.failed') return fallback(error, request, response, next);
    sendError(response, 400, '请求体不是有效的 JSON；请发送一个检测的 JSON 对象，例如 {"cameraId": "...", ...}', {
      code: 'BAD_REQUEST',
    });
  }) satisfies ErrorRequestHandler);
}
