import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * Creates the JSON logger every service and command of the hub uses.
 *
 * The level comes from `LOG_LEVEL` (default `info`; tests set `silent`). Log lines never carry personal data or
 * secrets: callers pass ids and counts, not rows.
 */
export function createLogger(name: string): Logger {
  const level = process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  return pino({ name, level });
}
