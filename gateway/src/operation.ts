import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * Rejects a document whose operation cannot be chosen: several operations and no `operationName`, or an
 * `operationName` that names none of them. Apollo Server 5 leaves this to the executor, and @apollo/gateway 2.14's
 * executor throws instead of returning the error, so without this plugin the client receives HTTP 500.
 */
export function operationResolutionPlugin<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const name = request.operationName;
          const message =
            name === undefined || name === null
              ? 'Must provide operation name if query contains multiple operations.'
              : `Unknown operation named "${name}".`;
          throw new GraphQLError(message, {
            extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
          });
        },
      };
    },
  };
}
