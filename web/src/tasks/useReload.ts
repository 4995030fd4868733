import { useEffect, useRef } from 'react';

/** Calls `reload` whenever `tick` changes after the first render, e.g. to refetch a query on a change notification. */
export function useReload(tick: number, reload: () => void): void {
  const seen = useRef(tick);
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => {
    if (seen.current === tick) return;
    seen.current = tick;
    latest.current();
  }, [tick]);
}
