/**
 * Demo event history of the governance centres. Grid workers report events across every street of the district over
 * the four whole quarters before `now` and the current quarter so far. Each event is dispatched by the responsibility
 * rule in force for its category and severity, with tasks, hand-offs, escalations, reopenings and a complete
 * timeline. The history gives the quarterly assessment real numbers, and the most recent events are still open.
 * Reporters are the generated grid workers of `governance.grid_workers`; department staff get generated names.
 */
import type { Queryable } from '../database.js';
import { BatchInserter } from './batch.js';
import type { DemoEventRow, DemoTaskRow, DemoTimelineRow, EventDraft } from './event-history.js';
import { generateEvent } from './event-history.js';
import type { ActorRef, Actors, DemoRule } from './event-lifecycle.js';
import { CATEGORY_WEIGHTS, DEPARTMENT_NAMES, SEVERITY_WEIGHTS, type Severity } from './event-plans.js';
import type { Community, DistrictGeography } from './geography.js';
import { samplePointIn } from './geography.js';
import { personName } from './names.js';
import { chance, pickOne, pickWeighted, type Random, randomFor, uniform } from './sampling.js';
import { DAY_MS } from './time.js';

/** Districts that get an event history: the home district of the demo, 吴江区. */
export const EVENT_DISTRICTS: readonly string[] = ['320509'];
/** Whole quarters before the current one that the history covers. */
export const EVENT_QUARTERS = 4;
/** Events drawn from one seeded generator; fixed, so the rows do not depend on batch sizes. */
const EVENTS_PER_CHUNK = 500;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The actor of the hub's own steps, as the governance subgraph records it (`SYSTEM_ACTOR`). */
export const SYSTEM_ACTOR: ActorRef = {
  id: 'system',
  name: '系统（职责清单）',
  department: 'governance',
  orgUnit: '000000',
};

export const EVENT_INSERT_SQL = `
  INSERT INTO governance.events (id, source, category, severity, description, location, input_crs, location_source,
    org_unit_code, status, proposed_category, proposed_reason, flags, reported_by, reporter_name, reporter_org_unit,
    reported_at, closed_at)
  SELECT id, 'GRID_REPORT', category, severity, description, ST_SetSRID(ST_MakePoint(lon, lat), 4326), 'WGS84',
    location_source, org_unit_code, status, proposed_category, proposed_reason,
    ARRAY(SELECT jsonb_array_elements_text(flags)), reported_by, reporter_name, reporter_org_unit, reported_at,
    closed_at
  FROM jsonb_to_recordset($1::jsonb)
    AS input(id text, category text, severity text, description text, lon double precision, lat double precision,
             location_source text, org_unit_code text, status text, proposed_category text, proposed_reason text,
             flags jsonb, reported_by text, reporter_name text, reporter_org_unit text, reported_at timestamptz,
             closed_at timestamptz)`;

export const TASK_INSERT_SQL = `
  INSERT INTO governance.tasks (id, event_id, department, org_unit_code, role, status, rule_id, step, previous_task_id,
    deadline, overdue_since, dispatched_at, accepted_at, resolved_at, closed_at, reopened_count, feedback)
  SELECT id, event_id, department, org_unit_code, role, status, rule_id, step, previous_task_id, deadline,
    overdue_since, dispatched_at, accepted_at, resolved_at, closed_at, reopened_count, feedback
  FROM jsonb_to_recordset($1::jsonb)
    AS input(id text, event_id text, department text, org_unit_code text, role text, status text, rule_id bigint,
             step text, previous_task_id text, deadline timestamptz, overdue_since timestamptz,
             dispatched_at timestamptz, accepted_at timestamptz, resolved_at timestamptz, closed_at timestamptz,
             reopened_count integer, feedback text)`;

