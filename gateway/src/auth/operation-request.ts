import type { Request } from 'express';
import type { PolicyRefusal } from './operation-policy.js';

/**
 * The GraphQL request fields the gateway checks before Apollo Server runs: a POST request's JSON body, or a GET
 * request's query string, where `extensions` is JSON text. Checks read and change this object. A POST body is used
 * as is, so changes reach Apollo Server directly, and `searchOf` writes a GET request's changes back.
 */
export interface OperationRequest {
  query?: unknown;
  operationName?: unknown;
  extensions?: Record<string, unknown> & { persistedQuery?: { version?: unknown; sha256Hash?: unknown } | null };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns the request fields of `request`. A body that is not a JSON object, such as a batch (an array), gives no
 * fields, and Apollo Server rejects it itself.
 */
export function operationRequestOf(request: Request): OperationRequest {
  if (request.method !== 'GET') return isObject(request.body) ? request.body : {};
  const params = new URL(request.originalUrl, 'http://gateway').searchParams;
  let extensions: unknown;
  try {
    extensions = JSON.parse(params.get('extensions') ?? 'null');
  } catch {
    // Apollo Server rejects the request with 400 for the invalid JSON.
    extensions = undefined;
  }
  return {
    query: params.get('query') ?? undefined,
    operationName: params.get('operationName') ?? undefined,
    extensions: isObject(extensions) ? extensions : undefined,
  };
}

/** Returns the query string Apollo Server reads: a GET request's, with the query and extensions as checked. */
export function searchOf(request: Request, operation: OperationRequest): string {
  const url = new URL(request.originalUrl, 'http://gateway');
  if (request.method === 'GET') {
    if (typeof operation.query === 'string') url.searchParams.set('query', operation.query);
    if (operation.extensions) url.searchParams.set('extensions', JSON.stringify(operation.extensions));
  }
  return url.search;
}

/**
 * Bracket nesting (`{`, `[`, `(`) allowed in a document. graphql-js parses and validates recursively, and a document
 * nested some thousands deep overflows the stack before the token limit stops it. Operations within the depth limit
 * of 12 fields, with inline fragments and GeoJSON literals, nest far less.
 */
export const MAX_BRACKET_NESTING = 64;

/** Returns the deepest bracket nesting of a GraphQL document, skipping strings, block strings and comments. */
export function bracketNesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '#') {
      const end = text.indexOf('\n', index);
      index = end === -1 ? text.length : end + 1;
    } else if (text.startsWith('"""', index)) {
      index = blockStringEnd(text, index + 3);
    } else if (char === '"') {
      index = stringEnd(text, index + 1);
    } else {
      if (char === '{' || char === '[' || char === '(') {
        depth += 1;
        deepest = Math.max(deepest, depth);
      } else if (char === '}' || char === ']' || char === ')') {
        depth = Math.max(0, depth - 1);
      }
      index += 1;
    }
  }
  return deepest;
}

/** Index after the `"""` that closes a block string whose text starts at `index` (`\"""` does not close it). */
function blockStringEnd(text: string, index: number): number {
  let position = index;
  while (position < text.length) {
    const close = text.indexOf('"""', position);
    if (close === -1) return text.length;
    if (text[close - 1] !== '\\') return close + 3;
    position = close + 3;
  }
  return text.length;
}

/** Index after the quote that closes a string whose text starts at `index`; a line break ends an unclosed one. */
function stringEnd(text: string, index: number): number {
  let position = index;
  while (position < text.length) {
    const char = text[position];
    if (char === '\\') position += 2;
    else if (char === '"' || char === '\n') return position + 1;
    else position += 1;
  }
  return text.length;
}

/** Rejects a document nested deeper than `MAX_BRACKET_NESTING` before anything parses it. */
export function nestingRefusal(operation: OperationRequest): PolicyRefusal | undefined {
  if (typeof operation.query !== 'string') return undefined;
  const nesting = bracketNesting(operation.query);
  if (nesting <= MAX_BRACKET_NESTING) return undefined;
  return {
    status: 400,
    message: `查询语句嵌套过深：括号最多嵌套 ${MAX_BRACKET_NESTING} 层，收到 ${nesting} 层；请拆分为多个查询`,
    extensions: {
      code: 'GRAPHQL_PARSE_FAILED',
      reason: 'MAX_NESTING',
      detail: `Bracket nesting limit of ${MAX_BRACKET_NESTING} exceeded, found ${nesting}.`,
    },
  };
}
