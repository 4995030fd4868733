import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { GatewayContext } from './data-source.js';

/** Logs one line per operation: request id, operation name, duration and error codes, never variables. */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors }) {
          const codes = (errors ?? []).map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          logger.info(
            {
              requestId: contextValue.requestId,
              operationName,
              durationMs: Math.round(performance.now() - started),
              errors: codes,
            },
            'operation finished',
          );
        },
      };
    },
  };
}
