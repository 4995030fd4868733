import Papa from 'papaparse';

/**
 * Conversion of a GraphQL result to CSV and GeoJSON for download. Plain functions without the DOM, so the unit
 * tests run them in Node.
 */

/** Reason an export produced no file. The page shows a translated message for each. */
export type ExportFailure = 'noResult' | 'noData' | 'noList' | 'emptyList' | 'noGeometry';

export type ExportOutcome<T> = { ok: true; value: T } | { ok: false; reason: ExportFailure };

/** The rows of the first list in a result's `data`. */
export interface ResultRows {
  /** Dotted path of the list inside `data`, for example `incidents.edges`. */
  path: string;
  /** One entry per list item, or for a connection (`edges[].node`) the nodes. */
  rows: unknown[];
}

/** A flat row: dotted column names, values that are strings, numbers, booleans, null or arrays. */
export type FlatRow = Record<string, unknown>;

export interface CsvFile {
  /** UTF-8 text starting with a byte order mark, so Excel opens Chinese text correctly. */
  text: string;
  rowCount: number;
  columns: string[];
}

export interface GeoJsonFile {
  featureCollection: GeoJsonFeatureCollection;
  /** Rows left out because they have no geometry field. */
  skipped: number;
}

export interface GeoJsonGeometry {
  type: string;
  coordinates?: unknown;
  geometries?: unknown;
}

export interface GeoJsonFeature {
  type: 'Feature';
  id?: string | number;
  geometry: GeoJsonGeometry;
  properties: FlatRow;
}

export interface GeoJsonFeatureCollection {
  type: 'FeatureCollection';
  features: GeoJsonFeature[];
}

const BYTE_ORDER_MARK = '\uFEFF';
const COORDINATE_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a GeoJSON geometry object (RFC 7946 section 3.1), the shape of the schema's `GeoJSON` scalar. */
export function isGeometry(value: unknown): value is GeoJsonGeometry {
  if (!isPlainObject(value) || typeof value.type !== 'string') return false;
  if (value.type === 'GeometryCollection') return Array.isArray(value.geometries);
  return COORDINATE_TYPES.has(value.type) && Array.isArray(value.coordinates);
}

/** True for a connection edge list: every item is an object with a `node` field. */
function isEdgeList(list: unknown[]): boolean {
  return list.length > 0 && list.every((item) => isPlainObject(item) && 'node' in item);
}

/**
 * Finds the first list in `data`, searching depth-first in field order, which is the order of the fields in the
 * query. Geometry values are not searched, so the coordinates of a `location` never count as a list. For a
 * connection the rows are the edges' nodes, and other edge fields such as `cursor` are dropped.
 */
export function findFirstList(data: unknown, path: string[] = []): ResultRows | null {
  if (Array.isArray(data)) {
    const rows = isEdgeList(data) ? data.map((edge) => (edge as { node: unknown }).node) : data;
    return { path: path.join('.'), rows };
  }
  if (!isPlainObject(data) || isGeometry(data)) return null;
  for (const [key, value] of Object.entries(data)) {
    const found = findFirstList(value, [...path, key]);
    if (found) return found;
  }
  return null;
}

/**
 * Flattens one row: nested objects become dotted column names (`address.community.name`), and arrays and geometry
 * coordinates stay whole in one column, so each list item stays one row. A scalar row becomes `{ value }`.
 */
export function flattenRow(row: unknown, prefix = '', target: FlatRow = {}): FlatRow {
  if (!isPlainObject(row)) {
    target[prefix || 'value'] = row;
    return target;
  }
  for (const [key, value] of Object.entries(row)) {
    const column = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value)) flattenRow(value, column, target);
    else target[column] = value;
  }
  return target;
}

/** Lists the columns of all rows, each in the order it first appears. */
function collectColumns(rows: FlatRow[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const column of Object.keys(row)) columns.add(column);
  return [...columns];
}

