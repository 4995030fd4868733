import type { GraphQLResolveInfo } from 'graphql';
import type { AccessContext } from './jurisdiction.js';

/** Resolvers by type name, then field name; scalars by their name. */
export type ResolverMap = Record<string, Record<string, unknown> | object>;

/**
 * Check run before an entry point resolves. `target` names it: `Query.field`, `Mutation.field` or, for an entity
 * reference, the type name. It rejects the request by throwing.
 */
export type EntryGuard<Context extends AccessContext> = (
  context: Context,
  target: string,
  info: GraphQLResolveInfo,
) => void | Promise<void>;

type FieldResolver<Context> = (parent: unknown, args: unknown, context: Context, info: GraphQLResolveInfo) => unknown;
type ReferenceResolver<Context> = (reference: unknown, context: Context, info: GraphQLResolveInfo) => unknown;

/**
 * Wraps the entry points of a request, the `Query` and `Mutation` fields and every `__resolveReference`, so that
 * `guard` runs before any of them reads a row. Fields below an entry point run only after it, so they need no
 * wrapper. The wrappers are async, so a rejection of one entity stays that entity's error: @apollo/subgraph 2.14 fails
 * the whole `_entities` field when a reference resolver throws synchronously.
 */
export function guardEntryPoints<Resolvers extends ResolverMap, Context extends AccessContext = AccessContext>(
  resolvers: Resolvers,
  guard: EntryGuard<Context>,
): Resolvers {
  const wrapped: ResolverMap = {};
  for (const [typeName, fields] of Object.entries(resolvers)) {
    // Scalars are class instances, not plain resolver maps, and stay as they are.
    if (Object.getPrototypeOf(fields) !== Object.prototype) {
      wrapped[typeName] = fields;
      continue;
    }
    const copy: Record<string, unknown> = { ...(fields as Record<string, unknown>) };
    for (const [fieldName, resolve] of Object.entries(copy)) {
      if (typeof resolve !== 'function') continue;
      if (fieldName === '__resolveReference') {
        const reference = resolve as ReferenceResolver<Context>;
        copy[fieldName] = async (representation: unknown, context: Context, info: GraphQLResolveInfo) => {
          await guard(context, typeName, info);
          return reference(representation, context, info);
        };
      } else if (typeName === 'Query' || typeName === 'Mutation') {
        const field = resolve as FieldResolver<Context>;
        copy[fieldName] = async (parent: unknown, args: unknown, context: Context, info: GraphQLResolveInfo) => {
          await guard(context, `${typeName}.${fieldName}`, info);
          return field(parent, args, context, info);
        };
      }
    }
    wrapped[typeName] = copy;
  }
  return wrapped as Resolvers;
}
