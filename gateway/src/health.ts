import { SUBGRAPH_LABELS } from './subgraphs.js';

export interface SubgraphHealth {
  name: string;
  label: string;
  status: 'ok' | 'unavailable';
  /** Whether the gateway follows the subgraph's change stream, so responses using its data may be cached. */
  changesWatched?: boolean;
}

const TIMEOUT_MS = 2_000;

/**
 * Asks each subgraph's `/healthz` (next to its `/graphql`), all at once, each with a 2 s timeout. `watched` adds
 * whether the gateway follows each subgraph's changes; a subgraph that is up but not watched is not a failure.
 */
export async function checkSubgraphs(
  urls: Record<string, string>,
  watched?: Record<string, boolean>,
): Promise<SubgraphHealth[]> {
  return Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      const label = SUBGRAPH_LABELS[name] ?? name;
      const changes = watched ? { changesWatched: watched[name] === true } : {};
      try {
        const response = await fetch(url.replace(/\/graphql$/, '/healthz'), {
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        return { name, label, status: response.ok ? 'ok' : 'unavailable', ...changes } as const;
      } catch {
        return { name, label, status: 'unavailable', ...changes } as const;
      }
    }),
  );
}
