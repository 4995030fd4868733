import {
  entityWithinJurisdiction,
  GeoJSONScalar,
  isWithinJurisdiction,
  outOfJurisdiction,
  ownCityOnly,
  type SubgraphContext,
  type SubgraphResolvers,
} from '@lianfang/subgraph-kit';
import {
  type EnterpriseRow,
  type EnterpriseSearchArgs,
  enterpriseByCreditCode,
  enterpriseLoader,
  enterprisesByAddressLoader,
  searchEnterprises,
} from './enterprises.js';

function communityOf(enterprise: EnterpriseRow): string {
  return enterprise.communityCode;
}

/** Every resolver is limited to the caller's org unit and below, checked on the enterprise's own community code. */
export const resolvers: SubgraphResolvers = ownCityOnly({
  GeoJSON: GeoJSONScalar,

  Query: {
    async enterprise(_: unknown, args: { creditCode: string }, context: SubgraphContext) {
      const enterprise = await enterpriseByCreditCode(context, args.creditCode);
      return entityWithinJurisdiction(context, enterprise, communityOf, `Query.enterprise(${args.creditCode})`);
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
    // Each registration records the address's community, so market checks the address's unit on its own data.
    async enterprises(address: { id: string }, _: unknown, context: SubgraphContext) {
      const enterprises = await enterprisesByAddressLoader(context).load(address.id);
      const outside = enterprises.find((enterprise) => !isWithinJurisdiction(context, enterprise.communityCode));
      if (outside) throw outOfJurisdiction(context, `Address.enterprises(${address.id})`, outside.communityCode);
      return enterprises;
    },
  },

  Enterprise: {
    async __resolveReference(reference: { creditCode: string }, context: SubgraphContext) {
      const enterprise = await enterpriseLoader(context).load(reference.creditCode);
      return entityWithinJurisdiction(context, enterprise, communityOf, `Enterprise(${reference.creditCode})`);
    },
    address(enterprise: EnterpriseRow) {
      return { id: enterprise.addressId };
    },
    community(enterprise: EnterpriseRow) {
      return { code: enterprise.communityCode };
    },
  },
});
