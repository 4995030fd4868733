const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * Formats a time in Asia/Shanghai (China Standard Time, UTC+8, no daylight saving), whatever the browser's time
 * zone: in Chinese as the locale writes it, in English as `2026-12-04 08:00`, which reads the same in every country.
 */
export function formatShanghaiTime(date: Date, language: string): string {
  if (!language.startsWith('zh')) return formatShanghaiStamp(date).slice(0, 16);
  return new Intl.DateTimeFormat(language, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}

/** Formats a time as `YYYY-MM-DD HH:mm:ss` in Beijing time, the form spreadsheets read as a date and time. */
export function formatShanghaiStamp(date: Date): string {
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
