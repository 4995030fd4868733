import {
  AUDIT_COLUMNS,
  assertFirst,
  badUserInput,
  DateTimeScalar,
  ForbiddenReason,
  forbidden,
  jurisdictionPattern,
  parseTimeRange,
  type StoredAuditRecord,
  type SubgraphContext,
  type SubgraphResolvers,
  verifyAuditChain,
} from '@lianfang/subgraph-kit';

/** Only auditors read the access log; their reading is itself recorded. */
function assertAuditor(context: SubgraphContext, target: string): void {
  if (context.claims.roles.includes('auditor') && context.claims.city === context.city) {
    context.access.record(target, undefined, 'RAW');
    return;
  }
  context.access.deny(target, ForbiddenReason.ROLE);
  throw forbidden('访问记录仅限审计员查看', ForbiddenReason.ROLE);
}

interface AccessLogArgs {
  from?: Date | null;
  to?: Date | null;
  userId?: string | null;
  first?: number | null;
  beforeId?: string | null;
}

export const resolvers: SubgraphResolvers = {
  DateTime: DateTimeScalar,

  Query: {
    async accessLog(_: unknown, args: AccessLogArgs, context: SubgraphContext) {
      assertAuditor(context, 'Query.accessLog');

      const first = args.first ?? 100;
      assertFirst(first, 1000);
      const range = parseTimeRange(args);
      const beforeId = args.beforeId === undefined || args.beforeId === null ? null : Number(args.beforeId);
      if (beforeId !== null && !(Number.isSafeInteger(beforeId) && beforeId > 0)) {
        throw badUserInput(`beforeId 须为正整数的记录序号，收到 ${JSON.stringify(args.beforeId)}`, {
          argument: 'beforeId',
        });
      }

      // Own-city records of users within the auditor's jurisdiction, and for a district auditor also the records of
      // partner-city users, whose org units lie outside every local jurisdiction.
      const where = `((city = $5 AND org_unit LIKE $1) OR (city <> $5 AND $6::boolean))
        AND ($2::timestamptz IS NULL OR recorded_at >= $2) AND ($3::timestamptz IS NULL OR recorded_at < $3)
        AND ($4::text IS NULL OR user_id = $4)`;
      const params = [
        jurisdictionPattern(context),
        range.from,
        range.to,
        args.userId ?? null,
        context.city,
        context.claims.level === 'DISTRICT',
      ];

      const [page, total] = await Promise.all([
        context.database.query<StoredAuditRecord>(
          `SELECT ${AUDIT_COLUMNS} FROM audit.access_log WHERE ${where} AND ($7::bigint IS NULL OR id < $7)
           ORDER BY id DESC LIMIT ${first}`,
          [...params, beforeId],
        ),
        context.database.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM audit.access_log WHERE ${where}`,
          params,
        ),
      ]);
      return { totalCount: total.rows[0]?.count ?? 0, entries: page.rows };
    },
    async accessLogVerification(_: unknown, _args: unknown, context: SubgraphContext) {
      assertAuditor(context, 'Query.accessLogVerification');
      return verifyAuditChain(context.database);
    },
  },
};
