import { readFileSync } from 'node:fs';
import type { SubgraphDefinition } from '@lianfang/subgraph-kit';
import { resolvers } from './resolvers.js';

/** The housing subgraph: rental registrations, and the rental of each `Address`. */
export const housingSubgraph: SubgraphDefinition = {
  name: 'housing',
  typeDefs: readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'),
  resolvers,
};
