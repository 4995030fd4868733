import { useEffect, useState } from 'react';
import { type CombinedError, useQuery } from 'urql';
import { CLASSIFY_REPORT_QUERY, type Classification } from '../graphql/events.js';

/** Pause after the last keystroke before the description is classified, in milliseconds. */
export const CLASSIFY_DELAY_MS = 400;
/** Minimum length of a description that is sent to the classifier, in characters. */
const MIN_LENGTH = 2;

/** Returns `value` once it has stayed unchanged for `delayMs`. */
function useDebounced(value: string, delayMs: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

export interface ClassificationState {
  suggestion: Classification | null;
  error: CombinedError | undefined;
  fetching: boolean;
}

/** Asks the server's classifier for a category, severity and reason once the description has settled. */
export function useClassification(description: string): ClassificationState {
  const settled = useDebounced(description.trim(), CLASSIFY_DELAY_MS);
  const [result] = useQuery({
    query: CLASSIFY_REPORT_QUERY,
    variables: { description: settled },
    pause: settled.length < MIN_LENGTH,
  });
  const current = settled.length >= MIN_LENGTH;
  return {
    suggestion: current ? (result.data?.classifyReport ?? null) : null,
    error: current ? result.error : undefined,
    fetching: result.fetching,
  };
}
