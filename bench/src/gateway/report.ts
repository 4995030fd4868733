/** The gateway section's results: the JSON shape and the Markdown tables for docs/benchmarks.md. */
import type { DataReport } from '../data.js';
import type { ServerVersions } from '../database.js';
import type { GatewayBenchOptions } from '../options.js';
import type { Machine } from '../report.js';
import { BASELINE, CONTENDER_LABELS, CONTENDERS, type Contender } from './contenders.js';
import type { FloorResult } from './floor.js';
import { failedRequests, type LoadRun } from './load.js';
import type { StartupRun } from './startup.js';
import type { readGatewayVersions } from './versions.js';

export const GATEWAY_DOCS_START = '<!-- bench:gateway:start (written by pnpm bench --update-docs) -->';
export const GATEWAY_DOCS_END = '<!-- bench:gateway:end -->';

export interface LoadMeasurement {
  operation: string;
  contender: Contender;
  run: LoadRun;
  /** CPU seconds (user + system) of the gateway's process during the run. */
  gatewayCpuSeconds: number;
  subgraphsCpuSeconds: number;
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
  operations: { key: string; label: string; operationName: string; query: string; variables: unknown }[];
  floors: Record<string, FloorResult>;
  load: LoadMeasurement[];
  peakRssMiB: Partial<Record<Contender, number>>;
  statements: { operation: string; contender: Contender; perRequest: number }[];
  startup: StartupRun[];
}

/** Returns `value / baseline` with two decimals, or `–` when the baseline is 0 or missing. */
export function ratio(value: number, baseline: number | undefined): string {
  if (!baseline || !Number.isFinite(value)) return '–';
  return (value / baseline).toFixed(2);
}

/** CPU milliseconds of the gateway's process per request of a run. */
export function cpuMsPerRequest(entry: LoadMeasurement): number {
  return entry.run.requests > 0 ? (entry.gatewayCpuSeconds * 1000) / entry.run.requests : Number.NaN;
}

function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

function labelOf(result: GatewayBenchResult, key: string): string {
  return result.operations.find((operation) => operation.key === key)?.label ?? key;
}

function loadRows(result: GatewayBenchResult): string[] {
  return result.load.map((entry) => {
    const floor = result.floors[entry.operation]?.criticalPathMs ?? Number.NaN;
    const { run } = entry;
    return (
      `| ${labelOf(result, entry.operation)} | ${run.connections} | ${CONTENDER_LABELS[entry.contender]} | ` +
      `${fixed(run.requestsPerSecond)} | ${fixed(run.latency.p50)} | ${fixed(run.latency.p95)} | ` +
      `${fixed(run.latency.p99)} | ${failedRequests(run)} | ${fixed(entry.gatewayCpuSeconds)} | ` +
      `${fixed(cpuMsPerRequest(entry), 2)} | ${fixed(floor)} | ${fixed(run.latency.p50 - floor)} |`
    );
  });
}

function ratioRows(result: GatewayBenchResult): string[] {
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
    const floor = result.floors[entry.operation]?.criticalPathMs ?? 0;
    rows.push(
      `| ${labelOf(result, entry.operation)} | ${entry.run.connections} | ` +
        `${ratio(entry.run.requestsPerSecond, base.run.requestsPerSecond)} | ` +
        `${ratio(entry.run.latency.p50, base.run.latency.p50)} | ${ratio(entry.run.latency.p99, base.run.latency.p99)} | ` +
        `${ratio(entry.run.latency.p50 - floor, base.run.latency.p50 - floor)} | ` +
        `${ratio(cpuMsPerRequest(entry), cpuMsPerRequest(base))} |`,
    );
  }
  return rows;
}

function statementRows(result: GatewayBenchResult): string[] {
  const operations = [...new Set(result.statements.map((entry) => entry.operation))];
  return operations.map((operation) => {
    const cells = CONTENDERS.map((contender) => {
      const entry = result.statements.find((row) => row.operation === operation && row.contender === contender);
      return entry ? fixed(entry.perRequest) : '–';
    });
    return `| ${operation} | ${cells.join(' | ')} |`;
  });
}

function startupRows(result: GatewayBenchResult): string[] {
  return (['server', 'embedded'] as const).map((backend) => {
    const cells = (['first', 'restart'] as const).map((start) => {
      const run = result.startup.find((entry) => entry.backend === backend && entry.start === start);
      return run ? `${(run.ms / 1000).toFixed(1)} s (ready log ${(run.readyLogMs / 1000).toFixed(1)} s)` : '–';
    });
    return `| ${backend} | ${cells.join(' | ')} |`;
  });
}

