/**
 * `pnpm supergraph:compose`: composes gateway/supergraph.graphql from the department schemas. Commit the result;
 * a test fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';
import { composeSupergraph } from '../compose.js';
import { readSubgraphSchemas } from '../subgraphs.js';

const subgraphs = readSubgraphSchemas(join(workspaceRoot, 'subgraphs'));
const target = join(workspaceRoot, 'gateway', 'supergraph.graphql');
writeFileSync(target, composeSupergraph(subgraphs));
console.log(`wrote ${target} from ${subgraphs.map((subgraph) => subgraph.name).join(', ')}`);
