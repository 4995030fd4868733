import { z } from 'zod';

/** Kinds of rows that departments announce on `lianfang_live`. */
export const LIVE_KINDS = ['EVENT', 'TASK', 'INCIDENT'] as const;
export type LiveKind = (typeof LIVE_KINDS)[number];

/** Maximum length of an org unit code: a grid has 15 digits, and this leaves room for longer codes. */
const MAX_CODE_LENGTH = 32;

const noticeSchema = z.object({
  schema: z.string().min(1).max(63),
  kind: z.enum(LIVE_KINDS),
  action: z.enum(['INSERT', 'UPDATE', 'BULK']),
  id: z.union([z.string(), z.number()]).nullish(),
  eventId: z.union([z.string(), z.number()]).nullish(),
  orgUnits: z.array(z.string().max(MAX_CODE_LENGTH).nullable()).max(16).nullish(),
  department: z.string().max(64).nullish(),
  status: z.string().max(64).nullish(),
  category: z.string().max(64).nullish(),
  count: z.number().int().nonnegative().nullish(),
  city: z.string().max(64).nullish(),
  at: z.iso.datetime().nullish(),
});

/** One row notice as a subgraph's change stream forwards it in a `live` event. */
export interface LiveNotice {
  /** Subgraph whose stream carried the notice. */
  subgraph: string;
  /** City of that subgraph; undefined when the subgraph did not send it, and then no user is in scope. */
  city: string | undefined;
  kind: LiveKind;
  action: 'INSERT' | 'UPDATE' | 'BULK';
  id: string | undefined;
  eventId: string | undefined;
  /** Org units the row belongs to, e.g. an event's community and its task's assignee unit; empty for BULK. */
  orgUnits: string[];
  department: string | undefined;
  status: string | undefined;
  category: string | undefined;
  /** Rows a BULK notice stands for. */
  count: number | undefined;
  /** When the subgraph received the notice (ISO 8601), or when the gateway did if the subgraph sent no time. */
  at: string;
}

/**
 * Parses the data of a `live` event. For data that is not a notice of `subgraph`'s schema, it returns an error
 * message instead, so the caller can log it.
 */
export function parseLiveNotice(subgraph: string, data: string): LiveNotice | string {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return 'invalid JSON';
  }
  const parsed = noticeSchema.safeParse(json);
  if (!parsed.success)
    return parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  const notice = parsed.data;
  if (notice.schema !== subgraph) return `schema "${notice.schema}" is not the subgraph's`;
  return {
    subgraph,
    city: notice.city ?? undefined,
    kind: notice.kind,
    action: notice.action,
    id: notice.id === null || notice.id === undefined ? undefined : String(notice.id),
    eventId: notice.eventId === null || notice.eventId === undefined ? undefined : String(notice.eventId),
    orgUnits: (notice.orgUnits ?? []).filter((code): code is string => typeof code === 'string' && code !== ''),
    department: notice.department ?? undefined,
    status: notice.status ?? undefined,
    category: notice.category ?? undefined,
    count: notice.count ?? undefined,
    at: notice.at ?? new Date().toISOString(),
  };
}