/** Renders the figures of the gateway section as Markdown. */
export function renderGatewayFigures(result: GatewayBenchResult): string {
  const { machine, versions, settings } = result;
  const contenders = CONTENDERS.map((contender) => CONTENDER_LABELS[contender]);
  const floorRows = Object.entries(result.floors).map(
    ([key, floor]) =>
      `| ${labelOf(result, key)} | ${floor.fetches.map((fetch) => `${fetch.serviceName} ${fixed(fetch.ms)}`).join(', ')} | ` +
      `${fixed(floor.criticalPathMs)} | ${fixed(floor.sumMs)} |`,
  );
  const lines = [
    `Run of ${result.date} with \`${result.command}\`.`,
    '',
    `- Machine: ${machine.cpu}, ${machine.cpuCount} CPUs, ${machine.memoryGiB} GiB RAM, ${machine.os}; one-minute ` +
      `load average ${machine.loadAverage.start} when the section started (after the map section when both run)`,
    `- Versions: Node ${versions.node}, PostgreSQL ${versions.postgresql}, ${versions.postgis}; Lianfang gateway on @apollo/gateway ` +
      `${versions.lianfangGateway['@apollo/gateway']} + @apollo/server ${versions.lianfangGateway['@apollo/server']}; ` +
      `stock gateway on @apollo/gateway ${versions.stockGateway['@apollo/gateway']} + @apollo/server ` +
      `${versions.stockGateway['@apollo/server']}; autocannon ${versions.autocannon}`,
    `- Data: ${result.data.incidents.toLocaleString('en-US')} incidents at ` +
      `${result.data.addresses.toLocaleString('en-US')} addresses`,
    `- Load: ${settings.loadSeconds} s per run after ${settings.warmupSeconds} s of warm-up, autocannon in the ` +
      `bench's process; floor from ${settings.floorRounds} rounds`,
    '',
    `Under load (latency in ms; CPU is the gateway's process; floor is the subgraphs' time on the query plan's ` +
      'critical path, measured without load):',
    '',
    '| operation | connections | gateway | req/s | p50 | p95 | p99 | failed | CPU s | CPU ms/req | floor | p50 − floor |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...loadRows(result),
    '',
    `Ratios of ${CONTENDER_LABELS.lianfang} to ${CONTENDER_LABELS[BASELINE]} (req/s above 1 and the others below 1 ` +
      'favour Lianfang):',
    '',
    '| operation | connections | req/s | p50 | p99 | p50 − floor | CPU ms/req |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...ratioRows(result),
    '',
    `Peak RSS of the gateway processes: ${CONTENDERS.map((contender) => `${CONTENDER_LABELS[contender]} ${result.peakRssMiB[contender] ?? '–'} MiB`).join(', ')}.`,
    '',
    'Floor per operation (median ms of each subgraph fetch sent alone, in plan order):',
    '',
    '| operation | fetches | critical path | sum |',
    '| --- | --- | --- | --- |',
    ...floorRows,
    '',
    "SQL statements per request, counted by the subgraphs' database handle:",
    '',
    `| operation | ${contenders.join(' | ')} |`,
    `| --- | ${contenders.map(() => '---').join(' | ')} |`,
    ...statementRows(result),
    '',
    'Hub start-up, from spawning `node --import tsx hub/src/main.ts` to the first 200 from `/healthz`:',
    '',
    '| backend | first start | restart |',
    '| --- | --- | --- |',
    ...startupRows(result),
  ];
  return lines.join('\n');
}

/** Replaces the gateway figures between the markers of `page`, or appends a section with them. */
export function updateGatewayDocs(page: string, figures: string): string {
  const block = `${GATEWAY_DOCS_START}\n\n${figures}\n\n${GATEWAY_DOCS_END}`;
  const start = page.indexOf(GATEWAY_DOCS_START);
  const end = page.indexOf(GATEWAY_DOCS_END);
  if (start >= 0 && end > start) return page.slice(0, start) + block + page.slice(end + GATEWAY_DOCS_END.length);
  return `${page.trimEnd()}\n\n## Gateway comparison\n\n${block}\n`;
}
