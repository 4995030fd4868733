import { useCallback, useEffect, useState } from 'react';
import { presetWindow, rejectsCustomWindow, type TimeWindow, windowFromSearch, writeWindow } from './timeWindow.js';

/** How often a preset period (last 24 hours, 7 or 30 days) moves its end to the present, in milliseconds. */
export const PRESET_TICK = 30_000;

export interface Selection {
  /** Org unit code from `?unit=`, not yet validated. */
  code: string;
  /** Incident period from `?window=` (with `from` and `to` for a custom one). */
  window: TimeWindow;
  /** Standard address whose details panel is open, from `?address=`. */
  address: string | null;
  /** True when the URL named a custom period that was invalid, so the map shows the last 7 days instead. */
  windowRejected: boolean;
}

export interface SelectionActions {
  selectUnit(code: string): void;
  setWindow(window: TimeWindow): void;
  openAddress(id: string | null): void;
}

function selectionFromUrl(defaultUnit: string): Selection {
  const search = new URLSearchParams(window.location.search);
  return {
    code: search.get('unit') ?? defaultUnit,
    window: windowFromSearch(search, new Date()),
    address: search.get('address'),
    windowRejected: rejectsCustomWindow(search),
  };
}

/** Changes the URL's parameters; `push` adds a history entry, otherwise the current one is replaced. */
function updateUrl(change: (search: URLSearchParams) => void, push: boolean): void {
  const url = new URL(window.location.href);
  change(url.searchParams);
  if (push) window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

/**
 * Keeps the selected unit, the incident period and the open address in the URL, so a view can be shared and
 * reloaded, and follows the browser's back and forward buttons. Selecting a unit or an address adds a history
 * entry. Moving the period replaces the current entry, so playing the slider does not flood the history. A URL
 * without `?unit=` shows `defaultUnit`, the signed-in user's own org unit.
 */
export function useSelection(defaultUnit: string): [Selection, SelectionActions] {
  const [selection, setSelection] = useState(() => selectionFromUrl(defaultUnit));

  useEffect(() => {
    const onPopState = () => setSelection(selectionFromUrl(defaultUnit));
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [defaultUnit]);

  // A preset period keeps ending now, so incidents reported while the page is open enter the map.
  const kind = selection.window.kind;
  useEffect(() => {
    if (kind === 'custom') return;
    const timer = setInterval(() => {
      setSelection((current) =>
        current.window.kind === 'custom'
          ? current
          : { ...current, window: presetWindow(current.window.kind, new Date()) },
      );
    }, PRESET_TICK);
    return () => clearInterval(timer);
  }, [kind]);

  const selectUnit = useCallback((code: string) => {
    updateUrl((search) => search.set('unit', code), true);
    setSelection((current) => ({ ...current, code }));
  }, []);

  const setWindow = useCallback((value: TimeWindow) => {
    updateUrl((search) => writeWindow(search, value), false);
    setSelection((current) => ({ ...current, window: value, windowRejected: false }));
  }, []);

  const openAddress = useCallback((id: string | null) => {
    updateUrl((search) => (id === null ? search.delete('address') : search.set('address', id)), true);
    setSelection((current) => ({ ...current, address: id }));
  }, []);

  return [selection, { selectUnit, setWindow, openAddress }];
}
