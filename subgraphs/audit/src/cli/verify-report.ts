/**
 * Arguments and output of `pnpm audit:verify`, kept apart from the command so that tests can check them without
 * starting a process.
 */
import { parseArgs } from 'node:util';
import type { AuditAnchor, ChainVerification } from '@lianfang/subgraph-kit';

export const VERIFY_USAGE = `用法：pnpm audit:verify [--anchor 序号:哈希] [--data-dir 目录 | --database-url URL] [--json]

逐条重算个人信息访问记录（audit.access_log）的哈希链，报告已校验的记录数与最后一条记录的哈希；
链被破坏时报告第一条不符的记录序号与原因：
  CONTENT_CHANGED  记录内容被修改
  LINK_BROKEN      记录的 prev_hash 与前一条不符（前一条被修改、删除或调换）
  SEQUENCE_GAP     序号缺失（中间的记录被删除）

注意：哈希不含密钥，链本身只能证明记录前后相符。删除链尾的记录后，剩下的链仍然相符；能写入该表的人
也能改写记录并重算所有哈希，或清空该表后从序号 1 重新记录。表拒绝 UPDATE、DELETE 和 TRUNCATE，但表的
所有者可以关闭这些触发器。0 条记录表示尚未记录任何访问，或表已被清空。
这些情况只能靠数据库以外的抄录发现：请把每次输出的最后一条记录序号与哈希抄录到库外（例如周报），
下次校验时用 --anchor 比对。比对不符时，请保留原抄录并查明原因，不要改抄当前的链尾。

  --anchor 序号:哈希    先前抄录的记录，例如 --anchor 120:3f5a…（64 位十六进制）；该记录不存在
                        （链尾被删或表被清空）或哈希不同（链被改写后重算）时视为损坏
  --data-dir 目录       嵌入式数据库目录（默认取 LIANFANG_DATA_DIR，再默认 .data/pglite）
  --database-url URL    PostgreSQL 服务器地址（默认取 DATABASE_URL）
  --json                以 JSON 输出校验结果
  -h, --help            显示本帮助

退出码：0 链前后相符且与 --anchor 一致（未加 --anchor 时不含此项），1 链损坏或与 --anchor 不符，
2 参数错误，3 无法校验（数据库无法打开或缺少访问记录表）。

Usage: recomputes the hash chain of the personal-data access log. Exit 0 consistent (and matching --anchor when
given), 1 broken or anchor mismatch, 2 usage error, 3 verification could not run. The hash has no key: a chain
with its tail deleted, a table emptied (0 records) or restarted at id 1, and a chain rewritten with recomputed
hashes all verify as consistent. Only an anchor noted outside the database detects them: note the printed last id
and hash elsewhere and pass them as --anchor ID:HASH next time. After a mismatch keep the old anchor.`;

export interface VerifyArguments {
  anchor?: AuditAnchor;
  dataDir?: string;
  databaseUrl?: string;
  json: boolean;
}

export type ParsedVerifyArguments = { help: true } | { help: false; options: VerifyArguments } | { error: string };

const ANCHOR = /^([1-9][0-9]{0,15}):([0-9a-f]{64})$/;

/** Parses the command line, or returns a Chinese error message for a usage error. */
export function parseVerifyArguments(args: string[]): ParsedVerifyArguments {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        anchor: { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { error: `参数无效：${(error as Error).message}` };
  }
  if (values.help) return { help: true };

  const options: VerifyArguments = { json: values.json === true };
  if (typeof values.anchor === 'string') {
    const match = ANCHOR.exec(values.anchor.toLowerCase());
    if (!match || !Number.isSafeInteger(Number(match[1]))) {
      return { error: `--anchor 须为“序号:哈希”，哈希为 64 位十六进制，收到 ${JSON.stringify(values.anchor)}` };
    }
    options.anchor = { id: Number(match[1]), hash: match[2] as string };
  }
  if (typeof values['data-dir'] === 'string' && typeof values['database-url'] === 'string') {
    return { error: '--data-dir 与 --database-url 只能指定其一' };
  }
  if (typeof values['data-dir'] === 'string') {
    if (values['data-dir'] === '') return { error: '--data-dir 不能为空' };
    options.dataDir = values['data-dir'];
  }
  if (typeof values['database-url'] === 'string') {
    if (!/^postgres(ql)?:\/\//.test(values['database-url'])) {
      return { error: '--database-url 须以 postgres:// 或 postgresql:// 开头' };
    }
    options.databaseUrl = values['database-url'];
  }
  return { help: false, options };
}

