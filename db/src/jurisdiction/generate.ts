/**
 * Generates approximate street, community and grid boundaries that tile a district's real outline. Official
 * boundaries below the county are not published in open data, so these stand in until authoritative ones are
 * imported; every generated unit is flagged `approximate`.
 *
 * The steps: cover the district with about 1,200 small Voronoi cells ("atoms"), grow each street from its seat
 * over neighbouring atoms until its share of the area matches its share of communities, merge each street's
 * atoms, then split each street into its communities and each community into 3 to 5 grids with Voronoi cells of
 * well-spread seeds. The output depends only on the data files and the seed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '../open.js';
import type { DistrictDivision, DistrictOutline, OrgUnitLevel } from './divisions.js';
import { shortCommunityName } from './divisions.js';
import {
  boundsOf,
  centroidOf,
  type MultiPolygon,
  type Pair,
  planarArea,
  snapToGrid,
  spreadSeeds,
  toMultiPolygon,
  union,
  voronoiPartition,
} from './partition.js';
import { createRandom, hashSeed, type Random } from './random.js';

export interface GeneratedUnit {
  code: string;
  name: string;
  level: OrgUnitLevel;
  parentCode: string | null;
  cityName: string | null;
  boundary: MultiPolygon;
  approximate: boolean;
}

const ATOMS_PER_DISTRICT = 1200;
const MIN_GRIDS_PER_COMMUNITY = 3;
const MAX_GRIDS_PER_COMMUNITY = 5;

function readStreetAnchors(): Record<string, Pair> {
  const path = join(workspaceRoot, 'db/data/jurisdictions/street-anchors.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { anchors: Record<string, Pair> }).anchors;
}

/** Seeds of a jittered lattice over the region's bounds; cells of seeds outside the region come out empty. */
function latticeSeeds(region: MultiPolygon, count: number, random: Random): Pair[] {
  const bounds = boundsOf(region);
  const scale = Math.cos((((bounds.south + bounds.north) / 2) * Math.PI) / 180);
  const width = (bounds.east - bounds.west) * scale;
  const height = bounds.north - bounds.south;
  // The lattice covers the bounds, of which the region fills only part: ask for proportionally more seeds.
  const fill = planarArea(region) / (width * height);
  const spacing = Math.sqrt((width * height * fill) / count);

  const seeds: Pair[] = [];
  for (let y = bounds.south + spacing / 2; y < bounds.north; y += spacing) {
    for (let x = bounds.west * scale + spacing / 2; x < bounds.east * scale; x += spacing) {
      const jitterX = (random.next() - 0.5) * spacing * 0.6;
      const jitterY = (random.next() - 0.5) * spacing * 0.6;
      seeds.push([(x + jitterX) / scale, y + jitterY]);
    }
  }
  return seeds;
}

