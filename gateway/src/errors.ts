import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { libraryLimit } from './limits.js';

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
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
]);

const CJK = /[\u4e00-\u9fff]/;

// Messages of graphql-js and Apollo Server are English; staff get a Chinese sentence and the original as detail.
const CHINESE_MESSAGES: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: '查询语句有语法错误，请检查括号、引号和逗号；英文原文见 extensions.detail',
  GRAPHQL_VALIDATION_FAILED: '查询语句与数据模型不符，请核对类型、字段和参数名称；英文原文见 extensions.detail',
  OPERATION_RESOLUTION_FAILURE:
    '无法确定要执行的操作：查询语句含多个操作时须用 operationName 指定其中一个，且该名称须在查询语句中；英文原文见 extensions.detail',
  BAD_USER_INPUT: '参数值无效，请核对变量的类型和取值；英文原文见 extensions.detail',
  BAD_REQUEST: '请求格式无效；英文原文见 extensions.detail',
  PERSISTED_QUERY_NOT_FOUND: '未找到持久化查询，请发送完整的查询语句',
};

/**
 * Applies the gateway's error policy. Coded errors keep their message and code, and English messages of the GraphQL
 * libraries get a Chinese one with the original as `extensions.detail`. Anything else, and any message that would
 * show an internal address, becomes a generic internal error that is logged with the request id.
 */
export function formatGatewayError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? '');
    const serviceName = formatted.extensions?.serviceName;
    const extensions: Record<string, unknown> = { code };
    if (code === 'SUBGRAPH_UNAVAILABLE' && typeof serviceName === 'string') extensions.serviceName = serviceName;
    // `argument` names the rejected argument and `reason` refines BAD_USER_INPUT; both are stable English codes.
    // `eventId` names the caller's own earlier report when an idempotency key is reused with other content.
    for (const key of ['argument', 'reason', 'eventId'] as const) {
      if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
    }

    if (PUBLIC_CODES.has(code) && !INTERNAL_DETAIL.test(formatted.message)) {
      const detail = formatted.extensions?.detail;
      if (typeof detail === 'string' && !INTERNAL_DETAIL.test(detail)) extensions.detail = detail;
      const overLimit = CJK.test(formatted.message) ? undefined : libraryLimit(formatted.message);
      if (overLimit) {
        return {
          message: overLimit.message,
          locations: formatted.locations,
          extensions: { ...extensions, reason: overLimit.reason, detail: formatted.message },
        };
      }
      const chinese = CHINESE_MESSAGES[code];
      if (chinese && !CJK.test(formatted.message)) {
        return {
          message: chinese,
          locations: formatted.locations,
          path: formatted.path,
          extensions: { ...extensions, detail: formatted.message },
        };
      }
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    logger.error({ err: error, path: formatted.path, code }, 'request failed');
    return { message: INTERNAL_MESSAGE, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
