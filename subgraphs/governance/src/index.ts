import { readFileSync } from 'node:fs';
import type { SubgraphDefinition } from '@lianfang/subgraph-kit';
import { resolvers } from './resolvers.js';

/** The governance subgraph: owner of `OrgUnit` and grid workers. */
export const governanceSubgraph: SubgraphDefinition = {
  name: 'governance',
  typeDefs: readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'),
  resolvers,
};
