/** The bench's outputs: the raw results as JSON and the figures as Markdown tables for docs/benchmarks.md. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import type { DataReport } from './data.js';
import type { ServerVersions } from './database.js';
import type { RenderResult } from './render.js';
import type { QueryPlan, ResolverProfile } from './sql-profile.js';
import type { LatencySummary } from './stats.js';
import type { SeriesResult } from './viewport.js';

export const DOCS_START = '<!-- bench:map:start (written by pnpm bench --update-docs) -->';
export const DOCS_END = '<!-- bench:map:end -->';

export interface Machine {
  cpu: string;
  cpuCount: number;
  memoryGiB: number;
  os: string;
  node: string;
  /** One-minute load average when the run started and ended. Other work on the machine skews the figures. */
  loadAverage: { start: number; end: number };
}

export interface MapBenchResult {
  date: string;
  command: string;
  quick: boolean;
  machine: Machine;
  versions: ServerVersions & { node: string };
  database: string;
  data: DataReport;
  /** The operation text sent, and whether the page sent the same text. */
  operation: { text: string; matchesBrowser: boolean };
  warmup: number[];
  viewport: { sequential30d: SeriesResult; concurrent30d: SeriesResult; sequential7d: SeriesResult };
  resolver: ResolverProfile;
  plans: QueryPlan[];
  render: RenderResult;
}

function readOsName(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const name = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1];
    if (name) return `${name}, Linux ${release()}`;
  } catch {
    // Not Linux, or no os-release: the kernel release alone names the system.
  }
  return `${process.platform} ${release()}`;
}

