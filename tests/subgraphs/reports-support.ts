/**
 * Shared setup of the report tests: grid worker identities, points inside known grids, generated image bytes and
 * photo uploads sent straight to the governance subgraph.
 */
import { deflateSync } from 'node:zlib';
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

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** Returns a valid grey PNG of `width` × `height` pixels; `seed` varies the pixels, so two calls can differ. */
export function pngBytes(width = 4, height = 4, seed = 0): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  const rows: number[] = [];
  for (let y = 0; y < height; y += 1) {
    rows.push(0); // filter type None
    for (let x = 0; x < width; x += 1) rows.push((x * 31 + y * 17 + seed) % 256);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from(rows))),
    pngChunk('IEND', new Uint8Array()),
  ]);
}

/** Returns the start of a JPEG file (SOI and a JFIF APP0 segment), enough for content sniffing. */
export function jpegBytes(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'ascii'),
    Buffer.from([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]),
  ]);
}

/** Returns the start of a lossy WebP file (RIFF header and a VP8 chunk header). */
export function webpBytes(): Buffer {
  const body = Buffer.concat([Buffer.from('WEBPVP8 ', 'ascii'), Buffer.alloc(4 + 10)]);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(body.length);
  return Buffer.concat([Buffer.from('RIFF', 'ascii'), size, body]);
}

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
