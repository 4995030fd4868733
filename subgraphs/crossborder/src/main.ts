import { runStandalone } from '@lianfang/subgraph-kit';
import { crossborderSubgraph } from './index.js';

await runStandalone(crossborderSubgraph, 4106);
