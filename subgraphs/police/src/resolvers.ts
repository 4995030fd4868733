import {
  assertOrgUnitCode,
  assertWithinJurisdiction,
  DateTimeScalar,
  entityWithinJurisdiction,
  GeoJSONScalar,
  outOfJurisdiction,
  overlapsJurisdiction,
  ownCityOnly,
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
import { criminalRecordsLoader } from './records.js';
import { presentResident, type Resident, residentsLoader } from './residents.js';
import {
  cameraResolvers,
  incidentVideoResolvers,
  patrolZoneVideoResolvers,
  videoAlertResolvers,
  videoMutationResolvers,
  videoQueryResolvers,
} from './video-alert-resolvers.js';

interface PageArgs {
  first: number;
  after?: string | null;
}

/** Loads an address and rejects it when its community lies outside the caller's jurisdiction. */
async function loadAddress(context: SubgraphContext, id: string, target: string): Promise<AddressRow | null> {
  const row = await addressLoader(context).load(id);
  return entityWithinJurisdiction(context, row, (address) => address.communityCode, `${target}(${id})`);
}

/**
 * Every resolver is limited to the caller's org unit and below: org unit arguments are checked before any query,
 * entities loaded by id are checked against their unit, and radius queries filter rows by unit in SQL.
 */
export const resolvers: SubgraphResolvers = ownCityOnly({
  GeoJSON: GeoJSONScalar,
  DateTime: DateTimeScalar,

  Query: {
    address(_: unknown, args: { id: string }, context: SubgraphContext) {
      return loadAddress(context, args.id, 'Query.address');
    },
    async addresses(
      _: unknown,
      args: PageArgs & { orgUnit: string; bbox?: number[] | null; within?: unknown },
      context: SubgraphContext,
    ) {
      assertOrgUnitCode(args.orgUnit);
      assertWithinJurisdiction(context, args.orgUnit, 'Query.addresses');
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
      assertOrgUnitCode(args.orgUnit);
      assertWithinJurisdiction(context, args.orgUnit, 'Query.patrolZones');
      return listPatrolZones(context, args.orgUnit);
    },
    ...videoQueryResolvers,
  },

  Mutation: videoMutationResolvers,
  Camera: cameraResolvers,
  VideoAlert: videoAlertResolvers,

  Address: {
    __resolveReference(reference: { id: string }, context: SubgraphContext) {
      return loadAddress(context, reference.id, 'Address');
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
    async __resolveReference(reference: { id: string }, context: SubgraphContext) {
      const row = await incidentLoader(context).load(reference.id);
      return entityWithinJurisdiction(context, row, (incident) => incident.orgUnitCode, `Incident(${reference.id})`);
    },
    orgUnit(incident: IncidentRow) {
      return { code: incident.orgUnitCode };
    },
    address(incident: IncidentRow, _: unknown, context: SubgraphContext) {
      return incident.addressId ? loadAddress(context, incident.addressId, 'Incident.address') : null;
    },
    ...incidentVideoResolvers,
  },

  Resident: {
    records(resident: Resident, _: unknown, context: SubgraphContext) {
      return criminalRecordsLoader(context).load(resident.id);
    },
  },

  PatrolZone: {
    // A zone belongs to a street and covers its communities too, as `patrolZones` lists it for them.
    async __resolveReference(reference: { id: string }, context: SubgraphContext) {
      const zone = await patrolZoneLoader(context).load(reference.id);
      if (zone && !overlapsJurisdiction(context, zone.orgUnitCode)) {
        throw outOfJurisdiction(context, `PatrolZone(${reference.id})`, zone.orgUnitCode);
      }
      return zone;
    },
    orgUnit(zone: PatrolZoneRow) {
      return { code: zone.orgUnitCode };
    },
    ...patrolZoneVideoResolvers,
  },

  OrgUnit: {
    __resolveReference(reference: { code: string }) {
      // The code goes into LIKE patterns below, so anything but digits of a valid length is rejected here.
      assertOrgUnitCode(reference.code, 'code');
      return { code: reference.code };
    },
    async addressCount(unit: { code: string }, _: unknown, context: SubgraphContext) {
      assertWithinJurisdiction(context, unit.code, 'OrgUnit.addressCount');
      return (await addressCountLoader(context).load(unit.code)) ?? 0;
    },
    async incidentCount(
      unit: { code: string },
      args: { from?: Date | null; to?: Date | null },
      context: SubgraphContext,
    ) {
      assertWithinJurisdiction(context, unit.code, 'OrgUnit.incidentCount');
      return (await incidentCountLoader(context, parseTimeRange(args)).load(unit.code)) ?? 0;
    },
    addresses(unit: { code: string }, args: PageArgs, context: SubgraphContext) {
      assertWithinJurisdiction(context, unit.code, 'OrgUnit.addresses');
      return addressConnection(context, unit.code, args);
    },
  },
});