// The serial ids follow the order of the array, so an event's entries read in time order by id.
export const TIMELINE_INSERT_SQL = `
  INSERT INTO governance.event_timeline (event_id, task_id, action, from_status, to_status, actor_id, actor_name,
    actor_department, actor_org_unit, note, details, recorded_at)
  SELECT event_id, task_id, action, from_status, to_status, actor_id, actor_name, actor_department, actor_org_unit,
    note, details, recorded_at
  FROM ROWS FROM (jsonb_to_recordset($1::jsonb)
    AS (event_id text, task_id text, action text, from_status text, to_status text, actor_id text, actor_name text,
        actor_department text, actor_org_unit text, note text, details jsonb, recorded_at timestamptz))
    WITH ORDINALITY AS input(event_id, task_id, action, from_status, to_status, actor_id, actor_name,
      actor_department, actor_org_unit, note, details, recorded_at, ordinal)
  ORDER BY ordinal`;

export function eventId(districtCode: string, serial: number): string {
  return `EV-${districtCode}-${String(serial).padStart(6, '0')}`;
}

/** Returns the start of the Shanghai quarter `quartersBack` quarters before the one containing `instant`. */
export function quarterStart(instant: Date, quartersBack = 0): Date {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  const quarter = Math.floor(local.getUTCMonth() / 3) - quartersBack;
  return new Date(Date.UTC(local.getUTCFullYear(), quarter * 3, 1) - SHANGHAI_OFFSET_MS);
}

/** Reads the rule in force for each category and severity, keyed `CATEGORY|SEVERITY` (empty for every severity). */
export async function readRulesInForce(runner: Queryable): Promise<Map<string, DemoRule>> {
  const { rows } = await runner.query<{ id: string; category: string; severity: string | null; rule: unknown }>(
    `SELECT DISTINCT ON (category, severity) id::text AS id, category, severity, rule
     FROM governance.responsibility_rules ORDER BY category, severity, version DESC`,
  );
  const rules = new Map<string, DemoRule>();
  for (const row of rows) {
    const rule = (typeof row.rule === 'string' ? JSON.parse(row.rule) : row.rule) as Partial<DemoRule> | null;
    rules.set(`${row.category}|${row.severity ?? ''}`, {
      id: row.id,
      category: row.category,
      severity: row.severity,
      dispatch: rule?.dispatch ?? [],
      handOffSteps: rule?.handOffSteps ?? [],
      handOffs: rule?.handOffs ?? [],
      followUp: rule?.followUp ?? [],
      notify: rule?.notify ?? [],
      escalateOnOverdue: rule?.escalateOnOverdue ?? true,
    });
  }
  return rules;
}

/** Returns the rule of a category and severity, or the category's rule for every severity. */
function ruleFor(rules: Map<string, DemoRule>, category: string, severity: Severity): DemoRule | undefined {
  return rules.get(`${category}|${severity}`) ?? rules.get(`${category}|`);
}

async function readGridWorkers(runner: Queryable, districtCode: string): Promise<Map<string, ActorRef>> {
  const { rows } = await runner.query<{ id: string; name: string; grid_code: string }>(
    'SELECT id, name, grid_code FROM governance.grid_workers WHERE left(grid_code, 6) = $1 ORDER BY id',
    [districtCode],
  );
  return new Map(
    rows.map((row) => [
      row.grid_code,
      { id: row.id, name: row.name, department: 'governance', orgUnit: row.grid_code },
    ]),
  );
}

/** Generated staff accounts of each department and unit, one per pair, with stable names for a seed. */
function createActors(seed: string, streetCode: string): Actors {
  const cache = new Map<string, ActorRef>();
  const staff = (department: string, orgUnit: string): ActorRef => {
    const key = `${department}:${orgUnit}`;
    let actor = cache.get(key);
    if (!actor) {
      const random = randomFor(seed, 'event-staff', key);
      const name = personName(chance(0.5, random) ? 'FEMALE' : 'MALE', random);
      actor = {
        id: `demo.${department}.${orgUnit}`,
        name: `${name}（${DEPARTMENT_NAMES[department] ?? department}）`,
        department,
        orgUnit,
      };
      cache.set(key, actor);
    }
    return actor;
  };
  return { staff, verifier: staff('governance', streetCode), system: SYSTEM_ACTOR };
}

/** Relative weight of reports in `hour`: grid workers report mostly in working hours. */
function hourWeight(hour: number): number {
  if (hour >= 8 && hour <= 18) return 10;
  if (hour >= 6 && hour <= 21) return 4;
  return 1;
}

const HOUR_WEIGHTS: readonly (readonly [number, number])[] = Array.from({ length: 24 }, (_, hour) => [
  hour,
  hourWeight(hour),
]);

