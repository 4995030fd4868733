import type { OrgUnitLevel } from '@lianfang/db';
import {
  assertOrgUnitCode,
  assertWithinJurisdiction,
  entityWithinJurisdiction,
  GeoJSONScalar,
  ownCityOnly,
  type SubgraphContext,
  type SubgraphResolvers,
} from '@lianfang/subgraph-kit';
import { gridWorkerById, gridWorkersLoader, presentGridWorker } from './grid-workers.js';
import { childrenLoader, geometryLoader, listOrgUnits, type OrgUnitRow, orgUnitLoader } from './org-units.js';
import { reportResolvers } from './reports/resolvers.js';
import { workflowResolvers } from './workflow/resolvers.js';

type OrgUnitParent = OrgUnitRow | { code: string };

/** Resolves a reference that may carry only the key, as entity fetches from other subgraphs do. */
async function fullRow(unit: OrgUnitParent, context: SubgraphContext): Promise<OrgUnitRow | null> {
  if ('level' in unit) return unit;
  return orgUnitLoader(context).load(unit.code);
}

/**
 * Org unit names, levels and boundaries are public administrative data, open to every caller of the own city, so a
 * community's staff still see the breadcrumb up to their district. Grid workers are limited to the caller's org
 * unit and below.
 */
const orgUnitResolvers: SubgraphResolvers = {
  GeoJSON: GeoJSONScalar,

  Query: {
    orgUnit(_: unknown, args: { code: string }, context: SubgraphContext) {
      assertOrgUnitCode(args.code, 'code');
      return orgUnitLoader(context).load(args.code);
    },
    orgUnits(_: unknown, args: { level?: OrgUnitLevel | null; parent?: string | null }, context: SubgraphContext) {
      return listOrgUnits(context, args);
    },
  },

  OrgUnit: {
    __resolveReference(reference: { code: string }, context: SubgraphContext) {
      return orgUnitLoader(context).load(reference.code);
    },
    async name(unit: OrgUnitParent, _: unknown, context: SubgraphContext) {
      return (await fullRow(unit, context))?.name;
    },
    async level(unit: OrgUnitParent, _: unknown, context: SubgraphContext) {
      return (await fullRow(unit, context))?.level;
    },
    async cityName(unit: OrgUnitParent, _: unknown, context: SubgraphContext) {
      return (await fullRow(unit, context))?.city_name ?? null;
    },
    async approximate(unit: OrgUnitParent, _: unknown, context: SubgraphContext) {
      return (await fullRow(unit, context))?.approximate;
    },
    async parent(unit: OrgUnitParent, _: unknown, context: SubgraphContext) {
      const row = await fullRow(unit, context);
      return row?.parent_code ? orgUnitLoader(context).load(row.parent_code) : null;
    },
    children(unit: OrgUnitParent, _: unknown, context: SubgraphContext) {
      return childrenLoader(context).load(unit.code);
    },
    async ancestry(unit: OrgUnitParent, _: unknown, context: SubgraphContext) {
      // Codes are hierarchical: 320509001001 sits under 320509001, which sits under 320509.
      const codes: string[] = [];
      for (let length = 6; length <= unit.code.length; length += 3) codes.push(unit.code.slice(0, length));
      const rows = await orgUnitLoader(context).loadMany(codes);
      return rows.filter((row): row is OrgUnitRow => row !== null && !(row instanceof Error));
    },
    async boundary(unit: OrgUnitParent, _: unknown, context: SubgraphContext) {
      return (await geometryLoader(context).load(unit.code))?.boundary ?? null;
    },
    async centroid(unit: OrgUnitParent, _: unknown, context: SubgraphContext) {
      return (await geometryLoader(context).load(unit.code))?.centroid ?? null;
    },
    async labelPoint(unit: OrgUnitParent, _: unknown, context: SubgraphContext) {
      return (await geometryLoader(context).load(unit.code))?.labelPoint ?? null;
    },
    async gridWorkers(unit: OrgUnitParent, args: { first: number }, context: SubgraphContext) {
      assertWithinJurisdiction(context, unit.code, 'OrgUnit.gridWorkers');
      const rows = await gridWorkersLoader(context, args.first).load(unit.code);
      return rows.map(presentGridWorker);
    },
  },

  GridWorker: {
    async __resolveReference(reference: { id: string }, context: SubgraphContext) {
      const worker = await gridWorkerById(context, reference.id);
      return entityWithinJurisdiction(context, worker, (row) => row.gridCode, `GridWorker(${reference.id})`);
    },
    grid(worker: { gridCode: string }) {
      return { code: worker.gridCode };
    },
  },
};

/** Merges resolver maps type by type; a field defined twice is a programming error. */
function mergeResolvers(...maps: SubgraphResolvers[]): SubgraphResolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      if (typeof (fields as { serialize?: unknown }).serialize !== 'function') {
        const target = merged[type] ?? {};
        merged[type] = target;
        for (const [field, resolver] of Object.entries(fields)) {
          if (field in target) throw new Error(`Resolver ${type}.${field} is defined twice.`);
          target[field] = resolver;
        }
      } else {
        merged[type] = fields as never;
      }
    }
  }
  return merged as SubgraphResolvers;
}

export const resolvers: SubgraphResolvers = ownCityOnly(
  mergeResolvers(orgUnitResolvers, workflowResolvers, reportResolvers),
);
