import {
  DateTimeScalar,
  GeoJSONScalar,
  parseTimeRange,
  type SubgraphContext,
  type SubgraphResolvers,
} from '@lianfang/subgraph-kit';
import { withAgreementGuard } from './agreement-guard.js';
import {
  isActive,
  readableAgreements,
  type SharingAgreement,
  type SharingAgreementInput,
  setAgreement,
} from './agreements.js';
import { findHotspots, type HotspotArgs } from './hotspots.js';
import { type SharedIncidentRow, sharedIncidentLoader, zoneIncidentsLoader } from './shared-incidents.js';
import { type SharedIncidentInput, shareIncidents } from './sharing.js';
import { type BorderZoneRow, borderZoneLoader, listBorderZones, zoneIncidentCountLoader } from './zones.js';

interface TimeArgs {
  from?: Date | null;
  to?: Date | null;
}

/**
 * Resolvers of the cross-border subgraph. Every entry point checks a partner city's request against its sharing
 * agreement first (see `withAgreementGuard`).
 */
export const resolvers: SubgraphResolvers = withAgreementGuard({
  GeoJSON: GeoJSONScalar,
  DateTime: DateTimeScalar,

  Query: {
    borderZones(_: unknown, __: unknown, context: SubgraphContext) {
      return listBorderZones(context);
    },
    borderZone(_: unknown, args: { id: string }, context: SubgraphContext) {
      return borderZoneLoader(context).load(args.id);
    },
    borderHotspots(_: unknown, args: HotspotArgs, context: SubgraphContext) {
      return findHotspots(context, args);
    },
    sharingAgreements(_: unknown, __: unknown, context: SubgraphContext) {
      return readableAgreements(context);
    },
  },

  Mutation: {
    shareIncidents(
      _: unknown,
      args: { sourceDistrict: string; incidents: SharedIncidentInput[] },
      context: SubgraphContext,
    ) {
      return shareIncidents(context, args.sourceDistrict, args.incidents);
    },
    setSharingAgreement(_: unknown, args: { input: SharingAgreementInput }, context: SubgraphContext) {
      return setAgreement(context, args.input);
    },
  },

  SharingAgreement: {
    active(agreement: SharingAgreement) {
      return isActive(agreement);
    },
  },

  BorderZone: {
    __resolveReference(reference: { id: string }, context: SubgraphContext) {
      return borderZoneLoader(context).load(reference.id);
    },
    districts(zone: BorderZoneRow) {
      return zone.districtCodes.map((code) => ({ code }));
    },
    async incidentCount(zone: BorderZoneRow, args: TimeArgs, context: SubgraphContext) {
      return (await zoneIncidentCountLoader(context, parseTimeRange(args)).load(zone.id)) ?? 0;
    },
    incidents(zone: BorderZoneRow, args: TimeArgs & { first: number }, context: SubgraphContext) {
      return zoneIncidentsLoader(context, parseTimeRange(args), args.first).load(zone.id);
    },
  },

  SharedIncident: {
    __resolveReference(reference: { id: string }, context: SubgraphContext) {
      return sharedIncidentLoader(context).load(reference.id);
    },
    zone(incident: SharedIncidentRow, _: unknown, context: SubgraphContext) {
      return borderZoneLoader(context).load(incident.zoneId);
    },
  },
});
