/**
 * Command-line arguments of `pnpm db:seed-demo`, parsed and validated apart from the command so that tests can
 * check every bad input without starting a process.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { MAX_ADDRESSES_PER_COMMUNITY } from './addresses.js';
import { type DemoOptions, MAX_EVENTS_PER_YEAR, MAX_INCIDENTS_PER_YEAR } from './index.js';
import { shanghaiDate } from './time.js';

export const DEMO_USAGE = `usage: pnpm db:seed-demo [--seed TEXT] [--districts CODES] [--incidents-per-year N]
                         [--events-per-year N] [--addresses-per-community N] [--now YYYY-MM-DD]

Generates demo data (addresses, residents, rentals, enterprises, meter readings, parcels, incidents, patrol
zones, grid workers, border zones, the planted cases and, for 320509, the history of grid worker reports with
their tasks) for each district that has none yet. The same options give the same rows, and a district seeded
before is skipped.

  --seed                     seed of every generator (default lianfang-demo)
  --districts                comma-separated 6-digit district codes (default 320509,330421,330411)
  --incidents-per-year       police incidents per district over the 365 days before --now
                             (default 20000, 0 to 1000000)
  --events-per-year          grid worker reports per year in 320509, over the four quarters before --now
                             and the current one (default an eighth of --incidents-per-year, 0 to 100000)
  --addresses-per-community  standard addresses per community (default 25, 1 to 9999)
  --now                      anchor date at midnight Asia/Shanghai, YYYY-MM-DD. Incidents and monthly
                             data end the day before it (default today)
  -h, --help                 print this help

Environment: DATABASE_URL (PostgreSQL server with PostGIS), otherwise LIANFANG_DATA_DIR (embedded database
folder, default .data/pglite).`;

const count = (max: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().max(max, `expected at most ${max}`));

const argumentsSchema = z.object({
  seed: z.string().min(1, 'expected a non-empty seed').max(100, 'expected at most 100 characters').optional(),
  districts: z
    .string()
    .regex(/^[0-9]{6}(,[0-9]{6})*$/, 'expected 6-digit district codes separated by commas, e.g. 320509,330421')
    .transform((value) => value.split(','))
    .optional(),
  'incidents-per-year': count(MAX_INCIDENTS_PER_YEAR).optional(),
  'events-per-year': count(MAX_EVENTS_PER_YEAR).optional(),
  'addresses-per-community': count(MAX_ADDRESSES_PER_COMMUNITY)
    .pipe(z.number().min(1, 'expected at least 1'))
    .optional(),
  now: z
    .string()
    .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'expected a date as YYYY-MM-DD')
    .transform((value) => new Date(`${value}T00:00:00+08:00`))
    .optional(),
});

export type ParsedArguments = { help: true } | { help: false; options: DemoOptions } | { error: string };

type ReadResult = { values: Record<string, string | boolean | undefined> } | { error: string };

function readValues(args: string[]): ReadResult {
  try {
    const { values } = parseArgs({
      args,
      options: {
        seed: { type: 'string' },
        districts: { type: 'string' },
        'incidents-per-year': { type: 'string' },
        'events-per-year': { type: 'string' },
        'addresses-per-community': { type: 'string' },
        now: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    return { values };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Parses the arguments into demo options, a help request, or the message of the first invalid argument. */
export function parseDemoArguments(args: string[]): ParsedArguments {
  const read = readValues(args);
  if ('error' in read) return { error: read.error };
  const { values } = read;
  if (values.help) return { help: true };

  const parsed = argumentsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const option = String(issue?.path[0] ?? '');
    return { error: `Invalid --${option} "${values[option]}": ${issue?.message}.` };
  }
  const now = parsed.data.now;
  // new Date() rolls 2025-02-30 over to 2025-03-02, so a changed date means the input was no calendar date.
  if (now && shanghaiDate(now) !== values.now) return { error: `Invalid --now "${values.now}": not a calendar date.` };
  return {
    help: false,
    options: {
      seed: parsed.data.seed,
      districts: parsed.data.districts,
      incidentsPerYear: parsed.data['incidents-per-year'],
      eventsPerYear: parsed.data['events-per-year'],
      addressesPerCommunity: parsed.data['addresses-per-community'],
      now,
    },
  };
}
