import { SUBGRAPH_LABELS } from './subgraphs.js';

export interface SubgraphHealth {
  name: string;
  label: string;
  status: 'ok' | 'unavailable';
}

const TIMEOUT_MS = 2_000;

/** Asks each subgraph's `/healthz` (next to its `/graphql`), all at once, each with a 2 s timeout. */
export async function checkSubgraphs(urls: Record<string, string>): Promise<SubgraphHealth[]> {
  return Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      const label = SUBGRAPH_LABELS[name] ?? name;
      try {
        const response = await fetch(url.replace(/\/graphql$/, '/healthz'), {
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        return { name, label, status: response.ok ? 'ok' : 'unavailable' } as const;
      } catch {
        return { name, label, status: 'unavailable' } as const;
      }
    }),
  );
}
