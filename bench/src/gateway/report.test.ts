import { describe, expect, it } from 'vitest';
import type { CacheCounts } from './cache.js';
import type { Contender } from './contenders.js';
import type { FloorResult } from './floor.js';
import type { LoadRun } from './load.js';
import { GATEWAY_DOCS_END, GATEWAY_DOCS_START, renderGatewayFigures, updateGatewayDocs } from './report.js';
import {
  cpuMsPerRequest,
  floorOf,
  type GatewayBenchResult,
  gatewayShare,
  type LoadMeasurement,
  p50AboveFloor,
  ratio,
} from './result.js';

describe('ratio', () => {
  it('divides with two decimals', () => {
    expect(ratio(3, 2)).toBe('1.50');
    expect(ratio(1, 10)).toBe('0.10');
    expect(ratio(0, 10)).toBe('0.00');
  });

  it('keeps two significant digits below 0.1', () => {
    expect(ratio(0.1, 22)).toBe('0.0045');
    expect(ratio(1, 25)).toBe('0.040');
  });

  it('shows a dash without a usable baseline', () => {
    expect(ratio(3, 0)).toBe('–');
    expect(ratio(3, undefined)).toBe('–');
    expect(ratio(Number.NaN, 2)).toBe('–');
  });
});

describe('cpuMsPerRequest', () => {
  const run = { requests: 200 } as LoadRun;

  it('spreads the CPU time over the requests', () => {
    expect(
      cpuMsPerRequest({ operation: 'grid', contender: 'apollo', run, gatewayCpuSeconds: 1, subgraphsCpuSeconds: 0 }),
    ).toBe(5);
  });

  it('is NaN without requests', () => {
    const entry = { operation: 'grid', contender: 'apollo' as const, gatewayCpuSeconds: 1, subgraphsCpuSeconds: 0 };
    expect(cpuMsPerRequest({ ...entry, run: { requests: 0 } as LoadRun })).toBeNaN();
  });
});

describe('updateGatewayDocs', () => {
  it('appends a section when the markers are missing', () => {
    const page = updateGatewayDocs('# Benchmarks\n', 'figures');
    expect(page).toContain('## Gateway comparison');
    expect(page).toContain(`${GATEWAY_DOCS_START}\n\nfigures\n\n${GATEWAY_DOCS_END}`);
  });

  it('replaces only the text between the markers', () => {
    const page = `before\n${GATEWAY_DOCS_START}\nold\n${GATEWAY_DOCS_END}\nafter\n`;
    const updated = updateGatewayDocs(page, 'new');
    expect(updated).toBe(`before\n${GATEWAY_DOCS_START}\n\nnew\n\n${GATEWAY_DOCS_END}\nafter\n`);
  });
});

const NO_HEADER: CacheCounts = { hit: 0, miss: 0, bypass: 0, other: 0, absent: 100 };

function measurement(
  operation: string,
  contender: Contender,
  connections: number,
  p50: number,
  cache: CacheCounts = NO_HEADER,
): LoadMeasurement {
  const run: LoadRun = {
    connections,
    durationSeconds: 10,
    requests: 100,
    requestsPerSecond: 10,
    latency: { count: 100, p50, p95: p50 * 1.5, p99: p50 * 2, max: p50 * 3, mean: p50 },
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    graphqlErrors: 0,
    meanResponseBytes: 1000,
    firstGraphqlError: null,
    cache,
  };
  return { operation, contender, run, gatewayCpuSeconds: 1, subgraphsCpuSeconds: 2 };
}

function floor(criticalPathMs: number): FloorResult {
  return {
    plan: 'QueryPlan {}',
    fetches: [{ serviceName: 'police', ms: criticalPathMs, responseBytes: 100, representations: null }],
    criticalPathMs,
    sumMs: criticalPathMs,
    rounds: 5,
  };
}

const HITS: CacheCounts = { hit: 98, miss: 2, bypass: 0, other: 0, absent: 0 };
const MISSES: CacheCounts = { hit: 0, miss: 100, bypass: 0, other: 0, absent: 0 };

