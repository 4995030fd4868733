import { describe, expect, it } from 'vitest';
import type { LoadRun } from './load.js';
import { cpuMsPerRequest, GATEWAY_DOCS_END, GATEWAY_DOCS_START, ratio, updateGatewayDocs } from './report.js';

describe('ratio', () => {
  it('divides with two decimals', () => {
    expect(ratio(3, 2)).toBe('1.50');
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
