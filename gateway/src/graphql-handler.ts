import { type ApolloServer, HeaderMap } from '@apollo/server';
import { CLAIMS_HEADER, type ClaimsSigner, type Identity, purposeSchema, requestIdFrom } from '@lianfang/subgraph-kit';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { type IdentifiedRequest, sendError } from './auth/authenticate.js';
import { applyOperationPolicy, type PersistedOperations, type PolicyRefusal } from './auth/operation-policy.js';
import { nestingRefusal, operationRequestOf, searchOf } from './auth/operation-request.js';
import { FORWARDED_HEADERS, type GatewayContext, REQUEST_ID_HEADER } from './data-source.js';
import { CACHE_HEADER, type CacheSlot, type ResponseCache } from './response-cache.js';

/** Express request with its caller and the bytes its JSON body was parsed from. */
interface RawBodyRequest extends IdentifiedRequest {
  rawBody?: Buffer;
}

/** Access settings of the handler: the signer of each request's claims and the web app's persisted operations. */
export interface HandlerAccess {
  signer: ClaimsSigner;
  persisted: PersistedOperations;
}

/** Parses JSON bodies up to `limitBytes` and keeps their bytes for the cache key. */
export function jsonBody(limitBytes: number): RequestHandler {
  return express.json({
    limit: limitBytes,
    verify: (request, _response, buffer) => {
      (request as RawBodyRequest).rawBody = buffer;
    },
  });
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Reads how the client lets the cache take part: `Cache-Control: no-cache` (or `Pragma: no-cache`) requests a
 * fresh response, which may still be kept, and `no-store` a fresh response that is not kept.
 */
function cacheDirectives(request: Request): { lookup: boolean; store: boolean } {
  const control = header(request, 'cache-control') ?? '';
  const noStore = /\bno-store\b/i.test(control);
  const noCache = noStore || /\bno-cache\b/i.test(control) || /\bno-cache\b/i.test(header(request, 'pragma') ?? '');
  return { lookup: !noCache, store: !noStore };
}

/**
 * Serves `/graphql` through Apollo Server, with the request id and the forwarded headers in the context. With a
 * cache, a POST whose response is cached is sent from memory without parsing, planning or calling a subgraph, and
 * other responses are offered to the cache once complete.
 */
export function graphqlHandler(
  apollo: ApolloServer<GatewayContext>,
  cache: ResponseCache | undefined,
  access: HandlerAccess,
  logger: Logger,
): RequestHandler {
  return async (request: RawBodyRequest, response: Response, next: NextFunction) => {
    try {
      const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
      response.setHeader(REQUEST_ID_HEADER, requestId);
      const identity = request.identity as Identity;
      const operation = operationRequestOf(request);
      const { purpose, refusal: purposeRefusal } = purposeOf(operation);
      const refusal =
        purposeRefusal ?? nestingRefusal(operation) ?? applyOperationPolicy(operation, identity, access.persisted);
      if (refusal) {
        sendError(response, refusal.status, refusal.message, refusal.extensions);
        return;
      }
      const caller = JSON.stringify([identity, purpose ?? null, header(request, 'accept-language') ?? null]);
      const directives = cacheDirectives(request);
      const key = cache ? cacheKeyOf(cache, request, caller) : undefined;
      if (cache && key !== undefined && directives.lookup && sendCached(cache, key, response, logger, requestId))
        return;
      const operationName = typeof operation.operationName === 'string' ? operation.operationName : undefined;
      const claims = await access.signer.sign(identity, { purpose, operation: operationName?.slice(0, 200) });
      const search = searchOf(request, operation);
      await execute(apollo, request, response, { cache, key, directives, requestId, identity, claims, caller, search });
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Reads the declared purpose of access to personal data from `extensions.purpose` (e.g. a case number): none, a
 * valid one, or the 400 refusal of an invalid one.
 */
function purposeOf(body: { extensions?: Record<string, unknown> }): { purpose?: string; refusal?: PolicyRefusal } {
  const value = body.extensions?.purpose;
  if (value === undefined || value === null || value === '') return {};
  const parsed = purposeSchema.safeParse(value);
  if (parsed.success) return { purpose: parsed.data };
  return {
    refusal: {
      status: 400,
      message: '用途（extensions.purpose）须为 2 到 100 个字符的文字，例如案件编号，不能含控制字符',
      extensions: { code: 'BAD_USER_INPUT', argument: 'extensions.purpose' },
    },
  };
}

/**
 * Returns the cache key of a POST request with a JSON body, or undefined for a request that is never cached. The
 * key contains the caller's verified identity rather than their token, so a new login finds the same responses.
 */
function cacheKeyOf(cache: ResponseCache, request: RawBodyRequest, caller: string): string | undefined {
  if (request.method !== 'POST' || !request.rawBody) return undefined;
  return cache.keyOf(request.rawBody, {
    accept: header(request, 'accept'),
    authorization: caller,
    acceptLanguage: header(request, 'accept-language'),
  });
}

/** Sends the cached response of `key` when it is still current; returns whether it did. */
function sendCached(cache: ResponseCache, key: string, response: Response, logger: Logger, requestId: string): boolean {
  const started = performance.now();
  const cached = cache.get(key);
  if (!cached) return false;
  for (const [name, value] of cached.headers) response.setHeader(name, value);
  response.setHeader(CACHE_HEADER, 'hit');
  response.status(200).end(cached.body);
  const durationMs = Math.round(performance.now() - started);
  logger.info({ requestId, operationName: cached.operationName, durationMs, cache: 'hit' }, 'operation finished');
  return true;
}

interface Execution {
  cache: ResponseCache | undefined;
  key: string | undefined;
  directives: { lookup: boolean; store: boolean };
  requestId: string;
  identity: Identity;
  /** Claims signed for this request, sent to every subgraph. */
  claims: string;
  caller: string;
  /** Query string as checked, with a GET request's persisted operation resolved. */
  search: string;
}

/** Runs the request through Apollo Server, sends the response and offers a complete one to the cache. */
async function execute(
  apollo: ApolloServer<GatewayContext>,
  request: RawBodyRequest,
  response: Response,
  { cache, key, directives, requestId, identity, claims, caller, search }: Execution,
): Promise<void> {
  const forwardedHeaders: Record<string, string> = { [CLAIMS_HEADER]: claims };
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') forwardedHeaders[name] = value;
  }
  // Every request gets a slot, so a mutation marks its subgraphs changed whatever its cache headers.
  const cacheSlot: CacheSlot | undefined = cache ? { epochs: cache.watch.snapshot(), cacheable: false } : undefined;
  const headers = new HeaderMap();
  for (const name of Object.keys(request.headers)) {
    const value = header(request, name);
    if (value !== undefined) headers.set(name, value);
  }
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: request.method.toUpperCase(),
      headers,
      search,
      body: request.body,
    },
    context: async () => ({
      requestId,
      identity,
      forwardedHeaders,
      cacheIdentity: caller,
      cacheSlot,
      entityCache: directives.lookup,
    }),
  });

  const usedCache = key !== undefined && directives.lookup && cacheSlot?.operation !== 'mutation';
  for (const [name, value] of result.headers) response.setHeader(name, value);
  response.setHeader(CACHE_HEADER, usedCache ? 'miss' : 'bypass');
  response.status(result.status ?? 200);
  if (result.body.kind === 'complete') {
    const body = Buffer.from(result.body.string);
    if (cache && cacheSlot && key !== undefined && directives.store && (result.status ?? 200) === 200) {
      cache.store(key, cacheSlot, body, [...result.headers]);
    }
    response.end(body);
    return;
  }
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}
