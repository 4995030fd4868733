import type { SubgraphResolvers } from '@lianfang/subgraph-kit';

// TODO: filled in by the report work (classifier, submitReport, photos).
export const reportResolvers: SubgraphResolvers = {};
