import Papa from 'papaparse';
import { type Translate, UTF8_BOM } from '../export/layerExport.js';
import type { AssessmentRow } from '../graphql/events.js';

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
  'onTimeRate',
  'averageMinutes',
  'reopened',
] as const;

/**
 * Writes the ranking as CSV with a UTF-8 byte-order mark and CRLF line ends, as Excel expects. The on-time rate is a
 * fraction (0–1) and the handling time is in minutes, so spreadsheets can compute with both.
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
    String(row.onTimeRate),
    row.averageHandlingMinutes === null ? '' : String(row.averageHandlingMinutes),
    String(row.reopened),
  ]);
  // escapeFormulae prefixes a quote to cells starting with = + - @, so a spreadsheet never runs them as formulas.
  return UTF8_BOM + Papa.unparse([header, ...body], { newline: '\r\n', escapeFormulae: true });
}
