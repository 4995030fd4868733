import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { SUBGRAPH_LABELS } from './subgraphs.js';

/** Context of one client request at the gateway. */
export interface GatewayContext {
  requestId: string;
  /** Identity headers of the client request, forwarded to every subgraph call. */
  forwardedHeaders: Record<string, string>;
}

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Client headers that every subgraph call carries, entity fetches included: the caller's credentials and the
 * preferred language of messages.
 * NOTE: subgraphs do not verify credentials yet; until the gateway passes signed claims they must not trust them.
 */
export const FORWARDED_HEADERS = ['authorization', 'accept-language'] as const;

/**
 * Sends operations to one subgraph. It forwards the request id with every call, entity fetches included, and turns
 * a failed call into a `SUBGRAPH_UNAVAILABLE` error that names the department but never its address.
 */
export class HubDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly serviceName: string,
    url: string,
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

  override didEncounterError(error: Error): void {
    if (error instanceof GraphQLError) throw error;
    const label = SUBGRAPH_LABELS[this.serviceName] ?? this.serviceName;
    throw new GraphQLError(`部门服务“${label}”暂不可用，相关字段未返回；其余数据照常返回，请稍后重试`, {
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.serviceName },
      originalError: error,
    });
  }
}
