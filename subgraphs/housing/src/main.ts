import { runStandalone } from '@lianfang/subgraph-kit';
import { housingSubgraph } from './index.js';

await runStandalone(housingSubgraph, 4103);
