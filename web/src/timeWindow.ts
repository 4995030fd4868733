/** Preset incident periods, each ending now. `custom` takes its bounds from the URL. */
export const WINDOW_KINDS = ['24h', '7d', '30d', 'custom'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const PRESET_LENGTHS: Record<Exclude<WindowKind, 'custom'>, number> = {
  '24h': DAY,
  '7d': 7 * DAY,
  '30d': 30 * DAY,
};

/** How far back the play slider reaches from now, in milliseconds. */
export const SLIDER_SPAN = 90 * DAY;
/** Maximum length of a custom period: 366 days, so a whole leap year fits. */
export const MAX_CUSTOM_LENGTH = 366 * DAY;

/** A half-open period [from, to) of incident times. */
export interface TimeWindow {
  kind: WindowKind;
  from: Date;
  to: Date;
}

export function isWindowKind(value: unknown): value is WindowKind {
  return WINDOW_KINDS.includes(value as WindowKind);
}

/** Returns the step the play button moves the window by: an hour for a 24-hour window, else a day. */
export function playStep(window: TimeWindow): number {
  return window.to.getTime() - window.from.getTime() <= DAY ? HOUR : DAY;
}

/** Returns the preset window of `kind` ending at `end`. */
export function presetWindow(kind: Exclude<WindowKind, 'custom'>, end: Date): TimeWindow {
  return { kind, from: new Date(end.getTime() - PRESET_LENGTHS[kind]), to: end };
}

/** Moves a window so that it ends at `end`, keeping its length and kind. */
export function windowEndingAt(window: TimeWindow, end: Date): TimeWindow {
  const length = window.to.getTime() - window.from.getTime();
  return { kind: window.kind, from: new Date(end.getTime() - length), to: end };
}

/** Reason a custom period is rejected, as an i18n key, or null for a usable period. */
export type CustomWindowProblem = 'time.invalidDate' | 'time.fromAfterTo' | 'time.tooLong' | null;

export function checkCustomWindow(from: Date, to: Date): CustomWindowProblem {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return 'time.invalidDate';
  if (from.getTime() >= to.getTime()) return 'time.fromAfterTo';
  if (to.getTime() - from.getTime() > MAX_CUSTOM_LENGTH) return 'time.tooLong';
  return null;
}

const SHANGHAI_OFFSET = 8 * HOUR;

/**
 * Formats a time as the value of an `<input type="datetime-local">` in Asia/Shanghai (UTC+8, no daylight saving),
 * so the inputs show Beijing time whatever the browser's own time zone is.
 */
export function toShanghaiInputValue(date: Date): string {
  return new Date(date.getTime() + SHANGHAI_OFFSET).toISOString().slice(0, 16);
}

/** Parses an `<input type="datetime-local">` value as Beijing time; returns an invalid date for bad input. */
export function fromShanghaiInputValue(value: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return new Date(Number.NaN);
  return new Date(`${value}:00+08:00`);
}

/** Tells whether the URL names a custom window that `windowFromSearch` rejects and replaces by 7 days. */
export function rejectsCustomWindow(search: URLSearchParams): boolean {
  if (search.get('window') !== 'custom') return false;
  return checkCustomWindow(new Date(search.get('from') ?? ''), new Date(search.get('to') ?? '')) !== null;
}

/** Reads the window from `?window=` (and `from`/`to` for a custom one); falls back to the last 7 days. */
export function windowFromSearch(search: URLSearchParams, now: Date): TimeWindow {
  const kind = search.get('window');
  if (kind === 'custom') {
    const from = new Date(search.get('from') ?? '');
    const to = new Date(search.get('to') ?? '');
    if (checkCustomWindow(from, to) === null) return { kind, from, to };
  }
  if (kind === '24h' || kind === '30d') return presetWindow(kind, now);
  return presetWindow('7d', now);
}

/** Writes the window into URL parameters; a preset keeps no bounds, so a shared link shows the latest period. */
export function writeWindow(search: URLSearchParams, window: TimeWindow): void {
  search.set('window', window.kind);
  if (window.kind === 'custom') {
    search.set('from', window.from.toISOString());
    search.set('to', window.to.toISOString());
  } else {
    search.delete('from');
    search.delete('to');
  }
}
