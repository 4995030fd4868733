import { readFileSync } from 'node:fs';
import type { SubgraphDefinition } from '@lianfang/subgraph-kit';
import { resolvers } from './resolvers.js';
import { startRetentionSchedule } from './retention.js';

export {
  AGREEMENT_COORDINATES,
  DEMO_ALLOWED_FIELDS,
  type SharingAgreement,
  seedDemoAgreements,
} from './agreements.js';
export { RETENTION_INTERVAL_ENV, type RetentionResult, runRetention } from './retention.js';

/**
 * The cross-border subgraph: border zones shared by two cities, their shared incidents and hotspots, the sharing
 * agreements with partner cities, and the scheduled job that destroys partner incidents past their retention.
 */
export const crossborderSubgraph: SubgraphDefinition = {
  name: 'crossborder',
  typeDefs: readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'),
  resolvers,
  startBackground: startRetentionSchedule,
};
