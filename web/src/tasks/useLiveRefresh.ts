import { useCallback, useEffect, useRef, useState } from 'react';
import { type LiveChange, type LiveStatus, useLiveChanges } from '../live/useLiveChanges.js';

/** Wait after the first relevant change before the views reload, in milliseconds, so a burst reloads once. */
export const LIVE_DEBOUNCE_MS = 300;
const KINDS = ['EVENT', 'TASK', 'INCIDENT'] as const;

export type { LiveStatus };

/**
 * Counters that grow when a view must reload: `events` for the events layer and the task list, `openEvent` for the
 * open event's details, `incidents` for the incident layer. Views reload from the network when their counter changes.
 */
export interface LiveTicks {
  status: LiveStatus;
  events: number;
  openEvent: number;
  incidents: number;
}

/** Tells whether a change touches the unit: one of its org units lies in the unit or contains it. */
export function concernsUnit(change: Pick<LiveChange, 'orgUnits'>, unit: string): boolean {
  const units = change.orgUnits ?? [];
  if (units.length === 0) return true;
  return units.some((code) => code.startsWith(unit) || unit.startsWith(code));
}

type Pending = { events: boolean; openEvent: boolean; incidents: boolean };
const NOTHING: Pending = { events: false, openEvent: false, incidents: false };

/** Decides which views one change reloads. A RESYNC, sent after a reconnection, reloads them all. */
function affected(change: LiveChange, unit: string, openEvent: string | null): Pending {
  if (change.action === 'RESYNC') return { events: true, openEvent: true, incidents: true };
  const inUnit = concernsUnit(change, unit);
  if (change.kind === 'INCIDENT') return { ...NOTHING, incidents: inUnit };
  const eventId = change.kind === 'EVENT' ? change.id : change.eventId;
  return { events: inUnit, openEvent: openEvent !== null && eventId === openEvent, incidents: false };
}

/**
 * Follows the hub's change notifications for events, tasks and incidents, and returns the reload counters of the
 * map page's views for the selected `unit` and the open event. Changes are collected for 300 ms after the first one, then the views reload once.
 */
export function useLiveRefresh(unit: string, openEvent: string | null): LiveTicks {
  const [ticks, setTicks] = useState({ events: 0, openEvent: 0, incidents: 0 });
  const pending = useRef<Pending>(NOTHING);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const scope = useRef({ unit, openEvent });
  scope.current = { unit, openEvent };

  const flush = useCallback(() => {
    const due = pending.current;
    pending.current = NOTHING;
    setTicks((current) => ({
      events: current.events + (due.events ? 1 : 0),
      openEvent: current.openEvent + (due.openEvent ? 1 : 0),
      incidents: current.incidents + (due.incidents ? 1 : 0),
    }));
  }, []);

  const onChange = useCallback(
    (change: LiveChange) => {
      const hit = affected(change, scope.current.unit, scope.current.openEvent);
      if (!hit.events && !hit.openEvent && !hit.incidents) return;
      const before = pending.current;
      pending.current = {
        events: before.events || hit.events,
        openEvent: before.openEvent || hit.openEvent,
        incidents: before.incidents || hit.incidents,
      };
      // The first change starts the wait and later ones join it, so a steady stream cannot postpone the reload.
      if (timer.current !== undefined) return;
      timer.current = setTimeout(() => {
        timer.current = undefined;
        flush();
      }, LIVE_DEBOUNCE_MS);
    },
    [flush],
  );
  useEffect(() => () => clearTimeout(timer.current), []);

  const status = useLiveChanges(KINDS, onChange);
  return { status, ...ticks };
}
