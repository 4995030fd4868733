import { badUserInput } from '@lianfang/subgraph-kit';

/**
 * Encodes a keyset position as an opaque base64url cursor. `kind` names the list, so a cursor of one list is
 * rejected by another instead of silently paging from a wrong position.
 */
export function encodeCursor(kind: string, values: readonly string[]): string {
  return Buffer.from(JSON.stringify([kind, ...values]), 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeCursor` for the same `kind` with `length` values, and rejects anything else. */
export function decodeCursor(kind: string, cursor: string, length: number, argument = 'after'): string[] {
  const invalid = () =>
    badUserInput(
      `${argument} 游标无效，收到 ${JSON.stringify(cursor.slice(0, 100))}；请传上一页 pageInfo.endCursor 的原值，或省略以从第一页开始`,
      { argument },
    );
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(cursor)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== length + 1 || decoded[0] !== kind) throw invalid();
  const values = decoded.slice(1);
  if (!values.every((value): value is string => typeof value === 'string' && value.length > 0 && value.length <= 64)) {
    throw invalid();
  }
  return values;
}

/** A page of a connection: at most `first` nodes and whether more follow. */
export interface Page<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Builds a page from up to `first + 1` rows: the extra row only shows that a next page exists. */
export function pageOf<Row, Node>(
  rows: readonly Row[],
  first: number,
  cursorOf: (row: Row) => string,
  present: (row: Row) => Node,
): Page<Node> {
  const pageRows = rows.slice(0, first);
  const edges = pageRows.map((row) => ({ cursor: cursorOf(row), node: present(row) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
