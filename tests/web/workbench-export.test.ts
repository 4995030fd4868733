import { describe, expect, it } from 'vitest';
import { workbenchZhCN } from '../../web/src/i18n/workbench.zh-CN.js';
import {
  exportFileName,
  findFirstList,
  flattenRow,
  isGeometry,
  resultRows,
  toCsv,
  toGeoJson,
} from '../../web/src/workbench/export.js';

const BOM = '\uFEFF';

/** A response body shaped like the gateway's answer to the street-incidents example query. */
const incidentsResult = {
  data: {
    orgUnit: { name: '松陵街道', incidentCount: 2 },
    incidents: {
      totalCount: 2,
      edges: [
        {
          cursor: 'c1',
          node: {
            id: 'I320509-0000138',
            category: 'THEFT',
            occurredAt: '2026-12-04T14:12:29.000Z',
            location: { type: 'Point', coordinates: [120.6109013, 31.1318525] },
            address: { text: '吴江区松陵街道水秀社区 菱安路 210 号', community: { name: '水秀社区' } },
          },
        },
        {
          cursor: 'c2',
          node: {
            id: 'I320509-0001100',
            category: 'TRAFFIC',
            occurredAt: '2026-12-02T10:19:58.000Z',
            location: { type: 'Point', coordinates: [120.62, 31.14] },
            address: null,
          },
        },
      ],
    },
  },
};

/**
 * Reads CSV as RFC 4180 defines it (quoted fields, doubled quotes, CRLF records) after checking and dropping the
 * byte order mark. Written here rather than taken from papaparse, so the check does not share the writer's code.
 */
