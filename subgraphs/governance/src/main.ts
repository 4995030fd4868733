import { runStandalone } from '@lianfang/subgraph-kit';
import { governanceSubgraph } from './index.js';

await runStandalone(governanceSubgraph, 4101);
