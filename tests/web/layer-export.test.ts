import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { exportRows, type Translate, toCsv, toGeoJson, UTF8_BOM } from '../../web/src/export/layerExport.js';
import type { IncidentNode, UnitWithBoundary } from '../../web/src/graphql/queries.js';
import { en } from '../../web/src/i18n/en.js';
import { zhCN } from '../../web/src/i18n/zh-CN.js';
import {
  checkCustomWindow,
  fromShanghaiInputValue,
  toShanghaiInputValue,
  windowFromSearch,
  writeWindow,
} from '../../web/src/timeWindow.js';

/** Looks up a dotted key in a message table and fills {{name}} placeholders, as i18next does. */
function translator(messages: object): Translate {
  return (key, options = {}) => {
    let value: unknown = messages;
    for (const part of key.split('.')) value = (value as Record<string, unknown>)[part];
    if (typeof value !== 'string') throw new Error(`missing message ${key}`);
    return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name]));
  };
}

const zh = translator(zhCN);

const street: UnitWithBoundary = {
  code: '320509001',
  name: '松陵街道',
  level: 'STREET',
  approximate: true,
  boundary: {
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [120.6, 31.1],
          [120.7, 31.1],
          [120.7, 31.2],
          [120.6, 31.1],
        ],
      ],
    ],
  },
  labelPoint: { type: 'Point', coordinates: [120.65, 31.12] },
};

const incident: IncidentNode = {
  id: 'I-1',
  category: 'FIRE_HAZARD',
  occurredAt: '2026-12-01T02:30:00.000Z',
  location: { type: 'Point', coordinates: [120.65, 31.15] },
  address: { id: 'A-7' },
};

const empty = { units: [], incidents: [], rentals: [], borderZones: [], hotspots: [], patrolZones: [] };

describe('layer export', () => {
  it('writes CSV with a BOM, CRLF and Chinese headers', () => {
    const csv = toCsv(exportRows({ ...empty, units: [street], incidents: [incident] }, zh), zh);

    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('图层,编号,名称或类别,时间（北京时间）,说明,经度,纬度,几何（GeoJSON）');
    expect(lines).toHaveLength(3);
    const parsed = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n' }).data;
    expect(parsed[1]?.slice(0, 5)).toEqual(['辖区单元', '320509001', '松陵街道', '', '近似边界']);
    expect(parsed[2]?.slice(0, 7)).toEqual([
      '警情',
      'I-1',
      '火灾隐患',
      '2026-12-01 10:30:00',
      'A-7',
      '120.65',
      '31.15',
    ]);
    expect(JSON.parse(parsed[1]?.[7] ?? '')).toEqual(street.boundary);
  });

  it('quotes commas, quotes and newlines', () => {
    const unit = { ...street, name: '一,"二"\n三' };
    const csv = toCsv(exportRows({ ...empty, units: [unit] }, zh), zh);
    const parsed = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n' }).data;
    expect(parsed[1]?.[2]).toBe('一,"二"\n三');
  });

  it('defuses cells that a spreadsheet would run as formulas', () => {
    const unit = { ...street, name: '=HYPERLINK("http://example.invalid")' };
    const csv = toCsv(exportRows({ ...empty, units: [unit] }, zh), zh);
    const parsed = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n' }).data;
    expect(parsed[1]?.[2]).toBe(`'=HYPERLINK("http://example.invalid")`);
  });

  it('writes English headers and labels in English', () => {
    const english = translator(en);
    const csv = toCsv(exportRows({ ...empty, incidents: [incident] }, english), english);
    const parsed = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n' }).data;
    expect(parsed[0]?.[0]).toBe('Layer');
    expect(parsed[1]?.[0]).toBe('Incident');
  });

  it('leaves out units without a boundary', () => {
    const rows = exportRows({ ...empty, units: [{ ...street, boundary: null }] }, zh);
    expect(rows).toEqual([]);
  });

  it('builds a feature collection with layer-scoped ids', () => {
    const collection = toGeoJson(exportRows({ ...empty, units: [street], incidents: [incident] }, zh));
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.map((feature) => feature.id)).toEqual(['unit:320509001', 'incident:I-1']);
    expect(collection.features[1]?.geometry).toEqual(incident.location);
    expect(collection.features[1]?.properties).toMatchObject({ layer: 'incident', label: '火灾隐患' });
  });
});

describe('time window', () => {
  const now = new Date('2026-12-04T12:00:00.000Z');

  it('defaults to the last 7 days', () => {
    const window = windowFromSearch(new URLSearchParams(''), now);
    expect(window.kind).toBe('7d');
    expect(window.to.toISOString()).toBe(now.toISOString());
    expect(window.from.toISOString()).toBe('2026-11-27T12:00:00.000Z');
  });

  it('round-trips a custom window through the URL', () => {
    const search = new URLSearchParams('unit=320509');
    const from = new Date('2026-10-01T00:00:00.000Z');
    const to = new Date('2026-10-08T00:00:00.000Z');
    writeWindow(search, { kind: 'custom', from, to });
    const read = windowFromSearch(search, now);
    expect(read).toEqual({ kind: 'custom', from, to });
    expect(search.get('unit')).toBe('320509');
  });

  it('falls back to 7 days for a bad custom window', () => {
    const search = new URLSearchParams('window=custom&from=2026-10-08T00:00:00Z&to=2026-10-01T00:00:00Z');
    expect(windowFromSearch(search, now).kind).toBe('7d');
    expect(windowFromSearch(new URLSearchParams('window=custom&from=x&to=y'), now).kind).toBe('7d');
  });

  it('reads and writes datetime inputs in Beijing time', () => {
    expect(toShanghaiInputValue(new Date('2026-12-03T16:30:00.000Z'))).toBe('2026-12-04T00:30');
    expect(fromShanghaiInputValue('2026-12-04T00:30').toISOString()).toBe('2026-12-03T16:30:00.000Z');
    expect(Number.isNaN(fromShanghaiInputValue('2026-12-04').getTime())).toBe(true);
  });

  it('rejects reversed, invalid and overlong custom windows', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    expect(checkCustomWindow(start, new Date('2025-12-31T00:00:00Z'))).toBe('time.fromAfterTo');
    expect(checkCustomWindow(start, new Date(Number.NaN))).toBe('time.invalidDate');
    expect(checkCustomWindow(start, new Date('2027-01-03T00:00:00Z'))).toBe('time.tooLong');
    expect(checkCustomWindow(start, new Date('2026-02-01T00:00:00Z'))).toBeNull();
  });
});
