import { readFileSync } from 'node:fs';
import type { SubgraphDefinition } from '@lianfang/subgraph-kit';
import { resolvers } from './resolvers.js';

/** The police subgraph owns the standard `Address`, incidents and patrol zones, and adds counts to `OrgUnit`. */
export const policeSubgraph: SubgraphDefinition = {
  name: 'police',
  typeDefs: readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'),
  resolvers,
};
