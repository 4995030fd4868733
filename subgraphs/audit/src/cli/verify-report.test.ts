import { describe, expect, it } from 'vitest';
import { formatVerifyReport, outcomeIsValid, parseVerifyArguments } from './verify-report.js';

const HASH = 'ab'.repeat(32);
const OTHER_HASH = 'cd'.repeat(32);

describe('parseVerifyArguments', () => {
  it('accepts no options', () => {
    expect(parseVerifyArguments([])).toEqual({ help: false, options: { json: false } });
  });

  it('reads every option', () => {
    const parsed = parseVerifyArguments(['--anchor', `120:${HASH.toUpperCase()}`, '--data-dir', '/tmp/pg', '--json']);

    expect(parsed).toEqual({
      help: false,
      options: { anchor: { id: 120, hash: HASH }, dataDir: '/tmp/pg', json: true },
    });
  });

  it('reads a database URL', () => {
    const parsed = parseVerifyArguments(['--database-url', 'postgres://postgres@127.0.0.1:5432/lianfang']);

    expect(parsed).toEqual({
      help: false,
      options: { databaseUrl: 'postgres://postgres@127.0.0.1:5432/lianfang', json: false },
    });
  });

  it('returns help', () => {
    expect(parseVerifyArguments(['-h'])).toEqual({ help: true });
  });

  const invalid: [string, string[], string][] = [
    ['unknown option', ['--repair'], '参数无效'],
    ['positional argument', ['extra'], '参数无效'],
    ['anchor without hash', ['--anchor', '5'], '--anchor 须为“序号:哈希”'],
    ['anchor with short hash', ['--anchor', '5:abc'], '--anchor 须为“序号:哈希”'],
    ['anchor with id 0', ['--anchor', `0:${HASH}`], '--anchor 须为“序号:哈希”'],
    ['both database options', ['--data-dir', '/tmp/pg', '--database-url', 'postgres://h/db'], '只能指定其一'],
    ['empty data dir', ['--data-dir', ''], '--data-dir 不能为空'],
    ['URL of another scheme', ['--database-url', 'mysql://h/db'], '--database-url 须以 postgres://'],
  ];
  for (const [name, args, message] of invalid) {
    it(`rejects ${name}`, () => {
      const parsed = parseVerifyArguments(args) as { error?: string };

      expect(parsed.error).toContain(message);
    });
  }
});

describe('formatVerifyReport', () => {
  it('reports an intact chain with its last hash', () => {
    const report = formatVerifyReport({ chain: { valid: true, checked: 3, lastId: 3, lastHash: HASH } });

    expect(report.split('\n')).toEqual([
      '访问记录哈希链完好：已校验 3 条记录。',
      `最后一条记录：序号 3，哈希 ${HASH}`,
      `请将序号与哈希抄录到数据库以外；下次校验时加 --anchor 3:${HASH}`,
    ]);
  });

  it('reports an empty log', () => {
    expect(formatVerifyReport({ chain: { valid: true, checked: 0 } })).toBe('访问记录哈希链完好：已校验 0 条记录。');
  });

  it('reports a changed record', () => {
    const report = formatVerifyReport({
      chain: { valid: false, checked: 3, brokenAt: 4, problem: 'CONTENT_CHANGED', lastId: 3, lastHash: HASH },
    });

    expect(report.split('\n')).toEqual([
      '访问记录哈希链已损坏：第一条不符的记录为 4。',
      '记录 4 的内容与其哈希不符，该记录已被修改（CONTENT_CHANGED）',
      '此前 3 条记录校验通过。',
      `最后一条通过校验的记录：序号 3，哈希 ${HASH}`,
    ]);
  });

  it('reports a broken link', () => {
    const report = formatVerifyReport({ chain: { valid: false, checked: 0, brokenAt: 1, problem: 'LINK_BROKEN' } });

    expect(report).toContain('记录 1 的 prev_hash 与前一条记录的哈希不符');
    expect(report).toContain('没有通过校验的记录。');
  });

  it('reports one missing record', () => {
    const report = formatVerifyReport({
      chain: {
        valid: false,
        checked: 6,
        brokenAt: 8,
        problem: 'SEQUENCE_GAP',
        expectedId: 7,
        lastId: 6,
        lastHash: HASH,
      },
    });

    expect(report).toContain('记录 7 缺失，链在记录 8 处断开（SEQUENCE_GAP）');
  });

  it('reports a range of missing records', () => {
    const report = formatVerifyReport({
      chain: {
        valid: false,
        checked: 6,
        brokenAt: 10,
        problem: 'SEQUENCE_GAP',
        expectedId: 7,
        lastId: 6,
        lastHash: HASH,
      },
    });

    expect(report).toContain('记录 7 至 9 缺失');
  });

  it('reports a missing anchor', () => {
    const outcome = {
      chain: { valid: true, checked: 11, lastId: 11, lastHash: HASH },
      anchor: { id: 12, hash: OTHER_HASH, valid: false, problem: 'MISSING' as const },
    };

    expect(formatVerifyReport(outcome)).toContain('抄录的记录 12 已不存在：链尾的记录被删除（MISSING）。');
    expect(outcomeIsValid(outcome)).toBe(false);
  });

  it('reports a changed anchor hash', () => {
    const outcome = {
      chain: { valid: true, checked: 12, lastId: 12, lastHash: HASH },
      anchor: { id: 12, hash: OTHER_HASH, valid: false, problem: 'HASH_CHANGED' as const },
    };

    expect(formatVerifyReport(outcome)).toContain('抄录的记录 12 的哈希已变：链被改写后重算了哈希（HASH_CHANGED）。');
    expect(outcomeIsValid(outcome)).toBe(false);
  });

  it('counts a matching anchor as valid', () => {
    const outcome = {
      chain: { valid: true, checked: 12, lastId: 12, lastHash: HASH },
      anchor: { id: 12, hash: HASH, valid: true },
    };

    expect(outcomeIsValid(outcome)).toBe(true);
  });
});
