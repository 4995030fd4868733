import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Rejects float literals outside the double range, such as `1e999`. graphql-js parses them to Infinity and
 * @apollo/gateway 2.14's query planner then throws, which would otherwise surface as an internal error.
 */
export const finiteFloatLiterals: ValidationRule = (context) => ({
  FloatValue(node) {
    if (!Number.isFinite(Number(node.value))) {
      context.reportError(
        new GraphQLError(`数值 ${node.value} 超出双精度浮点数范围，请改用有限的数值`, { nodes: [node] }),
      );
    }
  },
});

/**
 * Rejects subscription operations. The hub serves queries and mutations over HTTP only: the supergraph has no
 * subscription root and @apollo/gateway 2.14 would fail to plan one, which would otherwise surface as an internal
 * error.
 */
export const noSubscriptions: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== 'subscription') return;
    const name = node.name ? ` ${node.name.value}` : '';
    context.reportError(
      new GraphQLError(`本平台暂不支持订阅（subscription）操作${name}；请改用查询（query）并定时刷新`, {
        nodes: [node],
        extensions: {
          code: 'GRAPHQL_VALIDATION_FAILED',
          reason: 'SUBSCRIPTIONS_UNSUPPORTED',
          detail: 'Subscriptions are not supported by this gateway.',
        },
      }),
    );
  },
});
