import type { Server } from 'node:http';
import type { Logger } from '@lianfang/db';
import type { ErrorRequestHandler } from 'express';

/**
 * Converts request errors that happen before GraphQL runs, such as a body that is not JSON or one over the size
 * limit, into GraphQL-style JSON errors with a Chinese message. Express's default HTML page would show a stack trace
 * with server paths.
 */
export function jsonErrorHandler(logger: Logger, limitBytes: number): ErrorRequestHandler {
  return (error, _request, response, _next) => {
    const type = (error as { type?: string }).type;
    if (type === 'entity.parse.failed') {
      response.status(400).json({
        errors: [
          {
            message: '请求体不是有效的 JSON；请发送 {"query": "...", "variables": {...}}',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
      return;
    }
    if (type === 'entity.too.large') {
      // body-parser reports the limit of the route that rejected the body; routes such as login set a smaller one.
      const limit = (error as { limit?: number }).limit ?? limitBytes;
      response.status(413).json({
        errors: [
          {
            message: `请求体超过 ${limit} 字节的上限；请缩小查询或分批提交`,
            extensions: { code: 'BAD_REQUEST', reason: 'BODY_TOO_LARGE', maxBytes: limit },
          },
        ],
      });
      return;
    }
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      response.status(status).json({ errors: [{ message: '请求无效', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    logger.error({ err: error }, 'request failed before GraphQL');
    response.status(500).json({
      errors: [{ message: '服务器内部错误，请稍后重试', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
  };
}

/**
 * Keeps idle keep-alive connections open for 65 s instead of Node's 5 s. A client that reuses a connection just as
 * the server closes it gets "socket hang up". A gateway pooling connections to subgraphs met this in the bench after
 * a pause of about 5 s, so the server waits longer than its clients keep idle connections.
 */
export function keepIdleConnections(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}
