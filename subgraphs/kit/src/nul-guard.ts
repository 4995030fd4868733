import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, visit } from 'graphql';
import { ErrorCode } from './errors.js';

const NUL = '\u0000';

/** Returns the dotted path of the first string in a JSON value that contains U+0000, or null. */
function findNulInValue(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNulInValue(item, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findNulInValue(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/** Returns the argument name of the first string literal in the operation that contains U+0000, or null. */
function findNulInDocument(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    Argument(node) {
      if (found) return;
      visit(node.value, {
        StringValue(value) {
          if (!found && value.value.includes(NUL)) found = node.name.value;
        },
      });
    },
  });
  return found;
}

/**
 * Rejects a request whose variables or string literals contain U+0000 with BAD_USER_INPUT before any resolver runs.
 * PostgreSQL text cannot hold that character, so such a value would otherwise fail in the database as an internal
 * error. The status stays 200, as for every other bad argument.
 */
export function nulCharacterGuard<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const path = findNulInValue(request.variables ?? {}, '') ?? findNulInDocument(document);
          if (!path) return;
          throw new GraphQLError(`参数 ${path} 含有空字符（U+0000），系统不接受该字符；请删除后重试`, {
            extensions: { code: ErrorCode.BAD_USER_INPUT, argument: path, http: { status: 200 } },
          });
        },
      };
    },
  };
}
