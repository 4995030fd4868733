import type { FetchNode, PlanNode, QueryPlan, SubscriptionNode } from '@apollo/query-planner';

/** Returns the fetch nodes of a plan in the order the gateway starts them (depth first), every branch included. */
export function fetchNodes(node: PlanNode | SubscriptionNode): FetchNode[] {
  switch (node.kind) {
    case 'Fetch':
      return [node];
    case 'Flatten':
      return fetchNodes(node.node);
    case 'Sequence':
    case 'Parallel':
      return node.nodes.flatMap(fetchNodes);
    case 'Condition':
      return [
        ...(node.ifClause ? fetchNodes(node.ifClause) : []),
        ...(node.elseClause ? fetchNodes(node.elseClause) : []),
      ];
    case 'Subscription':
      return [node.primary, ...(node.rest ? fetchNodes(node.rest) : [])];
    case 'Defer':
      return [
        ...(node.primary.node ? fetchNodes(node.primary.node) : []),
        ...node.deferred.flatMap((entry) => (entry.node ? fetchNodes(entry.node) : [])),
      ];
  }
}

/** Names the subgraphs a query plan may call, sorted; none for an operation the gateway resolves alone. */
export function planSubgraphs(plan: QueryPlan): string[] {
  const names = new Set((plan.node ? fetchNodes(plan.node) : []).map((fetch) => fetch.serviceName));
  return [...names].sort();
}
