import { runStandalone } from '@lianfang/subgraph-kit';
import { auditSubgraph } from './index.js';

await runStandalone(auditSubgraph, 4107);
