import { Client, cacheExchange, fetchExchange } from '@urql/core';

/**
 * Creates the GraphQL client for the gateway on the page's own origin. urql aborts the fetch of a query whose
 * component unmounts or whose variables change, and reports no error for it.
 */
export function createGraphqlClient(): Client {
  return new Client({
    url: '/graphql',
    exchanges: [cacheExchange, fetchExchange],
    preferGetMethod: false,
  });
}
