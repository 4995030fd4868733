import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MultiPolygon, Polygon } from 'geojson';
import { workspaceRoot } from '../open.js';

/** Levels of the governance hierarchy, from the district down. */
export const ORG_UNIT_LEVELS = ['DISTRICT', 'STREET', 'COMMUNITY', 'GRID'] as const;
export type OrgUnitLevel = (typeof ORG_UNIT_LEVELS)[number];

/** Code length of each level: GB/T 2260 county code, then 3 digits per level below it. */
export const CODE_LENGTH: Record<OrgUnitLevel, number> = { DISTRICT: 6, STREET: 9, COMMUNITY: 12, GRID: 15 };

export interface StreetDivision {
  code: string;
  name: string;
  /** `[code, official name]` of each community or village. */
  communities: [string, string][];
}

export interface DistrictDivision {
  code: string;
  name: string;
  cityName: string;
  streets: StreetDivision[];
}

export interface DistrictOutline {
  code: string;
  name: string;
  geometry: Polygon | MultiPolygon;
}

const dataDir = join(workspaceRoot, 'db/data/jurisdictions');

/** Reads the committed division codes and names (source and licence: db/data/jurisdictions/SOURCES.md). */
export function readDivisions(): DistrictDivision[] {
  const file = JSON.parse(readFileSync(join(dataDir, 'divisions.json'), 'utf8')) as { districts: DistrictDivision[] };
  return file.districts;
}

/** Reads the committed county outlines, coarse to about 100 m. */
export function readDistrictOutlines(): DistrictOutline[] {
  const collection = JSON.parse(readFileSync(join(dataDir, 'outlines.geojson'), 'utf8')) as {
    features: { properties: { code: string; name: string }; geometry: Polygon | MultiPolygon }[];
  };
  return collection.features.map((feature) => ({ ...feature.properties, geometry: feature.geometry }));
}

/** Derives the level from the length of a division code, or undefined for a malformed code. */
export function levelOfCode(code: string): OrgUnitLevel | undefined {
  if (!/^[0-9]+$/.test(code)) return undefined;
  return ORG_UNIT_LEVELS.find((level) => CODE_LENGTH[level] === code.length);
}

/** Returns the parent's code, or undefined for a district. */
export function parentCodeOf(code: string): string | undefined {
  return code.length > CODE_LENGTH.DISTRICT ? code.slice(0, code.length - 3) : undefined;
}

/** Shortens an official community name for labels: 西塘社区居委会 → 西塘社区, 南厍村村民委员会 → 南厍村. */
export function shortCommunityName(name: string): string {
  return name
    .replace(/(社区)?(居民委员会|居委会)$/, '社区')
    .replace(/(村)?(村民委员会|村委会)$/, '村')
    .replace(/社区社区$/, '社区');
}
