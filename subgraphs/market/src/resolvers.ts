import { GeoJSONScalar, type SubgraphContext, type SubgraphResolvers } from '@lianfang/subgraph-kit';
import {
  type EnterpriseRow,
  type EnterpriseSearchArgs,
  enterpriseByCreditCode,
  enterpriseLoader,
  enterprisesByAddressLoader,
  searchEnterprises,
} from './enterprises.js';

export const resolvers: SubgraphResolvers = {
  GeoJSON: GeoJSONScalar,

  Query: {
    enterprise(_: unknown, args: { creditCode: string }, context: SubgraphContext) {
      return enterpriseByCreditCode(context, args.creditCode);
    },
    enterprises(_: unknown, args: EnterpriseSearchArgs, context: SubgraphContext) {
      return searchEnterprises(context, args);
    },
  },

  Address: {
    // The police subgraph owns addresses, so a reference is taken as it comes and an unknown id has no enterprises.
    __resolveReference(reference: { id: string }) {
      return { id: reference.id };
    },
    enterprises(address: { id: string }, _: unknown, context: SubgraphContext) {
      return enterprisesByAddressLoader(context).load(address.id);
    },
  },

  Enterprise: {
    __resolveReference(reference: { creditCode: string }, context: SubgraphContext) {
      return enterpriseLoader(context).load(reference.creditCode);
    },
    address(enterprise: EnterpriseRow) {
      return { id: enterprise.addressId };
    },
    community(enterprise: EnterpriseRow) {
      return { code: enterprise.communityCode };
    },
  },
};
