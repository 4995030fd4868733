import { runStandalone } from '@lianfang/subgraph-kit';
import { policeSubgraph } from './index.js';

await runStandalone(policeSubgraph, 4102);
