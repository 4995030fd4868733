import {
  entityWithinJurisdiction,
  GeoJSONScalar,
  ownCityOnly,
  type SubgraphContext,
  type SubgraphResolvers,
} from '@lianfang/subgraph-kit';
import { type Rental, type RentalSearchArgs, rentalByAddressLoader, rentalLoader, searchRentals } from './rentals.js';

/** Loads a rental and rejects it when its community lies outside the caller's jurisdiction. */
async function loadRental(context: SubgraphContext, id: string, target: string): Promise<Rental | null> {
  const rental = await rentalLoader(context).load(id);
  return entityWithinJurisdiction(context, rental, (row) => row.communityCode, `${target}(${id})`);
}

/** Every resolver is limited to the caller's org unit and below, checked on the rental's own community code. */
export const resolvers: SubgraphResolvers = ownCityOnly({
  GeoJSON: GeoJSONScalar,

  Query: {
    rental(_: unknown, args: { id: string }, context: SubgraphContext) {
      return loadRental(context, args.id, 'Query.rental');
    },
    rentals(_: unknown, args: RentalSearchArgs, context: SubgraphContext) {
      return searchRentals(context, args);
    },
  },

  Address: {
    // The police subgraph owns addresses, so a reference is taken as it comes and an unknown id has no rental.
    __resolveReference(reference: { id: string }) {
      return { id: reference.id };
    },
    // The registration records the address's community, so housing checks the address's unit on its own data.
    async rental(address: { id: string }, _: unknown, context: SubgraphContext) {
      const rental = await rentalByAddressLoader(context).load(address.id);
      return entityWithinJurisdiction(context, rental, (row) => row.communityCode, `Address.rental(${address.id})`);
    },
  },

  Rental: {
    __resolveReference(reference: { id: string }, context: SubgraphContext) {
      return loadRental(context, reference.id, 'Rental');
    },
    address(rental: Rental) {
      return { id: rental.addressId };
    },
    community(rental: Rental) {
      return { code: rental.communityCode };
    },
  },
});
