import {
  ForbiddenReason,
  forbidden,
  isWithinJurisdiction,
  outOfJurisdiction,
  ownCityOnly,
  type SubgraphContext,
  type SubgraphResolvers,
} from '@lianfang/subgraph-kit';
import { monthlyUsageByKey, utilityUsageLoader } from './usage.js';

/** An address reference with the community that `@requires` fetches from police. */
interface AddressReference {
  id: string;
  community?: { code?: string | null } | null;
}

/**
 * Rejects a request whose org unit utilities cannot check: meter readings carry no org unit, so only the address's
 * community sent along by the gateway can place them.
 */
function unknownUnit(context: SubgraphContext, target: string) {
  context.access.deny(target, ForbiddenReason.OUT_OF_JURISDICTION);
  return forbidden(
    `${target} 无法确定所属组织单元，不能核对管辖范围；请通过标准地址的 utilityUsage 字段查询`,
    ForbiddenReason.OUT_OF_JURISDICTION,
  );
}

/**
 * Every resolver is limited to the caller's org unit and below. Meter readings have no org unit column, and a
 * subgraph reads only its own schema, so the jurisdiction comes from the address's owner: `Address.utilityUsage`
 * requires `community { code }` from police, which has already checked the address itself. Keeping a copy of each
 * address's community in utilities would need the meter readings' import to carry it and would go stale when
 * police moves an address to another community.
 */
export const resolvers: SubgraphResolvers = ownCityOnly({
  Address: {
    // The police subgraph owns addresses, so a reference is taken as it comes and an unknown id has no readings.
    __resolveReference(reference: AddressReference) {
      return reference;
    },
    utilityUsage(address: AddressReference, args: { months: number }, context: SubgraphContext) {
      const code = address.community?.code;
      const target = `Address.utilityUsage(${address.id})`;
      if (!code) throw unknownUnit(context, target);
      if (!isWithinJurisdiction(context, code)) throw outOfJurisdiction(context, target, code);
      return utilityUsageLoader(context, args.months).load(address.id);
    },
  },

  MonthlyUsage: {
    // NOTE: no subgraph returns a MonthlyUsage, so the gateway never resolves one by key. A reference arrives only
    // from a direct `_entities` call, which carries no community, so an existing reading is rejected for everyone.
    async __resolveReference(reference: { addressId: string; month: string }, context: SubgraphContext) {
      const usage = await monthlyUsageByKey(context, reference.addressId, reference.month);
      if (!usage) return null;
      throw unknownUnit(context, `MonthlyUsage(${reference.addressId}, ${reference.month})`);
    },
  },
});
