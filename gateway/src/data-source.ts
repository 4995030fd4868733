import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { AUDITED_EXTENSION, type Identity } from '@lianfang/subgraph-kit';
import { GraphQLError, Kind, parse, type SelectionSetNode } from 'graphql';
import type { EntityCache } from './entity-cache.js';
import type { CacheSlot } from './response-cache.js';
import { SUBGRAPH_LABELS } from './subgraphs.js';

/** Context of one client request at the gateway. */
export interface GatewayContext {
  requestId: string;
  /** Who sent the request; absent only for operations the gateway plans itself (`warmUp`). */
  identity?: Identity;
  /**
   * Headers every subgraph call carries: the claims the gateway signed for this request and the client's preferred
   * language of messages.
   */
  forwardedHeaders: Record<string, string>;
  /** Part of the cache keys besides the request body that separates callers' responses: identity, purpose and language. */
  cacheIdentity: string;
  /** Present when the request's response may be cached; the query plan and the plugins fill it in. */
  cacheSlot?: CacheSlot;
  /** Whether entity fetches may use and fill the entity cache: false when the client sent `Cache-Control: no-cache`. */
  entityCache: boolean;
  /** Set for operations the gateway plans ahead of clients; their subgraph fetches are not sent. */
  warmUp?: boolean;
}

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Client headers that every subgraph call carries, entity fetches included. The client's credentials are not among
 * them: subgraphs receive the claims the gateway signed instead.
 */
export const FORWARDED_HEADERS = ['accept-language'] as const;

/**
 * Sends operations to one subgraph. It forwards the request id with every call, entity fetches included, and turns
 * a failed call into a `SUBGRAPH_UNAVAILABLE` error that names the department but never its address.
 */
export class HubDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly serviceName: string,
    url: string,
    private readonly entityCache?: EntityCache,
  ) {
    // Node's fetch keeps connections alive by default, so calls to a subgraph reuse sockets.
    super({ url, fetcher: fetch as never });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!('incomingRequestContext' in options)) return;
    const headers = options.request.http?.headers;
    headers?.set(REQUEST_ID_HEADER, options.context.requestId);
    for (const [name, value] of Object.entries(options.context.forwardedHeaders)) headers?.set(name, value);
  }

  /**
   * Turns a failed call into one error per requested field, so the gateway can report where in the client's result
   * data is missing. For an entity fetch the path names the first entity; the fields of the others are missing too.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    try {
      if ('incomingRequestContext' in options && options.context.warmUp) return { data: null };
      const send = async (sent: GraphQLDataSourceProcessOptions<GatewayContext>) => {
        const response = await super.process(sent);
        // Personal data and refusals are audited by the subgraph, so no cache may return them without it.
        if (response.extensions?.[AUDITED_EXTENSION] && 'incomingRequestContext' in sent && sent.context.cacheSlot) {
          sent.context.cacheSlot.audited = true;
        }
        return response;
      };
      if (this.entityCache) return await this.entityCache.resolve(this.serviceName, options, send);
      return await send(options);
    } catch (error) {
      if (!(error instanceof GraphQLError) || error.extensions.code !== 'SUBGRAPH_UNAVAILABLE') throw error;
      const paths = requestedFieldPaths(options.request.query);
      if (paths.length === 0) throw error;
      return { errors: paths.map((path) => ({ message: error.message, path, extensions: error.extensions })) };
    }
  }

  /**
   * Passes on a subgraph's own rejection of a request (HTTP 4xx with GraphQL errors, e.g. a DateTime without a
   * time zone in a variable) with its message and code, instead of a bare status line the client cannot act on.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]) {
    const error = await super.errorFromResponse(response);
    const body = (error.extensions.response as { body?: unknown } | undefined)?.body;
    const first = (body as { errors?: { message?: unknown; extensions?: { code?: unknown } }[] } | undefined)
      ?.errors?.[0];
    if (response.status >= 400 && response.status < 500 && typeof first?.message === 'string') {
      const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'BAD_USER_INPUT';
      return new GraphQLError(ownMessage(first.message), { extensions: { code } });
    }
    return error;
  }

  override didEncounterError(error: Error): void {
    if (error instanceof GraphQLError) throw error;
    const label = SUBGRAPH_LABELS[this.serviceName] ?? this.serviceName;
    throw new GraphQLError(`部门服务“${label}”暂不可用，相关字段未返回；其余数据照常返回，请稍后重试`, {
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.serviceName },
      originalError: error,
    });
  }
}

/**
 * Drops the English sentences graphql-js puts before a scalar's own message ("Variable "$from" got invalid value
 * …; Expected type "DateTime". DateTime 须为…"), keeping the sentence that carries the Chinese rule.
 */
function ownMessage(message: string): string {
  const chinese = message.search(/[\u4e00-\u9fff]/);
  if (chinese < 0) return message;
  const sentenceStart = message.lastIndexOf('. ', chinese);
  return sentenceStart < 0 ? message : message.slice(sentenceStart + 2);
}

function fieldNames(selectionSet: SelectionSetNode | undefined): string[] {
  const names: string[] = [];
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD && selection.name.value !== '__typename') {
      names.push(selection.alias?.value ?? selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      names.push(...fieldNames(selection.selectionSet));
    }
  }
  return names;
}

/** Returns the paths of the fields a subgraph operation selects: `[field]` for root fields, `[_entities, 0, field]` for entities. */
export function requestedFieldPaths(query: string | undefined): (string | number)[][] {
  if (!query) return [];
  const operation = parse(query).definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
  const paths: (string | number)[][] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    if (selection.name.value === '_entities') {
      for (const name of new Set(fieldNames(selection.selectionSet))) paths.push(['_entities', 0, name]);
    } else {
      paths.push([selection.alias?.value ?? selection.name.value]);
    }
  }
  return paths;
}
