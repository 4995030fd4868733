import type { ApolloServerPlugin } from '@apollo/server';
import type { Database, Logger } from '@lianfang/db';
import { ErrorCode } from '../errors.js';
import { appendAuditRecord } from './audit-log.js';
import type { AccessContext } from './jurisdiction.js';

/**
 * Response extension that tells the gateway a response holds personal data or an access refusal, so it is neither
 * cached nor served again without passing through the subgraph, which audits every access.
 */
export const AUDITED_EXTENSION = 'lianfangAudited';

interface AuditedContext extends AccessContext {
  requestId: string;
}

/**
 * Appends the request's accesses to protected data to the access log before the response leaves the subgraph. When
 * the record cannot be written, the data is withheld: the response becomes one error and no data.
 */
export function accessAuditPlugin<Context extends AuditedContext>(
  subgraph: string,
  database: Database,
  logger: Logger,
): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (contextValue.access.empty || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          try {
            await appendAuditRecord(database, {
              subgraph,
              requestId: contextValue.requestId,
              claims: contextValue.claims,
              summary: contextValue.access.summary(),
            });
            result.extensions = { ...result.extensions, [AUDITED_EXTENSION]: true };
          } catch (error) {
            logger.error({ err: error, requestId: contextValue.requestId }, 'access log append failed; data withheld');
            response.body.singleResult = {
              data: null,
              errors: [
                {
                  message: '访问记录写入失败，为保护个人信息，本次数据未返回；请稍后重试',
                  extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, reason: 'AUDIT_UNAVAILABLE' },
                },
              ],
              extensions: { [AUDITED_EXTENSION]: true },
            };
          }
        },
      };
    },
  };
}
