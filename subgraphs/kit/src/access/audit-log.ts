import { createHash } from 'node:crypto';
import type { Database, Queryable } from '@lianfang/db';
import type { Claims } from './claims.js';
import type { AccessSummary } from './recorder.js';

/**
 * The access log (`audit.access_log`): one record per request and subgraph that touched personal data or was
 * refused by an access rule. Records form a hash chain: each record's hash covers its content and the previous
 * record's hash, so changing or deleting a record breaks every hash after it (see `verifyAuditChain`).
 */

/** Hash that the first record's `prev_hash` holds. */
export const GENESIS_HASH = '0'.repeat(64);

// Serializes appends across processes, so two records never take the same place in the chain.
const APPEND_LOCK_KEY = 7_531_002;

export interface AuditRecord {
  /** Time of the access; by default the moment the record takes its place in the chain. */
  recordedAt?: Date;
  subgraph: string;
  requestId: string;
  claims: Claims;
  summary: AccessSummary;
}

/** A record as stored, with its place in the chain. */
export interface StoredAuditRecord {
  id: number;
  recordedAt: Date;
  subgraph: string;
  requestId: string;
  city: string;
  userId: string;
  userName: string;
  orgUnit: string;
  department: string;
  roles: string[];
  purpose: string | null;
  operation: string | null;
  fields: string[];
  entityIds: string[];
  rowCount: number;
  disclosure: string;
  reasons: string[];
  prevHash: string;
  hash: string;
}

type Content = Omit<StoredAuditRecord, 'id' | 'prevHash' | 'hash'>;

/** Returns the content after `recorded_at`, in the order of the table's columns and of the hash. */
function contentColumns(content: Content): unknown[] {
  return [
    content.subgraph,
    content.requestId,
    content.city,
    content.userId,
    content.userName,
    content.orgUnit,
    content.department,
    content.roles,
    content.purpose,
    content.operation,
    content.fields,
    content.entityIds,
    content.rowCount,
    content.disclosure,
    content.reasons,
  ];
}

/** SHA-256 over the previous hash and the record's content in a fixed order. */
export function auditHash(prevHash: string, id: number, content: Content): string {
  const canonical = JSON.stringify([id, content.recordedAt.toISOString(), ...contentColumns(content)]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

function contentOf(record: AuditRecord, recordedAt: Date): Content {
  const { claims, summary } = record;
  return {
    recordedAt: new Date(recordedAt.getTime()),
    subgraph: record.subgraph,
    requestId: record.requestId,
    city: claims.city,
    userId: claims.sub,
    userName: claims.name,
    orgUnit: claims.orgUnit,
    department: claims.department,
    roles: [...claims.roles],
    purpose: claims.purpose ?? null,
    operation: claims.operation ?? null,
    fields: summary.fields,
    entityIds: summary.entityIds,
    rowCount: summary.rowCount,
    disclosure: summary.disclosure,
    reasons: summary.reasons,
  };
}

/**
 * Appends one record at the end of the chain and resolves with its id once it is committed. Records that arrive
 * while an append is running wait and go into the next transaction together, so a burst of audited requests takes
 * the chain's lock once per batch instead of once per request.
 */
export function appendAuditRecord(database: Database, record: AuditRecord): Promise<number> {
  let writer = writers.get(database);
  if (!writer) {
    writer = new BatchedAppender(database);
    writers.set(database, writer);
  }
  return writer.append(record);
}

const writers = new WeakMap<Database, BatchedAppender>();

/** Records per transaction: 1000 × 19 parameters stays below PostgreSQL's limit of 65,535 per statement. */
const MAX_BATCH = 1000;

interface Pending {
  record: AuditRecord;
  resolve: (id: number) => void;
  reject: (error: unknown) => void;
}

class BatchedAppender {
  #queue: Pending[] = [];
  #running = false;

  constructor(private readonly database: Database) {}

  append(record: AuditRecord): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ record, resolve, reject });
      if (!this.#running) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_BATCH);
      try {
        const ids = await appendBatch(
          this.database,
          batch.map((pending) => pending.record),
        );
        for (const [index, pending] of batch.entries()) pending.resolve(ids[index] as number);
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.#running = false;
  }
}

const COLUMNS = 19;

/**
 * Appends records in order in one transaction. Without an explicit `recordedAt` a record's time is taken after the
 * append lock, so `recorded_at` grows with the id as long as the processes' clocks agree.
 */
async function appendBatch(database: Database, records: AuditRecord[]): Promise<number[]> {
  return database.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY]);
    // Sorted by the bigint column: ordering by a text alias would put id 9 after 10 and hand out 10 twice.
    const last = await tx.query<{ id: number | bigint; hash: string }>(
      'SELECT id, hash FROM audit.access_log ORDER BY id DESC LIMIT 1',
    );
    let id = Number(last.rows[0]?.id ?? 0);
    let prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
    const now = new Date();
    const ids: number[] = [];
    const values: unknown[] = [];
    for (const record of records) {
      id += 1;
      const content = contentOf(record, record.recordedAt ?? now);
      const hash = auditHash(prevHash, id, content);
      values.push(id, content.recordedAt, ...contentColumns(content), prevHash, hash);
      ids.push(id);
      prevHash = hash;
    }
    const rows = records.map(
      (_, row) => `(${Array.from({ length: COLUMNS }, (_, column) => `$${row * COLUMNS + column + 1}`).join(', ')})`,
    );
    await tx.query(
      `INSERT INTO audit.access_log (id, recorded_at, subgraph, request_id, city, user_id, user_name, org_unit,
         department, roles, purpose, operation, fields, entity_ids, row_count, disclosure, reasons, prev_hash, hash)
       VALUES ${rows.join(', ')}`,
      values,
    );
    return ids;
  });
}

