import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';
import { composeSupergraph, readSubgraphSchemas } from '@lianfang/gateway';
import { describe, expect, it } from 'vitest';

describe('committed supergraph', () => {
  it('composes and matches the subgraph schemas (run pnpm supergraph:compose after a schema change)', () => {
    const composed = composeSupergraph(readSubgraphSchemas(join(workspaceRoot, 'subgraphs')));
    const committed = readFileSync(join(workspaceRoot, 'gateway', 'supergraph.graphql'), 'utf8');
    expect(committed).toBe(composed);
  });
});
