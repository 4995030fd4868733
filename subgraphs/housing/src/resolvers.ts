import { GeoJSONScalar, type SubgraphContext, type SubgraphResolvers } from '@lianfang/subgraph-kit';
import { type Rental, type RentalSearchArgs, rentalByAddressLoader, rentalLoader, searchRentals } from './rentals.js';

export const resolvers: SubgraphResolvers = {
  GeoJSON: GeoJSONScalar,

  Query: {
    rental(_: unknown, args: { id: string }, context: SubgraphContext) {
      return rentalLoader(context).load(args.id);
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
    rental(address: { id: string }, _: unknown, context: SubgraphContext) {
      return rentalByAddressLoader(context).load(address.id);
    },
  },

  Rental: {
    __resolveReference(reference: { id: string }, context: SubgraphContext) {
      return rentalLoader(context).load(reference.id);
    },
    address(rental: Rental) {
      return { id: rental.addressId };
    },
    community(rental: Rental) {
      return { code: rental.communityCode };
    },
  },
};