/** Writes one cell: null and missing values are empty, arrays are JSON text, everything else as written. */
function csvCell(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value) || isPlainObject(value)) return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** Returns the rows of a GraphQL response body, or why it has none. */
export function resultRows(result: unknown): ExportOutcome<ResultRows> {
  if (!isPlainObject(result)) return { ok: false, reason: 'noResult' };
  if (!isPlainObject(result.data)) return { ok: false, reason: 'noData' };
  const found = findFirstList(result.data);
  if (!found) return { ok: false, reason: 'noList' };
  if (found.rows.length === 0) return { ok: false, reason: 'emptyList' };
  return { ok: true, value: found };
}

/**
 * Converts the first list of a GraphQL response body to CSV: one row per item, dotted column names, CRLF line ends
 * and a UTF-8 byte order mark. Cells that start with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading
 * `'` (papaparse's `escapeFormulae`), so a spreadsheet shows them as text instead of running them as formulas.
 */
export function toCsv(result: unknown): ExportOutcome<CsvFile> {
  const found = resultRows(result);
  if (!found.ok) return found;
  const rows = found.value.rows.map((row) => flattenRow(row));
  const columns = collectColumns(rows);
  const data = rows.map((row) => columns.map((column) => csvCell(row[column])));
  const text = Papa.unparse({ fields: columns, data }, { newline: '\r\n', escapeFormulae: true });
  return { ok: true, value: { text: BYTE_ORDER_MARK + text, rowCount: rows.length, columns } };
}

/** Finds the first geometry of a row: its own fields first, then those of nested objects, in field order. */
function findGeometry(row: Record<string, unknown>, prefix = ''): { column: string; geometry: GeoJsonGeometry } | null {
  for (const [key, value] of Object.entries(row)) {
    if (isGeometry(value)) return { column: prefix + key, geometry: value };
  }
  for (const [key, value] of Object.entries(row)) {
    if (isPlainObject(value)) {
      const nested = findGeometry(value, `${prefix + key}.`);
      if (nested) return nested;
    }
  }
  return null;
}

/** Flattens a row for GeoJSON properties, leaving out the columns of the geometry used for the feature. */
function featureProperties(row: Record<string, unknown>, geometryColumn: string): FlatRow {
  const properties: FlatRow = {};
  for (const [column, value] of Object.entries(flattenRow(row))) {
    if (column === `${geometryColumn}.type` || column === `${geometryColumn}.coordinates`) continue;
    if (column === `${geometryColumn}.geometries`) continue;
    properties[column] = value ?? null;
  }
  return properties;
}

/**
 * Converts the first list of a GraphQL response body to a GeoJSON FeatureCollection. Each row with a geometry field
 * (`location`, `zone`, `boundary`, `area`, …) becomes a feature with the first such field as its geometry and the
 * other fields, flattened as for CSV, as its properties. A row's `id` also becomes the feature id. Rows without a
 * geometry are counted in `skipped`.
 */
export function toGeoJson(result: unknown): ExportOutcome<GeoJsonFile> {
  const found = resultRows(result);
  if (!found.ok) return found;
  const features: GeoJsonFeature[] = [];
  let skipped = 0;
  for (const row of found.value.rows) {
    const geometry = isPlainObject(row) ? findGeometry(row) : null;
    if (!isPlainObject(row) || !geometry) {
      skipped += 1;
      continue;
    }
    const feature: GeoJsonFeature = {
      type: 'Feature',
      geometry: geometry.geometry,
      properties: featureProperties(row, geometry.column),
    };
    if (typeof row.id === 'string' || typeof row.id === 'number') feature.id = row.id;
    features.push(feature);
  }
  if (features.length === 0) return { ok: false, reason: 'noGeometry' };
  return { ok: true, value: { featureCollection: { type: 'FeatureCollection', features }, skipped } };
}

/** China Standard Time is UTC+8 all year. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * Builds a download name such as `查询结果-StreetIncidents-20260501-143000.csv` from a base name, the operation name
 * (GraphQL names contain only letters, digits and `_`) and the time in China Standard Time.
 */
export function exportFileName(base: string, operationName: string | null, time: Date, extension: string): string {
  const shanghai = new Date(time.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  const stamp = `${shanghai.slice(0, 10).replaceAll('-', '')}-${shanghai.slice(11, 19).replaceAll(':', '')}`;
  return `${[base, operationName, stamp].filter(Boolean).join('-')}.${extension}`;
}
