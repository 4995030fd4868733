/** The JSON shape of the gateway section's results file and the figures derived from it for the tables. */
import type { DataReport } from '../data.js';
import type { ServerVersions } from '../database.js';
import type { GatewayBenchOptions } from '../options.js';
import type { Machine } from '../report.js';
import { cacheHitRate } from './cache.js';
import type { Contender } from './contenders.js';
import type { FloorResult } from './floor.js';
import type { LoadRun } from './load.js';
import type { StartupRun } from './startup.js';
import type { readGatewayVersions } from './versions.js';

export interface LoadMeasurement {
  operation: string;
  contender: Contender;
  run: LoadRun;
  /** CPU seconds (user + system) of the gateway's process during the run. */
  gatewayCpuSeconds: number;
  subgraphsCpuSeconds: number;
  /**
   * For a varied operation: the first index of the run's slot of the sequence, the slot's size and the bodies the
   * run generated. More bodies than the slot's size means that the run sent requests of another run's slot.
   */
  sequence?: { start: number; slotSize: number; generated: number };
}

export interface OperationRecord {
  key: string;
  label: string;
  operationName: string;
  query: string;
  /** The variables of a fixed operation, or of the first request of a varied one. */
  variables: unknown;
  /** For a varied operation: a description of the change of variables from request to request. */
  variation?: string;
  /** For a varied operation: the fixed operation whose floor it uses. */
  floorOf?: string;
}

export interface GatewayBenchResult {
  date: string;
  command: string;
  quick: boolean;
  machine: Machine;
  versions: ServerVersions & { node: string } & ReturnType<typeof readGatewayVersions>;
  database: string;
  data: DataReport;
  settings: GatewayBenchOptions;
  operations: OperationRecord[];
  floors: Record<string, FloorResult>;
  load: LoadMeasurement[];
  peakRssMiB: Partial<Record<Contender, number>>;
  statements: { operation: string; contender: Contender; perRequest: number }[];
  startup: StartupRun[];
}

/** Hit rate above which a run counts as served from the cache, so its latency shows nothing about the subgraphs. */
const CACHED_RUN_HIT_RATE = 0.5;

/**
 * Returns `value / baseline` with two decimals, or with two significant digits below 0.1 (a cached run can be a
 * hundred times faster), or `–` when the baseline is 0 or missing.
 */
export function ratio(value: number, baseline: number | undefined): string {
  if (!baseline || !Number.isFinite(value)) return '–';
  const quotient = value / baseline;
  return quotient !== 0 && Math.abs(quotient) < 0.1 ? quotient.toPrecision(2) : quotient.toFixed(2);
}

/** CPU milliseconds of the gateway's process per request of a run. */
export function cpuMsPerRequest(entry: LoadMeasurement): number {
  return entry.run.requests > 0 ? (entry.gatewayCpuSeconds * 1000) / entry.run.requests : Number.NaN;
}

export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** Formats a share from 0 to 1 as a whole percentage, or `–` for NaN. */
export function percent(share: number): string {
  return Number.isFinite(share) ? `${Math.round(share * 100)} %` : '–';
}

export function labelOf(result: GatewayBenchResult, key: string): string {
  return result.operations.find((operation) => operation.key === key)?.label ?? key;
}

/** Returns the floor of an operation in ms: its own, or for a varied operation that of its fixed operation. */
export function floorOf(result: GatewayBenchResult, key: string): number {
  const own = result.floors[key];
  if (own) return own.criticalPathMs;
  const fixedKey = result.operations.find((operation) => operation.key === key)?.floorOf;
  return (fixedKey ? result.floors[fixedKey]?.criticalPathMs : undefined) ?? Number.NaN;
}

/** True when most responses of the run came from Lianfang's response cache. */
export function servedFromCache(run: LoadRun): boolean {
  return cacheHitRate(run.cache) > CACHED_RUN_HIT_RATE;
}

/**
 * Returns the run's p50 minus the floor in ms: the gateway's time plus any queueing. NaN for a run served from the
 * cache, because a cache hit does not wait for the subgraphs, so the floor does not apply to it.
 */
export function p50AboveFloor(result: GatewayBenchResult, entry: LoadMeasurement): number {
  if (servedFromCache(entry.run)) return Number.NaN;
  return entry.run.latency.p50 - floorOf(result, entry.operation);
}

/** Returns `(p50 − floor) / p50`, the gateway's share of a request's median time (0 to 1), or NaN. */
export function gatewayShare(result: GatewayBenchResult, entry: LoadMeasurement): number {
  const p50 = entry.run.latency.p50;
  return p50 > 0 ? p50AboveFloor(result, entry) / p50 : Number.NaN;
}
