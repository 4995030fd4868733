import { runStandalone } from '@lianfang/subgraph-kit';
import { marketSubgraph } from './index.js';

await runStandalone(marketSubgraph, 4104);
