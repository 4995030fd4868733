/** Reads the subgraph names and URLs the supergraph declares (its `join__Graph` enum). */
export function supergraphSubgraphUrls(supergraphSdl: string): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const match of supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)) {
    urls[match[1] as string] = match[2] as string;
  }
  return urls;
}

/**
 * Returns `supergraphSdl` with the URL of each `@join__graph` replaced by `urls[name]`, so that a gateway reaches
 * subgraphs that run elsewhere.
 *
 * @throws when a subgraph of the supergraph has no URL in `urls`.
 */
export function rewriteSubgraphUrls(supergraphSdl: string, urls: Record<string, string>): string {
  return supergraphSdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (_match, name: string) => {
    const url = urls[name];
    if (!url) throw new Error(`No URL for subgraph ${name}; known: ${Object.keys(urls).join(', ')}`);
    return `@join__graph(name: "${name}", url: "${url}")`;
  });
}
