import { buildSchema, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureOperation } from './operation-cost.js';

const schema = buildSchema(`
  type Query { items(first: Int = 10): [Item!]! item: Item }
  type Item { id: ID! name: String children(first: Int): [Item!]! }
`);

function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((definition) => definition.kind === 'OperationDefinition');
  return measureOperation(schema, document, operation as OperationDefinitionNode, variables);
}

describe('measureOperation', () => {
  it('weighs nesting and multiplies by a literal page size', () => {
    // item: 2 + 1.5 × (id 1 + name 1) = 5; items(first: 4): (2 + 1.5 × 1) × 4 = 14.
    expect(measure('{ item { id name } items(first: 4) { id } }')).toEqual({ depth: 2, cost: 19 });
  });

  it('uses the schema default and variables for page sizes', () => {
    expect(measure('{ items { id } }').cost).toBe(35);
    expect(measure('query Q($n: Int) { items(first: $n) { id } }', { n: 1000 }).cost).toBe(3500);
    expect(measure('query Q($n: Int) { items(first: $n) { id } }').cost).toBe(35);
  });

  it('counts fragments where they are spread, inline or named', () => {
    const inline = measure('{ item { children { children { id } } } }');
    const named = measure(
      '{ item { ...A } } fragment A on Item { children { ...B } } fragment B on Item { children { id } }',
    );
    expect(named).toEqual(inline);
    expect(named.depth).toBe(4);
    expect(measure('{ item { ... on Item { children { id } } } }')).toEqual(measure('{ item { children { id } } }'));
  });

  it('counts __typename and skips introspection', () => {
    expect(measure('{ __typename }')).toEqual({ depth: 1, cost: 1 });
    expect(measure('{ __schema { types { name fields { name } } } }')).toEqual({ depth: 0, cost: 0 });
  });
});
