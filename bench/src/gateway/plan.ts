/** Walks an Apollo query plan to find the fetches on its critical path. */
import type { FetchNode, PlanNode, SubscriptionNode } from '@apollo/query-planner';

/**
 * Returns the time of the plan's critical path: a Sequence waits for each of its nodes in turn and a Parallel for
 * its slowest node. `fetchMs` gives the time of each fetch, 0 for a fetch the gateway skipped. A Condition counts
 * its slower branch, because the bench does not evaluate `@include`/`@skip` variables; the bench's operations have
 * no conditions or `@defer`.
 */
export function criticalPathMs(node: PlanNode | SubscriptionNode, fetchMs: (fetch: FetchNode) => number): number {
  switch (node.kind) {
    case 'Fetch':
      return fetchMs(node);
    case 'Flatten':
      return criticalPathMs(node.node, fetchMs);
    case 'Sequence':
      return node.nodes.reduce((total, child) => total + criticalPathMs(child, fetchMs), 0);
    case 'Parallel':
      return Math.max(0, ...node.nodes.map((child) => criticalPathMs(child, fetchMs)));
    case 'Condition':
      return Math.max(
        node.ifClause ? criticalPathMs(node.ifClause, fetchMs) : 0,
        node.elseClause ? criticalPathMs(node.elseClause, fetchMs) : 0,
      );
    case 'Subscription':
      throw new Error('The bench measures queries, not subscriptions');
    case 'Defer': {
      const primary = node.primary.node ? criticalPathMs(node.primary.node, fetchMs) : 0;
      const deferred = node.deferred.map((entry) => (entry.node ? criticalPathMs(entry.node, fetchMs) : 0));
      return primary + Math.max(0, ...deferred);
    }
  }
}

export { fetchNodes } from '@lianfang/gateway';
