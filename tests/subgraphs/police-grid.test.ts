import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsHeaders } from '../support/access.js';
import type { TestDatabase } from '../support/database.js';
import {
  C2,
  type IncidentFixture,
  incidentsUnder,
  newestFirst,
  origin,
  STREET,
  startPoliceFixture,
} from './police-fixtures.js';
import {
  countStatements,
  dataOf,
  errorOf,
  type GraphQLResponse,
  isChinese,
  offsetMetres,
  type TestSubgraph,
} from './support.js';

let handle: TestDatabase;
let subgraph: TestSubgraph;

beforeAll(async () => {
  ({ handle, subgraph } = await startPoliceFixture());
});

afterAll(async () => {
  await subgraph?.stop();
  await handle?.dispose();
});

const DISTRICT = '320509';
// Each box contains every fixture incident of the district, so the same grid must come back from any of them.
// TIGHT_BBOX is small enough for zoom 17, where DISTRICT_BBOX would span more than 65,536 cells.
const DISTRICT_BBOX = [120.3, 30.7, 121.0, 31.3];
const PANNED_BBOX = [120.5, 30.9, 120.9, 31.25];
const TIGHT_BBOX = [120.56, 31.07, 120.66, 31.22];

const GRID = `query ($orgUnit: ID!, $bbox: [Float!]!, $zoom: Float!, $from: DateTime, $to: DateTime,
    $categories: [IncidentCategory!], $pointLimit: Int) {
  incidentGrid(orgUnit: $orgUnit, bbox: $bbox, zoom: $zoom, from: $from, to: $to, categories: $categories,
      pointLimit: $pointLimit) {
    totalCount cellDegrees
    cells { lon lat count topCategory byCategory { category count } }
    incidents { id category }
  }
}`;

const CELLS_ONLY = `query ($orgUnit: ID!, $bbox: [Float!]!, $zoom: Float!, $pointLimit: Int) {
  incidentGrid(orgUnit: $orgUnit, bbox: $bbox, zoom: $zoom, pointLimit: $pointLimit) { totalCount cells { count } }
}`;

const INCIDENT_TOTAL = `query ($orgUnit: ID!, $bbox: [Float!], $from: DateTime, $to: DateTime,
    $categories: [IncidentCategory!]) {
  incidents(orgUnit: $orgUnit, bbox: $bbox, from: $from, to: $to, categories: $categories) { totalCount }
}`;

interface Cell {
  lon: number;
  lat: number;
  count: number;
  topCategory: string;
  byCategory: { category: string; count: number }[];
}

interface Grid {
  incidentGrid: {
    totalCount: number;
    cellDegrees: number;
    cells: Cell[];
    incidents: { id: string; category: string }[];
  };
}

async function gridOf(variables: Record<string, unknown>): Promise<Grid['incidentGrid']> {
  return dataOf(await subgraph.request<Grid>(GRID, variables)).incidentGrid;
}

function insideBbox([lon, lat]: [number, number], [west, south, east, north]: number[]): boolean {
  return lon >= (west as number) && lon <= (east as number) && lat >= (south as number) && lat <= (north as number);
}

/** The cells the API must return for these incidents: grouped by floor(coordinate / edge), means and counts. */
function expectedCells(list: IncidentFixture[], zoom: number): Cell[] {
  const edge = 90 / 2 ** zoom;
  const groups = new Map<string, { column: number; row: number; members: IncidentFixture[] }>();
  for (const incident of list) {
    const [column, row] = [Math.floor(incident.point[0] / edge), Math.floor(incident.point[1] / edge)];
    const key = `${column}:${row}`;
    const group = groups.get(key) ?? { column, row, members: [] };
    group.members.push(incident);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.row - b.row || a.column - b.column)
    .map(({ members }) => {
      const counts = new Map<string, number>();
      for (const member of members) counts.set(member.category, (counts.get(member.category) ?? 0) + 1);
      const byCategory = [...counts.entries()]
        .map(([category, count]) => ({ category, count }))
        .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : 1));
      return {
        lon: members.reduce((sum, member) => sum + member.point[0], 0) / members.length,
        lat: members.reduce((sum, member) => sum + member.point[1], 0) / members.length,
        count: members.length,
        topCategory: byCategory[0]?.category as string,
        byCategory,
      };
    });
}

function expectSameCells(actual: Cell[], expected: Cell[]): void {
  expect(actual.map(({ count, topCategory, byCategory }) => ({ count, topCategory, byCategory }))).toEqual(
    expected.map(({ count, topCategory, byCategory }) => ({ count, topCategory, byCategory })),
  );
  for (const [index, cell] of actual.entries()) {
    expect(cell.lon, `cell ${index} lon`).toBeCloseTo(expected[index]?.lon as number, 9);
    expect(cell.lat, `cell ${index} lat`).toBeCloseTo(expected[index]?.lat as number, 9);
  }
}

