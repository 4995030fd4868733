import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import { measureOperation } from './operation-cost.js';

/**
 * Limits on one operation, checked before it is planned. The web app's operations reach depth 5 with no aliases
 * and the workbench's examples stay below these, so the limits stop only abusive documents. Without them, one
 * operation with 300 aliases of a street's incidents keeps the hub busy for about 19 s (measured on 2 cores).
 */
export const OPERATION_LIMITS = {
  /** Lexical tokens of the whole document; the parser stops at the first token past it. */
  maxTokens: 5_000,
  /** Nesting of fields, introspection excepted. */
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  /**
   * Static cost (see `measureOperation`): 2 per object field and 1 per scalar field, 1.5 times per level of
   * nesting, times the page size. A page of 1,000 addresses with residents, rental, enterprises and usage costs
   * about 79,000, and 21 aliases each listing 1,000 incidents cost about 270,000.
   */
  maxCost: 200_000,
} as const;

/** The `reason` extension of an operation rejected by a limit. */
export type LimitReason = 'MAX_TOKENS' | 'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_DIRECTIVES' | 'MAX_COST';

const FOUND = /limit of (\d+) exceeded, found (\d+)/;

/** Builds the Chinese message of a rejected operation from the English message of the limit's rule. */
function rejection(reason: LimitReason, describe: (limit: string, found: string) => string) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    const [, limit = '?', found = '?'] = FOUND.exec(error.message) ?? [];
    context?.reportError(
      new GraphQLError(describe(limit, found), {
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason, detail: error.message.replace(/^Syntax Error: /, '') },
      }),
    );
  };
}

/** Returns the validation rules that enforce the alias and directive limits of `OPERATION_LIMITS`. */
export function operationLimitRules(limits = OPERATION_LIMITS): ValidationRule[] {
  const common = { exposeLimits: true, propagateOnRejection: false } as const;
  return [
    maxAliasesRule({
      ...common,
      n: limits.maxAliases,
      onReject: [
        rejection(
          'MAX_ALIASES',
          (limit, found) => `查询别名过多：最多 ${limit} 个，收到 ${found} 个；请改用列表参数或拆分查询`,
        ),
      ],
    }),
    maxDirectivesRule({
      ...common,
      n: limits.maxDirectives,
      onReject: [rejection('MAX_DIRECTIVES', (limit, found) => `查询指令过多：最多 ${limit} 个，收到 ${found} 个`)],
    }),
  ];
}

function rejected(reason: LimitReason, message: string, detail: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason, detail, http: { status: 400 } },
  });
}

/**
 * Enforces the depth and cost limits once the operation is known, with the request's variables, so a page size
 * passed as a variable or left to the schema's default counts as much as one written in the document.
 */
export function operationMeasurePlugin<Context extends BaseContext>(
  limits = OPERATION_LIMITS,
): ApolloServerPlugin<Context> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ schema, document, operation, request }) => {
        if (!operation) return;
        const { depth, cost } = measureOperation(schema, document, operation, request.variables ?? {});
        if (depth > limits.maxDepth) {
          throw rejected(
            'MAX_DEPTH',
            `查询嵌套过深：最多 ${limits.maxDepth} 层，收到 ${depth} 层；请拆分为多个查询`,
            `Query depth limit of ${limits.maxDepth} exceeded, found ${depth}.`,
          );
        }
        if (cost > limits.maxCost) {
          const found = Math.round(cost);
          throw rejected(
            'MAX_COST',
            `查询过于复杂：复杂度上限 ${limits.maxCost}，本查询为 ${found}；请减少字段、嵌套或每页条数`,
            `Query cost limit of ${limits.maxCost} exceeded, found ${found}.`,
          );
        }
      },
    }),
  };
}

/** Limits graphql-js applies itself, reported in English: each gets a Chinese message and a reason. */
const LIBRARY_LIMITS: { pattern: RegExp; reason: string; message: (match: RegExpExecArray) => string }[] = [
  {
    pattern: /more th(?:an|at) (\d+) tokens/,
    reason: 'MAX_TOKENS',
    message: (match) => `查询语句过长：最多 ${match[1]} 个词法单元；请拆分为多个查询`,
  },
  {
    // Comparing many fields of one selection for conflicts has a work budget; a document over it is not validated.
    pattern: /^Validation aborted\.$/,
    reason: 'VALIDATION_BUDGET',
    message: () => '查询中同一层的字段过多，校验已中止；请删去重复的字段或拆分查询',
  },
  {
    pattern: /^Maximum introspection depth exceeded/,
    reason: 'MAX_INTROSPECTION_DEPTH',
    message: () => '模式查询（introspection）嵌套过深；请减少 fields、type、ofType 的嵌套层数',
  },
];

/** Returns the Chinese message and reason of a limit graphql-js reported with `detail`, if it is one. */
export function libraryLimit(detail: string): { message: string; reason: string } | undefined {
  for (const limit of LIBRARY_LIMITS) {
    const match = limit.pattern.exec(detail);
    if (match) return { message: limit.message(match), reason: limit.reason };
  }
  return undefined;
}
