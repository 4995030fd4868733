import { createParser } from 'eventsource-parser';
import { LIVE_PATH } from './endpoint.js';
import type { LiveChange } from './subscription.js';

/** The `liveChanges` subscription with every field, as tests and the benchmark send it. */
export const LIVE_CHANGES_SUBSCRIPTION = `subscription LiveChanges($kinds: [LiveKind!]) {
  liveChanges(kinds: $kinds) { kind action id eventId orgUnits department status category at }
}`;

export interface LiveStreamOptions {
  /** Base URL of the gateway, e.g. http://127.0.0.1:4000. */
  gatewayUrl: string;
  /** Request headers, at least `authorization`. */
  headers: Record<string, string>;
  kinds?: LiveChange['kind'][];
  /** Called with each change in the order the gateway sent them. */
  onChange(change: LiveChange): void;
  /**
   * Called with the errors of a result that carries no change. The gateway sends one as the last result of a stream
   * whose token was revoked or expired, with `extensions.code` UNAUTHENTICATED.
   */
  onErrors?(errors: LiveResultError[]): void;
}

/** A GraphQL error of a stream result. */
export interface LiveResultError {
  message: string;
  extensions?: Record<string, unknown>;
}

export interface LiveStream {
  /** Settles when the gateway ends the stream or it fails; never rejects. */
  readonly closed: Promise<void>;
  close(): void;
}

/** Error of a stream request that the gateway rejected with a status other than 200. */
export class LiveStreamError extends Error {
  override readonly name = 'LiveStreamError';

  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`live stream request failed with HTTP ${status}: ${body.slice(0, 300)}`);
  }
}

/**
 * Opens a `liveChanges` subscription on a gateway's `/graphql/stream` with `fetch`, for server-side consumers such as
 * tests and the benchmark; browsers use graphql-sse's client (web/src/live). Resolves once the gateway accepted the
 * stream, and rejects with `LiveStreamError` when it did not. It does not reconnect. A result that carries GraphQL
 * errors instead of a change goes to `onErrors`, or is skipped without it.
 */
export async function openLiveStream(options: LiveStreamOptions): Promise<LiveStream> {
  const abort = new AbortController();
  const response = await fetch(new URL(LIVE_PATH, options.gatewayUrl), {
    method: 'POST',
    headers: { ...options.headers, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: LIVE_CHANGES_SUBSCRIPTION, variables: { kinds: options.kinds ?? null } }),
    signal: abort.signal,
  });
  if (response.status !== 200 || !response.body) {
    throw new LiveStreamError(response.status, await response.text());
  }
  const body = response.body;
  const parser = createParser({
    onEvent: (message) => {
      if (message.event !== 'next') return;
      const result = JSON.parse(message.data) as {
        data?: { liveChanges?: LiveChange } | null;
        errors?: LiveResultError[];
      };
      if (result.data?.liveChanges) options.onChange(result.data.liveChanges);
      else if (result.errors) options.onErrors?.(result.errors);
    },
  });
  const closed = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
    } catch {
      // Aborted by `close` or cut by the gateway; either way the stream is over.
    }
  })();
  return { closed, close: () => abort.abort() };
}
