/** Rows of the Markdown tables of the gateway section, one function per table. */
import { cacheHitRate } from './cache.js';
import { BASELINE, CONTENDER_LABELS, CONTENDERS } from './contenders.js';
import { failedRequests } from './load.js';
import {
  cpuMsPerRequest,
  fixed,
  floorOf,
  type GatewayBenchResult,
  gatewayShare,
  type LoadMeasurement,
  labelOf,
  p50AboveFloor,
  percent,
  ratio,
} from './result.js';

function hitsCell(entry: LoadMeasurement): string {
  return percent(cacheHitRate(entry.run.cache));
}

/** Returns one row per run with one connection: the latency of a single request and the gateway's share of it. */
export function singleConnectionRows(result: GatewayBenchResult): string[] {
  return result.load
    .filter((entry) => entry.run.connections === 1)
    .map((entry) => {
      const { run } = entry;
      return (
        `| ${labelOf(result, entry.operation)} | ${CONTENDER_LABELS[entry.contender]} | ${hitsCell(entry)} | ` +
        `${fixed(run.requestsPerSecond)} | ${fixed(run.latency.p50)} | ${fixed(run.latency.p95)} | ` +
        `${failedRequests(run)} | ${fixed(floorOf(result, entry.operation))} | ` +
        `${fixed(p50AboveFloor(result, entry))} | ${percent(gatewayShare(result, entry))} |`
      );
    });
}

/** Returns one row per run with more than one connection. */
export function loadRows(result: GatewayBenchResult): string[] {
  return result.load
    .filter((entry) => entry.run.connections > 1)
    .map((entry) => {
      const { run } = entry;
      return (
        `| ${labelOf(result, entry.operation)} | ${run.connections} | ${CONTENDER_LABELS[entry.contender]} | ` +
        `${hitsCell(entry)} | ${fixed(run.requestsPerSecond)} | ${fixed(run.latency.p50)} | ` +
        `${fixed(run.latency.p95)} | ${fixed(run.latency.p99)} | ${failedRequests(run)} | ` +
        `${fixed(entry.gatewayCpuSeconds)} | ${fixed(cpuMsPerRequest(entry), 2)} | ` +
        `${fixed(floorOf(result, entry.operation))} | ${fixed(p50AboveFloor(result, entry))} |`
      );
    });
}

/** Returns one row per run of a contender other than the baseline, divided by the baseline's run of that setting. */
export function ratioRows(result: GatewayBenchResult): string[] {
  const rows: string[] = [];
  for (const entry of result.load) {
    if (entry.contender === BASELINE) continue;
    const base = result.load.find(
      (other) =>
        other.contender === BASELINE &&
        other.operation === entry.operation &&
        other.run.connections === entry.run.connections,
    );
    if (!base) continue;
    rows.push(
      `| ${labelOf(result, entry.operation)} | ${entry.run.connections} | ${hitsCell(entry)} | ` +
        `${ratio(entry.run.requestsPerSecond, base.run.requestsPerSecond)} | ` +
        `${ratio(entry.run.latency.p50, base.run.latency.p50)} | ${ratio(entry.run.latency.p99, base.run.latency.p99)} | ` +
        `${ratio(p50AboveFloor(result, entry), p50AboveFloor(result, base))} | ` +
        `${ratio(cpuMsPerRequest(entry), cpuMsPerRequest(base))} |`,
    );
  }
  return rows;
}

export function floorRows(result: GatewayBenchResult): string[] {
  return Object.entries(result.floors).map(
    ([key, floor]) =>
      `| ${labelOf(result, key)} | ${floor.fetches.map((fetch) => `${fetch.serviceName} ${fixed(fetch.ms)}`).join(', ')} | ` +
      `${fixed(floor.criticalPathMs)} | ${fixed(floor.sumMs)} |`,
  );
}

export function statementRows(result: GatewayBenchResult): string[] {
  const operations = [...new Set(result.statements.map((entry) => entry.operation))];
  return operations.map((operation) => {
    const cells = CONTENDERS.map((contender) => {
      const entry = result.statements.find((row) => row.operation === operation && row.contender === contender);
      return entry ? fixed(entry.perRequest) : '–';
    });
    return `| ${operation} | ${cells.join(' | ')} |`;
  });
}

export function startupRows(result: GatewayBenchResult): string[] {
  return (['server', 'embedded'] as const).map((backend) => {
    const cells = (['first', 'restart'] as const).map((start) => {
      const run = result.startup.find((entry) => entry.backend === backend && entry.start === start);
      return run ? `${(run.ms / 1000).toFixed(1)} s (ready log ${(run.readyLogMs / 1000).toFixed(1)} s)` : '–';
    });
    return `| ${backend} | ${cells.join(' | ')} |`;
  });
}
