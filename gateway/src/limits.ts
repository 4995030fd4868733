import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';

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
   * Static cost: 2 per object field and 1 per scalar field, 1.5 times per level of nesting, and times a literal
   * `first` argument. A page of 1,000 addresses with residents, rental, enterprises and usage costs about 79,000,
   * and 21 aliases each listing 1,000 incidents cost about 270,000.
   * NOTE: a `first` passed as a variable counts as 1, because the rule reads literal values only.
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
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason, detail: error.message },
      }),
    );
  };
}

/** Returns the validation rules that enforce `OPERATION_LIMITS` except the token limit, which the parser applies. */
export function operationLimitRules(limits = OPERATION_LIMITS): ValidationRule[] {
  const common = { exposeLimits: true, propagateOnRejection: false } as const;
  return [
    maxDepthRule({
      ...common,
      n: limits.maxDepth,
      onReject: [
        rejection('MAX_DEPTH', (limit, found) => `查询嵌套过深：最多 ${limit} 层，收到 ${found} 层；请拆分为多个查询`),
      ],
    }),
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
    costLimitRule({
      ...common,
      maxCost: limits.maxCost,
      onReject: [
        rejection(
          'MAX_COST',
          (limit, found) => `查询过于复杂：复杂度上限 ${limit}，本查询为 ${found}；请减少字段或嵌套`,
        ),
      ],
    }),
  ];
}

/** Returns the message of a document over the token limit, which graphql-js reports as a syntax error. */
export function tokenLimitMessage(detail: string): string | undefined {
  const match = /more th(?:an|at) (\d+) tokens/.exec(detail);
  return match ? `查询语句过长：最多 ${match[1]} 个词法单元；请拆分为多个查询` : undefined;
}
