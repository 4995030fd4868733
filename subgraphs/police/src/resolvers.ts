import {
  assertOrgUnitCode,
  DateTimeScalar,
  GeoJSONScalar,
  parseBbox,
  parseSearchArea,
  parseTimeRange,
  type SubgraphContext,
  type SubgraphResolvers,
} from '@lianfang/subgraph-kit';
import { type AddressRow, addressConnection, addressCountLoader, addressLoader } from './addresses.js';
import { type IncidentGridArgs, incidentGrid } from './incident-grid.js';
import {
  type IncidentRow,
  type IncidentSearchArgs,
  type IncidentsNearArgs,
  incidentCountLoader,
  incidentLoader,
  incidentsNear,
  type NearbyIncidentsArgs,
  nearbyIncidentsLoader,
  searchIncidents,
} from './incidents.js';
import { parcelsByMonthLoader } from './parcels.js';
import { listPatrolZones, type PatrolZoneRow, patrolZoneLoader } from './patrol-zones.js';
import { presentResident, residentsLoader } from './residents.js';

interface PageArgs {
  first: number;
  after?: string | null;
}

export const resolvers: SubgraphResolvers = {
  GeoJSON: GeoJSONScalar,
  DateTime: DateTimeScalar,

  Query: {
    address(_: unknown, args: { id: string }, context: SubgraphContext) {
      return addressLoader(context).load(args.id);
    },
    async addresses(
      _: unknown,
      args: PageArgs & { orgUnit: string; bbox?: number[] | null; within?: unknown },
      context: SubgraphContext,
    ) {
      assertOrgUnitCode(args.orgUnit);
      const bbox = parseBbox(args.bbox);
      const area = await parseSearchArea(context, args.within);
      return addressConnection(context, args.orgUnit, args, { bbox, area });
    },
    incidents(_: unknown, args: IncidentSearchArgs, context: SubgraphContext) {
      return searchIncidents(context, args);
    },
    incidentGrid(_: unknown, args: IncidentGridArgs, context: SubgraphContext) {
      return incidentGrid(context, args);
    },
    incidentsNear(_: unknown, args: IncidentsNearArgs, context: SubgraphContext) {
      return incidentsNear(context, args);
    },
    patrolZones(_: unknown, args: { orgUnit: string }, context: SubgraphContext) {
      return listPatrolZones(context, args.orgUnit);
    },
  },

  Address: {
    __resolveReference(reference: { id: string }, context: SubgraphContext) {
      return addressLoader(context).load(reference.id);
    },
    community(address: AddressRow) {
      return { code: address.communityCode };
    },
    async residents(address: AddressRow, _: unknown, context: SubgraphContext) {
      const rows = await residentsLoader(context).load(address.id);
      return rows.map(presentResident);
    },
    parcelsByMonth(address: AddressRow, args: { months: number }, context: SubgraphContext) {
      return parcelsByMonthLoader(context, args.months).load(address.id);
    },
    nearbyIncidents(address: AddressRow, args: NearbyIncidentsArgs, context: SubgraphContext) {
      return nearbyIncidentsLoader(context, args).load(address.id);
    },
  },

  Incident: {
    __resolveReference(reference: { id: string }, context: SubgraphContext) {
      return incidentLoader(context).load(reference.id);
    },
    orgUnit(incident: IncidentRow) {
      return { code: incident.orgUnitCode };
    },
    address(incident: IncidentRow, _: unknown, context: SubgraphContext) {
      return incident.addressId ? addressLoader(context).load(incident.addressId) : null;
    },
  },

  PatrolZone: {
    __resolveReference(reference: { id: string }, context: SubgraphContext) {
      return patrolZoneLoader(context).load(reference.id);
    },
    orgUnit(zone: PatrolZoneRow) {
      return { code: zone.orgUnitCode };
    },
  },

  OrgUnit: {
    __resolveReference(reference: { code: string }) {
      // The code goes into LIKE patterns below, so anything but digits of a valid length is rejected here.
      assertOrgUnitCode(reference.code, 'code');
      return { code: reference.code };
    },
    async addressCount(unit: { code: string }, _: unknown, context: SubgraphContext) {
      return (await addressCountLoader(context).load(unit.code)) ?? 0;
    },
    async incidentCount(
      unit: { code: string },
      args: { from?: Date | null; to?: Date | null },
      context: SubgraphContext,
    ) {
      return (await incidentCountLoader(context, parseTimeRange(args)).load(unit.code)) ?? 0;
    },
    addresses(unit: { code: string }, args: PageArgs, context: SubgraphContext) {
      return addressConnection(context, unit.code, args);
    },
  },
};
