/** The gateways the gateway section compares, and how each is configured on the bench's subgraphs. */

export const CONTENDERS = ['lianfang', 'apollo'] as const;
export type Contender = (typeof CONTENDERS)[number];

/** Names in the docs' tables. */
export const CONTENDER_LABELS: Record<Contender, string> = {
  lianfang: 'Lianfang gateway',
  apollo: 'stock @apollo/gateway',
};

/** The contender the ratio table divides by. */
export const BASELINE: Contender = 'apollo';

// TODO: Hive Gateway (@graphql-hive/gateway 2.15.1 and 1.16.5) is not a contender because it does not run on
// Node 20 here. With engine pins on @whatwg-node/* and sync-fetch it installs, but @graphql-tools/executor 2.1.0
// then fails to load: it imports getDirectiveValues from @graphql-tools/utils, which the workspace pins to 11.2.2,
// and every @graphql-tools/utils 12 release depends on @whatwg-node/promise-helpers 2, which requires Node 22.15.

export { rewriteSubgraphUrls } from '@lianfang/gateway';
