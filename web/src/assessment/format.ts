import type { Translate } from '../export/layerExport.js';

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;

function rounded(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * Formats a handling time in the largest fitting unit: minutes below two hours, hours below two days, days above, to
 * one decimal. Returns a dash for a missing value.
 */
export function formatMinutes(minutes: number | null, t: Translate): string {
  if (minutes === null) return t('assessment:duration.none');
  if (minutes < 2 * MINUTES_PER_HOUR) return t('assessment:duration.minutes', { value: Math.round(minutes) });
  if (minutes < 2 * MINUTES_PER_DAY)
    return t('assessment:duration.hours', { value: rounded(minutes / MINUTES_PER_HOUR) });
  return t('assessment:duration.days', { value: rounded(minutes / MINUTES_PER_DAY) });
}

/** Formats a deadline in whole days or hours where it divides evenly, otherwise in minutes. */
export function formatDeadline(minutes: number, t: Translate): string {
  if (minutes % MINUTES_PER_DAY === 0) return t('assessment:duration.days', { value: minutes / MINUTES_PER_DAY });
  if (minutes % MINUTES_PER_HOUR === 0) return t('assessment:duration.hours', { value: minutes / MINUTES_PER_HOUR });
  return t('assessment:duration.minutes', { value: minutes });
}

/** Formats a rate of 0–1 as a percentage number with one decimal and no sign, e.g. 0.8765 → 87.7. */
export function formatPercent(rate: number): string {
  return (Math.round(rate * 1000) / 10).toFixed(1);
}

/** Formats a rate of 0–1 as a percentage with one decimal, e.g. 0.8765 → 87.7%. */
export function formatRate(rate: number): string {
  return `${formatPercent(rate)}%`;
}
