import { appendAuditRecord, type Identity, verifyAuditChain } from '@lianfang/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITIES } from '../support/access.js';
import {
  type AuditFixture,
  CASE_NUMBER,
  lastRecordId,
  RESIDENTS_QUERY,
  RESIDENTS_VARIABLES,
  recordsAfter,
  sendSigned,
  startAuditFixture,
} from './audit-support.js';
import { dataOf, errorOf, isChinese } from './support.js';

let fixture: AuditFixture;

beforeAll(async () => {
  fixture = await startAuditFixture();
});

afterAll(async () => {
  await fixture?.stop();
  await fixture?.handle.dispose();
});

const db = () => fixture.handle.database;

interface Resident {
  id: string;
  name: string;
  idNumber: string;
  phone: string | null;
}
type ResidentsData = { _entities: { residents: Resident[] }[] };

const ACCESS_LOG_QUERY = `query ($userId: String, $from: DateTime, $to: DateTime, $first: Int) {
  accessLog(userId: $userId, from: $from, to: $to, first: $first) {
    totalCount
    entries { id recordedAt subgraph userId orgUnit city purpose operation fields entityIds rowCount disclosure reasons hash }
  }
}`;

interface AccessLogData {
  accessLog: {
    totalCount: number;
    entries: {
      id: string;
      userId: string;
      orgUnit: string;
      city: string;
      disclosure: string;
      fields: string[];
      rowCount: number;
    }[];
  };
}

describe('audit records of personal data', () => {
  it('records a raw read with purpose', async () => {
    const before = await lastRecordId(db());

    const { body } = await sendSigned<ResidentsData>(fixture.police, RESIDENTS_QUERY, RESIDENTS_VARIABLES, {
      purpose: CASE_NUMBER,
      operation: 'ResidentsOfAddress',
      requestId: 'audit-raw-read-1',
    });

    const residents = dataOf(body)._entities[0]?.residents;
    expect(residents?.[0]?.idNumber).toBe('320509199001011234');
    expect(residents?.[0]?.name).toBe('张三丰');
    expect(body.extensions?.lianfangAudited).toBe(true);
    const records = await recordsAfter(db(), before);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      id: before + 1,
      subgraph: 'police',
      requestId: 'audit-raw-read-1',
      city: 'wujiang',
      userId: IDENTITIES.districtPoliceAnalyst.sub,
      userName: IDENTITIES.districtPoliceAnalyst.name,
      orgUnit: '320509',
      department: 'police',
      roles: ['analyst'],
      purpose: CASE_NUMBER,
      operation: 'ResidentsOfAddress',
      fields: ['Resident.idNumber', 'Resident.name', 'Resident.phone'],
      entityIds: ['Resident:pr-1', 'Resident:pr-2'],
      rowCount: 2,
      disclosure: 'RAW',
      reasons: [],
    });
  });

  it('records a read without purpose as MASKED', async () => {
    const before = await lastRecordId(db());

    const { body } = await sendSigned<ResidentsData>(fixture.police, RESIDENTS_QUERY, RESIDENTS_VARIABLES);

    expect(dataOf(body)._entities[0]?.residents[0]?.idNumber).toBe('320509********1234');
    const [record, ...rest] = await recordsAfter(db(), before);
    expect(rest).toEqual([]);
    expect(record?.disclosure).toBe('MASKED');
    expect(record?.reasons).toEqual(['PURPOSE_REQUIRED']);
    expect(record?.purpose).toBeNull();
    expect(record?.rowCount).toBe(2);
  });

  it('records another department as MASKED for scope', async () => {
    const before = await lastRecordId(db());

    const { body } = await sendSigned<ResidentsData>(fixture.police, RESIDENTS_QUERY, RESIDENTS_VARIABLES, {
      identity: IDENTITIES.districtGovernanceAnalyst,
      purpose: CASE_NUMBER,
    });

    expect(dataOf(body)._entities[0]?.residents[0]?.name).toBe('张**');
    const [record] = await recordsAfter(db(), before);
    expect(record?.userId).toBe(IDENTITIES.districtGovernanceAnalyst.sub);
    expect(record?.department).toBe('governance');
    expect(record?.disclosure).toBe('MASKED');
    expect(record?.reasons).toEqual(['DEPARTMENT_SCOPE']);
    expect(record?.purpose).toBe(CASE_NUMBER);
  });

  it('records nothing for a request without personal data', async () => {
    const before = await lastRecordId(db());

    const { body } = await sendSigned(fixture.police, '{ _service { sdl } }', {});

    expect(body.errors).toBeUndefined();
    expect(body.extensions?.lianfangAudited).toBeUndefined();
    expect(await lastRecordId(db())).toBe(before);
  });

  it('keeps the chain valid under 50 concurrent requests', async () => {
    const before = await lastRecordId(db());
    const requestIds = Array.from({ length: 50 }, (_, i) => `audit-concurrent-${i}`);

    const responses = await Promise.all(
      requestIds.map((requestId) =>
        sendSigned(fixture.police, RESIDENTS_QUERY, RESIDENTS_VARIABLES, { purpose: CASE_NUMBER, requestId }),
      ),
    );

    for (const { body } of responses) expect(body.errors).toBeUndefined();
    const records = await recordsAfter(db(), before);
    expect(records).toHaveLength(50);
    expect(records.map((record) => record.id)).toEqual(requestIds.map((_, i) => before + 1 + i));
    expect(records.map((record) => record.requestId).sort()).toEqual([...requestIds].sort());
    const verification = await verifyAuditChain(db());
    expect(verification.valid).toBe(true);
    expect(verification.checked).toBe(before + 50);
    expect(verification.lastHash).toBe(records[49]?.hash);
  });
});

