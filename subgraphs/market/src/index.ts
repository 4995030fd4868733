import { readFileSync } from 'node:fs';
import type { SubgraphDefinition } from '@lianfang/subgraph-kit';
import { resolvers } from './resolvers.js';

/** The market regulation subgraph owns `Enterprise` and lists the enterprises of each `Address`. */
export const marketSubgraph: SubgraphDefinition = {
  name: 'market',
  typeDefs: readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'),
  resolvers,
};
