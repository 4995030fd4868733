import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Identity } from '@lianfang/subgraph-kit';
import { GraphQLError, Kind, visit } from 'graphql';
import { z } from 'zod';
import type { OperationRequest } from './operation-request.js';

/**
 * Which operations a caller may send. Analysts and auditors write their own queries; everyone else uses the web app,
 * whose operations are persisted at build time (`web/dist/persisted-operations.json`, SHA-256 of the text → text).
 * Their requests run only when they name a persisted operation by hash or send the exact text of one.
 */
export function mayWriteQueries(identity: Identity): boolean {
  return identity.roles.includes('analyst') || identity.roles.includes('auditor');
}

/** Only analysts read the schema through introspection. */
export function mayIntrospect(identity: Identity): boolean {
  return identity.roles.includes('analyst');
}

export function operationHash(query: string): string {
  return createHash('sha256').update(query).digest('hex');
}

const manifestSchema = z.record(z.string().regex(/^[0-9a-f]{64}$/), z.string().min(1));

export class PersistedOperations {
  private constructor(private readonly operations: Map<string, string>) {}

  static empty(): PersistedOperations {
    return new PersistedOperations(new Map());
  }

  /** Reads a manifest; a missing file gives an empty list, a malformed one fails the start. */
  static fromFile(file: string): PersistedOperations {
    if (!existsSync(file)) return PersistedOperations.empty();
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    for (const [hash, query] of Object.entries(manifest)) {
      if (operationHash(query) !== hash)
        throw new Error(`Persisted operation ${hash} in ${file} does not match its hash.`);
    }
    return new PersistedOperations(new Map(Object.entries(manifest)));
  }

  get size(): number {
    return this.operations.size;
  }

  get(hash: string): string | undefined {
    return this.operations.get(hash);
  }
}

/** A request refused before execution, with its HTTP status and GraphQL error. */
export interface PolicyRefusal {
  status: number;
  message: string;
  extensions: Record<string, unknown>;
}

/**
 * Resolves a persisted operation's text into `body.query` and refuses what the caller may not send. Returns the
 * refusal, or undefined when the request may run.
 */
export function applyOperationPolicy(
  body: OperationRequest,
  identity: Identity,
  persisted: PersistedOperations,
): PolicyRefusal | undefined {
  const persistedQuery = body.extensions?.persistedQuery;
  if (persistedQuery !== undefined && persistedQuery !== null) {
    const requested = persistedQuery.sha256Hash;
    const text = typeof requested === 'string' ? persisted.get(requested) : undefined;
    if (text === undefined) {
      return {
        status: 400,
        message: '找不到该预置查询：网页版本可能已更新，请刷新页面后重试',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
      };
    }
    if (body.query !== undefined && body.query !== text) {
      return {
        status: 400,
        message: '查询文本与预置查询的哈希不符',
        extensions: { code: 'BAD_REQUEST', reason: 'PERSISTED_QUERY_HASH_MISMATCH' },
      };
    }
    body.query = text;
    // Apollo Server runs with its own persisted queries off and would reject the extension as unsupported.
    delete body.extensions?.persistedQuery;
    return serviceAccountRefusal(text, identity);
  }
  if (mayWriteQueries(identity) || typeof body.query !== 'string') return undefined;
  if (persisted.get(operationHash(body.query)) !== undefined) return serviceAccountRefusal(body.query, identity);
  return {
    status: 403,
    message: '本账号只能使用平台内置的查询；编写自定义查询需要研判分析员或审计员角色',
    extensions: { code: 'FORBIDDEN', reason: 'PERSISTED_QUERY_REQUIRED' },
  };
}

/** The one operation a camera analytics system's service account (`video_feed` and no other role) may run. */
const VIDEO_FEED_OPERATION = /^\s*mutation\s+IngestVideoAlert\b/;

/** True for a camera analytics system's service account: `video_feed` is its only role. */
export function isVideoFeedOnly(identity: Identity): boolean {
  return identity.roles.every((role) => role === 'video_feed');
}

/** Keeps a service account that only sends video alerts to that operation, whatever else the web app persists. */
function serviceAccountRefusal(text: string, identity: Identity): PolicyRefusal | undefined {
  if (!isVideoFeedOnly(identity) || VIDEO_FEED_OPERATION.test(text)) return undefined;
  return {
    status: 403,
    message: '视频分析系统接入账号只能发送视频告警（IngestVideoAlert 或 POST /api/video-alerts）',
    extensions: { code: 'FORBIDDEN', reason: 'SERVICE_ACCOUNT_OPERATION' },
  };
}

/** Refuses schema introspection (`__schema`, `__type`) to callers who are not analysts. */
export function introspectionPolicyPlugin<Context extends { identity?: Identity }>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document }) {
          const identity = contextValue.identity;
          if (!identity || mayIntrospect(identity)) return;
          let introspects = false;
          visit(document, {
            [Kind.FIELD](node) {
              if (node.name.value === '__schema' || node.name.value === '__type') introspects = true;
            },
          });
          if (introspects) {
            throw new GraphQLError('查看接口结构（内省查询）需要研判分析员角色', {
              extensions: { code: 'FORBIDDEN', reason: 'INTROSPECTION_FORBIDDEN', http: { status: 403 } },
            });
          }
        },
      };
    },
  };
}