/** Columns of `audit.access_log` under the names of `StoredAuditRecord`. */
export const AUDIT_COLUMNS = `id::float8 AS "id", recorded_at AS "recordedAt", subgraph, request_id AS "requestId", city,
  user_id AS "userId", user_name AS "userName", org_unit AS "orgUnit", department, roles, purpose, operation, fields,
  entity_ids AS "entityIds", row_count AS "rowCount", disclosure, reasons, prev_hash AS "prevHash", hash`;

/**
 * Why a record fails verification: its content no longer matches its hash (`CONTENT_CHANGED`), its `prev_hash`
 * differs from the hash of the record before it (`LINK_BROKEN`), or ids are missing before it (`SEQUENCE_GAP`).
 */
export type ChainProblem = 'CONTENT_CHANGED' | 'LINK_BROKEN' | 'SEQUENCE_GAP';

export interface ChainVerification {
  valid: boolean;
  /** Records that passed, in chain order; when the chain is broken, those before `brokenAt`. */
  checked: number;
  /** Id of the first record whose hash, link or id does not match, when the chain is broken. */
  brokenAt?: number;
  problem?: ChainProblem;
  /** Id that `brokenAt` should have had, for `SEQUENCE_GAP`: the records from it to `brokenAt - 1` are missing. */
  expectedId?: number;
  /** Id and hash of the last record that passed; absent when none did. */
  lastId?: number;
  lastHash?: string;
}

const BATCH = 5000;

/**
 * Recomputes every hash of the chain in id order. A changed record fails its own hash; a deleted or reordered one
 * breaks the link or the sequence of the next.
 * NOTE: removing records from the end of the chain leaves a valid shorter chain, and removing all of them a valid chain
 * of 0 records. The hash has no key, so a user with write access to the table can also recompute every hash after a
 * change. Noting `lastId` and `lastHash` outside the database and checking them later with `checkAuditAnchor`
 * detects all three.
 */
export async function verifyAuditChain(database: Queryable): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let expectedId = 1;
  let checked = 0;
  // Id and hash of the last record that passed, once one has.
  const lastPassed = () => (checked > 0 ? { lastId: expectedId - 1, lastHash: prevHash } : {});
  for (;;) {
    const { rows } = await database.query<StoredAuditRecord>(
      `SELECT ${AUDIT_COLUMNS} FROM audit.access_log WHERE id >= $1 ORDER BY id LIMIT ${BATCH}`,
      [expectedId],
    );
    for (const row of rows) {
      const id = Number(row.id);
      let problem: ChainProblem | undefined;
      if (id !== expectedId) problem = 'SEQUENCE_GAP';
      else if (row.prevHash !== prevHash) problem = 'LINK_BROKEN';
      else {
        const content: Content = { ...row, recordedAt: new Date(row.recordedAt), rowCount: Number(row.rowCount) };
        if (auditHash(prevHash, id, content) !== row.hash) problem = 'CONTENT_CHANGED';
      }
      if (problem) {
        const gap = problem === 'SEQUENCE_GAP' ? { expectedId } : {};
        return { valid: false, checked, brokenAt: id, problem, ...gap, ...lastPassed() };
      }
      prevHash = row.hash;
      expectedId += 1;
      checked += 1;
    }
    if (rows.length < BATCH) return { valid: true, checked, ...lastPassed() };
  }
}

/** A record id and hash noted at an earlier verification, e.g. the last hash printed by `pnpm audit:verify`. */
export interface AuditAnchor {
  id: number;
  hash: string;
}

/**
 * Checks that the record noted in `anchor` is still in the log with the same hash. Run after a valid
 * `verifyAuditChain`, this detects what the chain alone cannot: records cut from its end (`MISSING`), and a chain
 * rewritten with freshly computed hashes up to or past the anchor (`HASH_CHANGED`).
 */
export async function checkAuditAnchor(
  database: Queryable,
  anchor: AuditAnchor,
): Promise<{ valid: boolean; problem?: 'MISSING' | 'HASH_CHANGED' }> {
  const { rows } = await database.query<{ hash: string }>('SELECT hash FROM audit.access_log WHERE id = $1', [
    anchor.id,
  ]);
  const stored = rows[0];
  if (!stored) return { valid: false, problem: 'MISSING' };
  if (stored.hash !== anchor.hash) return { valid: false, problem: 'HASH_CHANGED' };
  return { valid: true };
}
