import { createClient } from 'graphql-sse';
import { useEffect, useRef, useState } from 'react';
import { authorizedFetch } from '../session/authorizedFetch.js';
import { endSession, loadSession, onSessionEnd } from '../session/session.js';
import {
  LIVE_CHANGES_SUBSCRIPTION,
  LIVE_STREAM_PATH,
  type LiveChange,
  type LiveKind,
  type LiveStatus,
  resyncAfterGap,
  retryDelayMs,
} from './liveChanges.js';

export type { LiveAction, LiveChange, LiveKind, LiveStatus } from './liveChanges.js';

const ALL_KINDS: readonly LiveKind[] = ['EVENT', 'TASK', 'INCIDENT'];

/**
 * Subscribes to the gateway's live changes of `kinds` (every kind when empty) within the signed-in user's
 * jurisdiction, and calls `onChange` with each. Returns the stream's status for an indicator.
 *
 * A lost stream is opened again with a growing delay (`retryDelayMs`). Changes made meanwhile are not replayed, so
 * after a reconnection `onChange` gets one RESYNC per kind and the page reloads its data. The stream closes when the
 * session ends; `SessionGate` then unmounts the pages, and they open a new stream in the next session.
 */
export function useLiveChanges(kinds: readonly LiveKind[], onChange: (change: LiveChange) => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [restarts, setRestarts] = useState(0);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  // A stable key, so a new array with the same kinds does not reopen the stream.
  const kindsKey = [...new Set(kinds)].sort().join(',');

  useEffect(() => {
    const selected = (kindsKey ? kindsKey.split(',') : [...ALL_KINDS]) as LiveKind[];
    if (!loadSession()) {
      setStatus('offline');
      return;
    }
    const client = createClient({
      url: LIVE_STREAM_PATH,
      // Signs each request with the session's bearer token and ends the session on 401, like every other request.
      fetchFn: authorizedFetch,
      retryAttempts: Number.POSITIVE_INFINITY,
      retry: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelayMs(retries))),
    });
    let restartTimer: ReturnType<typeof setTimeout> | undefined;
    const dispose = client.subscribe<{ liveChanges: LiveChange }>(
      { query: LIVE_CHANGES_SUBSCRIPTION, variables: { kinds: selected } },
      {
        next: (result) => {
          // The gateway ends the stream of a revoked or expired token with one UNAUTHENTICATED error. The session
          // ends then, as after a 401 on any other request.
          if (result.errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED')) {
            endSession('expired');
            return;
          }
          const change = result.data?.liveChanges;
          if (change) onChangeRef.current(change);
        },
        // Errors that graphql-sse does not retry (an invalid response, a GraphQL error): start over after a while.
        error: () => {
          setStatus('offline');
          restartTimer = setTimeout(() => setRestarts((count) => count + 1), retryDelayMs(restarts + 1));
        },
        complete: () => setStatus('offline'),
      },
      {
        connecting: (reconnecting) => setStatus(reconnecting ? 'offline' : 'connecting'),
        connected: (reconnected) => {
          setStatus('live');
          if (!reconnected && restarts === 0) return;
          for (const kind of selected) onChangeRef.current(resyncAfterGap(kind));
        },
      },
    );
    const stopOnSessionEnd = onSessionEnd(() => {
      dispose();
      setStatus('offline');
    });
    return () => {
      clearTimeout(restartTimer);
      stopOnSessionEnd();
      dispose();
      client.dispose();
    };
  }, [kindsKey, restarts]);

  return status;
}