describe('incidentGrid totals', () => {
  const [nearWest, nearSouth] = offsetMetres(origin, -10, -2500);
  const [nearEast, nearNorth] = offsetMetres(origin, 610, 10);
  const closeUp = [...offsetMetres(origin, -60, -60), ...offsetMetres(origin, 60, 60)];
  const filters: Record<string, unknown>[] = [
    { orgUnit: DISTRICT, bbox: DISTRICT_BBOX },
    { orgUnit: STREET, bbox: DISTRICT_BBOX },
    { orgUnit: C2, bbox: DISTRICT_BBOX },
    { orgUnit: DISTRICT, bbox: [nearWest, nearSouth, nearEast, nearNorth] },
    { orgUnit: DISTRICT, bbox: DISTRICT_BBOX, from: '2026-03-01T05:00:00Z', to: '2026-03-01T17:00:00Z' },
    { orgUnit: DISTRICT, bbox: DISTRICT_BBOX, categories: ['THEFT', 'NOISE'] },
    { orgUnit: STREET, bbox: [nearWest, nearSouth, nearEast, nearNorth], categories: ['NOISE'] },
    { orgUnit: DISTRICT, bbox: DISTRICT_BBOX, categories: [] },
  ];

  it('equals the incidents totalCount', async () => {
    for (const filter of filters) {
      const grid = await gridOf({ ...filter, zoom: 12 });
      const list = dataOf(await subgraph.request<{ incidents: { totalCount: number } }>(INCIDENT_TOTAL, filter));
      expect(grid.totalCount, JSON.stringify(filter)).toBe(list.incidents.totalCount);
    }
  });

  it('matches the fixture counts', async () => {
    const expected = [31, 29, 4, 17, 12, 9, 5, 0];
    const totals = [];
    for (const filter of filters) totals.push((await gridOf({ ...filter, zoom: 12 })).totalCount);
    expect(totals).toEqual(expected);
  });

  it('sums cell counts to totalCount', async () => {
    for (const filter of filters) {
      for (const zoom of [0, 9, 14.5, 22]) {
        const bbox = zoom === 22 ? closeUp : filter.bbox;
        const grid = await gridOf({ ...filter, bbox, zoom });
        const sum = grid.cells.reduce((total, cell) => total + cell.count, 0);
        expect(sum, `${JSON.stringify(filter)} at zoom ${zoom}`).toBe(grid.totalCount);
      }
    }
  });
});

describe('incidentGrid cells', () => {
  const district = incidentsUnder(DISTRICT);

  it('groups incidents into cells of 90 / 2^zoom degrees', async () => {
    for (const zoom of [9, 12, 14.5, 17]) {
      const grid = await gridOf({ orgUnit: DISTRICT, bbox: TIGHT_BBOX, zoom });
      expect(grid.cellDegrees).toBe(90 / 2 ** zoom);
      expectSameCells(grid.cells, expectedCells(district, zoom));
    }
  });

  it('returns more cells at higher zoom', async () => {
    const counts: number[] = [];
    for (const zoom of [9, 12, 15, 17]) {
      counts.push((await gridOf({ orgUnit: DISTRICT, bbox: TIGHT_BBOX, zoom })).cells.length);
    }
    // Zoom 9: the 29 incidents of 松陵街道 in one cell and the 2 of 菀坪 in another. Higher zooms split the
    // 50-m line of 西塘 and the points 2 km and 5 km south of it.
    expect(counts[0]).toBe(2);
    expect(counts).toEqual([9, 12, 15, 17].map((zoom) => expectedCells(district, zoom).length));
    expect(new Set(counts).size).toBe(4);
  });

  it('keeps cells in place when the view pans', async () => {
    for (const zoom of [10, 14]) {
      const first = await gridOf({ orgUnit: DISTRICT, bbox: DISTRICT_BBOX, zoom });
      const panned = await gridOf({ orgUnit: DISTRICT, bbox: PANNED_BBOX, zoom });
      expectSameCells(panned.cells, first.cells);
    }
  });

  it('counts only the incidents inside the bbox', async () => {
    const bbox = [...offsetMetres(origin, -10, -10), ...offsetMetres(origin, 470, 10)];
    const grid = await gridOf({ orgUnit: DISTRICT, bbox, zoom: 16 });
    const inside = district.filter((incident) => insideBbox(incident.point, bbox));
    expect(grid.totalCount).toBe(10);
    expectSameCells(grid.cells, expectedCells(inside, 16));
  });

  it('filters by categories', async () => {
    const categories = ['THEFT', 'NOISE'];
    const grid = await gridOf({ orgUnit: DISTRICT, bbox: TIGHT_BBOX, zoom: 15, categories });
    const matching = district.filter((incident) => categories.includes(incident.category));
    expect(grid.totalCount).toBe(matching.length);
    expectSameCells(grid.cells, expectedCells(matching, 15));
    const seen = new Set(grid.cells.flatMap((cell) => cell.byCategory.map((entry) => entry.category)));
    expect([...seen].sort()).toEqual(categories.sort());
    expect(grid.incidents.map((incident) => incident.id)).toEqual(newestFirst(matching));
  });

  it('returns nothing for an empty category list', async () => {
    const grid = await gridOf({ orgUnit: DISTRICT, bbox: DISTRICT_BBOX, zoom: 12, categories: [] });
    expect(grid).toMatchObject({ totalCount: 0, cells: [], incidents: [] });
  });
});

