/**
 * The cross-border subgraph as the 吴江 hub runs it for tests: it trusts the claims of the test city's gateway and of
 * a partner city's gateway (嘉兴), so a test can call it as either city's user.
 */
import { createLogger, type Database } from '@lianfang/db';
import { crossborderSubgraph } from '@lianfang/subgraph-crossborder';
import {
  CLAIMS_HEADER,
  type ClaimsKeyPair,
  ClaimsSigner,
  ClaimsVerifier,
  generateClaimsKeyPair,
  type Identity,
  type RunningSubgraph,
  startSubgraphServer,
} from '@lianfang/subgraph-kit';
import { DEFAULT_IDENTITY, TEST_CITY, testKeyPair } from '../support/access.js';

/** A response of the subgraph; errors carry `reason` and the refused `fields` beside `code`. */
export interface GraphQLResponse<Data> {
  data?: Data | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: { code?: string; reason?: string; argument?: string; fields?: string[]; partnerCity?: string };
  }[];
  extensions?: Record<string, unknown>;
}

export const PARTNER_CITY = 'jiaxing';

/** Users of the partner city 嘉兴, whose claims its own gateway signs. */
export const PARTNER_IDENTITIES = {
  jiashanAnalyst: {
    sub: 'jx.police.analyst',
    name: '嘉善县公安研判员',
    level: 'DISTRICT',
    orgUnit: '330421',
    department: 'police',
    roles: ['analyst'],
  },
  xiuzhouAnalyst: {
    sub: 'jx.xiuzhou.analyst',
    name: '秀洲区公安研判员',
    level: 'DISTRICT',
    orgUnit: '330411',
    department: 'police',
    roles: ['analyst'],
  },
} satisfies Record<string, Identity>;

let partnerKeyPair: Promise<ClaimsKeyPair> | undefined;

function partnerKeys(): Promise<ClaimsKeyPair> {
  partnerKeyPair ??= generateClaimsKeyPair(PARTNER_CITY);
  return partnerKeyPair;
}

export interface Caller {
  identity?: Identity;
  /** City whose gateway signs the claims: the test city (default) or the partner city. */
  city?: string;
  purpose?: string;
}

export interface CrossborderTestSubgraph {
  url: string;
  request<Data = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    caller?: Caller,
  ): Promise<GraphQLResponse<Data>>;
  stop(): Promise<void>;
}

/** Starts the cross-border subgraph on an ephemeral loopback port, trusting the test city and the partner city. */
export async function startCrossborderSubgraph(database: Database): Promise<CrossborderTestSubgraph> {
  const own = await testKeyPair();
  const partner = await partnerKeys();
  const verifier = await ClaimsVerifier.of({ [TEST_CITY]: own.publicJwk, [PARTNER_CITY]: partner.publicJwk });
  const running: RunningSubgraph = await startSubgraphServer({
    definition: crossborderSubgraph,
    database,
    logger: createLogger('test'),
    port: 0,
    host: '127.0.0.1',
    access: { city: TEST_CITY, verifier },
  });
  const signers = new Map([
    [TEST_CITY, await ClaimsSigner.of(own)],
    [PARTNER_CITY, await ClaimsSigner.of(partner)],
  ]);
  return {
    url: running.url,
    async request<Data>(query: string, variables: Record<string, unknown> = {}, caller: Caller = {}) {
      const city = caller.city ?? TEST_CITY;
      const signer = signers.get(city);
      if (!signer) throw new Error(`No test gateway key for city ${city}`);
      const identity = caller.identity ?? (city === TEST_CITY ? DEFAULT_IDENTITY : PARTNER_IDENTITIES.jiashanAnalyst);
      const claims = await signer.sign(identity, { purpose: caller.purpose });
      const response = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: claims },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      try {
        return JSON.parse(text) as GraphQLResponse<Data>;
      } catch {
        throw new Error(
          `Subgraph answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 500)}`,
        );
      }
    },
    stop: () => running.stop(),
  };
}

export interface AgreementRow {
  partnerCity: string;
  partnerName: string;
  districtCodes: string[];
  allowedFields: string[];
  retentionDays: number;
  validFrom: string;
  expiresAt: string;
}

/** Writes the partner city's agreement straight to the table, replacing any earlier one. */
export async function putAgreement(database: Database, overrides: Partial<AgreementRow> = {}): Promise<void> {
  const agreement: AgreementRow = {
    partnerCity: PARTNER_CITY,
    partnerName: '嘉兴市',
    districtCodes: ['330421', '330411'],
    allowedFields: ['Query.borderZones'],
    retentionDays: 30,
    validFrom: '2026-01-01T00:00:00Z',
    expiresAt: '2099-01-01T00:00:00Z',
    ...overrides,
  };
  await database.query(
    `INSERT INTO crossborder.sharing_agreements (partner_city, partner_name, district_codes, allowed_fields, purpose,
                                                 retention_days, valid_from, expires_at, updated_by)
     VALUES ($1, $2, $3, $4, '交界地带联合防控', $5, $6, $7, 'test')
     ON CONFLICT (partner_city) DO UPDATE SET
       partner_name = EXCLUDED.partner_name, district_codes = EXCLUDED.district_codes,
       allowed_fields = EXCLUDED.allowed_fields, retention_days = EXCLUDED.retention_days,
       valid_from = EXCLUDED.valid_from, expires_at = EXCLUDED.expires_at`,
    [
      agreement.partnerCity,
      agreement.partnerName,
      agreement.districtCodes,
      agreement.allowedFields,
      agreement.retentionDays,
      agreement.validFrom,
      agreement.expiresAt,
    ],
  );
}
