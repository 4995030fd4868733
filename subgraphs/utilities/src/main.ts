import { runStandalone } from '@lianfang/subgraph-kit';
import { utilitiesSubgraph } from './index.js';

await runStandalone(utilitiesSubgraph, 4105);
