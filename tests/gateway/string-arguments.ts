/**
 * Finds every string-valued argument of the root fields of a schema, and builds an operation that passes a chosen
 * value to one of them with valid values for the other required arguments.
 */
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';

/** Scalars whose values are strings. */
const STRING_SCALARS = new Set(['String', 'ID', 'DateTime']);

/** Valid values of required arguments and input fields, by name, inside 吴江区 (320509). */
const VALUES_BY_NAME: Record<string, unknown> = {
  orgUnit: '320509',
  code: '320509',
  sourceDistrict: '320509',
  incidentDistrictCode: '320509',
  bbox: [120.4, 30.8, 120.95, 31.25],
  zoom: 12,
  lon: 120.65,
  lat: 31.0,
  radiusMetres: 500,
  // A sharing agreement with 嘉兴 that passes every check, so a probe of one of its fields reaches the database.
  partnerCity: 'jiaxing',
  partnerName: '嘉兴市',
  districtCodes: ['330421'],
  allowedFields: ['BorderZone.name'],
  purpose: '跨界联防协作',
  retentionDays: 30,
  validFrom: '2026-01-01T00:00:00Z',
  expiresAt: '2027-01-01T00:00:00Z',
};

/** Optional arguments sent anyway: a small page keeps the probe under the cost limit. */
const OPTIONAL_VALUES: Record<string, unknown> = { first: 5 };

/** One argument to probe: `field(argument)` or, inside an input object, `field(argument[].inputField)`. */
export interface Probe {
  /** Test name, e.g. `incidents(orgUnit: ID!)` or `shareIncidents(incidents[].zone: ID!)`. */
  name: string;
  operation: 'query' | 'mutation';
  field: string;
  definition: GraphQLField<unknown, unknown>;
  argument: string;
  inputField?: string;
  /** True for a required argument of the root field, which selects what the field returns. */
  required: boolean;
}

function isStringType(type: GraphQLInputType): boolean {
  return STRING_SCALARS.has(getNamedType(type).name);
}

/** Returns the probes of every String, ID and DateTime argument of the schema's query and mutation fields. */
export function stringArguments(schema: GraphQLSchema): Probe[] {
  const probes: Probe[] = [];
  for (const [operation, root] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const definition of Object.values(root?.getFields() ?? {})) {
      for (const argument of definition.args) {
        const common = { operation, field: definition.name, definition, argument: argument.name };
        if (isStringType(argument.type)) {
          const name = `${definition.name}(${argument.name}: ${String(argument.type)})`;
          probes.push({ ...common, name, required: isNonNullType(argument.type) });
          continue;
        }
        const input = getNamedType(argument.type);
        if (!isInputObjectType(input)) continue;
        const list = isListType(getNullableType(argument.type)) ? '[]' : '';
        for (const inputField of Object.values(input.getFields())) {
          if (!isStringType(inputField.type)) continue;
          const name = `${definition.name}(${argument.name}${list}.${inputField.name}: ${String(inputField.type)})`;
          probes.push({ ...common, name, inputField: inputField.name, required: false });
        }
      }
    }
  }
  return probes;
}

/** Returns a valid value of `type`, by argument name where the name has one, else by type. */
function validValue(name: string, type: GraphQLInputType, inject?: { field: string; value: string }): unknown {
  if (name in VALUES_BY_NAME && !inject) return VALUES_BY_NAME[name];
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [validValue(name, nullable.ofType, inject)];
  if (isInputObjectType(nullable)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(nullable.getFields())) {
      if (field.name === inject?.field) value[field.name] = inject.value;
      else if (isNonNullType(field.type)) value[field.name] = validValue(field.name, field.type);
    }
    return value;
  }
  if (isEnumType(nullable)) return nullable.getValues()[0]?.value;
  const byScalar: Record<string, unknown> = {
    Int: 5,
    Float: 1,
    Boolean: false,
    DateTime: '2025-06-01T00:00:00Z',
    GeoJSON: { type: 'Point', coordinates: [120.65, 31.0] },
  };
  return byScalar[nullable.name] ?? '320509';
}

/** Wraps `value` in as many lists as `type` has. */
function wrapped(type: GraphQLInputType, value: string): unknown {
  const nullable = getNullableType(type);
  return isListType(nullable) ? [wrapped(nullable.ofType, value)] : value;
}

/**
 * Selects the scalar fields of `type` that need no arguments, and the same of its object fields down to `depth`
 * levels, so the probed field's resolvers and those of what it returns run.
 */
function selectionOf(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return '{ __typename }';
  const parts = ['__typename'];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((argument) => isNonNullType(argument.type))) continue;
    if (isLeafType(getNamedType(field.type))) parts.push(field.name);
    else if (depth > 1 && isObjectType(getNamedType(field.type))) {
      parts.push(`${field.name} ${selectionOf(field.type, depth - 1)}`);
    }
  }
  return `{ ${parts.join(' ')} }`;
}

/** Builds an operation that passes `value` to the probed argument, with every argument sent as a variable. */
export function probeQuery(probe: Probe, value: string): { query: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  const definitions: string[] = [];
  const uses: string[] = [];
  for (const argument of probe.definition.args) {
    let argumentValue: unknown;
    if (argument.name !== probe.argument) {
      if (argument.name in OPTIONAL_VALUES) argumentValue = OPTIONAL_VALUES[argument.name];
      else if (isNonNullType(argument.type)) argumentValue = validValue(argument.name, argument.type);
      else continue;
    } else if (probe.inputField) {
      argumentValue = validValue(argument.name, argument.type, { field: probe.inputField, value });
    } else {
      argumentValue = wrapped(argument.type, value);
    }
    variables[argument.name] = argumentValue;
    definitions.push(`$${argument.name}: ${String(argument.type)}`);
    uses.push(`${argument.name}: $${argument.name}`);
  }
  const selection = selectionOf(probe.definition.type, 3);
  const query = `${probe.operation} Probe(${definitions.join(', ')}) { ${probe.field}(${uses.join(', ')}) ${selection} }`;
  return { query, variables };
}
