import { readFileSync } from 'node:fs';
import type { SubgraphDefinition } from '@lianfang/subgraph-kit';
import { mountPhotoRoutes } from './reports/photo-routes.js';
import { resolvers } from './resolvers.js';
import { startWorkflowJobs } from './workflow/jobs.js';

/**
 * The governance subgraph: owner of `OrgUnit`, grid workers and the event workflow of the governance centres
 * (reports, responsibility list, tasks, timeline, assessment).
 */
export const governanceSubgraph: SubgraphDefinition = {
  name: 'governance',
  typeDefs: readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'),
  resolvers,
  startBackground: startWorkflowJobs,
  mountRoutes: mountPhotoRoutes,
};
