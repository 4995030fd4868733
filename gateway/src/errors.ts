import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';

const INTERNAL_MESSAGE = '服务器内部错误，请稍后重试；如持续出现，请把请求编号提供给运维人员';
// Anything that looks like an address or a host must not reach a client.
const INTERNAL_DETAIL =
  /(https?:\/\/|\b\d{1,3}(\.\d{1,3}){3}\b|localhost|ECONNREFUSED|ECONNRESET|ETIMEDOUT|\bat .+:\d+:\d+)/i;

const PUBLIC_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'SUBGRAPH_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
]);

/**
 * The gateway's error policy: coded errors keep their message and code; anything else, or any message that would
 * show an internal address, becomes a generic internal error that is logged with the request id.
 */
export function formatGatewayError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? '');
    const serviceName = formatted.extensions?.serviceName;
    const extensions: Record<string, unknown> = { code };
    if (code === 'SUBGRAPH_UNAVAILABLE' && typeof serviceName === 'string') extensions.serviceName = serviceName;
    for (const key of ['argument'] as const) {
      if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
    }

    if (PUBLIC_CODES.has(code) && !INTERNAL_DETAIL.test(formatted.message)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    logger.error({ err: error, path: formatted.path, code }, 'request failed');
    return { message: INTERNAL_MESSAGE, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
