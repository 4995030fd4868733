import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

// The schema comes from @apollo/gateway, which loads graphql-js as CommonJS, while this module loads it as an ES
// module. graphql-js rejects types of the other copy in its instanceof checks (isObjectType, getArgumentValues…),
// so this file reads the schema through its methods and properties only.

/** Cost of a field without selections and of one with selections, before its children. */
const SCALAR_COST = 1;
const OBJECT_COST = 2;
/** Each level of nesting weighs its children 1.5 times. */
const DEPTH_FACTOR = 1.5;
/** Arguments whose value is the number of items a field returns. */
const PAGE_ARGUMENTS = ['first', 'last'] as const;

export interface OperationMeasure {
  /** Deepest nesting of fields, fragments counted where they are spread. */
  depth: number;
  /** Static cost: see `measureOperation`. */
  cost: number;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  measured: Map<string, OperationMeasure>;
}

/**
 * Measures an operation that passed validation. A field without selections costs 1, and a field with selections
 * 2 plus 1.5 times its children. A field's cost is multiplied by its page size, the value of its `first` or `last`
 * argument, whether written in the document, passed as a variable or left to the schema's default. Fragments count as if written where
 * they are spread, each measured once. Introspection fields count nothing, because graphql-js bounds their depth.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!root) return { depth: 0, cost: 0 };
  return measureSelections({ schema, fragments, variables, measured: new Map() }, operation.selectionSet, root);
}

function measureSelections(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLNamedType): OperationMeasure {
  let depth = 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    let part: OperationMeasure | undefined;
    if (selection.kind === Kind.FIELD) {
      part = measureField(walk, selection, parent);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      part = type ? measureSelections(walk, selection.selectionSet, type) : undefined;
    } else {
      part = measureFragment(walk, selection.name.value);
    }
    if (!part) continue;
    depth = Math.max(depth, part.depth);
    cost += part.cost;
  }
  return { depth, cost };
}

function measureFragment(walk: Walk, name: string): OperationMeasure | undefined {
  const known = walk.measured.get(name);
  if (known) return known;
  const fragment = walk.fragments.get(name);
  const type = fragment && walk.schema.getType(fragment.typeCondition.name.value);
  if (!fragment || !type) return undefined;
  const measure = measureSelections(walk, fragment.selectionSet, type);
  walk.measured.set(name, measure);
  return measure;
}

function measureField(walk: Walk, node: FieldNode, parent: GraphQLNamedType): OperationMeasure | undefined {
  if (node.name.value.startsWith('__')) {
    return node.name.value === '__typename' ? { depth: 1, cost: SCALAR_COST } : undefined;
  }
  const field = fieldsOf(parent)?.[node.name.value];
  if (!field) return undefined;
  if (!node.selectionSet) return { depth: 1, cost: SCALAR_COST };
  const children = measureSelections(walk, node.selectionSet, namedTypeOf(field.type));
  return {
    depth: 1 + children.depth,
    cost: (OBJECT_COST + DEPTH_FACTOR * children.cost) * pageSize(field, node, walk.variables),
  };
}

function fieldsOf(type: GraphQLNamedType): Record<string, GraphQLField<unknown, unknown>> | undefined {
  const withFields = type as { getFields?: () => Record<string, GraphQLField<unknown, unknown>> };
  return typeof withFields.getFields === 'function' ? withFields.getFields() : undefined;
}

function namedTypeOf(type: GraphQLType): GraphQLNamedType {
  let current: GraphQLType = type;
  while ('ofType' in current && current.ofType) current = current.ofType as GraphQLType;
  return current as GraphQLNamedType;
}

/** Returns the number of items a field requests, or 1 when it has no page argument or the value is not a number. */
function pageSize(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): number {
  for (const name of PAGE_ARGUMENTS) {
    const definition = field.args.find((argument) => argument.name === name);
    if (!definition) continue;
    const argumentValue = node.arguments?.find((argument) => argument.name.value === name)?.value;
    let value: unknown = definition.defaultValue;
    if (argumentValue?.kind === Kind.INT) value = Number(argumentValue.value);
    else if (argumentValue?.kind === Kind.VARIABLE)
      value = variables[argumentValue.name.value] ?? definition.defaultValue;
    else if (argumentValue) value = undefined;
    if (typeof value === 'number' && Number.isFinite(value) && value > 1) return value;
  }
  return 1;
}
