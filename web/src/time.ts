/** Formats a time in Asia/Shanghai (China Standard Time, UTC+8), whatever the browser's time zone. */
export function formatShanghaiTime(date: Date, language: string): string {
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
