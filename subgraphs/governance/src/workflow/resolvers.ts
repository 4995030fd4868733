import type { SubgraphResolvers } from '@lianfang/subgraph-kit';

// TODO: filled in by the workflow work (events, tasks, timeline, responsibility list, assessment).
export const workflowResolvers: SubgraphResolvers = {};
