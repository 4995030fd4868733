import { readFileSync } from 'node:fs';
import type { SubgraphDefinition } from '@lianfang/subgraph-kit';
import { resolvers } from './resolvers.js';

/** The audit subgraph: the access log that every subgraph appends to, for auditors to read and verify. */
export const auditSubgraph: SubgraphDefinition = {
  name: 'audit',
  typeDefs: readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'),
  resolvers,
};
