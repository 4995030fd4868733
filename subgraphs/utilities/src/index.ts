import { readFileSync } from 'node:fs';
import type { SubgraphDefinition } from '@lianfang/subgraph-kit';
import { resolvers } from './resolvers.js';

/** The utilities subgraph: monthly electricity and water use of each `Address` against its household type. */
export const utilitiesSubgraph: SubgraphDefinition = {
  name: 'utilities',
  typeDefs: readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'),
  resolvers,
};