/** Outcome of one run: the chain's verification and, when an anchor was given, whether it still matches. */
export interface VerifyOutcome {
  chain: ChainVerification;
  anchor?: AuditAnchor & { valid: boolean; problem?: 'MISSING' | 'HASH_CHANGED' };
}

export function outcomeIsValid(outcome: VerifyOutcome): boolean {
  return outcome.chain.valid && (outcome.anchor?.valid ?? true);
}

function describeBreak(chain: ChainVerification): string {
  const id = chain.brokenAt as number;
  switch (chain.problem) {
    case 'CONTENT_CHANGED':
      return `记录 ${id} 的内容与其哈希不符，该记录已被修改（CONTENT_CHANGED）`;
    case 'LINK_BROKEN':
      return `记录 ${id} 的 prev_hash 与前一条记录的哈希不符，前一条记录已被修改、删除或调换（LINK_BROKEN）`;
    default: {
      const from = chain.expectedId ?? id - 1;
      const missing = from === id - 1 ? `记录 ${from}` : `记录 ${from} 至 ${id - 1}`;
      return `${missing} 缺失，链在记录 ${id} 处断开（SEQUENCE_GAP）`;
    }
  }
}

function describeAnchor(anchor: NonNullable<VerifyOutcome['anchor']>, chain: ChainVerification): string {
  if (anchor.valid) {
    // The anchor's hash covers every record before it, but only where the chain up to it verified as well.
    const coversChain = chain.valid || anchor.id < (chain.brokenAt as number);
    const unchanged = coversChain ? `：记录 1 至 ${anchor.id} 未被改动` : '';
    return `抄录的记录 ${anchor.id} 仍在，哈希一致${unchanged}。`;
  }
  if (anchor.problem === 'MISSING') {
    return `抄录的记录 ${anchor.id} 已不存在：链尾的记录被删除，或表被清空（MISSING）。`;
  }
  return `抄录的记录 ${anchor.id} 的哈希已变：链被改写后重算了哈希，或表被清空后重新记录（HASH_CHANGED）。`;
}

/**
 * Returns the headline. A valid chain is reported as consistent, not as complete: without a key, only an anchor
 * noted outside the database shows that records were not cut, emptied or rewritten.
 */
function describeChain(chain: ChainVerification): string[] {
  if (!chain.valid) {
    return [
      `访问记录哈希链已损坏：第一条不符的记录为 ${chain.brokenAt}。`,
      describeBreak(chain),
      `此前 ${chain.checked} 条记录校验通过。`,
    ];
  }
  if (chain.checked === 0) return ['访问记录表中没有记录：尚未记录任何访问，或表已被清空。'];
  return [`访问记录哈希链前后相符：已校验 ${chain.checked} 条记录。`];
}

/** Returns what to do next, which depends on whether the noted anchor still matches. */
function advise(outcome: VerifyOutcome): string[] {
  const { chain, anchor } = outcome;
  if (anchor && !anchor.valid) {
    // Noting the current head now would accept the cut or rewritten log as the new reference.
    return [`请勿改抄当前的链尾：下次校验仍用 --anchor ${anchor.id}:${anchor.hash}，并查明记录被删除或改写的原因。`];
  }
  if (!chain.valid) return [];
  const lines: string[] = [];
  if (!anchor) {
    lines.push(
      chain.checked === 0
        ? '若此前有过访问记录，表已被清空；请用上次抄录的记录比对：--anchor 序号:哈希。'
        : '未比对抄录的记录：链尾被删、表被清空后重新记录、链被改写后重算哈希，都只能用 --anchor 发现。',
    );
  }
  if (chain.lastId !== undefined) {
    lines.push(`请将序号与哈希抄录到数据库以外；下次校验时加 --anchor ${chain.lastId}:${chain.lastHash}`);
  }
  return lines;
}

/** Formats the human summary, Chinese, one fact a line. */
export function formatVerifyReport(outcome: VerifyOutcome): string {
  const { chain, anchor } = outcome;
  const lines = describeChain(chain);
  if (chain.lastId !== undefined) {
    const label = chain.valid ? '最后一条记录' : '最后一条通过校验的记录';
    lines.push(`${label}：序号 ${chain.lastId}，哈希 ${chain.lastHash}`);
  } else if (!chain.valid) {
    lines.push('没有通过校验的记录。');
  }
  if (anchor) lines.push(describeAnchor(anchor, chain));
  lines.push(...advise(outcome));
  return lines.join('\n');
}
