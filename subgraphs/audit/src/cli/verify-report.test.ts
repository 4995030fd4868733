import { describe, expect, it } from 'vitest';
import { formatVerifyReport, outcomeIsValid, parseVerifyArguments, VERIFY_USAGE } from './verify-report.js';

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
  it('reports a consistent chain without anchor', () => {
    const report = formatVerifyReport({ chain: { valid: true, checked: 3, lastId: 3, lastHash: HASH } });

    expect(report.split('\n')).toEqual([
      '访问记录哈希链前后相符：已校验 3 条记录。',
      `最后一条记录：序号 3，哈希 ${HASH}`,
      '未比对抄录的记录：链尾被删、表被清空后重新记录、链被改写后重算哈希，都只能用 --anchor 发现。',
      `请将序号与哈希抄录到数据库以外；下次校验时加 --anchor 3:${HASH}`,
    ]);
    expect(report).not.toContain('完好');
  });

  it('reports an empty log as possibly emptied', () => {
    const outcome = { chain: { valid: true, checked: 0 } };

    expect(formatVerifyReport(outcome).split('\n')).toEqual([
      '访问记录表中没有记录：尚未记录任何访问，或表已被清空。',
      '若此前有过访问记录，表已被清空；请用上次抄录的记录比对：--anchor 序号:哈希。',
    ]);
    expect(outcomeIsValid(outcome)).toBe(true);
  });

  it('reports an empty log against an anchor', () => {
    const outcome = {
      chain: { valid: true, checked: 0 },
      anchor: { id: 12, hash: HASH, valid: false, problem: 'MISSING' as const },
    };

    expect(formatVerifyReport(outcome).split('\n')).toEqual([
      '访问记录表中没有记录：尚未记录任何访问，或表已被清空。',
      '抄录的记录 12 已不存在：链尾的记录被删除，或表被清空（MISSING）。',
      `请勿改抄当前的链尾：下次校验仍用 --anchor 12:${HASH}，并查明记录被删除或改写的原因。`,
    ]);
    expect(outcomeIsValid(outcome)).toBe(false);
  });

  it('advises the new head after a matching anchor', () => {
    const outcome = {
      chain: { valid: true, checked: 12, lastId: 12, lastHash: HASH },
      anchor: { id: 5, hash: OTHER_HASH, valid: true },
    };

    expect(formatVerifyReport(outcome).split('\n')).toEqual([
      '访问记录哈希链前后相符：已校验 12 条记录。',
      `最后一条记录：序号 12，哈希 ${HASH}`,
      '抄录的记录 5 仍在，哈希一致：记录 1 至 5 未被改动。',
      `请将序号与哈希抄录到数据库以外；下次校验时加 --anchor 12:${HASH}`,
    ]);
    expect(outcomeIsValid(outcome)).toBe(true);
  });

  it('claims no unchanged range past a break', () => {
    const outcome = {
      chain: { valid: false, checked: 3, brokenAt: 4, problem: 'CONTENT_CHANGED' as const, lastId: 3, lastHash: HASH },
      anchor: { id: 12, hash: OTHER_HASH, valid: true },
    };

    const report = formatVerifyReport(outcome);

    expect(report).toContain('抄录的记录 12 仍在，哈希一致。');
    expect(report).not.toContain('记录 1 至 12 未被改动');
    expect(report).not.toContain('--anchor');
    expect(outcomeIsValid(outcome)).toBe(false);
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
      chain: { valid: true, checked: 3, lastId: 3, lastHash: HASH },
      anchor: { id: 12, hash: OTHER_HASH, valid: false, problem: 'MISSING' as const },
    };

    const report = formatVerifyReport(outcome);

    expect(report).toContain('抄录的记录 12 已不存在：链尾的记录被删除，或表被清空（MISSING）。');
    expect(report).toContain(`请勿改抄当前的链尾：下次校验仍用 --anchor 12:${OTHER_HASH}`);
    expect(report).not.toContain(`--anchor 3:${HASH}`);
    expect(outcomeIsValid(outcome)).toBe(false);
  });

  it('reports a changed anchor hash', () => {
    const outcome = {
      chain: { valid: true, checked: 12, lastId: 12, lastHash: HASH },
      anchor: { id: 12, hash: OTHER_HASH, valid: false, problem: 'HASH_CHANGED' as const },
    };

    const report = formatVerifyReport(outcome);

    expect(report).toContain('抄录的记录 12 的哈希已变：链被改写后重算了哈希，或表被清空后重新记录（HASH_CHANGED）。');
    expect(report).toContain(`下次校验仍用 --anchor 12:${OTHER_HASH}`);
    expect(report).not.toContain(`--anchor 12:${HASH}`);
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

describe('VERIFY_USAGE', () => {
  it('explains empty logs and mismatches', () => {
    expect(VERIFY_USAGE).toContain('0 条记录表示尚未记录任何访问，或表已被清空');
    expect(VERIFY_USAGE).toContain('表拒绝 UPDATE、DELETE 和 TRUNCATE');
    expect(VERIFY_USAGE).toContain('比对不符时，请保留原抄录并查明原因，不要改抄当前的链尾');
  });
});
