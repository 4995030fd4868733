import { readFileSync } from 'node:fs';
import type { SubgraphDefinition } from '@lianfang/subgraph-kit';
import { resolvers } from './resolvers.js';

/** The cross-border subgraph: border zones shared by two cities, their shared incidents and hotspots. */
export const crossborderSubgraph: SubgraphDefinition = {
  name: 'crossborder',
  typeDefs: readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'),
  resolvers,
};
