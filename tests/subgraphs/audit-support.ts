/**
 * The police subgraph (fixture rows of police-fixtures.ts) and the audit subgraph on one private database, and
 * requests whose signed claims carry a purpose and an operation name, as the gateway sends them.
 */
import type { Database } from '@lianfang/db';
import { auditSubgraph } from '@lianfang/subgraph-audit';
import {
  AUDIT_COLUMNS,
  CLAIMS_HEADER,
  ClaimsSigner,
  type Identity,
  REQUEST_ID_HEADER,
  type StoredAuditRecord,
} from '@lianfang/subgraph-kit';
import { DEFAULT_IDENTITY, testKeyPair } from '../support/access.js';
import type { TestDatabase } from '../support/database.js';
import { startPoliceFixture } from './police-fixtures.js';
import { type GraphQLResponse, startTestSubgraph, type TestSubgraph } from './support.js';

export interface AuditFixture {
  handle: TestDatabase;
  police: TestSubgraph;
  audit: TestSubgraph;
  stop(): Promise<void>;
}

export async function startAuditFixture(): Promise<AuditFixture> {
  const { handle, subgraph: police } = await startPoliceFixture();
  const audit = await startTestSubgraph(auditSubgraph, handle.database);
  return {
    handle,
    police,
    audit,
    async stop() {
      await Promise.all([police.stop(), audit.stop()]);
    },
  };
}

/** The residents of fixture address pa-c1-001: 张三丰 (pr-1) and 欧阳娜娜 (pr-2, no phone). */
export const RESIDENTS_QUERY = `query ResidentsOfAddress($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Address { residents { id name idNumber phone } } }
}`;
export const RESIDENTS_VARIABLES = { representations: [{ __typename: 'Address', id: 'pa-c1-001' }] };

export const CASE_NUMBER = '（2026）吴公刑字第 17 号';

export interface SignedRequest {
  identity?: Identity;
  purpose?: string;
  operation?: string;
  requestId?: string;
}

/**
 * Sends one operation to a subgraph with claims signed by the test gateway key, carrying `purpose` and `operation`
 * like the gateway's, and returns the HTTP status and the parsed body.
 */
export async function sendSigned<Data = Record<string, unknown>>(
  subgraph: TestSubgraph,
  query: string,
  variables: Record<string, unknown>,
  request: SignedRequest = {},
): Promise<{ status: number; body: GraphQLResponse<Data> & { extensions?: Record<string, unknown> } }> {
  const signer = await ClaimsSigner.of(await testKeyPair());
  const extra = { purpose: request.purpose, operation: request.operation };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [CLAIMS_HEADER]: await signer.sign(request.identity ?? DEFAULT_IDENTITY, extra),
  };
  if (request.requestId) headers[REQUEST_ID_HEADER] = request.requestId;
  const response = await fetch(subgraph.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<Data> };
}

/** Highest record id of the access log, 0 when it is empty. */
export async function lastRecordId(database: Database): Promise<number> {
  const { rows } = await database.query<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM audit.access_log');
  return rows[0]?.id ?? 0;
}

/** Records with an id above `afterId`, in chain order. */
export async function recordsAfter(database: Database, afterId: number): Promise<StoredAuditRecord[]> {
  const { rows } = await database.query<StoredAuditRecord>(
    `SELECT ${AUDIT_COLUMNS} FROM audit.access_log WHERE id > $1 ORDER BY id`,
    [afterId],
  );
  return rows;
}
