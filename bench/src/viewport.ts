/**
 * Latency of the map's viewport operation through the gateway: the path of `path.ts` walked by one client, then
 * by several clients at once. Each client keeps one connection alive, as a browser tab does.
 */
import { Agent, request } from 'node:http';
import { POINT_LIMIT } from '../../web/src/graphql/incidents.js';
import { OPERATION_NAME } from './operation.js';
import type { View } from './path.js';
import { type LatencySummary, summarize } from './stats.js';

const REQUEST_TIMEOUT_MS = 60_000;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface TimeWindow {
  label: string;
  from: string;
  to: string;
}

export interface Sample {
  view: string;
  zoom: number;
  ms: number;
  totalCount: number;
  /** `points` when the response lists the incidents themselves, `cells` when it clusters them. */
  mode: 'cells' | 'points';
  items: number;
  bytes: number;
}

interface GridData {
  incidentGrid: { totalCount: number; cells: unknown[]; incidents: unknown[] };
}

/** The hub's gateway: its base URL and the access token of the bench's user. */
export interface HubGateway {
  url: string;
  token: string;
}

/** A client of the gateway with one keep-alive connection. */
export class GatewayClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });
  readonly #url: URL;
  readonly #authorization: string;

  constructor(
    gateway: HubGateway,
    private readonly operation: string,
  ) {
    this.#url = new URL('/graphql', gateway.url);
    if (!LOOPBACK_HOSTS.has(this.#url.hostname)) {
      throw new Error(`Invalid gateway URL ${gateway.url}: the bench sends requests only to a loopback address.`);
    }
    this.#authorization = `Bearer ${gateway.token}`;
  }

  /** Sends the operation for `view` and `window`, timing it until the whole response has arrived. */
  send(view: View, window: TimeWindow): Promise<Sample> {
    const body = JSON.stringify({
      operationName: OPERATION_NAME,
      query: this.operation,
      variables: {
        code: '320509',
        bbox: view.bbox,
        zoom: view.zoom,
        from: window.from,
        to: window.to,
        pointLimit: POINT_LIMIT,
      },
    });
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const outgoing = request(this.#url, {
        method: 'POST',
        agent: this.#agent,
        // Every view goes to the police subgraph, as a view the hub has not served before would. Repeated
        // requests served from the response cache are measured in the gateway section.
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'cache-control': 'no-cache',
          authorization: this.#authorization,
        },
      });
      outgoing.setTimeout(REQUEST_TIMEOUT_MS, () => {
        outgoing.destroy(new Error(`${OPERATION_NAME} for ${view.label} timed out after ${REQUEST_TIMEOUT_MS} ms`));
      });
      outgoing.on('error', reject);
      outgoing.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const ms = performance.now() - started;
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve(toSample(view, ms, response.statusCode ?? 0, text));
          } catch (error) {
            reject(error);
          }
        });
      });
      outgoing.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

function toSample(view: View, ms: number, status: number, text: string): Sample {
  let parsed: { data?: GridData; errors?: { message: string }[] };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new Error(`The gateway returned HTTP ${status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  const grid = parsed.data?.incidentGrid;
  if (status !== 200 || parsed.errors || !grid) {
    throw new Error(`${OPERATION_NAME} for ${view.label} failed with HTTP ${status}: ${text.slice(0, 500)}`);
  }
  const points = grid.incidents.length > 0 || grid.totalCount === 0;
  return {
    view: view.label,
    zoom: view.zoom,
    ms: Math.round(ms * 10) / 10,
    totalCount: grid.totalCount,
    mode: points ? 'points' : 'cells',
    items: points ? grid.incidents.length : grid.cells.length,
    bytes: Buffer.byteLength(text),
  };
}

export interface SeriesResult {
  window: string;
  clients: number;
  requests: number;
  /** Wall time of the whole series and requests per second over it. */
  wallMs: number;
  throughput: number;
  latency: LatencySummary;
  /** Latency of the views at each zoom level. */
  byZoom: Record<string, LatencySummary>;
  totalCount: { min: number; max: number };
  modes: { cells: number; points: number };
  samples: Sample[];
}

function summarizeSeries(window: string, clients: number, samples: Sample[], wallMs: number): SeriesResult {
  const zooms = [...new Set(samples.map((sample) => sample.zoom))].sort((a, b) => a - b);
  const byZoom = Object.fromEntries(
    zooms.map((zoom) => [
      `z${zoom}`,
      summarize(samples.filter((sample) => sample.zoom === zoom).map((sample) => sample.ms)),
    ]),
  );
  const counts = samples.map((sample) => sample.totalCount);
  return {
    window,
    clients,
    requests: samples.length,
    wallMs: Math.round(wallMs),
    throughput: Math.round((samples.length / wallMs) * 1000 * 10) / 10,
    latency: summarize(samples.map((sample) => sample.ms)),
    byZoom,
    totalCount: { min: Math.min(...counts), max: Math.max(...counts) },
    modes: {
      cells: samples.filter((sample) => sample.mode === 'cells').length,
      points: samples.filter((sample) => sample.mode === 'points').length,
    },
    samples,
  };
}

/** Walks `path` `rounds` times with one client, one request at a time. */
export async function measureSequential(
  gateway: HubGateway,
  operation: string,
  path: View[],
  rounds: number,
  window: TimeWindow,
): Promise<SeriesResult> {
  const client = new GatewayClient(gateway, operation);
  const samples: Sample[] = [];
  const started = performance.now();
  try {
    for (let round = 0; round < rounds; round += 1) {
      for (const view of path) samples.push(await client.send(view, window));
    }
  } finally {
    client.close();
  }
  return summarizeSeries(window.label, 1, samples, performance.now() - started);
}

/**
 * Walks `path` `rounds` times with each of `clients` clients at once. Client i starts i/clients of the way along
 * the path, so the clients do not all ask for the same view at the same moment.
 */
export async function measureConcurrent(
  gateway: HubGateway,
  operation: string,
  path: View[],
  rounds: number,
  clients: number,
  window: TimeWindow,
): Promise<SeriesResult> {
  const started = performance.now();
  const perClient = await Promise.all(
    Array.from({ length: clients }, async (_, index) => {
      const client = new GatewayClient(gateway, operation);
      const offset = Math.floor((index * path.length) / clients);
      const rotated = [...path.slice(offset), ...path.slice(0, offset)];
      const samples: Sample[] = [];
      try {
        for (let round = 0; round < rounds; round += 1) {
          for (const view of rotated) samples.push(await client.send(view, window));
        }
      } finally {
        client.close();
      }
      return samples;
    }),
  );
  return summarizeSeries(window.label, clients, perClient.flat(), performance.now() - started);
}
