import Papa from 'papaparse';
import type { BorderZoneNode, HotspotNode, PatrolZoneNode, RentalNode } from '../graphql/overlays.js';
import type { IncidentNode, UnitWithBoundary } from '../graphql/queries.js';
import type { MultiPolygonGeometry, PointGeometry, PolygonGeometry } from '../map/geometry.js';
import { formatShanghaiStamp } from '../time.js';

/** The byte-order mark that makes Excel read a CSV file as UTF-8 rather than the system code page. */
export const UTF8_BOM = '\uFEFF';

export type ExportLayer = 'unit' | 'incident' | 'rental' | 'borderZone' | 'hotspot' | 'patrolZone';

/** One exported feature: its layer, identity, a few readable columns and its geometry. */
export interface ExportRow {
  layer: ExportLayer;
  id: string;
  /** Unit or zone name, incident category, or rental state, already translated. */
  label: string;
  /** Beijing time of an incident as `YYYY-MM-DD HH:mm:ss`, otherwise empty. */
  time: string;
  detail: string;
  geometry: PointGeometry | PolygonGeometry | MultiPolygonGeometry;
}

export interface ExportInput {
  units: readonly UnitWithBoundary[];
  incidents: readonly (IncidentNode & { status?: string })[];
  rentals: readonly RentalNode[];
  borderZones: readonly BorderZoneNode[];
  hotspots: readonly HotspotNode[];
  patrolZones: readonly PatrolZoneNode[];
}

/** Translates i18n keys; the export names categories, states and columns in the UI language. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Collects the rows of every layer in a fixed order: units, incidents, rentals, border zones, hotspots, patrols. */
export function exportRows(input: ExportInput, t: Translate): ExportRow[] {
  const rows: ExportRow[] = [];
  for (const unit of input.units) {
    if (!unit.boundary) continue;
    const detail = unit.approximate ? t('export.approximate') : '';
    rows.push({ layer: 'unit', id: unit.code, label: unit.name, time: '', detail, geometry: unit.boundary });
  }
  for (const incident of input.incidents) {
    rows.push({
      layer: 'incident',
      id: incident.id,
      label: t(`category.${incident.category}`),
      time: formatShanghaiStamp(new Date(incident.occurredAt)),
      detail: incident.address?.id ?? '',
      geometry: incident.location,
    });
  }
  for (const rental of input.rentals) {
    const state = t(`inspection.${rental.inspectionState}`);
    rows.push({
      layer: 'rental',
      id: rental.id,
      label: rental.subdivided ? `${t('export.subdivided')} · ${state}` : state,
      time: '',
      detail: t('export.rooms', { rooms: rental.rooms, tenants: rental.tenants }),
      geometry: rental.location,
    });
  }
  for (const zone of input.borderZones) {
    rows.push({ layer: 'borderZone', id: zone.id, label: zone.name, time: '', detail: '', geometry: zone.band });
  }
  for (const hotspot of input.hotspots) {
    const detail = t('export.incidentCount', { count: hotspot.count });
    rows.push({ layer: 'hotspot', id: hotspot.id, label: '', time: '', detail, geometry: hotspot.area });
  }
  for (const zone of input.patrolZones) {
    const detail = `${zone.unitName} · ${t(`shift.${zone.shift}`)}`;
    rows.push({ layer: 'patrolZone', id: zone.id, label: zone.name, time: '', detail, geometry: zone.zone });
  }
  return rows;
}

export interface ExportFeatureCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: string;
    geometry: ExportRow['geometry'];
    properties: Omit<ExportRow, 'geometry'>;
  }[];
}

export function toGeoJson(rows: readonly ExportRow[]): ExportFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: rows.map(({ geometry, ...properties }) => ({
      type: 'Feature',
      id: `${properties.layer}:${properties.id}`,
      geometry,
      properties,
    })),
  };
}

/**
 * Writes the rows as CSV with a UTF-8 byte-order mark and CRLF line ends, as Excel expects. Points get longitude
 * and latitude columns; every row also carries its geometry as GeoJSON text, so areas survive the round trip.
 */
export function toCsv(rows: readonly ExportRow[], t: Translate): string {
  const header = ['layer', 'id', 'label', 'time', 'detail', 'lon', 'lat', 'geometry'].map((column) =>
    t(`export.column.${column}`),
  );
  const body = rows.map((row) => {
    const point = row.geometry.type === 'Point' ? row.geometry.coordinates : null;
    return [
      t(`export.layer.${row.layer}`),
      row.id,
      row.label,
      row.time,
      row.detail,
      point ? String(point[0]) : '',
      point ? String(point[1]) : '',
      JSON.stringify(row.geometry),
    ];
  });
  // escapeFormulae prefixes a quote to cells starting with = + - @, so a spreadsheet never runs them as formulas.
  return UTF8_BOM + Papa.unparse([header, ...body], { newline: '\r\n', escapeFormulae: true });
}
