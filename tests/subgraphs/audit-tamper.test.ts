/**
 * Tampering with the access log as the database owner, detected by `pnpm audit:verify` (run as a child process)
 * and by `accessLogVerification`. The embedded database admits one process at a time, so the test closes its own
 * handle before each run of the command and opens it again afterwards.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { createLogger, type Database, openDatabase, workspaceRoot } from '@lianfang/db';
import { auditSubgraph } from '@lianfang/subgraph-audit';
import { auditHash, checkAuditAnchor, type StoredAuditRecord, verifyAuditChain } from '@lianfang/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITIES } from '../support/access.js';
import {
  type AuditFixture,
  CASE_NUMBER,
  RESIDENTS_QUERY,
  RESIDENTS_VARIABLES,
  recordsAfter,
  sendSigned,
  startAuditFixture,
} from './audit-support.js';
import { dataOf, startTestSubgraph } from './support.js';

const VERIFY_COMMAND = join(workspaceRoot, 'subgraphs/audit/src/cli/verify.ts');
const RECORDS = 12;
const CHANGED_ID = 4;
const DELETED_ID = 7;

let fixture: AuditFixture;
let original: StoredAuditRecord[];

interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pnpm audit:verify` the way the package script does, on the test's private database. */
function runVerify(args: string[] = []): Promise<CommandResult> {
  const env = { ...process.env, ...fixture.handle.env, LOG_LEVEL: 'silent' };
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', VERIFY_COMMAND, ...args],
      { cwd: workspaceRoot, env, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

function reopenDatabase(): Promise<Database> {
  const { DATABASE_URL, LIANFANG_DATA_DIR } = fixture.handle.env;
  return openDatabase(
    { databaseUrl: DATABASE_URL || undefined, dataDir: LIANFANG_DATA_DIR, poolSize: 2 },
    createLogger('test'),
  );
}

/** Opens the database, runs `work` on it and closes it again, so the command can open it next. */
async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = await reopenDatabase();
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Reads the current last record of the log. */
async function currentLast(database: Database): Promise<StoredAuditRecord> {
  const { rows } = await database.query<{ id: number }>('SELECT max(id)::int AS id FROM audit.access_log');
  const id = rows[0]?.id as number;
  return (await recordsAfter(database, id - 1))[0] as StoredAuditRecord;
}

/** Runs `accessLogVerification` as the auditor against an audit subgraph on `database`. */
async function graphqlVerification(database: Database): Promise<Record<string, unknown>> {
  const audit = await startTestSubgraph(auditSubgraph, database);
  try {
    const { body } = await sendSigned<{ accessLogVerification: Record<string, unknown> }>(
      audit,
      '{ accessLogVerification { valid checked brokenAt problem expectedId lastId lastHash } }',
      {},
      { identity: IDENTITIES.auditor },
    );
    return dataOf(body).accessLogVerification;
  } finally {
    await audit.stop();
  }
}

// The row-level trigger rejects UPDATE and DELETE, the statement-level one TRUNCATE.
const APPEND_ONLY_TRIGGERS = ['access_log_append_only', 'access_log_no_truncate'];
const alterTriggers = (action: 'DISABLE' | 'ENABLE') =>
  APPEND_ONLY_TRIGGERS.map((name) => `ALTER TABLE audit.access_log ${action} TRIGGER ${name};`).join('\n');

/** Changes the log as its owner would: with the append-only triggers off. */
async function tamper(database: Database, sql: string, params: unknown[] = []): Promise<void> {
  await database.exec(alterTriggers('DISABLE'));
  await database.query(sql, params);
  await database.exec(alterTriggers('ENABLE'));
}

async function countRecords(database: Database): Promise<number> {
  const { rows } = await database.query<{ count: number }>('SELECT count(*)::int AS count FROM audit.access_log');
  return rows[0]?.count ?? 0;
}

const recordOf = (id: number) => original[id - 1] as StoredAuditRecord;

beforeAll(async () => {
  fixture = await startAuditFixture();
  for (let i = 1; i <= RECORDS; i += 1) {
    const purpose = i % 3 === 0 ? undefined : `${CASE_NUMBER}-${i}`;
    const { body } = await sendSigned(fixture.police, RESIDENTS_QUERY, RESIDENTS_VARIABLES, { purpose });
    expect(body.errors).toBeUndefined();
  }
  original = await recordsAfter(fixture.handle.database, 0);
  await fixture.stop();
  const initial = fixture.handle.database;
  await initial.close();
  // dispose() closes this handle again at the end, and a second close throws on the server backend.
  initial.close = async () => undefined;
});

afterAll(async () => {
  await fixture?.handle.dispose();
});

// Each test below opens the database once at most and runs the command once, because on the embedded backend both
// take several seconds. verify-report.test.ts covers the report's wording for every case.
describe('audit:verify on an intact chain', () => {
  it('exits 0 with count and last hash', async () => {
    const last = recordOf(RECORDS);

    const result = await runVerify(['--anchor', `5:${recordOf(5).hash}`]);

    expect(original).toHaveLength(RECORDS);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`访问记录哈希链前后相符：已校验 ${RECORDS} 条记录。`);
    expect(result.stdout).toContain(`最后一条记录：序号 ${RECORDS}，哈希 ${last.hash}`);
    expect(result.stdout).toContain('抄录的记录 5 仍在，哈希一致：记录 1 至 5 未被改动。');
    expect(result.stdout).toContain(`--anchor ${RECORDS}:${last.hash}`);
  });

  it('rejects UPDATE, DELETE and TRUNCATE', async () => {
    const statements: [string, string][] = [
      ['UPDATE', 'UPDATE audit.access_log SET purpose = NULL WHERE id = 1'],
      ['DELETE', 'DELETE FROM audit.access_log WHERE id = 1'],
      ['TRUNCATE', 'TRUNCATE audit.access_log'],
    ];

    const outcomes = await withDatabase(async (database) => {
      const rejected: Record<string, string> = {};
      for (const [name, sql] of statements) {
        rejected[name] = await database.exec(sql).then(
          () => 'succeeded',
          (error: Error) => error.message,
        );
      }
      return { rejected, count: await countRecords(database) };
    });

    expect(outcomes.rejected.UPDATE).toContain('audit.access_log is append-only');
    expect(outcomes.rejected.DELETE).toContain('audit.access_log is append-only');
    expect(outcomes.rejected.TRUNCATE).toContain('audit.access_log is append-only');
    expect(outcomes.count).toBe(RECORDS);
  });

  it('exits 2 on a malformed anchor', async () => {
    const result = await runVerify(['--anchor', '5']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--anchor 须为“序号:哈希”');
    expect(result.stdout).toBe('');
  });
});

describe('audit:verify after tampering', () => {
  it('names a record whose purpose changed', async () => {
    const graphql = await withDatabase(async (database) => {
      await tamper(database, 'UPDATE audit.access_log SET purpose = $1 WHERE id = $2', [
        '（2026）吴公刑字第 99 号',
        CHANGED_ID,
      ]);
      return graphqlVerification(database);
    });

    const result = await runVerify();

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`访问记录哈希链已损坏：第一条不符的记录为 ${CHANGED_ID}。`);
    expect(result.stdout).toContain('CONTENT_CHANGED');
    expect(result.stdout).toContain(`此前 ${CHANGED_ID - 1} 条记录校验通过。`);
    expect(graphql).toMatchObject({
      valid: false,
      checked: CHANGED_ID - 1,
      brokenAt: String(CHANGED_ID),
      problem: 'CONTENT_CHANGED',
      lastId: String(CHANGED_ID - 1),
      lastHash: recordOf(CHANGED_ID - 1).hash,
    });
  });

  it('finds a changed record whose hash was recomputed', async () => {
    const target = recordOf(CHANGED_ID);
    const forged = { ...target, userId: 'someone.else' };
    const restored = await withDatabase(async (database) => {
      await tamper(database, 'UPDATE audit.access_log SET purpose = $1 WHERE id = $2', [target.purpose, CHANGED_ID]);
      const verification = await verifyAuditChain(database);
      await tamper(database, 'UPDATE audit.access_log SET user_id = $1, hash = $2 WHERE id = $3', [
        forged.userId,
        auditHash(target.prevHash, CHANGED_ID, forged),
        CHANGED_ID,
      ]);
      return verification;
    });

    const result = await runVerify(['--json']);

    // The auditor's verification request of the test before added one record.
    expect(restored).toMatchObject({ valid: true, checked: RECORDS + 1 });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).chain).toMatchObject({
      valid: false,
      brokenAt: CHANGED_ID + 1,
      problem: 'LINK_BROKEN',
      checked: CHANGED_ID,
    });
  });

  it('detects a cut tail only with --anchor', async () => {
    const target = recordOf(CHANGED_ID);
    const { last, afterCut } = await withDatabase(async (database) => {
      await tamper(database, 'UPDATE audit.access_log SET user_id = $1, hash = $2 WHERE id = $3', [
        target.userId,
        target.hash,
        CHANGED_ID,
      ]);
      const record = await currentLast(database);
      await tamper(database, 'DELETE FROM audit.access_log WHERE id = $1', [record.id]);
      return { last: record, afterCut: await verifyAuditChain(database) };
    });

    const result = await runVerify(['--anchor', `${last.id}:${last.hash}`]);

    expect(afterCut).toMatchObject({ valid: true, checked: last.id - 1 });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`已校验 ${last.id - 1} 条记录`);
    expect(result.stdout).toContain(`抄录的记录 ${last.id} 已不存在`);
    expect(result.stdout).toContain('MISSING');
    expect(result.stdout).toContain(`请勿改抄当前的链尾：下次校验仍用 --anchor ${last.id}:${last.hash}`);
    expect(result.stdout).not.toContain(`--anchor ${last.id - 1}:`);
  });

  it('detects a deleted middle record', async () => {
    const { rewritten, graphql } = await withDatabase(async (database) => {
      // First a valid chain whose last record was rewritten with a fresh hash: only the noted hash reveals it.
      const last = await currentLast(database);
      const forged = { ...last, userName: '某人' };
      await tamper(database, 'UPDATE audit.access_log SET user_name = $1, hash = $2 WHERE id = $3', [
        forged.userName,
        auditHash(last.prevHash, last.id, forged),
        last.id,
      ]);
      const rewritten = {
        chain: await verifyAuditChain(database),
        anchor: await checkAuditAnchor(database, { id: last.id, hash: last.hash }),
      };
      await tamper(database, 'DELETE FROM audit.access_log WHERE id = $1', [DELETED_ID]);
      return { rewritten, graphql: await graphqlVerification(database) };
    });

    const result = await runVerify();

    expect(rewritten.chain.valid).toBe(true);
    expect(rewritten.anchor).toEqual({ valid: false, problem: 'HASH_CHANGED' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`第一条不符的记录为 ${DELETED_ID + 1}。`);
    expect(result.stdout).toContain(`记录 ${DELETED_ID} 缺失`);
    expect(result.stdout).toContain('SEQUENCE_GAP');
    expect(graphql).toMatchObject({
      valid: false,
      checked: DELETED_ID - 1,
      brokenAt: String(DELETED_ID + 1),
      expectedId: String(DELETED_ID),
      problem: 'SEQUENCE_GAP',
    });
  });

  it('reports an emptied log as possibly emptied', async () => {
    const last = await withDatabase(async (database) => {
      const record = await currentLast(database);
      await tamper(database, 'TRUNCATE audit.access_log');
      return record;
    });

    const plain = await runVerify();
    const anchored = await runVerify(['--anchor', `${last.id}:${last.hash}`]);

    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('访问记录表中没有记录：尚未记录任何访问，或表已被清空。');
    expect(plain.stdout).toContain('若此前有过访问记录，表已被清空');
    expect(plain.stdout).not.toContain('完好');
    expect(anchored.code).toBe(1);
    expect(anchored.stdout).toContain(`抄录的记录 ${last.id} 已不存在：链尾的记录被删除，或表被清空（MISSING）。`);
    expect(anchored.stdout).toContain(`下次校验仍用 --anchor ${last.id}:${last.hash}`);
    expect(anchored.stdout).not.toContain('请将序号与哈希抄录');
  });

  it('detects a restarted chain only with --anchor', async () => {
    // The auditor's verification request on the emptied log appends the new chain's record 1.
    const { graphql, restarted } = await withDatabase(async (database) => ({
      graphql: await graphqlVerification(database),
      restarted: await recordsAfter(database, 0),
    }));

    const plain = await runVerify();
    const anchored = await runVerify(['--anchor', `1:${recordOf(1).hash}`]);

    expect(graphql).toMatchObject({ valid: true, checked: 0, lastId: null, lastHash: null });
    expect(restarted.map((record) => record.id)).toEqual([1]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('访问记录哈希链前后相符：已校验 1 条记录。');
    expect(plain.stdout).toContain('都只能用 --anchor 发现');
    expect(anchored.code).toBe(1);
    expect(anchored.stdout).toContain('抄录的记录 1 的哈希已变');
    expect(anchored.stdout).toContain('HASH_CHANGED');
    expect(anchored.stdout).not.toContain(`--anchor 1:${restarted[0]?.hash}`);
  });

  it('exits 3 when the log table is missing', async () => {
    await withDatabase((database) => database.exec('ALTER TABLE audit.access_log RENAME TO access_log_offline'));

    const result = await runVerify();

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('无法校验访问记录');
    expect(result.stdout).toBe('');
  });
});
