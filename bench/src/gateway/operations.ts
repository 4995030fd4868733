/**
 * The operations of the gateway comparison, written against gateway/supergraph.graphql: a district summary, a
 * drill-down of addresses with fields from four subgraphs, and the map's viewport operation.
 */
import { POINT_LIMIT } from '../../../web/src/graphql/incidents.js';
import { OPERATION_NAME as GRID_OPERATION_NAME } from '../operation.js';
import type { View } from '../path.js';
import type { TimeWindow } from '../viewport.js';

export const DISTRICT_CODE = '320509';
/** Addresses per drill-down request under load. The statement count also uses 10, 100 and 1000 (the maximum). */
export const DRILL_DOWN_SIZE = 200;
export const DRILL_DOWN_SIZES = [10, 100, 1000] as const;

export interface BenchOperation {
  /** Key in the results file, for example `drillDown`. */
  key: string;
  label: string;
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
}

/** The district with its streets, counts from police, housing and market, and the street counts from police. */
const SUMMARY_QUERY = `query BenchDistrictSummary($code: ID!, $from: DateTime, $to: DateTime) {
  orgUnit(code: $code) {
    code
    name
    level
    addressCount
    incidentCount(from: $from, to: $to)
    children {
      code
      name
      level
      addressCount
      incidentCount(from: $from, to: $to)
    }
  }
  rentals(orgUnit: $code, first: 1) { totalCount }
  subdivided: rentals(orgUnit: $code, subdivided: true, first: 1) { totalCount }
  enterprises(orgUnit: $code, first: 1) { totalCount }
}`;

/**
 * A page of addresses with residents (police), rental (housing), enterprises (market) and usage (utilities). `$after`
 * is only set by the varied drill-down, which pages through the district to send a different window each request.
 * Residents' names are left out: personal fields are audited on every read and never cached, so with them the
 * operation would measure the access log rather than the gateway.
 * TODO: measure the cost of audited reads under load as an operation of its own.
 */
const DRILL_DOWN_QUERY = `query BenchAddressDrillDown($code: ID!, $first: Int!, $after: String) {
  addresses(orgUnit: $code, first: $first, after: $after) {
    totalCount
    edges {
      node {
        id
        text
        residents { id residenceType registeredOn }
        rental { id rooms tenants subdivided inspectionState }
        enterprises { creditCode name status }
        utilityUsage(months: 3) { month electricityKwh waterM3 ratio }
      }
    }
  }
}`;

export function summaryOperation(window: TimeWindow): BenchOperation {
  return {
    key: 'summary',
    label: 'district summary',
    operationName: 'BenchDistrictSummary',
    query: SUMMARY_QUERY,
    variables: { code: DISTRICT_CODE, from: window.from, to: window.to },
  };
}

export function drillDownOperation(size: number): BenchOperation {
  return {
    key: size === DRILL_DOWN_SIZE ? 'drillDown' : `drillDown${size}`,
    label: `drill-down, ${size} addresses`,
    operationName: 'BenchAddressDrillDown',
    query: DRILL_DOWN_QUERY,
    variables: { code: DISTRICT_CODE, first: size },
  };
}

/** Builds the map's viewport operation for one view, with the text the map sends (see operation.ts). */
export function gridOperation(text: string, view: View, window: TimeWindow): BenchOperation {
  return {
    key: 'grid',
    label: `incidentGrid, ${view.label}`,
    operationName: GRID_OPERATION_NAME,
    query: text,
    variables: {
      code: DISTRICT_CODE,
      bbox: view.bbox,
      zoom: view.zoom,
      from: window.from,
      to: window.to,
      pointLimit: POINT_LIMIT,
    },
  };
}

/** Returns the JSON body of a GraphQL over HTTP request for `operation`. */
export function requestBody(operation: BenchOperation): string {
  return JSON.stringify({
    operationName: operation.operationName,
    query: operation.query,
    variables: operation.variables,
  });
}
