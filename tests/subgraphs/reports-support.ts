/**
 * Shared setup of the report tests: grid worker identities, points inside known grids and photo uploads sent
 * straight to the governance subgraph. Generated image bytes come from `../support/images.ts`.
 */
import type { Database } from '@lianfang/db';
import type { Identity } from '@lianfang/subgraph-kit';
import { claimsHeaders } from '../support/access.js';
import type { Point } from '../support/places.js';

export { type Point, pointInside } from '../support/places.js';

/** The grid worker of 西塘社区第1网格. */
export const GRID_WORKER: Identity = {
  sub: 'grid.worker',
  name: '网格员',
  level: 'GRID',
  orgUnit: '320509001001001',
  department: 'governance',
  roles: ['grid_worker'],
};

/** A grid worker of 西塘社区第2网格, in the same community. */
export const NEIGHBOUR_GRID_WORKER: Identity = {
  sub: 'grid.worker.2',
  name: '第二网格员',
  level: 'GRID',
  orgUnit: '320509001001002',
  department: 'governance',
  roles: ['grid_worker'],
};

/** Staff of the community of both grids (西塘社区). */
export const OWN_COMMUNITY_STAFF: Identity = {
  sub: 'xitang.staff',
  name: '西塘社区工作人员',
  level: 'COMMUNITY',
  orgUnit: '320509001001',
  department: 'governance',
  roles: ['staff'],
};

/** Staff of another community of the same street (北门社区). */
export const OTHER_COMMUNITY_STAFF: Identity = {
  sub: 'beimen.staff',
  name: '北门社区工作人员',
  level: 'COMMUNITY',
  orgUnit: '320509001002',
  department: 'governance',
  roles: ['staff'],
};

/** Base URL of a subgraph's own routes, from its `/graphql` URL. */
export function routesBase(graphqlUrl: string): string {
  return graphqlUrl.replace(/\/graphql$/, '');
}

/** Sends `POST /photos` to the subgraph as `identity`. */
export async function uploadPhoto(
  graphqlUrl: string,
  identity: Identity,
  bytes: Uint8Array,
  contentType: string | undefined,
): Promise<Response> {
  const headers: Record<string, string> = { ...(await claimsHeaders(identity)) };
  if (contentType !== undefined) headers['content-type'] = contentType;
  return fetch(`${routesBase(graphqlUrl)}/photos`, { method: 'POST', headers, body: bytes });
}

/** Sends `GET /photos/:id` to the subgraph as `identity`. */
export async function downloadPhoto(graphqlUrl: string, identity: Identity, id: string): Promise<Response> {
  return fetch(`${routesBase(graphqlUrl)}/photos/${encodeURIComponent(id)}`, {
    headers: await claimsHeaders(identity),
  });
}

/** Counts rows of a table, optionally filtered; `table` is a fixed name of the test, never user input. */
export async function countRows(database: Database, table: string, where = 'true', params: unknown[] = []) {
  const { rows } = await database.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM ${table} WHERE ${where}`,
    params,
  );
  return rows[0]?.count ?? -1;
}

export const SUBMIT_REPORT = `mutation ($input: ReportInput!) {
  submitReport(input: $input) {
    replayed
    event {
      id source category severity description location inputCrs locationSource status outsideGridReason
      proposedCategory proposedReason flags
      orgUnit { code }
      photos { id contentType byteSize sha256 url }
    }
  }
}`;

export interface SubmittedEvent {
  id: string;
  source: string;
  category: string;
  severity: string;
  description: string;
  location: { type: 'Point'; coordinates: [number, number] };
  inputCrs: string;
  locationSource: string;
  status: string;
  outsideGridReason: string | null;
  proposedCategory: string | null;
  proposedReason: string | null;
  flags: string[];
  orgUnit: { code: string };
  photos: { id: string; contentType: string; byteSize: number; sha256: string; url: string }[];
}

export interface SubmitData {
  submitReport: { replayed: boolean; event: SubmittedEvent };
}

let keyCounter = 0;

/** Returns a fresh idempotency key for one test submission. */
export function newKey(label = 'report'): string {
  keyCounter += 1;
  return `${label}-${Date.now().toString(36)}-${keyCounter}`;
}

/** Returns a report input located at `point`, with overrides. */
export function reportInput(point: Point, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    idempotencyKey: newKey(),
    description: '3号楼楼道里堆放了两个煤气罐',
    location: { longitude: point[0], latitude: point[1], crs: 'WGS84', source: 'DEVICE' },
    ...overrides,
  };
}
