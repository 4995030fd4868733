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