describe('incidentGrid points', () => {
  const district = incidentsUnder(DISTRICT);

  it('returns every incident newest first at the limit', async () => {
    const grid = await gridOf({ orgUnit: DISTRICT, bbox: DISTRICT_BBOX, zoom: 12, pointLimit: district.length });
    expect(grid.totalCount).toBe(31);
    expect(grid.incidents.map((incident) => incident.id)).toEqual(newestFirst(district));
  });

  it('returns no points above the limit', async () => {
    for (const pointLimit of [0, district.length - 1]) {
      const grid = await gridOf({ orgUnit: DISTRICT, bbox: DISTRICT_BBOX, zoom: 12, pointLimit });
      expect(grid.incidents, `pointLimit ${pointLimit}`).toEqual([]);
      expect(grid.cells.reduce((sum, cell) => sum + cell.count, 0)).toBe(31);
    }
  });

  it('applies the default limit of 2000', async () => {
    const grid = await gridOf({ orgUnit: STREET, bbox: DISTRICT_BBOX, zoom: 12 });
    expect(grid.incidents).toHaveLength(29);
  });

  it('sends a second statement only for points', async () => {
    const variables = { orgUnit: DISTRICT, bbox: DISTRICT_BBOX, zoom: 12 };
    const cellsOnly = await countStatements(handle.database, async () => {
      dataOf(await subgraph.request(CELLS_ONLY, variables));
    });
    const withPoints = await countStatements(handle.database, async () => {
      dataOf(await subgraph.request(GRID, variables));
    });
    const overLimit = await countStatements(handle.database, async () => {
      dataOf(await subgraph.request(GRID, { ...variables, pointLimit: 5 }));
    });
    expect(cellsOnly).toBe(1);
    expect(withPoints).toBe(2);
    expect(overLimit).toBe(1);
  });
});

describe('incidentGrid input checks', () => {
  const valid = { orgUnit: DISTRICT, bbox: DISTRICT_BBOX, zoom: 12 };
  const cases: { name: string; variables: Record<string, unknown>; argument: string; text: string }[] = [
    { name: 'negative zoom', variables: { ...valid, zoom: -1 }, argument: 'zoom', text: '0 到 22' },
    { name: 'zoom above 22', variables: { ...valid, zoom: 22.5 }, argument: 'zoom', text: '0 到 22' },
    { name: 'huge zoom', variables: { ...valid, zoom: 1e300 }, argument: 'zoom', text: '0 到 22' },
    { name: 'negative pointLimit', variables: { ...valid, pointLimit: -1 }, argument: 'pointLimit', text: '0 到 5000' },
    {
      name: 'pointLimit above 5000',
      variables: { ...valid, pointLimit: 5001 },
      argument: 'pointLimit',
      text: '0 到 5000',
    },
    {
      name: 'swapped bbox',
      variables: { ...valid, bbox: [30.7, 120.3, 31.3, 121.0] },
      argument: 'bbox',
      text: '颠倒',
    },
    {
      name: 'bbox of 3 numbers',
      variables: { ...valid, bbox: [120.3, 30.7, 121.0] },
      argument: 'bbox',
      text: '4 个数字',
    },
    {
      name: 'bbox out of range',
      variables: { ...valid, bbox: [120.3, 30.7, 181, 31.3] },
      argument: 'bbox',
      text: '超出范围',
    },
    { name: 'grid too fine', variables: { ...valid, zoom: 16 }, argument: 'bbox', text: '65536' },
    { name: 'malformed orgUnit', variables: { ...valid, orgUnit: '3205' }, argument: 'orgUnit', text: '行政区划代码' },
    {
      name: 'from after to',
      variables: { ...valid, from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' },
      argument: 'from',
      text: 'from 须早于或等于 to',
    },
  ];

  for (const { name, variables, argument, text } of cases) {
    it(`rejects ${name}`, async () => {
      const response = await fetch(subgraph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await claimsHeaders()) },
        body: JSON.stringify({ query: GRID, variables }),
      });
      expect(response.status).toBe(200);
      const error = errorOf((await response.json()) as GraphQLResponse<unknown>);
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.argument).toBe(argument);
      expect(isChinese(error.message), error.message).toBe(true);
      expect(error.message).toContain(text);
    });
  }

  it('accepts the whole district at zoom 9 and a view at zoom 22', async () => {
    const district = await gridOf({ ...valid, zoom: 9 });
    expect(district.totalCount).toBe(31);
    const bbox = [...offsetMetres(origin, -10, -10), ...offsetMetres(origin, 10, 10)];
    const street = await gridOf({ ...valid, bbox, zoom: 22 });
    expect(street.totalCount).toBe(1);
    expect(street.cells).toHaveLength(1);
  });
});
