import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditHash, GENESIS_HASH } from './audit-log.js';

const content = {
  recordedAt: new Date('2026-03-01T08:00:00.123Z'),
  subgraph: 'police',
  requestId: 'req-1',
  city: 'wujiang',
  userId: 'police.analyst',
  userName: '公安研判员',
  orgUnit: '320509',
  department: 'police',
  roles: ['analyst'],
  purpose: '（2026）吴公刑字第 17 号',
  operation: 'ResidentsOfAddress',
  fields: ['Resident.idNumber', 'Resident.name'],
  entityIds: ['Resident:pr-1', 'Resident:pr-2'],
  rowCount: 2,
  disclosure: 'RAW',
  reasons: [],
};

// Changing the canonical form would make every stored chain fail verification, so the hash of one record is pinned.
const PINNED_HASH = '11f64451f7f7d20ce6f32bac113414d8aadb1a4e33a329a3f38ca7141071db01';

describe('auditHash', () => {
  it('matches the pinned hash', () => {
    expect(auditHash(GENESIS_HASH, 1, content)).toBe(PINNED_HASH);
  });

  it('hashes the previous hash and a JSON array of the content', () => {
    const canonical = JSON.stringify([
      1,
      '2026-03-01T08:00:00.123Z',
      'police',
      'req-1',
      'wujiang',
      'police.analyst',
      '公安研判员',
      '320509',
      'police',
      ['analyst'],
      '（2026）吴公刑字第 17 号',
      'ResidentsOfAddress',
      ['Resident.idNumber', 'Resident.name'],
      ['Resident:pr-1', 'Resident:pr-2'],
      2,
      'RAW',
      [],
    ]);
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${canonical}`).digest('hex');

    expect(auditHash(GENESIS_HASH, 1, content)).toBe(expected);
  });

  it('depends on the time only, not the Date instance', () => {
    const copy = { ...content, recordedAt: new Date(content.recordedAt.getTime()), roles: [...content.roles] };

    expect(auditHash(GENESIS_HASH, 1, copy)).toBe(auditHash(GENESIS_HASH, 1, content));
  });

  it('changes with the previous hash and the id', () => {
    const base = auditHash(GENESIS_HASH, 1, content);

    expect(auditHash('1'.repeat(64), 1, content)).not.toBe(base);
    expect(auditHash(GENESIS_HASH, 2, content)).not.toBe(base);
  });

  const changes: [string, Partial<typeof content> | Record<string, unknown>][] = [
    ['recordedAt by 1 ms', { recordedAt: new Date('2026-03-01T08:00:00.124Z') }],
    ['subgraph', { subgraph: 'housing' }],
    ['requestId', { requestId: 'req-2' }],
    ['city', { city: 'jiaxing' }],
    ['userId', { userId: 'police.officer' }],
    ['userName', { userName: '公安民警' }],
    ['orgUnit', { orgUnit: '320509001' }],
    ['department', { department: 'housing' }],
    ['roles', { roles: ['analyst', 'auditor'] }],
    ['purpose', { purpose: '（2026）吴公刑字第 18 号' }],
    ['purpose to null', { purpose: null }],
    ['operation to null', { operation: null }],
    ['fields order', { fields: ['Resident.name', 'Resident.idNumber'] }],
    ['entityIds', { entityIds: ['Resident:pr-1'] }],
    ['rowCount', { rowCount: 3 }],
    ['disclosure', { disclosure: 'MASKED' }],
    ['reasons', { reasons: ['PURPOSE_REQUIRED'] }],
  ];
  for (const [name, change] of changes) {
    it(`changes with ${name}`, () => {
      const changed = { ...content, ...change } as typeof content;

      expect(auditHash(GENESIS_HASH, 1, changed)).not.toBe(auditHash(GENESIS_HASH, 1, content));
    });
  }

  it('keeps text boundaries apart', () => {
    const a = { ...content, userId: 'ab', userName: 'c' };
    const b = { ...content, userId: 'a', userName: 'bc' };

    expect(auditHash(GENESIS_HASH, 1, a)).not.toBe(auditHash(GENESIS_HASH, 1, b));
  });
});