describe('access log for auditors', () => {
  it('filters by user and time', async () => {
    const from = new Date();
    const requestIds = ['audit-window-1', 'audit-window-2', 'audit-window-3'];
    for (const requestId of requestIds) {
      await sendSigned(fixture.police, RESIDENTS_QUERY, RESIDENTS_VARIABLES, { purpose: CASE_NUMBER, requestId });
    }
    await sendSigned(fixture.police, RESIDENTS_QUERY, RESIDENTS_VARIABLES, {
      identity: IDENTITIES.districtGovernanceAnalyst,
    });
    const to = new Date(Date.now() + 1);

    const { body } = await sendSigned<AccessLogData>(
      fixture.audit,
      ACCESS_LOG_QUERY,
      { userId: IDENTITIES.districtPoliceAnalyst.sub, from: from.toISOString(), to: to.toISOString() },
      { identity: IDENTITIES.auditor },
    );

    const { accessLog } = dataOf(body);
    expect(accessLog.totalCount).toBe(3);
    expect(accessLog.entries).toHaveLength(3);
    expect(accessLog.entries.map((entry) => entry.userId)).toEqual([
      IDENTITIES.districtPoliceAnalyst.sub,
      IDENTITIES.districtPoliceAnalyst.sub,
      IDENTITIES.districtPoliceAnalyst.sub,
    ]);
    const ids = accessLog.entries.map((entry) => Number(entry.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(accessLog.entries[0]?.disclosure).toBe('RAW');
  });

  it('records the auditor reading the log', async () => {
    const before = await lastRecordId(db());

    const { body } = await sendSigned<AccessLogData>(
      fixture.audit,
      ACCESS_LOG_QUERY,
      { first: 1 },
      {
        identity: IDENTITIES.auditor,
        operation: 'WeeklyReview',
      },
    );

    expect(dataOf(body).accessLog.entries).toHaveLength(1);
    const [record] = await recordsAfter(db(), before);
    expect(record?.subgraph).toBe('audit');
    expect(record?.userId).toBe(IDENTITIES.auditor.sub);
    expect(record?.fields).toEqual(['Query.accessLog']);
    expect(record?.operation).toBe('WeeklyReview');
    expect(record?.disclosure).toBe('RAW');
  });

  it('reports the chain valid through accessLogVerification', async () => {
    const last = (await recordsAfter(db(), (await lastRecordId(db())) - 1))[0];

    const { body } = await sendSigned<{ accessLogVerification: Record<string, unknown> }>(
      fixture.audit,
      '{ accessLogVerification { valid checked brokenAt problem expectedId lastId lastHash } }',
      {},
      { identity: IDENTITIES.auditor },
    );

    expect(dataOf(body).accessLogVerification).toEqual({
      valid: true,
      checked: last?.id,
      brokenAt: null,
      problem: null,
      expectedId: null,
      lastId: String(last?.id),
      lastHash: last?.hash,
    });
  });

  it('refuses a non-auditor and records the refusal', async () => {
    const before = await lastRecordId(db());

    const { body } = await sendSigned(
      fixture.audit,
      ACCESS_LOG_QUERY,
      {},
      { identity: IDENTITIES.districtPoliceAnalyst },
    );

    const error = errorOf(body) as { message: string; extensions?: Record<string, unknown> };
    expect(error.extensions?.code).toBe('FORBIDDEN');
    expect(error.extensions?.reason).toBe('ROLE');
    expect(isChinese(error.message)).toBe(true);
    expect(body.data).toBeNull();
    const [record, ...rest] = await recordsAfter(db(), before);
    expect(rest).toEqual([]);
    expect(record?.subgraph).toBe('audit');
    expect(record?.userId).toBe(IDENTITIES.districtPoliceAnalyst.sub);
    expect(record?.fields).toEqual(['Query.accessLog']);
    expect(record?.disclosure).toBe('DENIED');
    expect(record?.reasons).toEqual(['ROLE']);
  });

  it('refuses verification to a non-auditor', async () => {
    const { body } = await sendSigned(
      fixture.audit,
      '{ accessLogVerification { valid } }',
      {},
      {
        identity: IDENTITIES.districtCommander,
      },
    );

    expect(errorOf(body).extensions?.code).toBe('FORBIDDEN');
  });

  it('shows partner-city users to district auditors only', async () => {
    const partner: Identity = { ...IDENTITIES.districtPoliceAnalyst, sub: 'jx.police.analyst', orgUnit: '330421' };
    const communityAuditor: Identity = { ...IDENTITIES.auditor, level: 'COMMUNITY', orgUnit: '320509001001' };
    await appendAuditRecord(db(), {
      subgraph: 'police',
      requestId: 'audit-partner-1',
      claims: { ...partner, city: 'jiaxing', purpose: 'JX-2026-001' },
      summary: {
        fields: ['Resident.name'],
        entityIds: ['Resident:pr-1'],
        rowCount: 1,
        disclosure: 'MASKED',
        reasons: ['DEPARTMENT_SCOPE'],
      },
    });
    const query = (identity: Identity) =>
      sendSigned<AccessLogData>(fixture.audit, ACCESS_LOG_QUERY, { userId: partner.sub }, { identity });

    const district = dataOf((await query(IDENTITIES.auditor)).body).accessLog;
    const community = dataOf((await query(communityAuditor)).body).accessLog;

    expect(district.totalCount).toBe(1);
    expect(district.entries[0]?.city).toBe('jiaxing');
    expect(community.totalCount).toBe(0);
  });

  it('limits a community auditor to users of the community', async () => {
    const communityAuditor: Identity = { ...IDENTITIES.auditor, level: 'COMMUNITY', orgUnit: '320509001001' };
    await sendSigned(fixture.police, RESIDENTS_QUERY, RESIDENTS_VARIABLES, { identity: IDENTITIES.communityAnalyst });

    const { body } = await sendSigned<AccessLogData>(
      fixture.audit,
      ACCESS_LOG_QUERY,
      { first: 1000 },
      {
        identity: communityAuditor,
      },
    );

    const { accessLog } = dataOf(body);
    expect(accessLog.totalCount).toBeGreaterThan(0);
    for (const entry of accessLog.entries) expect(entry.orgUnit.startsWith('320509001001')).toBe(true);
  });
});

describe('audit unavailable', () => {
  it('withholds personal data when the log cannot be written', async () => {
    await db().exec('ALTER TABLE audit.access_log RENAME TO access_log_offline');
    try {
      const { body } = await sendSigned<ResidentsData>(fixture.police, RESIDENTS_QUERY, RESIDENTS_VARIABLES, {
        purpose: CASE_NUMBER,
      });

      expect(body.data).toBeNull();
      const error = errorOf(body) as { message: string; extensions?: Record<string, unknown> };
      expect(error.extensions?.reason).toBe('AUDIT_UNAVAILABLE');
      expect(error.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(isChinese(error.message)).toBe(true);
      const text = JSON.stringify(body);
      expect(text).not.toContain('320509199001011234');
      expect(text).not.toContain('张三丰');
      expect(text).not.toContain('张**');
    } finally {
      await db().exec('ALTER TABLE audit.access_log_offline RENAME TO access_log');
    }
  });

  it('answers requests without personal data meanwhile', async () => {
    await db().exec('ALTER TABLE audit.access_log RENAME TO access_log_offline');
    try {
      const { body } = await sendSigned<{ _service: { sdl: string } }>(fixture.police, '{ _service { sdl } }', {});

      expect(dataOf(body)._service.sdl).toContain('type Resident');
    } finally {
      await db().exec('ALTER TABLE audit.access_log_offline RENAME TO access_log');
    }
  });

  it('leaves the chain valid afterwards', async () => {
    const verification = await verifyAuditChain(db());

    expect(verification.valid).toBe(true);
    expect(verification.checked).toBe(await lastRecordId(db()));
  });
});
