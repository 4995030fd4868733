import type { FetchNode, PlanNode } from '@apollo/query-planner';
import { OperationTypeNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { criticalPathMs, fetchNodes } from './plan.js';

function fetch(serviceName: string): FetchNode {
  return {
    kind: 'Fetch',
    serviceName,
    operation: `{ ${serviceName} }`,
    operationName: undefined,
    operationKind: OperationTypeNode.QUERY,
  };
}

const TIMES: Record<string, number> = { police: 10, housing: 4, market: 7, utilities: 2, governance: 3 };
const timeOf = (node: FetchNode) => TIMES[node.serviceName] ?? 0;

// police first, then three entity fetches at once, then governance after housing.
const PLAN: PlanNode = {
  kind: 'Sequence',
  nodes: [
    fetch('police'),
    {
      kind: 'Parallel',
      nodes: [
        { kind: 'Flatten', path: ['a'], node: { kind: 'Sequence', nodes: [fetch('housing'), fetch('governance')] } },
        { kind: 'Flatten', path: ['b'], node: fetch('market') },
        { kind: 'Flatten', path: ['c'], node: fetch('utilities') },
      ],
    },
  ],
};

describe('criticalPathMs', () => {
  it('adds a sequence and takes the slowest parallel branch', () => {
    expect(criticalPathMs(PLAN, timeOf)).toBe(10 + Math.max(4 + 3, 7, 2));
  });

  it('counts one fetch alone', () => {
    expect(criticalPathMs(fetch('market'), timeOf)).toBe(7);
  });

  it('treats an empty parallel node as free', () => {
    expect(criticalPathMs({ kind: 'Parallel', nodes: [] }, timeOf)).toBe(0);
  });

  it('counts the slower branch of a condition', () => {
    const node: PlanNode = {
      kind: 'Condition',
      condition: 'x',
      ifClause: fetch('housing'),
      elseClause: fetch('market'),
    };
    expect(criticalPathMs(node, timeOf)).toBe(7);
  });
});

describe('fetchNodes', () => {
  it('lists fetches depth first', () => {
    expect(fetchNodes(PLAN).map((node) => node.serviceName)).toEqual([
      'police',
      'housing',
      'governance',
      'market',
      'utilities',
    ]);
  });
});
