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

/** Invalid argument: the message states the rule, the value received and what to send instead. */
export function badUserInput(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...details } });
}

export function notFound(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NOT_FOUND, ...details } });
}

/** Message shown for any error that is not one of ours; the details go to the log with the request id. */
export const INTERNAL_ERROR_MESSAGE = '服务器内部错误，请稍后重试；如持续出现，请把请求编号提供给运维人员';
