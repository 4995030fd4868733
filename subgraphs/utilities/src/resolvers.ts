import type { SubgraphContext, SubgraphResolvers } from '@lianfang/subgraph-kit';
import { monthlyUsageByKey, utilityUsageLoader } from './usage.js';

export const resolvers: SubgraphResolvers = {
  Address: {
    // The police subgraph owns addresses, so a reference is taken as it comes and an unknown id has no readings.
    __resolveReference(reference: { id: string }) {
      return { id: reference.id };
    },
    utilityUsage(address: { id: string }, args: { months: number }, context: SubgraphContext) {
      return utilityUsageLoader(context, args.months).load(address.id);
    },
  },

  MonthlyUsage: {
    __resolveReference(reference: { addressId: string; month: string }, context: SubgraphContext) {
      return monthlyUsageByKey(context, reference.addressId, reference.month);
    },
  },
};