function nearestIndex(points: Pair[], target: Pair, usable: (index: number) => boolean): number {
  let best = -1;
  let bestDistance = Infinity;
  for (const [index, [lon, lat]] of points.entries()) {
    if (!usable(index)) continue;
    const distance = (lon - target[0]) ** 2 + (lat - target[1]) ** 2;
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Assigns every atom to a street by growing the streets from their seed atoms over the Voronoi adjacency. At each
 * step the street furthest below its target area takes the free neighbouring atom closest to its seed, which keeps
 * streets compact and contiguous.
 */
function growStreets(
  atoms: { region: MultiPolygon; centre: Pair; area: number }[],
  neighbors: number[][],
  seedAtoms: number[],
  targetAreas: number[],
): number[] {
  const owner = atoms.map(() => -1);
  const grown = targetAreas.map(() => 0);

  // Free atoms next to each street, kept up to date as atoms are taken.
  const frontiers = seedAtoms.map(() => new Set<number>());
  const take = (street: number, atom: number) => {
    owner[atom] = street;
    grown[street] = (grown[street] ?? 0) + (atoms[atom]?.area ?? 0);
    for (const frontier of frontiers) frontier.delete(atom);
    for (const neighbor of neighbors[atom] ?? []) {
      if (owner[neighbor] === -1 && (atoms[neighbor]?.area ?? 0) > 0) frontiers[street]?.add(neighbor);
    }
  };
  for (const [street, atom] of seedAtoms.entries()) take(street, atom);

  const stuck = new Set<number>();
  while (stuck.size < seedAtoms.length) {
    let street = -1;
    let lowestRatio = Infinity;
    for (const [index, target] of targetAreas.entries()) {
      const ratio = (grown[index] ?? 0) / target;
      if (!stuck.has(index) && ratio < lowestRatio) {
        street = index;
        lowestRatio = ratio;
      }
    }
    const frontier = [...(frontiers[street] ?? [])];
    if (frontier.length === 0) {
      stuck.add(street);
      continue;
    }
    const seedCentre = atoms[seedAtoms[street] as number]?.centre as Pair;
    const candidates = frontier.map((atom) => atoms[atom]?.centre as Pair);
    take(street, frontier[nearestIndex(candidates, seedCentre, () => true)] as number);
  }

  // Atoms cut off from every street (a separate island of the outline) join the street with the nearest seed.
  return owner.map((atomOwner, atom) => {
    if (atomOwner !== -1) return atomOwner;
    const seedCentres = seedAtoms.map((seed) => atoms[seed]?.centre as Pair);
    return nearestIndex(seedCentres, atoms[atom]?.centre as Pair, () => true);
  });
}

/** Sorts seeds from north-west to south-east so that neighbouring codes are usually neighbouring cells. */
function sortSeeds(seeds: Pair[]): Pair[] {
  return [...seeds].sort((a, b) => Math.round((b[1] - a[1]) * 100) || a[0] - b[0]);
}

function splitRegion(region: MultiPolygon, parts: number, random: Random): MultiPolygon[] {
  if (parts === 1) return [region];
  const seeds = sortSeeds(spreadSeeds(region, parts, random));
  return voronoiPartition(region, seeds).cells;
}

/**
 * Returns the district outline as a valid polygon. The source outlines repeat vertices and touch themselves in
 * places, which PostGIS rejects as invalid; a union of the outline with itself rebuilds it cleanly.
 */
function cleanOutline(outline: DistrictOutline): MultiPolygon {
  return union([toMultiPolygon(outline.geometry)]);
}

function generateStreetRegions(district: DistrictDivision, region: MultiPolygon, random: Random): MultiPolygon[] {
  const seeds = latticeSeeds(region, ATOMS_PER_DISTRICT, random);
  const partition = voronoiPartition(region, seeds);
  const atoms = partition.cells.map((cell) => ({
    region: cell,
    centre: cell.length > 0 ? centroidOf(cell) : ([Infinity, Infinity] as Pair),
    area: cell.length > 0 ? planarArea(cell) : 0,
  }));
  const usable = (index: number) => (atoms[index]?.area ?? 0) > 0;

  // Streets start at their seat where one is on file, otherwise at well-spread points of the district.
  const anchors = readStreetAnchors();
  const spread = spreadSeeds(region, district.streets.length, random);
  const seedAtoms: number[] = [];
  for (const [index, street] of district.streets.entries()) {
    const start = anchors[street.code] ?? (spread[index] as Pair);
    seedAtoms.push(nearestIndex(seeds, start, (atom) => usable(atom) && !seedAtoms.includes(atom)));
  }

  // A street's area share follows its share of communities, with a floor for units that have one community.
  const totalArea = planarArea(region);
  const weights = district.streets.map((street) => Math.max(street.communities.length, 3));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const targets = weights.map((weight) => (totalArea * weight) / totalWeight);

  const owner = growStreets(atoms, partition.neighbors, seedAtoms, targets);
  return district.streets.map((_, street) =>
    union(atoms.filter((atom, index) => owner[index] === street && atom.area > 0).map((atom) => atom.region)),
  );
}

/**
 * Generates the district, its streets, communities and grids with approximate boundaries (the district keeps its
 * real outline and is not flagged approximate).
 */
export function generateJurisdiction(
  district: DistrictDivision,
  outline: DistrictOutline,
  seed = 'lianfang',
): GeneratedUnit[] {
  const random = createRandom(`${seed}:${district.code}`);
  const districtRegion = cleanOutline(outline);
  const units: GeneratedUnit[] = [
    {
      code: district.code,
      name: district.name,
      level: 'DISTRICT',
      parentCode: null,
      cityName: district.cityName,
      boundary: snapToGrid(districtRegion),
      approximate: false,
    },
  ];

  const streetRegions = generateStreetRegions(district, districtRegion, random);
  for (const [streetIndex, street] of district.streets.entries()) {
    const streetRegion = streetRegions[streetIndex] as MultiPolygon;
    units.push({ ...unitBase(street.code, street.name, 'STREET', district.code), boundary: snapToGrid(streetRegion) });

    const communityRegions = splitRegion(streetRegion, street.communities.length, random);
    for (const [communityIndex, [communityCode, communityName]] of street.communities.entries()) {
      const communityRegion = communityRegions[communityIndex] as MultiPolygon;
      units.push({
        ...unitBase(communityCode, communityName, 'COMMUNITY', street.code),
        boundary: snapToGrid(communityRegion),
      });

      const gridCount =
        MIN_GRIDS_PER_COMMUNITY + (hashSeed(communityCode) % (MAX_GRIDS_PER_COMMUNITY - MIN_GRIDS_PER_COMMUNITY + 1));
      const gridRegions = splitRegion(communityRegion, gridCount, random);
      for (const [gridIndex, gridRegion] of gridRegions.entries()) {
        const serial = String(gridIndex + 1).padStart(3, '0');
        const name = `${shortCommunityName(communityName)}第${gridIndex + 1}网格`;
        units.push({
          ...unitBase(`${communityCode}${serial}`, name, 'GRID', communityCode),
          boundary: snapToGrid(gridRegion),
        });
      }
    }
  }
  return units;
}

function unitBase(code: string, name: string, level: OrgUnitLevel, parentCode: string) {
  return { code, name, level, parentCode, cityName: null, approximate: true };
}
