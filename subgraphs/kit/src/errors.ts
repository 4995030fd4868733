import { GraphQLError } from 'graphql';

/**
 * Stable error codes of the hub. Clients branch on `extensions.code`, never on the message, which is Chinese and
 * written for people.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Stable reasons that refine BAD_USER_INPUT, sent as `extensions.reason` beside `extensions.argument` where a client
 * can act on the kind of mistake, such as asking the user to redraw or shrink an area on the map.
 */
export const BadInputReason = {
  INVALID_GEOMETRY_TYPE: 'INVALID_GEOMETRY_TYPE',
  INVALID_COORDINATES: 'INVALID_COORDINATES',
  COORDINATE_OUT_OF_RANGE: 'COORDINATE_OUT_OF_RANGE',
  COORDINATES_SWAPPED: 'COORDINATES_SWAPPED',
  RING_TOO_SHORT: 'RING_TOO_SHORT',
  RING_NOT_CLOSED: 'RING_NOT_CLOSED',
  TOO_MANY_VERTICES: 'TOO_MANY_VERTICES',
  INVALID_POLYGON: 'INVALID_POLYGON',
  POLYGON_TOO_LARGE: 'POLYGON_TOO_LARGE',
} as const;

export type BadInputReason = (typeof BadInputReason)[keyof typeof BadInputReason];

/** Invalid argument: the message states the rule, the value received and what to send instead. */
export function badUserInput(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...details } });
}

/**
 * Stable reasons that refine FORBIDDEN, sent as `extensions.reason`, so the web app can say why something is hidden.
 */
export const ForbiddenReason = {
  /** The org unit, address or record lies outside the caller's jurisdiction. */
  OUT_OF_JURISDICTION: 'OUT_OF_JURISDICTION',
  /** The field is readable by other departments only. */
  DEPARTMENT_SCOPE: 'DEPARTMENT_SCOPE',
  /** Raw personal data needs a declared purpose, such as a case number. */
  PURPOSE_REQUIRED: 'PURPOSE_REQUIRED',
  /** The caller's role does not allow the operation. */
  ROLE: 'ROLE',
  /** A partner city asked for data outside its sharing agreement, or the agreement has expired. */
  OUTSIDE_AGREEMENT: 'OUTSIDE_AGREEMENT',
} as const;

export type ForbiddenReason = (typeof ForbiddenReason)[keyof typeof ForbiddenReason];

/** Access refused: the message says what is protected and why, never the protected value. */
export function forbidden(
  message: string,
  reason: ForbiddenReason,
  details: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, reason, ...details } });
}

export function notFound(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NOT_FOUND, ...details } });
}

/** Message shown for any error that is not one of ours; the details go to the log with the request id. */
export const INTERNAL_ERROR_MESSAGE = '服务器内部错误，请稍后重试；如持续出现，请把请求编号提供给运维人员';

/** Maximum length of a rejected value that a message repeats. */
const QUOTE_LIMIT = 64;

/**
 * Quotes a rejected value for a message, shortened to its first 64 characters, so a huge argument is not sent back
 * whole (`"320509…"（共 900000 个字符）`).
 */
export function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  if (text.length <= QUOTE_LIMIT) return text;
  return `${text.slice(0, QUOTE_LIMIT)}…（共 ${text.length} 个字符）`;
}