function result(load: LoadMeasurement[]): GatewayBenchResult {
  return {
    date: '2026-12-05T00:00:00.000Z',
    command: 'pnpm bench',
    quick: false,
    machine: { cpu: 'CPU', cpuCount: 2, memoryGiB: 8, os: 'Linux', node: 'v20', loadAverage: { start: 0.1, end: 0.2 } },
    versions: {
      postgresql: '15',
      postgis: 'PostGIS 3.3',
      postgisFull: 'POSTGIS="3.3"',
      node: 'v20',
      lianfangGateway: { '@apollo/gateway': '2.14.4', '@apollo/server': '5.5.1' },
      stockGateway: { '@apollo/gateway': '2.14.4', '@apollo/server': '5.5.1' },
      autocannon: '9.0.0',
    },
    database: 'postgres://127.0.0.1/bench',
    data: { incidents: 1000, addresses: 10 } as GatewayBenchResult['data'],
    settings: { loadSeconds: 10, warmupSeconds: 3, connections: [1, 10, 50], floorRounds: 20, statementRequests: 3 },
    operations: [
      { key: 'grid', label: 'incidentGrid, z14 centre', operationName: 'G', query: '{ g }', variables: {} },
      {
        key: 'gridVaried',
        label: 'incidentGrid, z14 centre, panned',
        operationName: 'G',
        query: '{ g }',
        variables: {},
        variation: 'bbox',
        floorOf: 'grid',
      },
    ],
    floors: { grid: floor(20) },
    load,
    peakRssMiB: { lianfang: 400, apollo: 390 },
    statements: [],
    startup: [],
  };
}

const LOAD = [
  measurement('grid', 'lianfang', 1, 1, HITS),
  measurement('grid', 'apollo', 1, 25),
  measurement('gridVaried', 'lianfang', 1, 30, MISSES),
  measurement('gridVaried', 'apollo', 1, 25),
  measurement('gridVaried', 'lianfang', 10, 100, MISSES),
  measurement('gridVaried', 'apollo', 10, 80),
];

describe('floorOf', () => {
  it('uses the fixed operation floor for a varied one', () => {
    expect(floorOf(result(LOAD), 'grid')).toBe(20);
    expect(floorOf(result(LOAD), 'gridVaried')).toBe(20);
  });

  it('is NaN for an operation without a floor', () => {
    expect(floorOf(result(LOAD), 'summary')).toBeNaN();
  });
});

describe('p50AboveFloor and gatewayShare', () => {
  const figures = result(LOAD);

  it('subtract the floor and divide by p50', () => {
    const entry = LOAD[2] as LoadMeasurement;
    expect(p50AboveFloor(figures, entry)).toBe(10);
    expect(gatewayShare(figures, entry)).toBeCloseTo(1 / 3, 10);
  });

  it('are NaN for a run served from the cache', () => {
    const entry = LOAD[0] as LoadMeasurement;
    expect(p50AboveFloor(figures, entry)).toBeNaN();
    expect(gatewayShare(figures, entry)).toBeNaN();
  });

  it('apply when no response carried the cache header', () => {
    expect(p50AboveFloor(figures, LOAD[1] as LoadMeasurement)).toBe(5);
  });
});

describe('renderGatewayFigures', () => {
  const page = renderGatewayFigures(result(LOAD));
  const lines = page.split('\n');

  it('lists the connection counts of the settings', () => {
    expect(page).toContain('after 3 s of warm-up at 1, 10 and 50 connections');
  });

  it('shows single-connection runs with the gateway share', () => {
    expect(lines).toContain(
      '| incidentGrid, z14 centre, panned | Lianfang gateway | 0 % | 10.0 | 30.0 | 45.0 | 0 | 20.0 | 10.0 | 33 % |',
    );
    expect(lines).toContain(
      '| incidentGrid, z14 centre | stock @apollo/gateway | – | 10.0 | 25.0 | 37.5 | 0 | 20.0 | 5.0 | 20 % |',
    );
  });

  it('shows a dash for the floor difference of a cached run', () => {
    expect(lines).toContain(
      '| incidentGrid, z14 centre | Lianfang gateway | 98 % | 10.0 | 1.0 | 1.5 | 0 | 20.0 | – | – |',
    );
  });

  it('keeps runs with more connections in the load table', () => {
    expect(lines).toContain(
      '| incidentGrid, z14 centre, panned | 10 | Lianfang gateway | 0 % | 10.0 | 100.0 | 150.0 | 200.0 | 0 | 1.0 | ' +
        '10.00 | 20.0 | 80.0 |',
    );
    expect(page).not.toContain('| incidentGrid, z14 centre, panned | 1 | Lianfang gateway |');
  });

  it('adds a ratio row for every setting, cached or varied', () => {
    expect(lines).toContain('| incidentGrid, z14 centre | 1 | 98 % | 1.00 | 0.040 | 0.040 | – | 1.00 |');
    expect(lines).toContain('| incidentGrid, z14 centre, panned | 1 | 0 % | 1.00 | 1.20 | 1.20 | 2.00 | 1.00 |');
    expect(lines).toContain('| incidentGrid, z14 centre, panned | 10 | 0 % | 1.00 | 1.25 | 1.25 | 1.33 | 1.00 |');
  });
});