function parseCsv(text: string): string[][] {
  expect(text.startsWith(BOM)).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.slice(1);
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index];
    if (quoted) {
      if (char === '"' && body[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && body[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 1;
    } else {
      field += char;
    }
  }
  expect(quoted, 'unterminated quoted field').toBe(false);
  row.push(field);
  rows.push(row);
  return rows;
}

describe('findFirstList', () => {
  it('unwraps connection edges to nodes', () => {
    const found = findFirstList(incidentsResult.data);
    expect(found?.path).toBe('incidents.edges');
    expect(found?.rows).toHaveLength(2);
    expect(found?.rows[0]).toMatchObject({ id: 'I320509-0000138' });
  });

  it('takes the first list in field order', () => {
    const data = { orgUnit: { name: '吴江区', children: [{ code: '320509001' }], ancestry: [{ code: '320509' }] } };
    expect(findFirstList(data)?.path).toBe('orgUnit.children');
  });

  it('returns a top-level list before nested ones', () => {
    const data = { borderZones: [{ id: 'BZ-1', districtCodes: ['320509', '330421'] }] };
    const found = findFirstList(data);
    expect(found?.path).toBe('borderZones');
    expect(found?.rows).toEqual(data.borderZones);
  });

  it('never takes geometry coordinates as the list', () => {
    const data = { orgUnit: { name: '吴江区', centroid: { type: 'Point', coordinates: [120.6, 31.1] } } };
    expect(findFirstList(data)).toBeNull();
  });

  it('keeps a list of edges without node as it is', () => {
    const data = { list: [{ cursor: 'a' }, { node: 1 }] };
    expect(findFirstList(data)?.rows).toEqual([{ cursor: 'a' }, { node: 1 }]);
  });
});

describe('flattenRow', () => {
  it('joins nested field names with dots', () => {
    const row = flattenRow({ id: 'R1', address: { text: '盛泽镇', community: { name: '东港社区' } } });
    expect(row).toEqual({ id: 'R1', 'address.text': '盛泽镇', 'address.community.name': '东港社区' });
  });

  it('keeps null and arrays as values', () => {
    const row = flattenRow({
      rental: null,
      usage: [{ month: '2026-10' }],
      location: { type: 'Point', coordinates: [1, 2] },
    });
    expect(row).toEqual({
      rental: null,
      usage: [{ month: '2026-10' }],
      'location.type': 'Point',
      'location.coordinates': [1, 2],
    });
  });

  it('names a scalar row value', () => {
    expect(flattenRow('320509')).toEqual({ value: '320509' });
  });
});

describe('resultRows', () => {
  it('reports a missing result', () => {
    expect(resultRows(undefined)).toEqual({ ok: false, reason: 'noResult' });
  });

  it('reports a result without data', () => {
    const result = { data: null, errors: [{ message: '组织单元代码格式不正确' }] };
    expect(resultRows(result)).toEqual({ ok: false, reason: 'noData' });
  });

  it('reports a result with no list', () => {
    expect(resultRows({ data: { orgUnit: { name: '吴江区', level: 'DISTRICT' } } })).toEqual({
      ok: false,
      reason: 'noList',
    });
  });

  it('reports an empty list', () => {
    expect(resultRows({ data: { incidents: { totalCount: 0, edges: [] } } })).toEqual({
      ok: false,
      reason: 'emptyList',
    });
  });
});

describe('toCsv', () => {
  it('writes a byte order mark, headers and Chinese values', () => {
    const csv = toCsv(incidentsResult);
    if (!csv.ok) throw new Error(`export failed: ${csv.reason}`);
    expect(csv.value.rowCount).toBe(2);
    const rows = parseCsv(csv.value.text);
    expect(rows[0]).toEqual([
      'id',
      'category',
      'occurredAt',
      'location.type',
      'location.coordinates',
      'address.text',
      'address.community.name',
      'address',
    ]);
    expect(rows[1]).toEqual([
      'I320509-0000138',
      'THEFT',
      '2026-12-04T14:12:29.000Z',
      'Point',
      '[120.6109013,31.1318525]',
      '吴江区松陵街道水秀社区 菱安路 210 号',
      '水秀社区',
      '',
    ]);
  });

  it('leaves null values and missing columns empty', () => {
    const csv = toCsv(incidentsResult);
    if (!csv.ok) throw new Error(`export failed: ${csv.reason}`);
    const rows = parseCsv(csv.value.text);
    expect(rows[2]?.slice(5)).toEqual(['', '', '']);
  });

  it('encodes as UTF-8 with the byte order mark first', () => {
    const csv = toCsv(incidentsResult);
    if (!csv.ok) throw new Error(`export failed: ${csv.reason}`);
    const bytes = new TextEncoder().encode(csv.value.text);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('松陵');
  });

  it('quotes commas, quotes and newlines', () => {
    const names = ['王**, 李**', '他说"退租"', '第一行\n第二行', '  前后空格  '];
    const result = { data: { residents: names.map((name) => ({ name })) } };
    const csv = toCsv(result);
    if (!csv.ok) throw new Error(`export failed: ${csv.reason}`);
    expect(csv.value.text).toContain('"王**, 李**"');
    expect(csv.value.text).toContain('"他说""退租"""');
    expect(parseCsv(csv.value.text).map((row) => row[0])).toEqual(['name', ...names]);
  });

  it('separates lines with CRLF', () => {
    const csv = toCsv({ data: { list: [{ a: 1 }, { a: 2 }] } });
    if (!csv.ok) throw new Error(`export failed: ${csv.reason}`);
    expect(csv.value.text).toBe(`${BOM}a\r\n1\r\n2`);
  });

  it('defuses spreadsheet formulas in text', () => {
    const result = { data: { list: [{ name: '=HYPERLINK("http://example.invalid")', count: -3 }] } };
    const csv = toCsv(result);
    if (!csv.ok) throw new Error(`export failed: ${csv.reason}`);
    const rows = parseCsv(csv.value.text);
    expect(rows[1]).toEqual(['\'=HYPERLINK("http://example.invalid")', '-3']);
  });

  it('writes booleans, numbers and nested lists', () => {
    const result = {
      data: {
        rentals: [
          { id: 'R1', subdivided: true, rooms: 24, usage: [{ month: '2026-10', ratio: 5.2 }] },
          { id: 'R2', subdivided: false, rooms: 0, usage: [] },
        ],
      },
    };
    const csv = toCsv(result);
    if (!csv.ok) throw new Error(`export failed: ${csv.reason}`);
    expect(parseCsv(csv.value.text)).toEqual([
      ['id', 'subdivided', 'rooms', 'usage'],
      ['R1', 'true', '24', '[{"month":"2026-10","ratio":5.2}]'],
      ['R2', 'false', '0', '[]'],
    ]);
  });

  it('writes one column for a list of scalars', () => {
    const csv = toCsv({ data: { borderZone: { districtCodes: ['320509', '330421'] } } });
    if (!csv.ok) throw new Error(`export failed: ${csv.reason}`);
    expect(parseCsv(csv.value.text)).toEqual([['value'], ['320509'], ['330421']]);
  });

  it('produces no file for a result with no list', () => {
    const csv = toCsv({ data: { address: { text: '吴江区松陵街道', rental: null } } });
    expect(csv).toEqual({ ok: false, reason: 'noList' });
    expect(workbenchZhCN.export.errors.noList).toMatch(/^结果中没有列表，无法导出/);
  });

  it('produces no file for an empty list', () => {
    expect(toCsv({ data: { patrolZones: [] } })).toEqual({ ok: false, reason: 'emptyList' });
  });

  it('produces no file for an error result', () => {
    expect(toCsv({ errors: [{ message: '查询失败' }] })).toEqual({ ok: false, reason: 'noData' });
  });
});

describe('toGeoJson', () => {
  it('builds point features with flattened properties', () => {
    const geojson = toGeoJson(incidentsResult);
    if (!geojson.ok) throw new Error(`export failed: ${geojson.reason}`);
    const { features } = geojson.value.featureCollection;
    expect(geojson.value.featureCollection.type).toBe('FeatureCollection');
    expect(features).toHaveLength(2);
    expect(features[0]).toEqual({
      type: 'Feature',
      id: 'I320509-0000138',
      geometry: { type: 'Point', coordinates: [120.6109013, 31.1318525] },
      properties: {
        id: 'I320509-0000138',
        category: 'THEFT',
        occurredAt: '2026-12-04T14:12:29.000Z',
        'address.text': '吴江区松陵街道水秀社区 菱安路 210 号',
        'address.community.name': '水秀社区',
      },
    });
    expect(features[1]?.properties.address).toBeNull();
  });

  it('uses the first geometry and keeps the others as properties', () => {
    const area = {
      type: 'Polygon',
      coordinates: [
        [
          [120.9, 30.9],
          [121, 30.9],
          [121, 31],
          [120.9, 30.9],
        ],
      ],
    };
    const centroid = { type: 'Point', coordinates: [120.95, 30.95] };
    const result = { data: { borderHotspots: [{ id: 'I-PLANTED-THEFT-01', count: 12, area, centroid }] } };
    const geojson = toGeoJson(result);
    if (!geojson.ok) throw new Error(`export failed: ${geojson.reason}`);
    const [feature] = geojson.value.featureCollection.features;
    expect(feature?.geometry).toEqual(area);
    expect(feature?.properties).toEqual({
      id: 'I-PLANTED-THEFT-01',
      count: 12,
      'centroid.type': 'Point',
      'centroid.coordinates': [120.95, 30.95],
    });
  });

  it('finds a geometry in a nested object', () => {
    const result = {
      data: {
        rentals: [{ id: 'R1', address: { text: '盛泽镇', location: { type: 'Point', coordinates: [120.6, 30.9] } } }],
      },
    };
    const geojson = toGeoJson(result);
    if (!geojson.ok) throw new Error(`export failed: ${geojson.reason}`);
    const [feature] = geojson.value.featureCollection.features;
    expect(feature?.geometry).toEqual({ type: 'Point', coordinates: [120.6, 30.9] });
    expect(feature?.properties).toEqual({ id: 'R1', 'address.text': '盛泽镇' });
  });

  it('exports multipolygon zones', () => {
    const zone = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [120, 31],
            [120.1, 31],
            [120.1, 31.1],
            [120, 31],
          ],
        ],
      ],
    };
    const result = { data: { patrolZones: [{ id: 'P1', name: '松陵夜巡一区', shift: 'NIGHT', zone }] } };
    const geojson = toGeoJson(result);
    if (!geojson.ok) throw new Error(`export failed: ${geojson.reason}`);
    expect(geojson.value.featureCollection.features[0]?.geometry.type).toBe('MultiPolygon');
    expect(geojson.value.featureCollection.features[0]?.properties).toEqual({
      id: 'P1',
      name: '松陵夜巡一区',
      shift: 'NIGHT',
    });
  });

  it('skips rows without a geometry', () => {
    const result = {
      data: {
        list: [
          { id: 'A', location: { type: 'Point', coordinates: [120, 31] } },
          { id: 'B', location: null },
          'not an object',
        ],
      },
    };
    const geojson = toGeoJson(result);
    if (!geojson.ok) throw new Error(`export failed: ${geojson.reason}`);
    expect(geojson.value.featureCollection.features.map((feature) => feature.id)).toEqual(['A']);
    expect(geojson.value.skipped).toBe(2);
  });

  it('rejects a list without geometries', () => {
    const result = { data: { orgUnits: [{ code: '320509001', name: '松陵街道' }] } };
    expect(toGeoJson(result)).toEqual({ ok: false, reason: 'noGeometry' });
  });

  it('produces no file for a result with no list', () => {
    expect(toGeoJson({ data: { orgUnit: null } })).toEqual({ ok: false, reason: 'noList' });
  });
});

describe('isGeometry', () => {
  it.each([
    [{ type: 'Point', coordinates: [1, 2] }, true],
    [{ type: 'GeometryCollection', geometries: [] }, true],
    [{ type: 'Point' }, false],
    [{ type: 'Feature', coordinates: [1, 2] }, false],
    [{ type: 'THEFT', count: 3 }, false],
    [null, false],
  ])('classifies %j', (value, expected) => {
    expect(isGeometry(value)).toBe(expected);
  });
});

describe('exportFileName', () => {
  it('stamps China Standard Time', () => {
    const time = new Date('2026-12-04T22:57:14.068Z');
    expect(exportFileName('查询结果', 'StreetIncidentsLast30Days', time, 'csv')).toBe(
      '查询结果-StreetIncidentsLast30Days-20261205-065714.csv',
    );
  });

  it('leaves out a missing operation name', () => {
    const time = new Date('2026-01-01T00:00:00Z');
    expect(exportFileName('query-result', null, time, 'geojson')).toBe('query-result-20260101-080000.geojson');
  });
});
