/** The gateway section's Markdown figures for docs/benchmarks.md. */
import { BASELINE, CONTENDER_LABELS, CONTENDERS } from './contenders.js';
import type { GatewayBenchResult } from './result.js';
import { floorRows, loadRows, ratioRows, singleConnectionRows, startupRows, statementRows } from './tables.js';

export const GATEWAY_DOCS_START = '<!-- bench:gateway:start (written by pnpm bench --update-docs) -->';
export const GATEWAY_DOCS_END = '<!-- bench:gateway:end -->';

function settingsLines(result: GatewayBenchResult): string[] {
  const { machine, versions, settings } = result;
  const connections = settings.connections.join(', ').replace(/, (\d+)$/, ' and $1');
  return [
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
    `- Load: ${settings.loadSeconds} s per run after ${settings.warmupSeconds} s of warm-up at ${connections} ` +
      `connections, autocannon in the bench's process; floor from ${settings.floorRounds} rounds`,
    '',
    "Cache hits is the share of a run's responses with `x-lianfang-cache: hit` from Lianfang's response cache, – " +
      'where no response carried the header. The varied operations send different variables in every request, so ' +
      'no request of a run can be a hit, and use the floor of their fixed operation. Where most responses were ' +
      'hits, p50 − floor and the share are –, because a cached response does not wait for the subgraphs.',
  ];
}

function loadTableLines(result: GatewayBenchResult): string[] {
  return [
    "One connection, one request at a time (latency in ms; floor is the subgraphs' time on the query plan's " +
      "critical path, measured without load; share is (p50 − floor) / p50, the gateway's part of a request):",
    '',
    '| operation | gateway | cache hits | req/s | p50 | p95 | failed | floor | p50 − floor | share |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...singleConnectionRows(result),
    '',
    "Under load (latency in ms; CPU is the gateway's process):",
    '',
    '| operation | connections | gateway | cache hits | req/s | p50 | p95 | p99 | failed | CPU s | CPU ms/req | ' +
      'floor | p50 − floor |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...loadRows(result),
    '',
    `Ratios of ${CONTENDER_LABELS.lianfang} to ${CONTENDER_LABELS[BASELINE]} (req/s above 1 and the others below 1 ` +
      `favour Lianfang; cache hits are ${CONTENDER_LABELS.lianfang}'s):`,
    '',
    '| operation | connections | cache hits | req/s | p50 | p99 | p50 − floor | CPU ms/req |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...ratioRows(result),
  ];
}

/** Renders the figures of the gateway section as Markdown. */
export function renderGatewayFigures(result: GatewayBenchResult): string {
  const contenders = CONTENDERS.map((contender) => CONTENDER_LABELS[contender]);
  const lines = [
    ...settingsLines(result),
    '',
    ...loadTableLines(result),
    '',
    `Peak RSS of the gateway processes: ${CONTENDERS.map((contender) => `${CONTENDER_LABELS[contender]} ${result.peakRssMiB[contender] ?? '–'} MiB`).join(', ')}.`,
    '',
    'Floor per operation (median ms of each subgraph fetch sent alone, in plan order):',
    '',
    '| operation | fetches | critical path | sum |',
    '| --- | --- | --- | --- |',
    ...floorRows(result),
    '',
    "SQL statements per request, sent with `cache-control: no-cache` and counted by the subgraphs' database handle:",
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
