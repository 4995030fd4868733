import { GraphQLScalarType, Kind } from 'graphql';
import { badUserInput, quoted } from './errors.js';

/** GeoJSON geometry as an object (RFC 7946, longitude first). Columns arrive as ST_AsGeoJSON text or objects. */
export const GeoJSONScalar = new GraphQLScalarType({
  name: 'GeoJSON',
  description: 'GeoJSON 几何对象（RFC 7946，经度在前，WGS84 / CGCS2000）',
  serialize(value) {
    if (typeof value === 'string') return JSON.parse(value) as unknown;
    return value;
  },
  parseValue(value) {
    if (typeof value !== 'object' || value === null || !('type' in value)) {
      throw badUserInput('GeoJSON 参数须为带 type 字段的几何对象');
    }
    return value;
  },
  parseLiteral() {
    throw badUserInput('GeoJSON 参数请通过变量传入，不能写在查询文本中');
  },
});

/** Instant with time zone, ISO 8601. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: '带时区的时间点，ISO 8601 格式，例如 2026-12-04T08:00:00+08:00',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return new Date(value).toISOString();
    throw new TypeError(`DateTime cannot represent ${String(value)}`);
  },
  parseValue(value) {
    return parseDateTime(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badUserInput('DateTime 须为 ISO 8601 字符串，例如 2026-12-04T08:00:00+08:00');
    return parseDateTime(ast.value);
  },
});

function parseDateTime(value: unknown): Date {
  // Only full timestamps with a zone: a bare date or local time would be read in the server's zone.
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
  if (typeof value !== 'string' || !iso.test(value) || Number.isNaN(Date.parse(value)) || !isCalendarDate(value)) {
    throw badUserInput(`DateTime 须为带时区的 ISO 8601 时间，收到 ${quoted(value)}；例如 2026-12-04T08:00:00+08:00`);
  }
  return new Date(value);
}

/** Rejects dates such as 2026-02-30, which Date.parse rolls over into the next month instead of refusing. */
function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
