/**
 * `submitReport`: a grid worker's report becomes an event, its photos are attached, the timeline records it and the
 * responsibility list dispatches it, all in one transaction.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '@lianfang/db';
import { badUserInput, ForbiddenReason, forbidden, type SubgraphContext } from '@lianfang/subgraph-kit';
import { dispatchNewEvent } from '../workflow/dispatch.js';
import { type ActorRecord, EVENT_COLUMNS, type EventRow, SYSTEM_ACTOR } from '../workflow/rows.js';
import { classifyDescription } from './classifier.js';
import { parseReportInput, type ReportRequest, requestHash } from './input.js';
import {
  type CoveringUnit,
  coveringUnits,
  outsideJurisdiction,
  type ReportLocation,
  toReportLocation,
} from './location.js';
import { attachPhotos } from './photos.js';

export interface SubmitReportResult {
  event: EventRow;
  replayed: boolean;
}

/** Attempts at a fresh event id when a random one is taken; 32 random bits make even one retry rare. */
const ID_ATTEMPTS = 3;

/** Event id `EV-<yyyymmdd>-<8 hex>`, dated in China Standard Time (UTC+8, no daylight saving). */
export function newEventId(now = new Date()): string {
  const local = new Date(now.getTime() + 8 * 3600 * 1000);
  const date = local.toISOString().slice(0, 10).replaceAll('-', '');
  return `EV-${date}-${randomBytes(4).toString('hex')}`;
}

function assertGridWorker(context: SubgraphContext): void {
  if (context.claims.roles.includes('grid_worker')) return;
  context.access.deny('Mutation.submitReport', ForbiddenReason.ROLE);
  throw forbidden(
    '只有网格员可以上报事件；其他账号发现的情况请告知所在网格的网格员，由网格员上报',
    ForbiddenReason.ROLE,
  );
}