/** Returns the one-minute load average, rounded to two decimals. */
export function loadAverageNow(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

export function describeMachine(loadAtStart: number): Machine {
  const processors = cpus();
  return {
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cpuCount: processors.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: readOsName(),
    node: process.version,
    loadAverage: { start: loadAtStart, end: loadAverageNow() },
  };
}

const integer = new Intl.NumberFormat('en-US');

function ms(value: number): string {
  return value >= 100 ? String(Math.round(value)) : value.toFixed(1);
}

function mib(bytes: number): string {
  return `${integer.format(Math.round(bytes / 2 ** 20))} MiB`;
}

function latencyCells(summary: LatencySummary): string {
  return `${summary.count} | ${ms(summary.p50)} | ${ms(summary.p95)} | ${ms(summary.p99)} | ${ms(summary.max)}`;
}

function seriesRow(name: string, series: SeriesResult): string {
  const counts = `${integer.format(series.totalCount.min)}–${integer.format(series.totalCount.max)}`;
  return (
    `| ${name} | ${latencyCells(series.latency)} | ${series.throughput} | ${counts} | ` +
    `${series.modes.cells} / ${series.modes.points} |`
  );
}

function zoomRows(result: MapBenchResult): string[] {
  const { sequential30d, sequential7d } = result.viewport;
  return Object.keys(sequential30d.byZoom).map((zoom) => {
    const http = sequential30d.byZoom[zoom] as LatencySummary;
    const week = sequential7d.byZoom[zoom] as LatencySummary;
    const profile = result.resolver.byZoom[zoom];
    const samples = sequential30d.samples.filter((sample) => `z${sample.zoom}` === zoom);
    const counts = samples.map((sample) => sample.totalCount);
    const sql = profile ? `${ms(profile.sql.p50)} / ${ms(profile.sql.max)}` : '–';
    const resolver = profile ? ms(profile.resolver.p50) : '–';
    return (
      `| ${zoom.slice(1)} | ${integer.format(Math.min(...counts))}–${integer.format(Math.max(...counts))} | ` +
      `${ms(http.p50)} / ${ms(http.p95)} | ${ms(week.p50)} / ${ms(week.p95)} | ${resolver} | ${sql} |`
    );
  });
}

function renderRows(render: RenderResult): string[] {
  return render.runs.map((run, index) => {
    const grids = run.graphql.filter((request) => request.operation === 'SituationMapIncidentGrid');
    const last = grids.at(-1);
    const grid = last ? `${last.sentMs} + ${last.durationMs}` : '–';
    const { cells, points, clusters } = run.rendered;
    const drawn = cells > 0 ? `${cells} cells` : `${points} points, ${clusters} clusters`;
    return (
      `| ${index + 1} | ${run.ms} | ${run.previousPollMs} | ${run.domContentLoadedMs} | ${grid} | ${run.requests} | ` +
      `${(run.encodedBytes / 2 ** 20).toFixed(1)} MiB | ` +
      `${integer.format(run.totalCount)} | ${drawn} |`
    );
  });
}

function seconds(value: number): string {
  return `${(value / 1000).toFixed(1)} s`;
}

function describeLoad(data: DataReport): string {
  const steps: string[] = [];
  if (data.demoSeedMs !== null) steps.push(`demo seeding ${seconds(data.demoSeedMs)}`);
  if (data.deleteMs !== null) steps.push(`deleting ${integer.format(data.deleted)} rows ${seconds(data.deleteMs)}`);
  if (data.loadMs !== null) steps.push(`inserting ${integer.format(data.inserted)} rows ${seconds(data.loadMs)}`);
  if (data.vacuumAnalyzeMs !== null) steps.push(`VACUUM (ANALYZE) ${seconds(data.vacuumAnalyzeMs)}`);
  return steps.length > 0 ? steps.join(', ') : 'reused from an earlier run';
}

/** Renders the figures of a run as Markdown: setup, data sizes and the three tables. */
export function renderFigures(result: MapBenchResult): string {
  const { machine, versions, data, viewport, render } = result;
  const lines = [
    `Run of ${result.date} with \`${result.command}\`.`,
    '',
    `- Machine: ${machine.cpu}, ${machine.cpuCount} CPUs, ${machine.memoryGiB} GiB RAM, ${machine.os}; one-minute ` +
      `load average ${machine.loadAverage.start} when the run started (${machine.loadAverage.end} at its end, ` +
      'which includes the bench itself)',
    `- Versions: Node ${versions.node}, PostgreSQL ${versions.postgresql}, ${versions.postgis}`,
    `- Data: ${integer.format(data.incidents)} incidents (${integer.format(data.demoIncidents)} demo, ` +
      `${integer.format(data.syntheticIncidents)} synthetic) at ${integer.format(data.addresses)} addresses of ` +
      `吴江区; ${integer.format(data.incidentsLast30Days)} in the last 30 days, ` +
      `${integer.format(data.incidentsLast7Days)} in the last 7; police.incidents takes ` +
      `${mib(data.incidentsTableBytes)} and its indexes ${mib(data.incidentsIndexBytes)}`,
    `- Load: ${describeLoad(data)}`,
    '',
    `Viewport query latency in ms, measured by the client over HTTP keep-alive, after ${result.warmup.length} ` +
      'warm-up requests, each sent with `cache-control: no-cache` so that it reaches the police subgraph:',
    '',
    '| series | requests | p50 | p95 | p99 | max | req/s | totalCount | cells / points |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    seriesRow('30 days, 1 client', viewport.sequential30d),
    seriesRow(`30 days, ${viewport.concurrent30d.clients} clients`, viewport.concurrent30d),
    seriesRow('7 days, 1 client', viewport.sequential7d),
    '',
    'By zoom level, one client (HTTP p50 / p95 in ms; resolver and SQL timed on the police subgraph code without ' +
      'HTTP or the gateway, one pass):',
    '',
    '| zoom | totalCount (30 days) | HTTP 30 days | HTTP 7 days | resolver p50 | SQL p50 / max |',
    '| --- | --- | --- | --- | --- | --- |',
    ...zoomRows(result),
    '',
    `Time to first render of \`/?window=30d\` at 1440 × 900 in ms from navigation start, median ` +
      `**${Math.round(render.medianMs)} ms**. Each time is the first poll of the page that saw the map done, and the ` +
      'poll before it had not seen it yet:',
    '',
    '| run | map shows incidents | previous poll | DOMContentLoaded | last grid request sent + duration | requests | ' +
      'bytes | totalCount | drawn |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...renderRows(render),
  ];
  return lines.join('\n');
}

/** Replaces the figures between the markers of `page`, or appends a section with them when the markers are missing. */
export function updateDocsPage(page: string, figures: string): string {
  const block = `${DOCS_START}\n\n${figures}\n\n${DOCS_END}`;
  const start = page.indexOf(DOCS_START);
  const end = page.indexOf(DOCS_END);
  if (start >= 0 && end > start) return page.slice(0, start) + block + page.slice(end + DOCS_END.length);
  return `${page.trimEnd()}\n\n## Situation map at 1M incidents\n\n${block}\n`;
}
