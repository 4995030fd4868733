import { useCallback, useEffect, useState } from 'react';

/** The unit shown when the URL names none. TODO: take it from the hub's city instead of fixing 吴江区. */
export const DEFAULT_UNIT = '320509';
/** Length of the incident period, in days, ending at the moment the unit was selected. */
export const INCIDENT_DAYS = 7;

export interface Selection {
  /** Org unit code from `?unit=`, not yet validated. */
  code: string;
  from: Date;
  to: Date;
}

function selectionFromUrl(): Selection {
  const code = new URLSearchParams(window.location.search).get('unit') ?? DEFAULT_UNIT;
  const to = new Date();
  return { code, from: new Date(to.getTime() - INCIDENT_DAYS * 86_400_000), to };
}

/**
 * Keeps the selected unit in the URL (`?unit=320509001`), so a view can be shared and reloaded, and follows the
 * browser's back and forward buttons. The incident period is fixed when the unit is selected, so the query
 * variables stay stable between renders.
 */
export function useSelection(): [Selection, (code: string) => void] {
  const [selection, setSelection] = useState(selectionFromUrl);

  useEffect(() => {
    const onPopState = () => setSelection(selectionFromUrl());
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const select = useCallback((code: string) => {
    const url = new URL(window.location.href);
    url.searchParams.set('unit', code);
    window.history.pushState(null, '', url);
    setSelection(selectionFromUrl());
  }, []);

  return [selection, select];
}
