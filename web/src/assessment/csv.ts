import Papa from 'papaparse';
import { type Translate, UTF8_BOM } from '../export/layerExport.js';
import type { AssessmentRow } from '../graphql/events.js';
import { formatPercent } from './format.js';

/** Columns of the exported table, in order; the header row names them in the UI language. */
const COLUMNS = [
  'quarter',
  'rank',
  'key',
  'name',
  'received',
  'onTime',
  'overdue',
  'open',
  'handedOn',
  'onTimeRatePercent',
  'averageHours',
  'reopened',
] as const;

const MINUTES_PER_HOUR = 60;

/** Converts minutes to hours with one decimal, rounded as the table rounds. */
function hours(minutes: number): string {
  return (Math.round((minutes / MINUTES_PER_HOUR) * 10) / 10).toFixed(1);
}

/**
 * Writes the ranking as CSV with a UTF-8 byte-order mark and CRLF line ends, as Excel expects. The on-time rate is a
 * percentage and the handling time is in hours, both to one decimal as the table rounds them, with the unit in the
 * header, so a cell is a plain number a spreadsheet can compute with.
 */
export function assessmentCsv(
  quarter: string,
  rows: readonly AssessmentRow[],
  nameOf: (row: AssessmentRow) => string,
  t: Translate,
): string {
  const header = COLUMNS.map((column) => t(`assessment:column.${column}`));
  const body = rows.map((row) => [
    quarter,
    String(row.rank),
    row.key,
    nameOf(row),
    String(row.received),
    String(row.onTime),
    String(row.overdue),
    String(row.open),
    String(row.handedOn),
    formatPercent(row.onTimeRate),
    row.averageHandlingMinutes === null ? '' : hours(row.averageHandlingMinutes),
    String(row.reopened),
  ]);
  // escapeFormulae prefixes a quote to cells starting with = + - @, so a spreadsheet never runs them as formulas.
  return UTF8_BOM + Papa.unparse([header, ...body], { newline: '\r\n', escapeFormulae: true });
}