async function selectEvent(queryable: Queryable, where: string, params: unknown[]): Promise<EventRow | undefined> {
  const { rows } = await queryable.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM governance.events e ${where}`, params);
  return rows[0];
}

/**
 * Returns the event an earlier submission with the same key created, or undefined when there is none. The same key
 * with a different request hash is a different report, which is rejected rather than silently dropped.
 */
async function earlierSubmission(
  queryable: Queryable,
  reporter: string,
  request: ReportRequest,
  hash: string,
): Promise<EventRow | undefined> {
  const { rows } = await queryable.query<{ id: string; request_hash: string }>(
    'SELECT id, request_hash FROM governance.events WHERE reported_by = $1 AND idempotency_key = $2',
    [reporter, request.idempotencyKey],
  );
  const earlier = rows[0];
  if (!earlier) return undefined;
  if (earlier.request_hash !== hash) {
    throw badUserInput(
      `幂等键 ${request.idempotencyKey} 已用于另一份内容不同的上报（${earlier.id}）；新的上报请使用新的幂等键`,
      { argument: 'input.idempotencyKey', reason: 'IDEMPOTENCY_KEY_REUSED', eventId: earlier.id },
    );
  }
  return selectEvent(queryable, 'WHERE e.id = $1', [earlier.id]);
}

/** Finds the event's org unit: the caller's own unit when it covers the point, else the smallest covering unit. */
async function placeEvent(
  tx: Queryable,
  context: SubgraphContext,
  location: ReportLocation,
  request: ReportRequest,
): Promise<{ orgUnit: string; outsideGridReason: string | null }> {
  const units = await coveringUnits(tx, location, context.claims.orgUnit);
  const smallest: CoveringUnit | undefined = units[0];
  if (!smallest) throw outsideJurisdiction(location);
  if (units.some((unit) => unit.code === context.claims.orgUnit)) {
    return { orgUnit: context.claims.orgUnit, outsideGridReason: null };
  }
  if (!request.outsideGridReason) {
    const { rows } = await tx.query<{ name: string }>('SELECT name FROM governance.org_units WHERE code = $1', [
      context.claims.orgUnit,
    ]);
    const own = rows[0]?.name ? `${rows[0].name}（${context.claims.orgUnit}）` : context.claims.orgUnit;
    throw badUserInput(
      `位置不在本人网格 ${own} 内，而在${smallest.name}（${smallest.code}）；如确需上报，请在 outsideGridReason 中说明原因（2–500 字）`,
      { argument: 'input.outsideGridReason', reason: 'OUTSIDE_GRID', orgUnit: smallest.code },
    );
  }
  return { orgUnit: smallest.code, outsideGridReason: request.outsideGridReason };
}

interface NewEvent {
  request: ReportRequest;
  hash: string;
  location: ReportLocation;
  orgUnit: string;
  outsideGridReason: string | null;
}

/**
 * Inserts the event unless the caller's key is already taken, in which case it returns undefined. `ON CONFLICT DO
 * NOTHING` waits for a concurrent transaction that inserted the same key, so two identical submissions give one row.
 */
async function insertEvent(tx: Queryable, context: SubgraphContext, event: NewEvent): Promise<EventRow | undefined> {
  const { request, location } = event;
  const proposal = classifyDescription(request.description);
  const { claims } = context;
  for (let attempt = 1; attempt <= ID_ATTEMPTS; attempt += 1) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO governance.events (id, source, category, severity, description, location, input_crs, location_source,
         org_unit_code, status, outside_grid_reason, proposed_category, proposed_reason, flags, reported_by,
         reporter_name, reporter_org_unit, idempotency_key, request_hash)
       VALUES ($1, 'GRID_REPORT', $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), $7, $8, $9, 'REPORTED', $10, $11,
         $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        newEventId(),
        request.category ?? proposal.category,
        request.severity ?? proposal.severity,
        request.description,
        location.longitude,
        location.latitude,
        location.inputCrs,
        location.source,
        event.orgUnit,
        event.outsideGridReason,
        proposal.category,
        proposal.reason,
        request.flags,
        claims.sub,
        claims.name,
        claims.orgUnit,
        request.idempotencyKey,
        event.hash,
      ],
    );
    const id = rows[0]?.id;
    if (id) return selectEvent(tx, 'WHERE e.id = $1', [id]);
    // Nothing inserted: either the key is taken (a concurrent or earlier submission) or the random id is.
    const { rows: taken } = await tx.query(
      'SELECT 1 FROM governance.events WHERE reported_by = $1 AND idempotency_key = $2',
      [claims.sub, request.idempotencyKey],
    );
    if (taken.length > 0) return undefined;
  }
  throw new Error(`No free event id after ${ID_ATTEMPTS} attempts`);
}

async function recordReport(tx: Queryable, event: EventRow, actor: ActorRecord, photoCount: number): Promise<void> {
  await tx.query(
    `INSERT INTO governance.event_timeline (event_id, action, from_status, to_status, actor_id, actor_name,
       actor_department, actor_org_unit, note, details)
     VALUES ($1, 'REPORT', NULL, 'REPORTED', $2, $3, $4, $5, $6, $7)`,
    [
      event.id,
      actor.id,
      actor.name,
      actor.department,
      actor.orgUnit,
      event.outside_grid_reason,
      JSON.stringify({
        category: event.category,
        severity: event.severity,
        proposedCategory: event.proposed_category,
        orgUnit: event.org_unit_code,
        inputCrs: event.input_crs,
        locationSource: event.location_source,
        photos: photoCount,
        outsideGrid: event.outside_grid_reason !== null,
      }),
    ],
  );
}

/** Runs `submitReport` for the caller. The schema's descriptions of `ReportInput` and its fields state the contract. */
export async function submitReport(context: SubgraphContext, input: unknown): Promise<SubmitReportResult> {
  assertGridWorker(context);
  const request = parseReportInput(input);
  const hash = requestHash(request);
  const { claims } = context;

  const earlier = await earlierSubmission(context.database, claims.sub, request, hash);
  if (earlier) {
    context.logger.info({ eventId: earlier.id }, 'report replayed');
    return { event: earlier, replayed: true };
  }

  const location = toReportLocation(request.location);
  if (location.source === 'CAMERA') {
    throw badUserInput('网格员上报的位置来源须为 DEVICE（设备定位）或 MAP（地图选点）', {
      argument: 'input.location.source',
    });
  }
  const actor: ActorRecord = {
    id: claims.sub,
    name: claims.name,
    department: claims.department,
    orgUnit: claims.orgUnit,
  };

  const result = await context.database.transaction(async (tx) => {
    const placement = await placeEvent(tx, context, location, request);
    const inserted = await insertEvent(tx, context, { request, hash, location, ...placement });
    if (!inserted) {
      const replay = await earlierSubmission(tx, claims.sub, request, hash);
      if (!replay) throw new Error(`Event of key ${request.idempotencyKey} vanished after a conflict`);
      return { event: replay, replayed: true };
    }
    await attachPhotos(tx, inserted.id, request.photoIds, claims.sub);
    await recordReport(tx, inserted, actor, request.photoIds.length);
    await dispatchNewEvent(tx, inserted, SYSTEM_ACTOR);
    const dispatched = await selectEvent(tx, 'WHERE e.id = $1', [inserted.id]);
    return { event: dispatched ?? inserted, replayed: false };
  });

  context.logger.info(
    { eventId: result.event.id, replayed: result.replayed, orgUnit: result.event.org_unit_code },
    result.replayed ? 'report replayed' : 'report submitted',
  );
  return result;
}
