/** The live section's results and its Markdown figures for docs/benchmarks.md. */
import type { Machine } from '../report.js';
import type { LatencySummary } from '../stats.js';
import type { SubmitSource } from './submit.js';

export const LIVE_DOCS_START = '<!-- bench:live:start (written by pnpm bench --update-docs) -->';
export const LIVE_DOCS_END = '<!-- bench:live:end -->';

export interface LiveBenchResult {
  date: string;
  command: string;
  quick: boolean;
  machine: Machine;
  backend: string;
  reports: number;
  warmupReports: number;
  /** Write path of each report: the SubmitReport mutation through the gateway, or an SQL insert. */
  source: SubmitSource;
  /** From the start of a submission to the subscriber receiving its change, in ms. */
  latency: LatencySummary;
  /** From the start of a submission to its response (the mutation's HTTP response, or the insert's result), in ms. */
  roundTrip: LatencySummary;
}

function ms(value: number): string {
  return value >= 100 ? String(Math.round(value)) : value.toFixed(1);
}

function row(label: string, summary: LatencySummary): string {
  return `| ${label} | ${summary.count} | ${ms(summary.p50)} | ${ms(summary.p95)} | ${ms(summary.max)} |`;
}

const SOURCES: Record<SubmitSource, string> = {
  mutation: 'the SubmitReport mutation through the gateway’s `/graphql`, as the grid worker',
  sql: 'an SQL insert into governance.events (SubmitReport was not usable on this build)',
};

/** Renders the live figures as Markdown. */
export function renderLiveFigures(result: LiveBenchResult): string {
  const { machine } = result;
  return [
    `Run of ${result.date} with \`${result.command}\`.`,
    '',
    `- Machine: ${machine.cpu}, ${machine.cpuCount} CPUs, ${machine.memoryGiB} GiB RAM, ${machine.os}; one-minute ` +
      `load average ${machine.loadAverage.start} when the section started (${machine.loadAverage.end} at its end)`,
    `- Hub: 吴江区 in the bench's process, database ${result.backend}; Node ${machine.node}`,
    `- Reports: ${result.reports} one after another after ${result.warmupReports} warm-up reports, each written ` +
      `by ${SOURCES[result.source]}; the street commander subscribes to EVENT changes on \`/graphql/stream\``,
    '',
    'Latency in ms, measured in the bench process from the start of each submission:',
    '',
    '| measure | reports | p50 | p95 | max |',
    '| --- | --- | --- | --- | --- |',
    row('submission → subscriber receives EVENT CREATED', result.latency),
    row('submission round trip', result.roundTrip),
  ].join('\n');
}

/** Replaces the live figures between the markers of `page`, or appends a section with them. */
export function updateLiveDocs(page: string, figures: string): string {
  const block = `${LIVE_DOCS_START}\n\n${figures}\n\n${LIVE_DOCS_END}`;
  const start = page.indexOf(LIVE_DOCS_START);
  const end = page.indexOf(LIVE_DOCS_END);
  if (start >= 0 && end > start) return page.slice(0, start) + block + page.slice(end + LIVE_DOCS_END.length);
  return `${page.trimEnd()}\n\n## Live updates\n\n${block}\n`;
}