export interface EventRunSettings {
  seed: string;
  now: Date;
  eventsPerYear: number;
}

interface Sources {
  rules: Map<string, DemoRule>;
  workers: Map<string, ActorRef>;
  actors: Map<string, Actors>;
  streetFactors: Map<string, number>;
}

function draftEvent(
  geography: DistrictGeography,
  sources: Sources,
  id: string,
  window: { from: number; days: number; now: number },
  random: Random,
): EventDraft | undefined {
  const community = pickOne(geography.communities, random) as Community;
  if (community.grids.length === 0) return undefined;
  const grid = pickOne(community.grids, random);
  const reporter = sources.workers.get(grid.code);
  const category = pickWeighted(CATEGORY_WEIGHTS, random);
  const severity = pickWeighted(SEVERITY_WEIGHTS, random);
  const rule = ruleFor(sources.rules, category, severity);
  const dayStart = window.from + random.integer(0, window.days - 1) * DAY_MS;
  const reportedAt = Math.min(
    window.now - 10 * 60_000,
    dayStart + pickWeighted(HOUR_WEIGHTS, random) * 3_600_000 + random.integer(0, 3599) * 1000,
  );
  const point = samplePointIn(grid.region, random);
  if (!reporter || !rule || rule.dispatch.length === 0) return undefined;
  const street = community.street.code;
  return {
    id,
    rule,
    severity,
    units: { grid: grid.code, community: community.code, street, district: geography.code },
    point,
    reporter,
    reportedAt,
    streetFactor: sources.streetFactors.get(street) ?? 1,
  };
}

export interface EventCounts {
  events: number;
  tasks: number;
  timeline: number;
}

/**
 * Generates and inserts the event history of one district. Call it after the grid workers are written. Returns zero
 * counts when `governance.responsibility_rules` contains no rules, because every task names the rule it followed.
 */
export async function seedEvents(
  runner: Queryable,
  settings: EventRunSettings,
  geography: DistrictGeography,
): Promise<EventCounts> {
  const rules = await readRulesInForce(runner);
  const workers = await readGridWorkers(runner, geography.code);
  if (rules.size === 0 || workers.size === 0 || geography.communities.length === 0) {
    return { events: 0, tasks: 0, timeline: 0 };
  }
  const now = settings.now.getTime();
  const from = quarterStart(settings.now, EVENT_QUARTERS).getTime();
  const days = Math.max(1, Math.ceil((now - from) / DAY_MS));
  const total = Math.round((settings.eventsPerYear * days) / 365);
  const sources: Sources = { rules, workers, actors: new Map(), streetFactors: new Map() };
  for (const street of geography.streets) {
    sources.streetFactors.set(street.code, uniform(0.88, 1.05, randomFor(settings.seed, 'event-street', street.code)));
    sources.actors.set(street.code, createActors(settings.seed, street.code));
  }

  const events = new BatchInserter<DemoEventRow>(runner, EVENT_INSERT_SQL);
  const tasks = new BatchInserter<DemoTaskRow>(runner, TASK_INSERT_SQL, 1000, [events]);
  const timeline = new BatchInserter<DemoTimelineRow>(runner, TIMELINE_INSERT_SQL, 2000, [tasks]);
  let serial = 0;
  for (let chunk = 0; chunk * EVENTS_PER_CHUNK < total; chunk += 1) {
    const random = randomFor(settings.seed, 'events', geography.code, chunk);
    const end = Math.min(total, (chunk + 1) * EVENTS_PER_CHUNK);
    for (let draw = chunk * EVENTS_PER_CHUNK; draw < end; draw += 1) {
      const draft = draftEvent(geography, sources, eventId(geography.code, serial + 1), { from, days, now }, random);
      if (!draft) continue;
      serial += 1;
      const actors = sources.actors.get(draft.units.street) as Actors;
      const generated = generateEvent(draft, actors, now, random);
      await events.add(generated.event);
      await tasks.addAll(generated.tasks);
      await timeline.addAll(generated.timeline);
    }
  }
  await timeline.flush();
  await tasks.flush();
  await events.flush();
  return { events: events.written, tasks: tasks.written, timeline: timeline.written };
}
