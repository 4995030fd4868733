import { describe, expect, it } from 'vitest';
import { rewriteSubgraphUrls } from './contenders.js';

const SDL = `enum join__Graph {
  GOVERNANCE @join__graph(name: "governance", url: "http://127.0.0.1:4101/graphql")
  POLICE @join__graph(name: "police", url: "http://127.0.0.1:4102/graphql")
}`;

describe('rewriteSubgraphUrls', () => {
  it('replaces every subgraph URL', () => {
    const rewritten = rewriteSubgraphUrls(SDL, {
      governance: 'http://127.0.0.1:40001/graphql',
      police: 'http://127.0.0.1:40002/graphql',
    });
    expect(rewritten).toContain('@join__graph(name: "governance", url: "http://127.0.0.1:40001/graphql")');
    expect(rewritten).toContain('@join__graph(name: "police", url: "http://127.0.0.1:40002/graphql")');
    expect(rewritten).not.toContain(':4101');
  });

  it('rejects a subgraph without a URL', () => {
    expect(() => rewriteSubgraphUrls(SDL, { governance: 'http://127.0.0.1:1/graphql' })).toThrow(
      /No URL for subgraph police/,
    );
  });
});
